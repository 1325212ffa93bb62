"""Staff typing a meeting's date in the admin: the year source follows, impossible dates are refused
in words, and no database constraint reaches them by its name."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from minutes.models import Meeting
from tests import factories


def new_meeting_data(**changes):
    data = {
        "name": "後勤工作會議",
        "kind": Meeting.Kind.WORK,
        "status": Meeting.Status.DRAFT,
        "visibility": Meeting.Visibility.PUBLIC,
        "year": "2023",
        "month": "7",
        "day": "19",
        "year_source": Meeting.YearSource.UNKNOWN,  # the form's default
        "date_text": "",
        "time_of_day": "",
        "venue": "",
        "chair_label": "",
        "summary": "",
        "source_spans": "{}",
        "locked_fields": "[]",
        "change_reason": "",
    }
    for prefix in ("attendances", "speeches", "directives", "appointments", "decisions", "tasks"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def add(client, **changes):
    return client.post(reverse("admin:minutes_meeting_add"), new_meeting_data(**changes))


@pytest.mark.django_db
def test_the_add_page_says_how_the_year_source_follows_the_year(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:minutes_meeting_add")).content.decode()
    assert '<option value="unknown" selected>' in html
    assert "填了年份而此處仍是「年份不詳」，存為「人工填寫」" in html


@pytest.mark.django_db
def test_a_typed_year_with_the_default_source_is_saved_as_manual(client, editor):
    client.force_login(editor)
    response = add(client)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get()
    assert (meeting.year_source, meeting.display_date) == (Meeting.YearSource.MANUAL, "2023年7月19日")


@pytest.mark.django_db
def test_a_source_without_a_year_is_saved_as_unknown(client, editor):
    client.force_login(editor)
    response = add(client, year="", year_source=Meeting.YearSource.TEXT)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.year, meeting.year_source) == (None, Meeting.YearSource.UNKNOWN)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": "2024", "month": "2", "day": "30"}, "day", "2024年2月沒有30日。"),
        ({"year": "2023", "month": "2", "day": "29"}, "day", "2023年2月沒有29日。"),
        ({"year": "", "month": "4", "day": "31"}, "day", "4月沒有31日。"),
        ({"month": "", "day": "19"}, "day", "填寫日時，請一併填寫月份。"),
        ({"month": "13", "day": ""}, "month", "月份須在 1 至 12 之間。"),
    ],
)
def test_impossible_dates_are_refused_in_words(client, editor, changes, field, message):
    client.force_login(editor)
    response = add(client, **changes)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors[field] == [message]
    html = response.content.decode()
    assert message in html
    assert "meeting_" not in "".join(str(e) for e in form.errors.values())  # no constraint by name
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_the_message_is_in_the_staff_members_language(client, editor):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    response = add(client, year="2024", month="2", day="30")
    assert response.context["adminform"].form.errors["day"] == ["There is no day 30 in month 2 of 2024."]


@pytest.mark.django_db
def test_a_year_less_leap_day_is_a_date():
    meeting = factories.MeetingFactory.build(year=None, month=2, day=29, year_source=Meeting.YearSource.TEXT)
    meeting.full_clean()
    assert meeting.year_source == Meeting.YearSource.UNKNOWN


@pytest.mark.django_db
def test_model_clean_refuses_february_30_for_any_form():
    meeting = factories.MeetingFactory.build(year=2024, month=2, day=30)
    with translation.override("zh-hant"), pytest.raises(ValidationError) as caught:
        meeting.full_clean()
    assert caught.value.message_dict == {"day": ["2024年2月沒有30日。"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "field", "message"),
    [
        (
            {"attendances": [{"category": "attended", "group_label": ""}]},
            ("attendances", 0, "group_label"),
            "請選擇人員，或填寫群體（無具名）。",
        ),
        (
            {"speeches": [{"kind": "address", "text": "要統一思想。"}]},
            ("speeches", 0, "speaker_label"),
            "請選擇發言人，或填寫發言人（原文）或單位。",
        ),
        (
            {"directives": [{"number": "0", "text": "抓好安全。", "status": "open"}]},
            ("directives", 0, "number"),
            "序號須從 1 起；未列舉則留空。",
        ),
    ],
)
def test_rows_that_break_a_constraint_are_refused_in_words(client, editor, rows, field, message):
    client.force_login(editor)
    data = new_meeting_data()
    for prefix, forms in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = len(forms)
        for i, values in enumerate(forms):
            data.update({f"{prefix}-{i}-{name}": value for name, value in values.items()})
    response = client.post(reverse("admin:minutes_meeting_add"), data)
    assert response.status_code == 200
    prefix, index, name = field
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)
    assert formset.formset.forms[index].errors[name] == [message]
    assert "_valid" not in response.content.decode() and "約束條件" not in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_the_same_attendee_twice_is_refused_in_words(client, editor):
    person = factories.PersonFactory()
    meeting = factories.MeetingFactory(status=Meeting.Status.DRAFT)
    factories.AttendanceFactory(meeting=meeting, person=person)
    client.force_login(editor)
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    # A new row naming someone already on the list, and two new rows naming the same person.
    for people in ([person.pk], [factories.PersonFactory().pk] * 2):
        data = new_meeting_data(year="2023", month="7", day="19", year_source="text")
        existing = meeting.attendances.get()
        data.update(
            {
                "attendances-TOTAL_FORMS": 1 + len(people),
                "attendances-INITIAL_FORMS": 1,
                "attendances-0-id": existing.pk,
                "attendances-0-meeting": meeting.pk,
                "attendances-0-person": existing.person_id,
                "attendances-0-category": "attended",
                "attendances-0-order": existing.order,
            }
        )
        for i, pk in enumerate(people, start=1):
            data.update({f"attendances-{i}-person": pk, f"attendances-{i}-category": "attended"})
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "此人已在本次會議的出席名單中。" in html
        assert "attendance_person_once" not in html
    assert meeting.attendances.count() == 1
