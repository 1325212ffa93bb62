"""A date typed into the search box (or the meeting list's words) is a date filter on both pages."""

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import factories as f


@pytest.fixture
def meetings(db):
    def meeting(name, year, month, day):
        return f.MeetingFactory(name=name, year=year, month=month, day=day)

    return {
        "jul19": meeting("宿舍工作會議", 2023, 7, 19),
        "jul19_2024": meeting("食堂工作會議", 2024, 7, 19),
        "jul19_unknown": meeting("宿舍管理座談會", None, 7, 19),
        "jul20": meeting("宿舍安全會議", 2023, 7, 20),
        "aug": meeting("八月例會", 2023, 8, 2),
        "month_only": meeting("七月總結會", 2023, 7, None),
    }


def names_in_list(client, **params):
    response = client.get(reverse("minutes:meeting_list"), params)
    assert response.status_code == 200
    return {m.name for m in response.context["meetings"]}, response


def names_in_search(client, **params):
    response = client.get(reverse("search:results"), params)
    assert response.status_code == 200
    hits = response.context["results"].hits if response.context["results"] else []
    return {hit.meeting.name for hit in hits if hit.meeting}, response


BOTH = pytest.mark.parametrize("names_of", [names_in_list, names_in_search], ids=["list", "search"])


@BOTH
@pytest.mark.parametrize("q", ["2023-07-19", "2023年7月19日", "２０２３年７月１９號", "二〇二三年七月十九日"])
def test_a_full_date_finds_that_days_meetings(client, meetings, names_of, q):
    names, response = names_of(client, q=q)
    assert names == {"宿舍工作會議"}
    html = response.content.decode()
    assert 'class="date-query"' in html and "按日期：2023年7月19日" in html


@BOTH
def test_a_date_without_year_matches_every_year_and_unknown_years(client, meetings, names_of):
    names, response = names_of(client, q="7月19日")
    assert names == {"宿舍工作會議", "食堂工作會議", "宿舍管理座談會"}
    assert "按日期：7月19日" in response.content.decode()


@BOTH
def test_a_year_and_month_or_a_year(client, meetings, names_of):
    names, _ = names_of(client, q="2023年7月")
    assert names == {"宿舍工作會議", "宿舍安全會議", "七月總結會"}
    names, _ = names_of(client, q="2023年")
    assert names == {"宿舍工作會議", "宿舍安全會議", "八月例會", "七月總結會"}


@BOTH
def test_the_date_narrows_the_remaining_words(client, meetings, names_of):
    names, response = names_of(client, q="宿舍 2023年7月")
    assert names == {"宿舍工作會議", "宿舍安全會議"}
    names, _ = names_of(client, q="7月19號 宿舍")
    assert names == {"宿舍工作會議", "宿舍管理座談會"}


@BOTH
def test_a_date_the_year_field_contradicts_is_reported(client, meetings, names_of):
    names, response = names_of(client, q="2023年7月", year="2024")
    assert names == set()
    assert "關鍵詞中的日期與所填的年份或月份不同。" in response.content.decode()


@BOTH
def test_a_reversed_range_is_reported_in_the_same_words(client, meetings, names_of):
    names, response = names_of(client, date_from="2023-08-01", date_to="2023-07-01")
    assert names == set()
    assert "結束日期早於開始日期。" in response.content.decode()


@BOTH
def test_a_date_range_alone_lists_that_periods_meetings(client, meetings, names_of):
    # A meeting of July 2023 whose day is unknown has no date: a date range leaves it out.
    names, response = names_of(client, date_from="2023-07-01", date_to="2023-07-31")
    assert names == {"宿舍工作會議", "宿舍安全會議"}
    assert "開始檢索" not in response.content.decode()
    names, _ = names_of(client, date_from="2023-07-20")
    assert names == {"宿舍安全會議", "八月例會", "食堂工作會議"}


def test_a_date_range_listing_counts_the_meetings(client, meetings):
    _, response = names_in_search(client, date_from="2023-07-19", date_to="2023-07-31", year="2023")
    assert response.context["results"].counts == {"meeting": 2}


def test_a_period_without_meetings_points_to_the_date_fields(client, meetings):
    names, response = names_in_search(client, date_from="2020-01-01", date_to="2020-12-31")
    assert names == set()
    html = response.content.decode()
    assert "這段日期內沒有會議。" in html and "日期範圍" in html


def test_without_words_or_dates_the_search_page_asks_for_them(client, meetings):
    response = client.get(reverse("search:results"), {"q": "  "})
    assert response.context["results"] is None
    assert "開始檢索" in response.content.decode()


def test_a_date_listing_shows_only_what_the_reader_may_see(client, meetings, viewer):
    f.MeetingFactory(name="草稿會議", year=2023, month=7, day=19, status=Meeting.Status.DRAFT)
    f.MeetingFactory(name="內部會議", year=2023, month=7, day=19, visibility=Meeting.Visibility.INTERNAL)
    names, _ = names_in_search(client, q="2023-07-19")
    assert names == {"宿舍工作會議"}
    client.force_login(viewer)
    names, _ = names_in_search(client, q="2023-07-19")
    assert names == {"宿舍工作會議", "內部會議"}


def test_a_long_date_listing_pages_newest_first(client, db, django_assert_max_num_queries):
    for day in range(1, 29):
        f.MeetingFactory(name=f"二月會議{day}", year=2023, month=2, day=day)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("search:results"), {"q": "2023年2月", "page": 2})
    results = response.context["results"]
    assert results.total == 28
    assert [hit.meeting.day for hit in results.hits] == list(range(8, 0, -1))


def test_the_date_line_is_translated(client, meetings):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("search:results"), {"q": "7月19日"}).content.decode()
    assert "By date: 19 Jul" in html and "meetings whose year is unknown" in html
