"""The JSON export of the filtered meeting list (format ``minutes-archive-export/1``)."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.feeds.conftest import content_of, make_meetings

URL = reverse("minutes:meeting_export_json")


def document(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(content_of(response))


def names_in(response) -> set[str]:
    return {m["name"] for m in document(response)["meetings"]}


@pytest.mark.django_db
def test_json_envelope_names_its_format(client, archive):
    doc = document(client.get(URL))
    assert doc["format"] == "minutes-archive-export/1"
    assert doc["generated_at"]
    assert isinstance(doc["meetings"], list)


@pytest.mark.django_db
def test_json_meeting_carries_everything_recorded_about_it(client, archive):
    doc = document(client.get(URL))
    meeting = next(m for m in doc["meetings"] if m["id"] == archive["public"].pk)
    zhang, li = archive["zhang"], archive["li"]
    assert meeting["date"] == "2023-01-14"
    assert meeting["time_of_day"] == "afternoon"
    assert meeting["kind"] == "cadre"
    assert meeting["chair"] == {
        "id": zhang.pk,
        "name": "張國臣",
        "url": f"http://testserver/people/{zhang.pk}/",
    }
    assert meeting["organizer"]["name"] == "物業處"
    assert [
        (a["person"] and a["person"]["name"], a["group"], a["category"]) for a in meeting["attendees"]
    ] == [
        ("張國臣", None, "chaired"),
        (None, "後勤系統各支部書記", "attended"),
    ]
    assert meeting["speeches"] == [
        {
            "order": 1,
            "speaker": {"id": zhang.pk, "name": "張國臣", "url": f"http://testserver/people/{zhang.pk}/"},
            "speaker_label": "張國臣",
            "speaker_unit": None,
            "speaker_title": "",
            "kind": "address",
            "text": "要認真學習後勤改革方案。",
        }
    ]
    assert [(d["number"], d["issuer"]["name"], d["text"], d["status"]) for d in meeting["directives"]] == [
        (1, "張國臣", "認真學習後勤改革方案。", "open")
    ]
    appointment = meeting["appointments"][0]
    assert (appointment["person"]["id"], appointment["post"], appointment["unit"]["name"]) == (
        li.pk,
        "部長",
        "物業處",
    )
    assert appointment["announced_by"]["name"] == "張國臣"
    assert meeting["decisions"][0]["title"] == "學校關於成立後勤保障部的決定"
    assert meeting["tasks"][0] | {"owner_unit": None} == {
        "text": "學生第十宿舍建設",
        "due_text": "8月底",
        "due_date": "2023-08-31",
        "owner_unit": None,
        "status": "open",
        "status_note": "",
    }


@pytest.mark.django_db
def test_json_writes_an_unknown_year_as_month_and_day(client, archive):
    meeting = next(m for m in document(client.get(URL))["meetings"] if m["id"] == archive["unknown_year"].pk)
    assert (meeting["date"], meeting["year"], meeting["year_known"]) == ("--03-08", None, False)


@pytest.mark.django_db
def test_json_hides_internal_and_drafts_from_anonymous_readers(client, archive):
    assert names_in(client.get(URL)) == {"後勤幹部大會", "暑期維修推進會", "年份不詳的座談會"}


@pytest.mark.django_db
def test_json_shows_internal_meetings_to_signed_in_staff(client, archive, viewer):
    client.force_login(viewer)
    assert names_in(client.get(URL)) == {"後勤幹部大會", "暑期維修推進會", "年份不詳的座談會", "內部工作會議"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"person_name": "张国臣"}, {"後勤幹部大會", "年份不詳的座談會"}),
        ({"year_unknown": "on"}, {"年份不詳的座談會"}),
        ({"kind": "promotion"}, {"暑期維修推進會"}),
        ({"person": "999999"}, set()),
    ],
)
def test_json_applies_the_list_filters(client, archive, query, expected):
    assert names_in(client.get(URL, query)) == expected


@pytest.mark.django_db
def test_json_keeps_markup_as_data(client):
    name = '<script>alert("x")</script> "引號" \\ 反斜線'
    factories.SpeechFactory(meeting=factories.MeetingFactory(name=name), text="<img src=x onerror=alert(1)>")
    meeting = document(client.get(URL))["meetings"][0]
    assert meeting["name"] == name
    assert meeting["speeches"][0]["text"] == "<img src=x onerror=alert(1)>"


@pytest.mark.django_db
def test_json_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    make_meetings(3)
    with CaptureQueriesContext(connection) as few:
        content_of(client.get(URL))
    make_meetings(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        meetings = document(client.get(URL))["meetings"]
    assert len(meetings) == 30
    assert all(len(m["speeches"]) == 1 and len(m["tasks"]) == 1 for m in meetings)
    assert len(few.captured_queries) <= 7
