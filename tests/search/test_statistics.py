"""The token statistics the PostgreSQL plans are chosen by: read after ANALYZE, over all rows and
over title rows alone (migration 0006), and cached per process."""

import pytest
from django.db import connection

from search import statistics
from search.terms import parse_query
from tests import factories as f

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="token statistics exist on PostgreSQL only"
)


@pytest.fixture
def analysed(db):
    # Meeting names (title rows) all say 宿舍; speeches (body rows) say 維修, names never do.
    for i in range(30):
        meeting = f.MeetingFactory(name=f"宿舍工作會議{i}")
        f.SpeechFactory(meeting=meeting, text="維修工程進度")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    statistics.forget_token_stats()
    yield
    statistics.forget_token_stats()


def test_shares_over_all_rows_and_over_titles(analysed):
    stats = statistics.token_stats()
    assert stats.all_rows.rows > 0 and 0 < stats.titles.rows < stats.all_rows.rows
    assert stats.all_rows.share("宿舍") > 0 and stats.all_rows.share("维修") > 0
    assert stats.titles.share("宿舍") > stats.all_rows.share("宿舍")
    assert stats.titles.share("维修") == 0  # never in a title
    assert stats.all_rows.share("宿", prefix=True) >= stats.all_rows.share("宿舍")


def test_a_phrase_is_bounded_by_its_rarest_token(analysed):
    stats = statistics.token_stats().all_rows
    estimate = stats.estimated_rows(parse_query("維修工程"))
    rarest = min(stats.share(t) for t in ("维修", "修工", "工程"))
    assert estimate == pytest.approx(rarest * stats.rows)
    assert stats.estimated_rows(parse_query("從未出現")) == 0


def test_read_once_then_cached(analysed, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = statistics.token_stats()
    with django_assert_num_queries(0):
        assert statistics.token_stats() is first
