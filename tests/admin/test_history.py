"""Edits are kept with who, when and why, and a revert restores the earlier version."""

import re

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import factories


def meeting_form_data(meeting, **changes):
    data = {
        "name": meeting.name,
        "kind": meeting.kind,
        "status": meeting.status,
        "visibility": meeting.visibility,
        "year": meeting.year or "",
        "month": meeting.month or "",
        "day": meeting.day or "",
        "year_source": meeting.year_source,
        "date_text": meeting.date_text,
        "time_of_day": meeting.time_of_day,
        "venue": meeting.venue,
        "chair_label": meeting.chair_label,
        "summary": meeting.summary,
        "source_spans": "{}",
        "locked_fields": "[]",
        "change_reason": "",
    }
    for prefix in ("attendances", "speeches", "directives", "appointments", "decisions", "tasks"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


@pytest.mark.django_db
def test_editing_a_published_meeting_needs_a_reason(client, editor):
    meeting = factories.MeetingFactory(status=Meeting.Status.PUBLISHED, venue="科學館207")
    client.force_login(editor)
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    response = client.post(url, meeting_form_data(meeting, venue="科學館208"))
    assert response.status_code == 200
    assert "請填寫修改原因" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.venue == "科學館207"

    response = client.post(url, meeting_form_data(meeting, venue="科學館208", change_reason="地點更正"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue == "科學館208"
    latest = meeting.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == "地點更正"
    assert latest.venue == "科學館208"


@pytest.mark.django_db
def test_a_draft_may_be_edited_without_a_reason(client, editor):
    meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(editor)
    response = client.post(
        reverse("admin:minutes_meeting_change", args=[meeting.pk]), meeting_form_data(meeting, name="新名稱")
    )
    assert response.status_code == 302
    assert meeting.history.latest().name == "新名稱"


@pytest.mark.django_db
def test_history_page_lists_edits_and_revert_restores(client, editor):
    meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT, name="原來的名稱")
    client.force_login(editor)
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    client.post(url, meeting_form_data(meeting, name="改錯的名稱"))
    meeting.refresh_from_db()
    assert meeting.name == "改錯的名稱"

    history = client.get(reverse("admin:minutes_meeting_history", args=[meeting.pk]))
    assert history.status_code == 200
    html = history.content.decode()
    table = html[html.index('id="change-history"') :]
    table = table[: table.index("</table>")]
    # Two versions (created, then the edit), the edit by the editor with the name's change.
    assert table.count("<tr>") == 3
    assert f">{editor.username}</a>" in table
    assert re.search(r"原來的名稱\s*&nbsp;&rarr;&nbsp;&nbsp;改錯的名稱", table)

    original = meeting.history.earliest()
    revert_url = reverse("admin:minutes_meeting_simple_history", args=[meeting.pk, original.history_id])
    page = client.get(revert_url)
    assert page.status_code == 200
    assert "原來的名稱" in page.content.decode()
    response = client.post(revert_url, meeting_form_data(original.instance, change_reason="還原誤改"))
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.name == "原來的名稱"
    latest = meeting.history.latest()
    assert latest.history_change_reason == "還原誤改"
    assert latest.history_user == editor
    assert meeting.history.count() == 3


@pytest.mark.django_db
def test_inline_rows_get_history_with_the_reason(client, editor):
    meeting = factories.MeetingFactory(status=Meeting.Status.PUBLISHED)
    client.force_login(editor)
    data = meeting_form_data(meeting, change_reason="補錄發言")
    data.update(
        {
            "speeches-TOTAL_FORMS": 1,
            "speeches-0-order": "",
            "speeches-0-speaker_label": "張書記",
            "speeches-0-kind": "address",
            "speeches-0-text": "要統一思想。",
        }
    )
    response = client.post(reverse("admin:minutes_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302
    speech = meeting.speeches.get()
    assert speech.order == 1  # left blank, numbered on save
    record = speech.history.latest()
    assert record.history_user == editor
    assert record.history_change_reason == "補錄發言"


@pytest.mark.django_db
def test_speeches_can_swap_places(client, editor):
    meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT)
    first = factories.SpeechFactory(meeting=meeting, order=1, speaker_label="甲")
    second = factories.SpeechFactory(meeting=meeting, order=2, speaker_label="乙")
    client.force_login(editor)
    data = meeting_form_data(meeting)
    data.update({"speeches-TOTAL_FORMS": 2, "speeches-INITIAL_FORMS": 2})
    for i, (speech, order) in enumerate([(first, 2), (second, 1)]):
        data.update(
            {
                f"speeches-{i}-id": speech.pk,
                f"speeches-{i}-meeting": meeting.pk,
                f"speeches-{i}-order": order,
                f"speeches-{i}-speaker_label": speech.speaker_label,
                f"speeches-{i}-person": speech.person_id,
                f"speeches-{i}-kind": speech.kind,
                f"speeches-{i}-text": speech.text,
            }
        )
    response = client.post(reverse("admin:minutes_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(meeting.speeches.order_by("order").values_list("speaker_label", flat=True)) == ["乙", "甲"]
