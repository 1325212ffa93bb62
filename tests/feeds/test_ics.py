"""The iCalendar feeds: the whole archive, per person and per unit."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.feeds.conftest import content_of, make_meetings

URL = reverse("minutes:meeting_ics")


def unfolded_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
        assert "\n" not in line and "\r" not in line
    return text[:-2].replace("\r\n ", "").split("\r\n")


def events(text: str) -> list[dict[str, str]]:
    """Each VEVENT as {property (with parameters): value}."""
    found, current = [], None
    for line in unfolded_lines(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            key, value = line.split(":", 1)
            current[key] = value
    return found


def summaries(response) -> set[str]:
    return {event["SUMMARY"] for event in events(content_of(response))}


@pytest.mark.django_db
def test_control_characters_are_dropped_and_newlines_escaped(client):
    factories.MeetingFactory(name="bell\x07tab\t", venue="a\\b;c,d\r\ne\nf")
    (event,) = events(content_of(client.get(URL)))
    assert event["SUMMARY"] == "belltab\t"
    assert event["LOCATION"] == "a\\\\b\\;c\\,d\\ne\\nf"


@pytest.mark.django_db
def test_a_long_chinese_line_is_folded_at_75_octets_between_characters(client):
    name = "後勤幹部大會" * 10
    factories.MeetingFactory(name=name)
    text = content_of(client.get(URL))
    # unfolded_lines checks every physical line is at most 75 octets and valid on its own.
    assert "SUMMARY:" + name in unfolded_lines(text)
    assert any(line.startswith(" ") for line in text.split("\r\n"))


@pytest.mark.django_db
def test_calendar_parses_with_icalendar_and_carries_the_events(client, archive):
    calendar = icalendar.Calendar.from_ical(content_of(client.get(URL)))
    found = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(found) == {"後勤幹部大會", "暑期維修推進會"}
    public = found["後勤幹部大會"]
    assert str(public["UID"]) == f"meeting-{archive['public'].pk}@minutes-archive"
    assert public.decoded("DTSTART") == datetime.date(2023, 1, 14)
    assert str(public["LOCATION"]) == "科學館207"
    assert str(public["URL"]) == f"http://testserver/meetings/{archive['public'].pk}/"
    timed = found["暑期維修推進會"].decoded("DTSTART")
    assert timed == datetime.datetime(2023, 7, 19, 6, 30, tzinfo=datetime.UTC)
    assert str(calendar["X-WR-CALNAME"]) == "後勤會議"


@pytest.mark.django_db
def test_archive_calendar_is_a_valid_vcalendar(client, archive):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = content_of(response)
    lines = unfolded_lines(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    for event in events(text):
        assert {"UID", "DTSTAMP", "SUMMARY"} <= event.keys()


@pytest.mark.django_db
def test_meeting_without_a_time_is_an_all_day_event(client, archive):
    event = next(e for e in events(content_of(client.get(URL))) if e["SUMMARY"] == "後勤幹部大會")
    assert event["DTSTART;VALUE=DATE"] == "20230114"
    assert event["DTEND;VALUE=DATE"] == "20230115"
    assert event["UID"] == f"meeting-{archive['public'].pk}@minutes-archive"
    assert event["LOCATION"] == "科學館207"
    assert event["URL"] == f"http://testserver/meetings/{archive['public'].pk}/"
    assert "主持人：張國臣" in event["DESCRIPTION"]
    assert "1月14日下午" in event["DESCRIPTION"]


@pytest.mark.django_db
def test_meeting_with_a_start_time_starts_then_in_utc(client, archive):
    event = next(e for e in events(content_of(client.get(URL))) if e["SUMMARY"] == "暑期維修推進會")
    # 14:30 in Asia/Shanghai (UTC+8).
    assert event["DTSTART"] == "20230719T063000Z"
    assert event["DURATION"] == "PT2H"


@pytest.mark.django_db
def test_uids_are_stable_between_requests(client, archive):
    first = [e["UID"] for e in events(content_of(client.get(URL)))]
    second = [e["UID"] for e in events(content_of(client.get(URL)))]
    assert first == second
    assert len(set(first)) == len(first)


@pytest.mark.django_db
def test_unknown_year_meetings_are_left_out_of_the_calendar(client, archive):
    assert "年份不詳的座談會" not in summaries(client.get(URL))


@pytest.mark.django_db
def test_anonymous_calendar_has_no_internal_draft_or_withdrawn_meetings(client, archive):
    assert summaries(client.get(URL)) == {"後勤幹部大會", "暑期維修推進會"}


@pytest.mark.django_db
def test_signed_in_calendar_adds_internal_meetings_marked_private(client, archive, viewer):
    client.force_login(viewer)
    found = {e["SUMMARY"]: e for e in events(content_of(client.get(URL)))}
    assert set(found) == {"後勤幹部大會", "暑期維修推進會", "內部工作會議"}
    assert found["內部工作會議"]["CLASS"] == "PRIVATE"
    assert found["後勤幹部大會"]["CLASS"] == "PUBLIC"


@pytest.mark.django_db
def test_text_is_escaped_in_the_calendar(client):
    factories.MeetingFactory(name="會議, 第一次; 草案\\修訂", venue="A樓,B樓")
    text = content_of(client.get(URL))
    assert "SUMMARY:會議\\, 第一次\\; 草案\\\\修訂" in unfolded_lines(text)
    assert "LOCATION:A樓\\,B樓" in unfolded_lines(text)


@pytest.mark.django_db
def test_long_text_is_folded(client):
    factories.MeetingFactory(name="關於" + "後勤保障部各處室" * 12 + "工作會議")
    text = content_of(client.get(URL))
    assert "\r\n SUMMARY" not in text
    assert any(line.startswith(" ") for line in text.split("\r\n"))
    assert [e["SUMMARY"] for e in events(text)] == ["關於" + "後勤保障部各處室" * 12 + "工作會議"]


@pytest.mark.django_db
def test_person_calendar_has_the_meetings_they_took_part_in(client, archive):
    zhang = archive["zhang"]
    assert summaries(client.get(reverse("minutes:person_ics", args=[zhang.pk]))) == {"後勤幹部大會"}
    li = archive["li"]
    # Appointed at one meeting, spoke at the other.
    assert summaries(client.get(reverse("minutes:person_ics", args=[li.pk]))) == {
        "後勤幹部大會",
        "暑期維修推進會",
    }


@pytest.mark.django_db
def test_person_calendar_shows_internal_meetings_only_when_signed_in(client, archive, viewer):
    url = reverse("minutes:person_ics", args=[archive["zhang"].pk])
    client.force_login(viewer)
    assert summaries(client.get(url)) == {"後勤幹部大會", "內部工作會議"}


@pytest.mark.django_db
def test_unit_calendar_has_its_meetings_and_no_drafts(client, archive, viewer):
    url = reverse("minutes:unit_ics", args=[archive["unit"].pk])
    assert summaries(client.get(url)) == {"後勤幹部大會"}
    client.force_login(viewer)
    assert summaries(client.get(url)) == {"後勤幹部大會"}


@pytest.mark.django_db
def test_calendars_of_unknown_people_and_units_are_404(client, archive):
    assert client.get(reverse("minutes:person_ics", args=[999999])).status_code == 404
    assert client.get(reverse("minutes:unit_ics", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_calendar_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    make_meetings(3, with_children=False)
    with CaptureQueriesContext(connection) as few:
        content_of(client.get(URL))
    make_meetings(27, with_children=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(events(content_of(client.get(URL)))) == 30
    assert len(few.captured_queries) <= 2


@pytest.mark.django_db
def test_archive_calendar_takes_the_list_filters(client, archive):
    assert summaries(client.get(URL, {"kind": "promotion"})) == {"暑期維修推進會"}
    assert summaries(client.get(URL, {"date_from": "2023-13-45"})) == set()


@pytest.mark.django_db
def test_calendar_answers_head_but_refuses_post(client, archive):
    # Calendar clients probe subscriptions with HEAD.
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405
    assert client.post(reverse("minutes:meeting_export_csv")).status_code == 405


@pytest.mark.django_db
def test_event_carries_when_the_meeting_record_last_changed(client, archive):
    event = next(e for e in events(content_of(client.get(URL))) if e["SUMMARY"] == "後勤幹部大會")
    assert event["LAST-MODIFIED"] == archive["public"].updated_at.astimezone(datetime.UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
