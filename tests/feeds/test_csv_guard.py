"""Every CSV export (public list, admin action, follow-up board, statistics) goes through one
writer that defuses spreadsheet formulas."""

import csv
import io

import pytest
from django.urls import reverse

from tests import factories
from tests.feeds.conftest import content_of

# Every start Excel or LibreOffice reads as a formula (or, tab and CR, as a cell break inside one).
FORMULAS = {
    "name": '=HYPERLINK("http://x","會議")',
    "venue": "+1+cmd|' /C calc'!A0",
    "chair_label": "-2+3",
    "date_text": "@SUM(1+1)",
    "group_label": "\t=1+1",
    "organizer": "\r=1+1",
}


@pytest.fixture
def poisoned(db):
    meeting = factories.MeetingFactory(
        name=FORMULAS["name"],
        venue=FORMULAS["venue"],
        chair=None,
        chair_label=FORMULAS["chair_label"],
        date_text=FORMULAS["date_text"],
        organizer=factories.OrgUnitFactory(name=FORMULAS["organizer"]),
    )
    factories.AttendanceFactory(meeting=meeting, person=None, group_label=FORMULAS["group_label"])
    return meeting


def cells(text: str) -> list[str]:
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 2
    return rows[1]


def assert_defused(row: list[str]):
    for value in FORMULAS.values():
        assert value not in row, f"{value!r} left as a formula"
        assert "'" + value in row


def test_public_csv_defuses_formulas(client, poisoned):
    assert_defused(cells(content_of(client.get(reverse("minutes:meeting_export_csv")))))


def test_admin_csv_defuses_formulas(client, editor, poisoned):
    client.force_login(editor)
    response = client.post(
        reverse("admin:minutes_meeting_changelist"),
        {"action": "export_csv", "_selected_action": [poisoned.pk], "index": 0},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert_defused(cells(response.content.decode("utf-8")))


def test_numbers_are_not_guarded(client, poisoned):
    row = cells(content_of(client.get(reverse("minutes:meeting_export_csv"))))
    assert str(poisoned.pk) == row[0]


def test_statistics_csv_defuses_formulas(client, db):
    chair = factories.PersonFactory(name=FORMULAS["name"])
    factories.MeetingFactory(year=2024, chair=chair)
    response = client.get(reverse("minutes:stats_csv", args=["chairs"]), {"year": 2024})
    text = content_of(response)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert ["'" + FORMULAS["name"], "1"] in rows
