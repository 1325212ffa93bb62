"""A meeting list filtered by frequent words is counted with a cap, and finds the same meetings."""

import pytest
from django.db import connection
from django.urls import reverse

from minutes.filters import LIST_COUNT_CAP, MeetingFilter
from minutes.models import Meeting
from minutes.pagination import CappedPaginator
from tests import factories as f


@pytest.fixture
def dormitory_meetings(db):
    """30 published public meetings mention 宿舍, in names or speeches; 3 do not."""
    for i in range(30):
        meeting = f.MeetingFactory(name=f"第{i}次工作會議", year=2023, month=1 + i % 12, day=1 + i)
        f.SpeechFactory(meeting=meeting, text="學生宿舍維修" if i % 2 else "會議研究宿舍管理")
    for i in range(3):
        f.SpeechFactory(meeting=f.MeetingFactory(name=f"預算會{i}", year=2020), text="財務預算")


def test_paginator_counts_up_to_the_cap(dormitory_meetings):
    meetings = Meeting.objects.order_by("pk")
    paginator = CappedPaginator(meetings, 10, cap=20)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (20, True, 2)
    assert list(paginator.page(2).object_list) == list(meetings[10:20])
    exact = CappedPaginator(meetings, 10, cap=100)
    assert (exact.count, exact.capped) == (33, False)
    assert CappedPaginator(meetings, 25, cap=5).count == 25  # never less than a page


@pytest.mark.parametrize("frequent", [False, True], ids=["semi-join", "exists-probe"])
def test_both_word_filters_find_the_same_meetings(dormitory_meetings, monkeypatch, frequent):
    monkeypatch.setattr("search.query.words_are_frequent", lambda words: frequent)
    base = Meeting.objects.visible_to(None)
    found = MeetingFilter({"q": "宿舍"}, queryset=base)
    expected = {m.pk for m in base if "預算" not in m.name}
    assert set(found.qs.values_list("pk", flat=True)) == expected
    assert found.count_cap == (LIST_COUNT_CAP if frequent else None)


def test_list_of_frequent_words_says_more_than(client, dormitory_meetings, monkeypatch):
    monkeypatch.setattr("search.query.words_are_frequent", lambda words: True)
    monkeypatch.setattr("minutes.filters.LIST_COUNT_CAP", 25)
    response = client.get(reverse("minutes:meeting_list"), {"q": "宿舍"})
    page = response.context["page_obj"]
    assert page.paginator.capped and page.paginator.count == 25 and page.paginator.num_pages == 1
    assert len(page.object_list) == 25
    assert "超過 25 次會議" in response.content.decode()


def test_list_of_rare_words_counts_exactly(client, dormitory_meetings):
    response = client.get(reverse("minutes:meeting_list"), {"q": "宿舍"})
    page = response.context["page_obj"]
    assert page.paginator.count == 30 and not getattr(page.paginator, "capped", False)
    assert "共 30 次會議" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite counts every list exactly")
def test_which_words_make_a_list_probe_meetings(dormitory_meetings, monkeypatch, request):
    from search import query, statistics
    from search.backends import postgres

    with connection.cursor() as cursor:  # the row count the share is scaled by
        cursor.execute("ANALYZE search_searchentry")
    statistics.forget_token_stats()
    request.addfinalizer(statistics.forget_token_stats)  # this archive's statistics stay here
    monkeypatch.setattr(postgres, "is_frequent", lambda words, cap: True)
    monkeypatch.setattr(postgres, "BODY_WINDOW", 4)
    assert query.words_are_frequent(query.parse_query("宿舍"))  # one token: the statistics are exact
    phrase = query.parse_query("宿舍維修")  # a phrase: judged by its share of the newest rows
    monkeypatch.setattr(postgres, "LIST_PROBE_ROWS", 0)
    assert query.words_are_frequent(phrase)
    monkeypatch.setattr(postgres, "LIST_PROBE_ROWS", 10**9)
    assert not query.words_are_frequent(phrase)
    monkeypatch.setattr(postgres, "is_frequent", lambda words, cap: False)
    assert not query.words_are_frequent(query.parse_query("宿舍"))
