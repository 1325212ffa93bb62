"""The meeting list, a unit's page, a month's page and a meeting's page are kept per archive
revision as markup: a second request reads them from the cache (the revision query alone, and the
session and user when signed in), and every write — a save, a publish, a withdrawal, a delete, an
import — shows on the next request. Each reader, language, script and query string has its own
copy."""

import re

import pytest
from django.urls import reverse

from minutes import workflow
from minutes.importing import import_report_text
from minutes.models import Meeting
from tests import factories as f
from tests.pages.test_language import switch
from tests.pages.test_query_counts import without_tokens

pytestmark = pytest.mark.django_db

REPORT = """後勤處工作例會
2024年3月5日下午，後勤處在行政樓301會議室召開工作例會。處長馬文遠主持會議。
"""
LIST = reverse("minutes:meeting_list")


def names(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return re.findall(
        r'class="meeting-row__title" href="/meetings/\d+/">([^<]*)</a>', response.content.decode()
    )


@pytest.fixture
def first(db):
    return f.MeetingFactory(name="第一次例會", year=2023, month=1, day=5)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_a_kept_list_costs_the_revision_query(client, first, signed_in, django_assert_max_num_queries):
    if signed_in:
        client.force_login(f.UserFactory())
    for url in (LIST, f"{LIST}?kind={first.kind}&sort=name", f"{LIST}?page=2"):
        client.get(url)
        # The revision (and the session and user when signed in): counted afresh it is five.
        with django_assert_max_num_queries(3 if signed_in else 1):
            assert client.get(url).status_code == 200


def test_the_kept_list_follows_every_write(client, first, editor):
    assert names(client, LIST) == ["第一次例會"]
    second = f.MeetingFactory(name="第二次例會", year=2023, month=2, day=5)
    assert names(client, LIST) == ["第二次例會", "第一次例會"]
    assert "共 2 次會議" in client.get(LIST).content.decode()

    workflow.withdraw_meetings(meetings=[second], user=editor, reason="重複")
    assert names(client, LIST) == ["第一次例會"]
    workflow.publish_meetings(meetings=[Meeting.objects.get(pk=second.pk)], user=editor)
    assert names(client, LIST) == ["第二次例會", "第一次例會"]

    second = Meeting.objects.get(pk=second.pk)
    second.name = "第二次工作例會"
    second.save()
    assert names(client, LIST) == ["第二次工作例會", "第一次例會"]
    f.SpeechFactory(meeting=first, text="要抓好食堂管理。")
    assert "1 則發言" in client.get(LIST).content.decode()
    second.delete()
    assert names(client, LIST) == ["第一次例會"]

    result = import_report_text(REPORT, file_name="r.txt", status=Meeting.Status.PUBLISHED)
    assert result.error is None
    assert names(client, LIST) == ["工作例會", "第一次例會"]


def test_each_query_string_reader_language_and_script_has_its_own_copy(client, first):
    internal = f.MeetingFactory(name="後勤處內部會議", year=2023, month=3, day=5, visibility="internal")
    other = f.MeetingFactory(name="第零次例會", year=2022, month=3, day=5, kind="study")
    assert names(client, LIST) == ["第一次例會", "第零次例會"]
    assert names(client, LIST, kind="study") == ["第零次例會"]
    assert names(client, LIST, sort="name") == sorted(["第一次例會", "第零次例會"])
    client.cookies["minutes_script"] = "hans"
    assert names(client, LIST) == ["第一次例会", "第零次例会"]
    del client.cookies["minutes_script"]
    chinese = client.get(LIST).content.decode()
    switch(client, "en")
    english = client.get(LIST).content.decode()
    switch(client, "zh-hant")
    assert "套用篩選" in chinese and "套用篩選" not in english
    client.force_login(f.UserFactory())
    assert names(client, LIST) == [internal.name, "第一次例會", other.name]
    client.logout()
    assert names(client, LIST) == ["第一次例會", "第零次例會"]


def test_a_later_page_and_an_invalid_filter_are_kept_apart(client, first):
    for day in range(1, 26):
        f.MeetingFactory(name=f"後來的會議{day:02d}", year=2024, month=1, day=day)
    assert names(client, LIST)[0] == "後來的會議25"
    assert names(client, LIST, page=2) == ["第一次例會"]
    assert names(client, LIST, page="abc")[0] == "後來的會議25"
    assert names(client, LIST, page=99) == ["第一次例會"]
    page = client.get(LIST, {"date_from": "2024-05-01", "date_to": "2023-01-01"}).content.decode()
    assert "部分篩選條件無效" in page and "部分篩選條件無效" not in client.get(LIST).content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_kept_unit_month_and_meeting_pages_cost_the_revision_query(
    client, first, signed_in, django_assert_max_num_queries
):
    if signed_in:
        client.force_login(f.UserFactory())
    unit = f.OrgUnitFactory()
    meeting = f.MeetingFactory(name="第二次例會", year=2023, month=1, day=6, organizer=unit)
    f.SpeechFactory(meeting=meeting, text="要抓好食堂管理。")
    urls = [
        unit.get_absolute_url(),
        reverse("minutes:meeting_month", args=[2023, 1]),
        meeting.get_absolute_url(),
    ]
    for url in urls:
        fresh = client.get(url)
        with django_assert_max_num_queries(3 if signed_in else 1):
            kept = client.get(url)
        assert kept.status_code == 200
        assert without_tokens(kept) == without_tokens(fresh)


def test_kept_unit_month_and_meeting_pages_follow_every_write(client, first, editor):
    unit = f.OrgUnitFactory(name="後勤處")
    meeting = f.MeetingFactory(name="第二次例會", year=2023, month=1, day=6, organizer=unit)
    speech = f.SpeechFactory(meeting=meeting, text="要抓好食堂管理。")
    unit_url, month_url = unit.get_absolute_url(), reverse("minutes:meeting_month", args=[2023, 1])
    assert names(client, unit_url) == ["第二次例會"]
    assert names(client, month_url) == ["第一次例會", "第二次例會"]
    assert "要抓好食堂管理。" in client.get(meeting.get_absolute_url()).content.decode()

    speech.text = "要抓好宿舍管理。"
    speech.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "要抓好宿舍管理。" in page and "食堂" not in page

    third = f.MeetingFactory(name="第三次例會", year=2023, month=1, day=7, organizer=unit)
    assert names(client, unit_url) == ["第三次例會", "第二次例會"]
    assert names(client, month_url) == ["第一次例會", "第二次例會", "第三次例會"]
    # the neighbours of a kept meeting page
    assert third.get_absolute_url() in client.get(meeting.get_absolute_url()).content.decode()

    workflow.withdraw_meetings(meetings=[meeting], user=editor, reason="重複")
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert names(client, unit_url) == ["第三次例會"]
    assert names(client, month_url) == ["第一次例會", "第三次例會"]
    workflow.publish_meetings(meetings=[Meeting.objects.get(pk=meeting.pk)], user=editor)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert names(client, month_url) == ["第一次例會", "第二次例會", "第三次例會"]

    third_url = third.get_absolute_url()
    third.delete()
    assert names(client, unit_url) == ["第二次例會"]
    assert third_url not in client.get(meeting.get_absolute_url()).content.decode()


def test_a_kept_meeting_page_is_kept_apart_for_editors(client, first, editor):
    url = first.get_absolute_url()
    assert "在管理後台編輯" not in client.get(url).content.decode()
    client.force_login(editor)
    assert "在管理後台編輯" in client.get(url).content.decode()
    client.force_login(f.UserFactory())
    assert "在管理後台編輯" not in client.get(url).content.decode()


def test_a_previewed_draft_is_never_kept(client, editor):
    draft = f.MeetingFactory(name="草稿會議", status=Meeting.Status.DRAFT)
    client.force_login(editor)
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "草稿 — 未發佈" in client.get(url, {"preview": "1"}).content.decode()
    client.logout()
    assert client.get(url, {"preview": "1"}).status_code == 404


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_the_kept_follow_up_board(client, first, editor, signed_in, django_assert_max_num_queries):
    if signed_in:
        client.force_login(f.UserFactory())
    url = reverse("minutes:follow_up")
    task = f.TaskFactory(meeting=first, text="食堂改造")
    fresh = client.get(url)
    assert "食堂改造" in fresh.content.decode()
    with django_assert_max_num_queries(3 if signed_in else 1):
        kept = client.get(url)
    assert without_tokens(kept) == without_tokens(fresh)

    task.text = "宿舍改造"
    task.save()
    page = client.get(url).content.decode()
    assert "宿舍改造" in page and "食堂改造" not in page
    workflow.withdraw_meetings(meetings=[first], user=editor, reason="重複")
    assert "宿舍改造" not in client.get(url).content.decode()
    workflow.publish_meetings(meetings=[Meeting.objects.get(pk=first.pk)], user=editor)
    assert "宿舍改造" in client.get(url).content.decode()
