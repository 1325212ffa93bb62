"""Previous/next on a meeting page: the neighbours in list order, found without reading the archive.

The list order (``in_date_order``) is newest first with unknown values last, so the cases that
matter are ties on the date, meetings with a year but no day, and meetings with no year at all.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.models import Meeting
from minutes.views import _neighbours
from tests import factories as f


def mixed_archive():
    """Meetings whose order exercises every tie-break: same date, no day, no month, no year."""
    f.MeetingFactory(year=2023, month=7, day=19)
    f.MeetingFactory(year=2023, month=7, day=19)  # same date: pk decides
    f.MeetingFactory(year=2023, month=1, day=14)
    f.MeetingFactory(year=2022, month=12, day=30)
    f.MeetingFactory(year=2023, month=8, day=None, date_text="8月")  # year and month, no day
    f.MeetingFactory(year=2023, month=None, day=None, date_text="")
    f.MeetingFactory(year=None, month=7, day=9, year_source=Meeting.YearSource.UNKNOWN)
    f.MeetingFactory(year=None, month=7, day=9, year_source=Meeting.YearSource.UNKNOWN)
    f.MeetingFactory(year=None, month=3, day=None, year_source=Meeting.YearSource.UNKNOWN)
    f.MeetingFactory(year=None, month=None, day=None, year_source=Meeting.YearSource.UNKNOWN, date_text="")
    f.MeetingFactory(year=2021, month=5, day=5, status=Meeting.Status.DRAFT)
    f.MeetingFactory(year=2021, month=5, day=6, visibility=Meeting.Visibility.INTERNAL)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_neighbours_match_the_list_order_for_every_meeting(signed_in):
    mixed_archive()
    user = f.UserFactory() if signed_in else None
    visible = Meeting.objects.visible_to(user)
    ordered = list(visible.in_date_order())
    assert len(ordered) == (11 if signed_in else 10)
    for index, meeting in enumerate(ordered):
        older, newer = _neighbours(visible, meeting)
        assert newer == (ordered[index - 1] if index > 0 else None), meeting
        assert older == (ordered[index + 1] if index + 1 < len(ordered) else None), meeting


@pytest.mark.django_db
def test_detail_page_links_to_neighbours_in_one_query_however_large_the_archive(client):
    first = f.MeetingFactory(year=2020, month=1, day=1)
    middle = f.MeetingFactory(year=2020, month=1, day=2)
    last = f.MeetingFactory(year=2020, month=1, day=3)
    visible = Meeting.objects.visible_to(None)
    with CaptureQueriesContext(connection) as ctx:
        older, newer = _neighbours(visible, middle)
    assert (older, newer) == (first, last)
    # One query of two single-row lookups, not a read of every visible meeting's id.
    assert len(ctx) == 1
    assert ctx.captured_queries[0]["sql"].upper().count("LIMIT 1") == 2
    f.MeetingFactory.create_batch(60, year=2019)
    f.MeetingFactory.create_batch(60, year=2021)
    response = client.get(middle.get_absolute_url())
    assert response.context["previous"] == first
    assert response.context["following"] == last
    body = response.content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in body
    assert f'rel="next" class="next" href="{last.get_absolute_url()}"' in body
