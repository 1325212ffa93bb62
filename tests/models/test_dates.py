"""Meetings whose year is unknown keep month and day, and never get an invented year."""

import datetime

import pytest

from minutes.models import Meeting
from tests import factories


@pytest.mark.django_db
def test_unknown_year_round_trips():
    meeting = factories.MeetingFactory(year=None, month=7, day=19, year_source=Meeting.YearSource.TEXT)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.year is None
    assert meeting.date is None
    assert meeting.year_source == Meeting.YearSource.UNKNOWN
    assert meeting.iso_date == "--07-19"
    assert meeting.display_date == "7月19日"
    assert not meeting.year_known


@pytest.mark.django_db
def test_known_year_fills_the_date():
    meeting = factories.MeetingFactory(year=2023, month=7, day=19, year_source=Meeting.YearSource.INFERRED)
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2023, 7, 19)
    assert meeting.iso_date == "2023-07-19"
    assert meeting.display_date == "2023年7月19日"
    assert meeting.year_source == Meeting.YearSource.INFERRED


@pytest.mark.django_db
def test_a_year_typed_later_is_marked_manual():
    meeting = factories.MeetingFactory(year=None, month=1, day=14)
    meeting.year = 2024
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.year_source == Meeting.YearSource.MANUAL
    assert meeting.date == datetime.date(2024, 1, 14)


@pytest.mark.django_db
def test_impossible_day_keeps_parts_but_no_date():
    meeting = factories.MeetingFactory(year=2023, month=2, day=30)
    meeting.refresh_from_db()
    assert meeting.date is None
    assert meeting.display_date == "2023年2月30日"


@pytest.mark.django_db
def test_meetings_without_a_year_sort_after_dated_ones():
    undated = factories.MeetingFactory(year=None, month=12, day=31)
    dated = factories.MeetingFactory(year=2020, month=1, day=1)
    assert list(Meeting.objects.filter(pk__in=[undated.pk, dated.pk]).in_date_order()) == [dated, undated]
