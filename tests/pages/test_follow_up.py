"""The follow-up board (督辦台賬): directives and tasks across meetings, sorted by due date,
filtered by state, kind, unit, issuer, year and overdue, exported as CSV and iCalendar."""

import csv
import datetime
import io

import icalendar
import pytest
from django.urls import reverse

from minutes.models import FollowUp, Meeting
from tests import factories

URL = reverse("minutes:follow_up")


def texts(response) -> list[str]:
    return [item.record.text for item in response.context["items"]]


@pytest.fixture
def board(db):
    unit = factories.OrgUnitFactory(name="後勤保障部")
    other_unit = factories.OrgUnitFactory(name="膳食科")
    chief = factories.PersonFactory(name="張國臣")
    early = factories.MeetingFactory(name="一月工作會議", year=2023, month=1, day=10, organizer=unit)
    late = factories.MeetingFactory(name="七月工作會議", year=2024, month=7, day=19, organizer=other_unit)
    factories.DirectiveFactory(meeting=early, issuer=chief, text="加強宿舍安全檢查", order=1)
    factories.DirectiveFactory(meeting=late, issuer=chief, text="做好暑期維修", order=1, status=FollowUp.DONE)
    factories.TaskFactory(meeting=early, owner_unit=unit, text="食堂改造", due_date=datetime.date(2023, 3, 1))
    factories.TaskFactory(
        meeting=late, owner_unit=other_unit, text="開學前完成宿舍粉刷", due_date=datetime.date(2099, 9, 1)
    )
    factories.TaskFactory(
        meeting=late, owner_unit=other_unit, text="未定期限的任務", due_text="", due_date=None
    )
    hidden = factories.MeetingFactory(name="草稿會議", status=Meeting.Status.DRAFT, organizer=unit)
    factories.TaskFactory(
        meeting=hidden, owner_unit=unit, text="草稿裡的任務", due_date=datetime.date(2023, 2, 1)
    )
    internal = factories.MeetingFactory(
        name="內部會議", visibility=Meeting.Visibility.INTERNAL, organizer=unit
    )
    factories.DirectiveFactory(meeting=internal, issuer=chief, text="內部會議的要求")
    return {"unit": unit, "other_unit": other_unit, "chief": chief}


def test_unfinished_items_sorted_by_due_date_then_newest_meeting(client, board):
    response = client.get(URL, {"year": "all"})
    assert response.status_code == 200
    # Tasks with a due date first (soonest first), then items without one, newest meeting first;
    # done items, drafts and internal meetings are left out for an anonymous reader.
    assert texts(response) == ["食堂改造", "開學前完成宿舍粉刷", "未定期限的任務", "加強宿舍安全檢查"]
    assert "草稿裡的任務" not in response.text
    assert "內部會議的要求" not in response.text


def test_signed_in_readers_see_internal_meetings_items_too(client, board):
    client.force_login(factories.UserFactory(username="reader"))
    assert "內部會議的要求" in texts(client.get(URL, {"year": "all"}))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?state=done&year=all", ["做好暑期維修"]),
        ("?state=all&kind=directive&year=all", ["做好暑期維修", "加強宿舍安全檢查"]),
        ("?kind=task&year=2024", ["開學前完成宿舍粉刷", "未定期限的任務"]),
        ("?overdue=on&year=all", ["食堂改造"]),
        ("?person_name=zhangguochen&state=all&year=all", ["做好暑期維修", "加強宿舍安全檢查"]),
        ("?year=2023", ["食堂改造", "加強宿舍安全檢查"]),
    ],
)
def test_filters(client, board, query, expected):
    assert texts(client.get(URL + query)) == expected


def test_without_a_year_the_board_shows_the_latest_year_with_meetings(client, board):
    response = client.get(URL)
    assert response.context["year"] == 2024
    assert texts(response) == ["開學前完成宿舍粉刷", "未定期限的任務"]
    assert '<option value="all">全部年份</option>' in response.text


def test_unit_filter_matches_owned_tasks_and_directives_of_the_units_meetings(client, board):
    response = client.get(URL, {"unit": board["unit"].pk, "year": "all"})
    assert texts(response) == ["食堂改造", "加強宿舍安全檢查"]


def test_person_picked_from_suggestions_filters_by_issuer(client, board):
    response = client.get(URL, {"person": board["chief"].pk, "state": "all", "year": "all"})
    assert texts(response) == ["做好暑期維修", "加強宿舍安全檢查"]
    assert response.context["chosen_person"] == board["chief"]


def test_overdue_items_are_marked(client, board):
    response = client.get(URL, {"year": "all"})
    assert 'class="due due--late">2023年3月1日' in response.text
    assert 'class="due">2099年9月1日' in response.text


@pytest.mark.parametrize(
    "query", ["?year=abc", "?state=nonsense", "?unit=999999", "?person=999999", "?year=9999", "?year=12345"]
)
def test_invalid_filters_answer_with_the_form_errors_and_no_items(client, board, query):
    response = client.get(URL + query)
    assert response.status_code == 200
    assert texts(response) == []
    assert "篩選條件有誤" in response.text


def test_a_hidden_persons_or_units_id_is_not_a_valid_choice(client, db):
    hidden_unit = factories.OrgUnitFactory(name="草擬籌備組")
    draft = factories.MeetingFactory(status=Meeting.Status.DRAFT, organizer=hidden_unit)
    factories.TaskFactory(meeting=draft, owner_unit=hidden_unit)
    response = client.get(URL, {"unit": hidden_unit.pk})
    assert "草擬籌備組" not in response.text
    assert response.context["form"].errors


def test_empty_board_says_so(client, db):
    response = client.get(URL)
    assert "沒有符合條件的工作要求或任務" in response.text


def test_pages_of_25(client, db):
    meeting = factories.MeetingFactory()
    for n in range(30):
        factories.TaskFactory(
            meeting=meeting, text=f"任務{n:02d}", due_date=datetime.date(2030, 1, 1), order=n
        )
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(texts(first)) == 25 and len(texts(second)) == 5
    assert set(texts(first)).isdisjoint(texts(second))


def test_query_count_does_not_grow_with_items(client, db, django_assert_max_num_queries):
    unit = factories.OrgUnitFactory()
    person = factories.PersonFactory()
    for n in range(20):
        meeting = factories.MeetingFactory(organizer=unit)
        factories.DirectiveFactory(meeting=meeting, issuer=person, text=f"要求{n}")
        factories.TaskFactory(meeting=meeting, owner_unit=unit, due_date=datetime.date(2030, 1, n + 1))
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"unit": unit.pk})
    assert len(texts(response)) == 25


def test_csv_export_has_the_filtered_items_with_the_formula_guard(client, board):
    factories.TaskFactory(
        meeting=Meeting.objects.get(name="一月工作會議"),
        text="=HYPERLINK(1)",
        due_date=datetime.date(2023, 2, 1),
    )
    response = client.get(reverse("minutes:follow_up_csv"), {"kind": "task", "year": "all"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:2] == ["類別", "事項"]
    assert [row[1] for row in rows[1:]] == [
        "'=HYPERLINK(1)",
        "食堂改造",
        "開學前完成宿舍粉刷",
        "未定期限的任務",
    ]
    assert rows[2][3] == "後勤保障部"


def test_ics_has_one_all_day_event_per_dated_task(client, board):
    response = client.get(reverse("minutes:follow_up_ics"), {"year": "all"})
    calendar = icalendar.Calendar.from_ical(b"".join(response.streaming_content))
    events = calendar.walk("VEVENT")
    assert [str(event["summary"]) for event in events] == ["食堂改造", "開學前完成宿舍粉刷"]
    assert events[0].decoded("dtstart") == datetime.date(2023, 3, 1)
    assert all("草稿" not in str(event["summary"]) for event in events)


def test_the_board_is_read_once_per_archive_revision(client, db, django_assert_max_num_queries):
    meeting = factories.MeetingFactory()
    task = factories.TaskFactory(meeting=meeting, text="任務甲", due_date=datetime.date(2030, 1, 1))
    factories.DirectiveFactory(meeting=meeting, text="要求乙")
    assert texts(client.get(URL)) == ["任務甲", "要求乙"]
    # Again at the same revision: the revision, the unit choices and the page's two models.
    with django_assert_max_num_queries(4):
        assert texts(client.get(URL)) == ["任務甲", "要求乙"]
    # A change of state is a new revision: the board reads it at once.
    task.status = "done"
    task.save()
    assert texts(client.get(URL)) == ["要求乙"]
    assert texts(client.get(URL, {"state": "done"})) == ["任務甲"]


def test_a_long_or_unknown_query_string_keeps_the_cache_key_short(client, board, recwarn):
    from django.core.cache.backends.base import CacheKeyWarning

    response = client.get(URL, {"year": "all", "x": "会" * 3000, "state": "all" + "%" * 500})
    assert response.status_code == 200
    assert not [w for w in recwarn if issubclass(w.category, CacheKeyWarning)]
