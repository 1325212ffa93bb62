"""A person's page is kept per archive revision (its record and each timeline page, as data and
markup): a second request reads it from the cache, and every write — a save, a publish, a
withdrawal, a delete, an import — shows on the next request. Each reader, language and script
has its own copy."""

import re

import pytest

from minutes import workflow
from minutes.importing import import_report_text
from minutes.models import Meeting
from tests import factories as f
from tests.pages.test_language import switch

REPORT = """後勤處工作例會
2024年3月5日下午，後勤處在行政樓301會議室召開工作例會。處長馬文遠主持會議。
"""


def timeline(client, person, **params) -> list[str]:
    response = client.get(person.get_absolute_url(), params)
    assert response.status_code == 200
    return re.findall(r'<h3><a href="/meetings/\d+/">([^<]*)</a></h3>', response.content.decode())


def head(client, person) -> str:
    return (
        client.get(person.get_absolute_url())
        .content.decode()
        .split('<section aria-labelledby="h-timeline"')[0]
    )


@pytest.fixture
def person(db):
    person = f.PersonFactory(name="馬文遠")
    f.MeetingFactory(name="第一次例會", year=2023, month=1, day=5, chair=person)
    return person


def test_the_kept_page_follows_every_write(client, person, editor, django_assert_max_num_queries):
    assert timeline(client, person) == ["第一次例會"]
    with django_assert_max_num_queries(1):  # kept: the revision alone
        assert timeline(client, person) == ["第一次例會"]

    second = f.MeetingFactory(name="第二次例會", year=2023, month=2, day=5, chair=person)
    assert timeline(client, person) == ["第二次例會", "第一次例會"]
    assert "<div><dt>相關會議</dt><dd>2</dd></div>" in head(client, person)

    workflow.withdraw_meetings(meetings=[second], user=editor, reason="重複")
    assert timeline(client, person) == ["第一次例會"]
    assert "<div><dt>相關會議</dt><dd>1</dd></div>" in head(client, person)
    workflow.publish_meetings(meetings=[Meeting.objects.get(pk=second.pk)], user=editor)
    assert timeline(client, person) == ["第二次例會", "第一次例會"]

    speech = f.SpeechFactory(meeting=second, person=person, text="要抓好食堂管理。")
    assert "要抓好食堂管理。" in client.get(person.get_absolute_url()).content.decode()
    speech.text = "要抓好宿舍管理。"
    speech.save()
    page = client.get(person.get_absolute_url()).content.decode()
    assert "要抓好宿舍管理。" in page and "食堂" not in page
    second.delete()
    assert timeline(client, person) == ["第一次例會"]

    result = import_report_text(REPORT, file_name="r.txt", status=Meeting.Status.PUBLISHED)
    assert result.error is None
    assert timeline(client, person) == ["工作例會", "第一次例會"]


def test_a_later_page_is_kept_apart(client, person, monkeypatch):
    from people import views as people_views

    monkeypatch.setattr(people_views, "TIMELINE_PAGE", 1)
    f.MeetingFactory(name="第二次例會", year=2023, month=2, day=5, chair=person)
    assert timeline(client, person) == ["第二次例會"]
    assert timeline(client, person, page=2) == ["第一次例會"]
    assert timeline(client, person, page="abc") == ["第二次例會"]
    assert timeline(client, person, page=99) == ["第一次例會"]


def test_each_reader_language_and_script_has_its_own_copy(client, person, django_user_model):
    internal = f.MeetingFactory(
        name="後勤處內部會議", year=2023, month=3, day=5, chair=person, visibility=Meeting.Visibility.INTERNAL
    )
    assert timeline(client, person) == ["第一次例會"]
    client.cookies["minutes_script"] = "hans"
    assert timeline(client, person) == ["第一次例会"]
    del client.cookies["minutes_script"]
    chinese = client.get(person.get_absolute_url()).content.decode()
    switch(client, "en")
    english = client.get(person.get_absolute_url()).content.decode()
    switch(client, "zh-hant")
    assert "相關會議" in chinese and "相關會議" not in english
    client.force_login(f.UserFactory())
    assert timeline(client, person) == [internal.name, "第一次例會"]
    client.logout()
    assert timeline(client, person) == ["第一次例會"]


def test_a_person_hidden_at_this_revision_is_not_found(client, person, editor):
    assert client.get(person.get_absolute_url()).status_code == 200
    workflow.withdraw_meetings(meetings=list(Meeting.objects.all()), user=editor, reason="撤回")
    assert client.get(person.get_absolute_url()).status_code == 404
