"""Later pages of the meeting list are read ids first: the same meetings, in the same order, as
one ordered walk of the whole list, and a constant number of queries however deep the page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import Meeting
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    # 60 public meetings over two years (some sharing a day), and hidden ones that must never show
    for n in range(60):
        f.MeetingFactory(year=2022 + n % 2, month=n % 12 + 1, day=n % 5 + 1)
    f.MeetingFactory(status=Meeting.Status.DRAFT, year=2023, month=6, day=1)
    f.MeetingFactory(visibility=Meeting.Visibility.INTERNAL, year=2023, month=6, day=2)


def _ids(response):
    return [m.pk for m in response.context["meetings"]]


def test_pages_put_together_are_the_whole_list_in_order(client, archive):
    pages = [_ids(client.get(reverse("minutes:meeting_list"), {"page": n})) for n in (1, 2, 3)]
    walked = [pk for page in pages for pk in page]

    assert [len(p) for p in pages] == [25, 25, 10]
    assert set(walked) == set(
        Meeting.objects.filter(status="published", visibility="public").values_list("pk", flat=True)
    )
    # the order of a later page is the first page's order continued
    dates = [Meeting.objects.get(pk=pk).date for pk in walked]
    assert dates == sorted(dates, reverse=True)


def test_a_deep_page_costs_one_query_more_than_the_first(client, archive):
    url = reverse("minutes:meeting_list")
    client.get(url)  # warm per-process caches (translations, templates)
    # Counted afresh: a page kept for the archive's revision costs the revision query alone.
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as third:
        client.get(url, {"page": 3})
    assert len(third.captured_queries) == len(first.captured_queries) + 1
