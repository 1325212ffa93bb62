"""Staff input never becomes markup: a ``source_spans`` key (it lands in HTML attributes) and every
free-text field shown on the meeting page come out escaped, on the public page and in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task
from tests import factories as f

# Short enough for the narrowest text column (50 characters), and breaks out of an attribute too.
PAYLOAD = '"><img src=x onerror=alert(1)>'
ESCAPED = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"


def free_text_fields(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.editable
        and field.name not in {"name_simplified"}
    ]


def poisoned(model):
    return {name: PAYLOAD for name in free_text_fields(model)}


@pytest.fixture
def meeting(db):
    text = "後勤工作會議紀要\n7月19日，張邁曾主持會議。張邁曾要求：一要學習；二要落實。"
    report = f.SourceReportFactory(text=text)
    person = f.PersonFactory(name=PAYLOAD)
    unit = f.OrgUnitFactory(name=PAYLOAD)
    meeting = f.MeetingFactory(source_report=report, organizer=unit, **poisoned(Meeting))
    span = {"span_start": 9, "span_end": 20}
    f.AttendanceFactory(meeting=meeting, person=person, **span, **poisoned(Attendance))
    speech = f.SpeechFactory(meeting=meeting, person=person, unit=unit, **span, **poisoned(Speech))
    f.DirectiveFactory(meeting=meeting, speech=speech, **span, **poisoned(Directive))
    f.AppointmentFactory(meeting=meeting, **span, **poisoned(Appointment))
    f.DecisionFactory(meeting=meeting, **span, **poisoned(Decision))
    f.TaskFactory(meeting=meeting, **span, **poisoned(Task))
    # Old rows or a hand-edited JSON: the page must hold even when clean() never ran.
    Meeting.objects.filter(pk=meeting.pk).update(source_spans={PAYLOAD: [0, 4], "name": [0, 8]})
    return meeting


def test_every_staff_text_is_escaped_on_the_public_page(client, meeting):
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert PAYLOAD not in html
    assert "<img" not in html
    assert ESCAPED in html
    # The mark of the poisoned key is still drawn, with its id escaped.
    assert 'id="src-meeting-&quot;&gt;&lt;img' in html


def test_every_staff_text_is_escaped_in_the_admin_source_panel(client, editor, meeting):
    client.force_login(editor)
    html = client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk])).content.decode()
    assert "<img src=x" not in html
    assert 'id="span-meeting-&quot;&gt;&lt;img' in html


def test_both_pages_use_the_same_marks(client, editor, meeting):
    """One highlighter: the admin marks differ from the public ones only in the anchor prefix."""
    client.force_login(editor)
    admin_html = client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk])).content.decode()
    speech = meeting.speeches.get()
    assert (
        f'id="span-speech-{speech.pk}" class="src src-speech" data-src="span-speech-{speech.pk}"'
        in admin_html
    )


@pytest.mark.parametrize(
    "spans",
    [
        {PAYLOAD: [0, 4]},
        {"name": [0, 4, 6]},
        {"name": [4, 0]},
        {"name": ["0", "4"]},
        {"name": [False, True]},
        {"name": [-1, 4]},
        {"name": [0, 10_000]},
        ["name", 0, 4],
    ],
)
def test_clean_refuses_source_spans_of_the_wrong_shape(db, spans):
    meeting = f.MeetingFactory.build(source_report=f.SourceReportFactory(text="一二三四五六七八九十"))
    meeting.source_spans = spans
    with pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert "source_spans" in caught.value.message_dict


def test_clean_accepts_spans_inside_the_report(db):
    meeting = f.MeetingFactory.build(source_report=f.SourceReportFactory(text="一二三四五六七八九十"))
    meeting.source_spans = {"name": [0, 4], "date": [4, 10], "venue": [1, 2], "chair": [2, 3]}
    meeting.full_clean()
