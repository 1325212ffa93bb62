"""Every text query a reader types is bounded the same way (minutes.text_input): past 200 characters
or 12 terms it is cut down and the page says so, instead of an error or a slow query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.text_input import QUERY_MAX_CHARS, QUERY_MAX_TERMS, bound_query
from tests import factories as f

NOTICE = "查詢太長"
LIST_PAGES = ["minutes:meeting_list", "search:results", "people:person_list", "orgunits:unit_list"]
# Twelve terms every page can match, then one that matches nothing: found only once it is cut.
TWELVE_THEN_ONE = " ".join(["後勤"] * QUERY_MAX_TERMS + ["無此一詞"])


@pytest.fixture
def archive(db):
    meeting = f.MeetingFactory(name="後勤幹部大會")
    f.SpeechFactory(meeting=meeting, order=1, text="後勤改革方案要落實。")
    f.OrgUnitFactory(name="後勤管理處")
    return meeting


def test_bound_query_cuts_characters_then_terms():
    assert bound_query("  後勤\x00改革 ") == ("後勤改革", False)
    long = bound_query("字" * 1000)
    assert long.text == "字" * QUERY_MAX_CHARS and long.trimmed
    many = bound_query(" ".join(str(n) for n in range(100)))
    assert many.text.split() == [str(n) for n in range(QUERY_MAX_TERMS)] and many.trimmed
    assert bound_query(None) == ("", False)
    assert NOTICE in long.notice and bound_query("後勤").notice == ""


@pytest.mark.parametrize("url_name", LIST_PAGES)
@pytest.mark.parametrize("query", ["後" * 5000, " ".join(["後勤"] * 200)])
def test_an_overlong_query_is_answered_politely(client, archive, url_name, query):
    response = client.get(reverse(url_name), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert NOTICE in html
    assert 'class="form-errors"' not in html
    assert 'maxlength="200"' in html


@pytest.mark.parametrize("url_name", LIST_PAGES)
def test_a_short_query_gets_no_notice(client, archive, url_name):
    html = client.get(reverse(url_name), {"q": "後勤"}).content.decode()
    assert NOTICE not in html


@pytest.mark.parametrize("url_name", ["minutes:meeting_list", "search:results"])
def test_terms_past_the_twelfth_are_not_searched(client, archive, url_name):
    html = client.get(reverse(url_name), {"q": TWELVE_THEN_ONE}).content.decode()
    assert "後勤幹部大會" in html


def test_the_notice_is_translated(client, archive):
    client.cookies["django_language"] = "en"  # the reader's explicit choice
    html = client.get(
        reverse("people:person_list"),
        {"q": "x" * 500},
    ).content.decode()
    assert NOTICE not in html
    assert f"first {QUERY_MAX_CHARS} characters" in html


@pytest.mark.parametrize(
    ("query", "never_sent"),
    [("張" * 5000, "张" * (QUERY_MAX_CHARS + 1)), ("zhang " * 300, "zhang" * (QUERY_MAX_TERMS + 1))],
)
def test_autocomplete_looks_at_a_bounded_query(client, archive, query, never_sent):
    f.PersonFactory(name="張邁曾")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search:people_autocomplete"), {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json(), list)
    assert queries.captured_queries, "the autocomplete asked the database"
    assert not any(never_sent in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("field", ["person_name", "venue"])
def test_the_lists_other_text_fields_are_bounded_too(client, archive, field):
    response = client.get(reverse("minutes:meeting_list"), {field: "科學館 " * 2000})
    assert response.status_code == 200
    assert f'name="{field}" maxlength="{QUERY_MAX_CHARS}"' in response.content.decode()
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("minutes:meeting_list"), {field: "科學館 " * 2000})
    assert all(len(q["sql"]) < 20_000 for q in captured.captured_queries)
