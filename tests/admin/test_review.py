"""Staff see why an imported meeting needs checking, find such meetings, and clear them by saving."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from minutes.importing import import_files
from minutes.models import Meeting
from minutes.review import REVIEWED_REASON
from tests import factories
from tests.admin.test_history import meeting_form_data

pytestmark = pytest.mark.django_db

YEAR_FROM_TITLE = (
    "2024年后勤工作会议纪要\n"
    "8月29日上午，后勤处在行政楼301召开工作会议。会议由处长张国臣主持。张国臣指出，一是要抓好安全；二是要做好服务。\n"
)
GARBLED = "后勤工作会议纪要\n2022829日上午，后勤处在行政楼301召开工作会议。会议由处长张国臣主持。\n"


@pytest.fixture
def imported(tmp_path):
    """The meetings of two imported reports: a year from the title, a garbled date."""
    factories.OrgUnitFactory(name="后勤处")
    factories.PersonFactory(name="张国臣")
    paths = []
    for name, text in (("year.txt", YEAR_FROM_TITLE), ("garbled.txt", GARBLED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    summary = import_files(paths)
    assert not summary.failed
    by_file = {f.path: f.meetings[0] for f in summary.files}
    return paths, by_file["year.txt"], by_file["garbled.txt"]


def change_url(meeting):
    return reverse("admin:minutes_meeting_change", args=[meeting.pk])


def test_the_change_page_says_what_was_guessed_and_what_to_check(client, editor, imported):
    _paths, year, garbled = imported
    client.force_login(editor)

    body = client.get(change_url(year)).content.decode()
    assert "需要核對" in body
    assert "年份由標題、落款或會議名稱推定（2024），原文日期未寫年份，請核對年份。" in body

    body = client.get(change_url(garbled)).content.decode()
    assert "原文日期有誤（「2022829日上午」），已推測讀作2022年8月29日，請與原文核對年、月、日。" in body


@pytest.mark.parametrize(
    ("language", "wording"),
    [
        ("zh-hans", "年份由标题、落款或会议名称推定（2024），原文日期未写年份，请核对年份。"),
        ("en", "The year (2024) was taken from the title, dateline or meeting name"),
    ],
)
def test_the_reasons_are_worded_in_the_staff_members_language(client, editor, imported, language, wording):
    _paths, year, _garbled = imported
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    body = client.get(change_url(year)).content.decode()

    assert wording in body


def test_a_meeting_without_flags_shows_no_review_section(client, editor):
    meeting = factories.MeetingFactory()
    client.force_login(editor)

    body = client.get(change_url(meeting)).content.decode()

    assert "review-flags" not in body


def test_the_needs_review_filter_and_column(client, editor, imported):
    _paths, year, garbled = imported
    checked = factories.MeetingFactory(name="已核對的會議")
    client.force_login(editor)
    url = reverse("admin:minutes_meeting_changelist")

    response = client.get(url, {"review": "yes"})
    assert {m.pk for m in response.context["cl"].result_list} == {year.pk, garbled.pk}
    body = response.content.decode()
    assert "需要核對（1）" in body
    assert "年份由標題、落款或會議名稱推定（2024）" in body  # the marker's tooltip

    response = client.get(url, {"review": "no"})
    assert [m.pk for m in response.context["cl"].result_list] == [checked.pk]

    all_rows = client.get(url).content.decode()
    assert all_rows.count('class="review-flag"') == 2


def test_saving_the_meeting_in_the_admin_clears_its_flags_and_the_history_says_who(client, editor, imported):
    _paths, year, _garbled = imported
    client.force_login(editor)

    response = client.post(change_url(year), meeting_form_data(year))

    assert response.status_code == 302
    year.refresh_from_db()
    assert year.review_flags == []
    assert not Meeting.objects.needs_review().filter(pk=year.pk).exists()
    cleared = year.history.latest()
    assert (cleared.history_user, cleared.history_change_reason) == (editor, REVIEWED_REASON)
    assert cleared.prev_record.review_flags == [
        {"code": "year_inferred", "field": "meeting.date", "detail": "2024"}
    ]


def test_a_reason_given_with_the_save_is_kept(client, editor, imported):
    _paths, year, _garbled = imported
    client.force_login(editor)

    client.post(change_url(year), meeting_form_data(year, change_reason="年份已與原文核對"))

    assert year.history.latest().history_change_reason == "年份已與原文核對"


def test_reimporting_the_same_files_does_not_bring_the_flags_back(client, editor, imported):
    paths, year, garbled = imported
    client.force_login(editor)
    client.post(change_url(year), meeting_form_data(year))

    summary = import_files(paths)

    assert summary.counts()["meetings_unchanged"] == 2
    year.refresh_from_db()
    assert year.review_flags == []
    assert list(Meeting.objects.needs_review()) == [garbled]


def test_a_viewer_sees_the_reasons_but_cannot_clear_them(client, viewer, imported):
    _paths, year, _garbled = imported
    client.force_login(viewer)

    assert "原文日期未寫年份" in client.get(change_url(year)).content.decode()
    assert client.post(change_url(year), meeting_form_data(year)).status_code == 403

    year.refresh_from_db()
    assert year.review_flags != []


@pytest.mark.parametrize(
    "flags",
    [
        {"code": "year_inferred"},
        [{"code": "made_up", "field": "meeting.date", "detail": None}],
        [{"code": "no_date", "field": "meeting.date"}],
        [{"code": "no_date", "field": "meeting.date", "detail": "近" * 201}],
        [{"code": "no_date", "field": "", "detail": None}],
    ],
)
def test_stored_flags_have_one_shape(flags):
    meeting = factories.MeetingFactory.build(review_flags=flags)

    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean(exclude=["source_report", "chair", "organizer", "published_by"])

    assert "review_flags" in excinfo.value.message_dict


def test_changelist_queries_do_not_grow_with_flagged_rows(client, editor, django_assert_max_num_queries):
    client.force_login(editor)
    flags = [{"code": "year_inferred", "field": "meeting.date", "detail": "2023"}]
    factories.MeetingFactory.create_batch(3, review_flags=flags)
    url = reverse("admin:minutes_meeting_changelist")
    with django_assert_max_num_queries(30) as three:
        assert client.get(url, {"review": "yes"}).status_code == 200
    factories.MeetingFactory.create_batch(27, review_flags=flags)
    factories.MeetingFactory.create_batch(5)

    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(url, {"review": "yes"})

    assert response.context["cl"].result_count == 30


def test_an_english_reason_gives_the_date_read_in_english(client, editor, imported):
    _paths, _year, garbled = imported
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    body = client.get(change_url(garbled)).content.decode()

    assert "The date in the text is garbled (“2022829日上午”) and was read as 29 Aug 2022." in body


def test_a_report_pasted_in_the_admin_opens_with_its_flags(client, editor):
    factories.OrgUnitFactory(name="后勤处")
    factories.PersonFactory(name="张国臣")
    client.force_login(editor)

    response = client.post(reverse("admin:minutes_meeting_from_text"), {"text": GARBLED}, follow=True)

    assert response.status_code == 200
    assert "原文日期有誤（「2022829日上午」）" in response.content.decode()
    assert Meeting.objects.get().review_flags[0]["code"] == "date_repaired"
