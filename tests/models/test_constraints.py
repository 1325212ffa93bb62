"""The database itself rejects rows that break the named constraints."""

import pytest
from django.db import IntegrityError, transaction

from minutes.models import Meeting, SourceReport, Speech
from tests import factories


def rejects(constraint_name, make, sqlite_unique=None):
    """``make()`` fails with IntegrityError naming the constraint (SQLite names a unique
    constraint by its columns instead, given as ``sqlite_unique``)."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        make()
    message = str(excinfo.value)
    assert constraint_name in message or (sqlite_unique and sqlite_unique in message), message


@pytest.mark.django_db
def test_speech_needs_a_person_label_or_unit():
    meeting = factories.MeetingFactory()
    rejects(
        "speech_has_speaker",
        lambda: Speech.objects.create(
            meeting=meeting, order=1, person=None, speaker_label="", unit=None, text="x"
        ),
    )
    # Each one on its own is enough.
    Speech.objects.create(meeting=meeting, order=1, speaker_label="物業處領導", text="x")
    Speech.objects.create(meeting=meeting, order=2, unit=factories.OrgUnitFactory(), text="x")
    Speech.objects.create(meeting=meeting, order=3, person=factories.PersonFactory(), text="x")
    assert meeting.speeches.count() == 3


@pytest.mark.django_db
def test_speech_order_is_unique_within_a_meeting_only():
    speech = factories.SpeechFactory(order=1)
    rejects(
        "speech_order_unique_in_meeting",
        lambda: factories.SpeechFactory(meeting=speech.meeting, order=1),
        "minutes_speech.meeting_id, minutes_speech.order",
    )
    factories.SpeechFactory(order=1)  # another meeting may use 1 again
    assert Speech.objects.filter(order=1).count() == 2


@pytest.mark.django_db
def test_source_report_is_unique_by_hash_and_position():
    report = factories.SourceReportFactory(content_hash="a" * 64, position=1)
    rejects(
        "sourcereport_hash_position_unique",
        lambda: factories.SourceReportFactory(content_hash=report.content_hash, position=1),
        "minutes_sourcereport.content_hash, minutes_sourcereport.position",
    )
    factories.SourceReportFactory(content_hash=report.content_hash, position=2)
    assert SourceReport.objects.filter(content_hash="a" * 64).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("constraint", "fields"),
    [
        ("meeting_month_valid", {"month": 13, "day": 1}),
        ("meeting_day_valid", {"month": 2, "day": 32}),
        ("meeting_day_needs_month", {"month": None, "day": 5}),
        ("meeting_name_not_empty", {"name": ""}),
    ],
)
def test_meeting_date_parts_are_checked(constraint, fields):
    rejects(constraint, lambda: factories.MeetingFactory(**fields))


@pytest.mark.django_db
def test_meeting_year_source_must_match_the_year():
    meeting = factories.MeetingFactory(year=2023, year_source=Meeting.YearSource.TEXT)
    # save() keeps them consistent, so go around it as a buggy import or raw SQL would.
    rejects(
        "meeting_year_source_consistent",
        lambda: Meeting.objects.filter(pk=meeting.pk).update(year_source=Meeting.YearSource.UNKNOWN),
    )
    rejects(
        "meeting_year_source_consistent",
        lambda: Meeting.objects.filter(pk=meeting.pk).update(
            year=None, date=None, year_source=Meeting.YearSource.TEXT
        ),
    )


@pytest.mark.django_db
def test_attendance_needs_a_person_or_a_group():
    meeting = factories.MeetingFactory()
    rejects("attendance_person_or_group", lambda: factories.AttendanceFactory(meeting=meeting, person=None))
    factories.AttendanceFactory(meeting=meeting, person=None, group_label="後勤系統各支部書記、主管以上幹部")


@pytest.mark.django_db
def test_a_span_must_be_complete_and_forward():
    rejects("speech_span_valid", lambda: factories.SpeechFactory(span_start=10, span_end=None))
    rejects("speech_span_valid", lambda: factories.SpeechFactory(span_start=10, span_end=5))
    rejects("directive_span_valid", lambda: factories.DirectiveFactory(span_start=None, span_end=5))


@pytest.mark.django_db
def test_post_cannot_end_before_it_starts():
    import datetime

    rejects(
        "post_end_after_start",
        lambda: factories.PostFactory(
            start_date=datetime.date(2023, 7, 1), end_date=datetime.date(2023, 6, 1)
        ),
    )


@pytest.mark.django_db
def test_unit_alias_is_unique():
    alias = factories.OrgUnitAliasFactory(alias="新校區建設辦公室")
    rejects(
        "orgunitalias_alias_unique",
        lambda: factories.OrgUnitAliasFactory(alias=alias.alias),
        "orgunits_orgunitalias.alias",
    )
