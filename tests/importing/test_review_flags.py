"""Where the importer guessed, the meeting keeps review flags until staff have checked it."""

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from minutes.importing import import_files
from minutes.models import Meeting
from minutes.review import CODES, describe, review_flag
from tests import factories

pytestmark = pytest.mark.django_db

TITLE = "2024年后勤工作会议纪要\n"
BODY = "8月29日上午，后勤处在行政楼301召开工作会议。会议由处长张国臣主持。张国臣指出，一是要抓好安全；二是要做好服务。\n"
YEAR_INFERRED = {"code": "year_inferred", "field": "meeting.date", "detail": "2024"}


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def import_one(path):
    summary = import_files([path])
    assert not summary.failed, summary.failed[0].error
    return summary


@pytest.fixture
def known_chair():
    # The chair and the convening unit are in the archive already, so only the parser's guesses flag
    # the meeting.
    factories.OrgUnitFactory(name="后勤处")
    return factories.PersonFactory(name="张国臣")


def test_a_year_taken_from_the_title_flags_the_meeting(tmp_path, known_chair):
    summary = import_one(write(tmp_path / "year.txt", TITLE + BODY))

    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date(2024, 8, 29)
    assert meeting.review_flags == [YEAR_INFERRED]
    assert list(Meeting.objects.needs_review()) == [meeting]
    assert summary.counts()["needs_review"] == 1
    # The import's own history row carries the flags (a later revision reads them there).
    assert meeting.history.get().review_flags == [YEAR_INFERRED]


def test_a_garbled_date_flags_the_meeting(tmp_path, known_chair):
    text = "后勤工作会议纪要\n2022829日上午，后勤处在行政楼301召开工作会议。会议由处长张国臣主持。\n"

    import_one(write(tmp_path / "garbled.txt", text))

    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date(2022, 8, 29)
    assert meeting.review_flags == [
        {"code": "date_repaired", "field": "meeting.date", "detail": "2022829日上午"}
    ]


def test_a_report_without_guesses_is_not_flagged(tmp_path, known_chair):
    text = "后勤工作会议纪要\n2024年3月5日上午，后勤处在行政楼301召开工作会议。会议由处长张国臣主持。\n"

    summary = import_one(write(tmp_path / "clean.txt", text))

    assert Meeting.objects.get().review_flags == []
    assert not Meeting.objects.needs_review().exists()
    assert summary.counts()["needs_review"] == 0


def test_units_and_speakers_new_to_the_archive_are_flagged_where_they_were_created(tmp_path, known_chair):
    text = (
        "后勤工作推进会纪要\n2024年3月5日上午，学校在行政楼301召开后勤工作推进会。会议由副校长张国臣主持。"
        "物业处处长王建明汇报了工作。\n"
    )

    import_one(write(tmp_path / "a.txt", text))

    assert Meeting.objects.get().review_flags == [
        {"code": "unit_unknown", "field": "org_units", "detail": "物业处"},
        {"code": "speaker_unknown", "field": "speeches[0]", "detail": "王建明"},
    ]

    # Another report naming them finds them in the archive: nothing to check there.
    import_one(
        write(tmp_path / "b.txt", text.replace("3月5日", "3月6日").replace("推进会纪要", "推进会纪要（续）"))
    )

    assert Meeting.objects.get(day=6).review_flags == []


def test_reimporting_an_unchanged_file_does_not_flag_a_meeting_again(tmp_path, known_chair):
    path = write(tmp_path / "year.txt", TITLE + BODY)
    import_one(path)
    meeting = Meeting.objects.get()
    meeting.review_flags = []  # checked by staff (the admin's save does this; tests/admin/test_review.py)
    meeting.save()

    summary = import_one(path)

    assert summary.counts()["meetings_unchanged"] == 1
    meeting.refresh_from_db()
    assert meeting.review_flags == []


def test_a_revision_raises_new_guesses_but_not_those_staff_cleared(tmp_path, known_chair):
    path = write(tmp_path / "year.txt", TITLE + BODY)
    import_one(path)
    meeting = Meeting.objects.get()
    meeting.review_flags = []
    meeting.save()

    write(path, TITLE + BODY + "物业处处长王建明汇报了工作。\n")
    summary = import_one(path)

    assert summary.counts()["meetings_revised"] == 1
    meeting.refresh_from_db()
    # The year is still taken from the title, but staff have checked that already.
    assert [f["code"] for f in meeting.review_flags] == ["unit_unknown", "speaker_unknown"]


def test_a_revision_keeps_a_guess_no_one_has_checked_yet(tmp_path, known_chair):
    path = write(tmp_path / "year.txt", TITLE + BODY)
    import_one(path)

    write(path, TITLE + BODY + "会议强调要落实责任。\n")
    import_one(path)

    assert Meeting.objects.get().review_flags == [YEAR_INFERRED]


def test_a_revision_does_not_flag_a_date_staff_corrected(tmp_path, known_chair):
    text = "后勤工作会议纪要\n2024年8月29日上午，后勤处在行政楼301召开工作会议。会议由处长张国臣主持。\n"
    path = write(tmp_path / "report.txt", text)
    import_one(path)
    meeting = Meeting.objects.get()
    meeting.day = 28  # corrected by hand: the field is now staff's
    meeting.save()

    write(path, text.replace("2024年8月29日", "2024829日"))
    import_one(path)

    meeting.refresh_from_db()
    assert meeting.day == 28
    assert meeting.review_flags == []


@pytest.mark.parametrize("code", CODES)
def test_every_code_is_worded_for_staff_and_documented(code):
    with translation.override("zh-hant"):
        text = describe(review_flag(code, "speeches[0]", "某某"))

    assert "某某" in text and code not in text and "請" in text
    docs = (Path(__file__).resolve().parents[2] / "docs" / "extraction-format.md").read_text(encoding="utf-8")
    assert f"`{code}`" in docs
