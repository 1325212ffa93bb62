"""A small archive for the export and feed tests: one meeting of each visibility state."""

import datetime

import pytest
from django.utils import timezone

from minutes.models import Attendance, Meeting
from tests import factories


@pytest.fixture
def archive(db):
    """Meetings and people every export test reads.

    ``public`` and ``unknown_year`` are published and public; ``internal`` is published but
    internal; ``draft`` and ``withdrawn`` must never appear outside the admin.
    """
    zhang = factories.PersonFactory(name="張國臣")
    li = factories.PersonFactory(name="李繼平")
    unit = factories.OrgUnitFactory(name="物業處")
    now = timezone.now()

    public = factories.MeetingFactory(
        name="後勤幹部大會",
        kind=Meeting.Kind.CADRE,
        year=2023,
        month=1,
        day=14,
        date_text="1月14日下午",
        time_of_day=Meeting.TimeOfDay.AFTERNOON,
        venue="科學館207",
        chair=zhang,
        organizer=unit,
        published_at=now - datetime.timedelta(days=3),
    )
    factories.AttendanceFactory(meeting=public, person=zhang, category=Attendance.Category.CHAIRED)
    factories.AttendanceFactory(meeting=public, person=None, group_label="後勤系統各支部書記")
    speech = factories.SpeechFactory(meeting=public, person=zhang, order=1, text="要認真學習後勤改革方案。")
    factories.DirectiveFactory(meeting=public, issuer=zhang, number=1, text="認真學習後勤改革方案。")
    factories.AppointmentFactory(meeting=public, person=li, post="部長", unit=unit, announced_by=zhang)
    factories.DecisionFactory(meeting=public, title="學校關於成立後勤保障部的決定", read_by=zhang)
    factories.TaskFactory(
        meeting=public,
        text="學生第十宿舍建設",
        due_text="8月底",
        due_date=datetime.date(2023, 8, 31),
        owner_unit=unit,
    )

    timed = factories.MeetingFactory(
        name="暑期維修推進會",
        kind=Meeting.Kind.PROMOTION,
        year=2023,
        month=7,
        day=19,
        start_time=datetime.time(14, 30),
        venue="行政樓301",
        published_at=now - datetime.timedelta(days=1),
    )
    factories.SpeechFactory(meeting=timed, person=li, order=1)

    unknown_year = factories.MeetingFactory(
        name="年份不詳的座談會", kind=Meeting.Kind.TALK, year=None, month=3, day=8, published_at=now
    )
    factories.AttendanceFactory(meeting=unknown_year, person=zhang)

    internal = factories.MeetingFactory(
        name="內部工作會議",
        year=2023,
        month=7,
        day=20,
        visibility=Meeting.Visibility.INTERNAL,
        chair=zhang,
        published_at=now - datetime.timedelta(days=2),
    )
    draft = factories.MeetingFactory(
        name="草稿會議", year=2023, month=7, day=21, status=Meeting.Status.DRAFT, chair=zhang, organizer=unit
    )
    withdrawn = factories.MeetingFactory(
        name="已撤回會議",
        year=2023,
        month=7,
        day=22,
        status=Meeting.Status.WITHDRAWN,
        chair=zhang,
        organizer=unit,
    )
    return {
        "zhang": zhang,
        "li": li,
        "unit": unit,
        "speech": speech,
        "public": public,
        "timed": timed,
        "unknown_year": unknown_year,
        "internal": internal,
        "draft": draft,
        "withdrawn": withdrawn,
    }


def content_of(response) -> str:
    """The whole body of a (possibly streaming) response as text."""
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def make_meetings(count: int, *, with_children: bool = True) -> list[Meeting]:
    """``count`` published public meetings, each with the relations the exports write."""
    build = factories.meeting_with_every_record if with_children else factories.MeetingFactory
    return [build(year=2022, month=i % 12 + 1, day=i % 28 + 1) for i in range(count)]
