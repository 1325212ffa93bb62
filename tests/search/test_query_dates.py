"""Dates typed into the search box are told apart from the words (minutes.query_dates)."""

import pytest

from minutes.query_dates import QueryDate, split_date


@pytest.mark.parametrize(
    ("query", "date"),
    [
        ("2023-07-19", QueryDate(2023, 7, 19)),
        ("2023/7/19", QueryDate(2023, 7, 19)),
        ("2023.07.19", QueryDate(2023, 7, 19)),
        ("2023-07", QueryDate(2023, 7)),
        ("2023年7月19日", QueryDate(2023, 7, 19)),
        ("2023年7月19號", QueryDate(2023, 7, 19)),
        ("2023年7月19号", QueryDate(2023, 7, 19)),
        ("2023 年 7 月 19 日", QueryDate(2023, 7, 19)),
        ("7月19日", QueryDate(None, 7, 19)),
        ("07月09號", QueryDate(None, 7, 9)),
        ("2023年7月", QueryDate(2023, 7)),
        ("2023年7月份", QueryDate(2023, 7)),
        ("2023年", QueryDate(2023)),
        ("２０２３年７月", QueryDate(2023, 7)),
        ("２０２３－０７－１９", QueryDate(2023, 7, 19)),
        ("二〇二三年七月十九日", QueryDate(2023, 7, 19)),
        ("二〇二三年十二月", QueryDate(2023, 12)),
        ("十二月三十一日", QueryDate(None, 12, 31)),
        ("2月29日", QueryDate(None, 2, 29)),
    ],
)
def test_a_date_alone_leaves_no_words(query, date):
    assert split_date(query) == ("", date)


@pytest.mark.parametrize(
    ("query", "words", "date"),
    [
        ("宿舍 2023年7月", "宿舍", QueryDate(2023, 7)),
        ("2023年7月19日上午 後勤", "上午 後勤", QueryDate(2023, 7, 19)),
        ("張麥曾 7月19號 講話", "張麥曾 講話", QueryDate(None, 7, 19)),
        # only the first date is the filter; a second stays a word
        ("2023年 2024年", "2024年", QueryDate(2023)),
    ],
)
def test_the_date_is_taken_out_of_the_words(query, words, date):
    assert split_date(query) == (words, date)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "宿舍",
        "2023",  # a bare number may be a word in the text
        "7月",  # a month alone is not a date here
        "19日",
        "2023年度工作",
        "1990年代",
        "2024年2月30日",
        "2023年13月",
        "2023-13-01",
        "1066年",
        '"2023年7月19日"',  # quoted: the phrase as written
        "12023年",
        "v2023.07.19.1",
    ],
)
def test_no_date(query):
    words, date = split_date(query)
    assert date is None
    assert words == query


def test_a_year_less_date_matches_any_year():
    assert QueryDate(None, 7, 19).any_year
    assert QueryDate(None, 7, 19).lookups() == {"month": 7, "day": 19}
    assert QueryDate(2023, 7, 19).lookups() == {"year": 2023, "month": 7, "day": 19}
    assert not QueryDate(2023).any_year
