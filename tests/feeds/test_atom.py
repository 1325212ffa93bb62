"""The Atom feed of newly added meetings."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.feeds.conftest import make_meetings

URL = reverse("minutes:meeting_atom")
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def titles(response) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(response)]


@pytest.mark.django_db
def test_feed_lists_newest_published_first(client, archive):
    # published_at: unknown_year now, timed −1 day, public −3 days.
    assert titles(client.get(URL)) == [
        "3月8日 年份不詳的座談會",
        "2023年7月19日 暑期維修推進會",
        "2023年1月14日 後勤幹部大會",
    ]


@pytest.mark.django_db
def test_feed_entries_link_to_the_meeting_and_describe_it(client, archive):
    entry = next(e for e in entries(client.get(URL)) if e.findtext(f"{ATOM}title").endswith("後勤幹部大會"))
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/meetings/{archive['public'].pk}/"
    summary = entry.findtext(f"{ATOM}summary")
    assert "科學館207" in summary and "張國臣" in summary
    assert entry.findtext(f"{ATOM}id") == f"tag:minutes-archive,2024:meeting-{archive['public'].pk}"


@pytest.mark.django_db
def test_feed_hides_internal_drafts_and_withdrawn_from_anonymous_readers(client, archive):
    text = " ".join(titles(client.get(URL)))
    for name in ("內部工作會議", "草稿會議", "已撤回會議"):
        assert name not in text


@pytest.mark.django_db
def test_feed_shows_internal_meetings_to_signed_in_staff(client, archive, viewer):
    client.force_login(viewer)
    text = " ".join(titles(client.get(URL)))
    assert "內部工作會議" in text
    assert "草稿會議" not in text and "已撤回會議" not in text


@pytest.mark.django_db
def test_feed_falls_back_to_creation_time_when_never_stamped_published(client):
    older = factories.MeetingFactory(
        name="較早發佈", published_at=timezone.now() - datetime.timedelta(days=9)
    )
    factories.MeetingFactory(name="無發佈時間")  # created now, published_at empty
    assert [t.split(" ", 1)[1] for t in titles(client.get(URL))] == ["無發佈時間", older.name]


@pytest.mark.django_db
def test_feed_escapes_markup_in_report_text(client):
    factories.MeetingFactory(
        name="<script>alert(1)</script> & <img src=x onerror=alert(2)>", venue="<b>樓</b>"
    )
    response = client.get(URL)
    assert b"<script>" not in response.content
    assert b"<img" not in response.content
    assert titles(response)[0].endswith("<script>alert(1)</script> & <img src=x onerror=alert(2)>")


@pytest.mark.django_db
def test_feed_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    make_meetings(3, with_children=False)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    make_meetings(27, with_children=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(titles(client.get(URL))) == 30


@pytest.mark.django_db
def test_feed_names_its_author_as_atom_requires(client, archive, settings):
    root = ET.fromstring(client.get(URL).content)
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "後勤會議紀要檔案庫"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    root = ET.fromstring(client.get(URL).content)
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Logistics Meeting Minutes Archive"
    settings.MINUTES_FEED_AUTHOR = "總務處"
    root = ET.fromstring(client.get(URL).content)
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "總務處"
