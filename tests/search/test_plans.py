"""Every way a search backend can answer a query gives the same hits, in the same order.

The plan (full-text index, walk in page order, window then walk, window then index, the rows of
a few meetings) is chosen from statistics a test database does not have, so each plan is forced
here, through the settings of the backend ``backend_for(connection)`` returns, and compared with the index plan on the whole case table, both sort orders, several pages
and a small count cap. On SQLite only the index and walk plans exist; CI runs this on both.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import meeting_sets, statistics
from search.backends import backend_for
from search.query import search
from tests import factories as f
from tests.search.test_cases import CASES, archive  # noqa: F401 (the fixture)

# Forced settings of the backend per plan; "index" is what an empty test database chooses.
PLANS = {
    "index": {},
    "walk": {"is_frequent": lambda words, cap: True, "share_is_a_bound": lambda words: False},
    "window-then-walk": {
        "is_frequent": lambda words, cap: True,
        "share_is_a_bound": lambda words: True,
        "GIN_COUNT_ROWS": float("inf"),
        "TITLE_INDEX_ROWS": -1,  # titles through the window too
        "TITLE_WINDOW": 2,
        "BODY_WINDOW": 2,
        "MIN_WINDOW_HITS": 1,
        "WALK_MAX_ROWS": float("inf"),
    },
    "window-then-index": {
        "is_frequent": lambda words, cap: True,
        "share_is_a_bound": lambda words: True,
        "GIN_COUNT_ROWS": float("inf"),
        "TITLE_INDEX_ROWS": -1,
        "TITLE_WINDOW": 1,
        "BODY_WINDOW": 1,
        "MIN_WINDOW_HITS": 10**9,
    },
    "few-meetings-never": {"FEW_MEETINGS": -1},
}

PAGES = [(0, 100, 200), (0, 2, 200), (2, 3, 200), (0, 100, 2), (1, 2, 2)]  # offset, limit, cap


def _force(monkeypatch, plan):
    """Set the plan's settings on this database's backend. SQLite has only the frequency switch
    of these; on PostgreSQL every name must exist, so a renamed setting fails here."""
    backend = backend_for(connection)
    for name, value in PLANS[plan].items():
        if connection.vendor == "postgresql" or hasattr(backend, name):
            monkeypatch.setattr(backend, name, value)


def _answer(archive, viewer, case, sort, offset, limit, cap):  # noqa: F811
    _id, q, who, kwargs, _expected = case
    kwargs = {k: archive[v] if k in ("person", "unit") else v for k, v in kwargs.items()}
    results = search(
        q,
        user=viewer if who == "staff" else None,
        sort=sort,
        offset=offset,
        limit=limit,
        count_cap=cap,
        **kwargs,
    )
    hits = [(hit.kind, hit.entry.object_id, hit.entry.part) for hit in results.hits]
    # Capped per-kind counts depend on which cap + 1 rows a plan saw first; the total does not.
    counts = None if results.capped else results.counts
    return hits, counts, results.total, results.capped


@pytest.mark.parametrize("plan", [p for p in PLANS if p != "index"])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_plans_agree_with_the_index_plan(archive, viewer, monkeypatch, plan, sort):  # noqa: F811
    expected = {
        (case[0], page): _answer(archive, viewer, case, sort, *page) for case in CASES for page in PAGES
    }
    _force(monkeypatch, plan)
    for case in CASES:
        for page in PAGES:
            assert _answer(archive, viewer, case, sort, *page) == expected[(case[0], page)], (case[0], page)


def test_the_index_plan_pages_through_every_hit_in_order(archive, viewer):  # noqa: F811
    """The reference itself: pages of two concatenate to the whole ordered list."""
    whole = search("後勤", user=viewer, limit=100).hits
    paged = [
        hit
        for offset in range(0, len(whole), 2)
        for hit in search("後勤", user=viewer, offset=offset, limit=2).hits
    ]
    assert [h.entry.pk for h in paged] == [h.entry.pk for h in whole]
    assert len(whole) >= 5
    ranks = [(h.entry.rank, h.entry.sort_key) for h in whole]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize("plan", list(PLANS))
@pytest.mark.parametrize("set_limit", [1, 0], ids=["mixed", "subqueries"])
def test_plans_agree_under_filter_subqueries(archive, viewer, monkeypatch, plan, set_limit):  # noqa: F811
    """The same with person/unit filters kept as subquery conditions (large meeting sets)."""
    cases = [c for c in CASES if {"person", "unit"} & set(c[3])]
    keys = [(case, sort, page) for case in cases for sort in ("relevance", "date") for page in PAGES]
    expected = {(c[0], sort, page): _answer(archive, viewer, c, sort, *page) for c, sort, page in keys}
    monkeypatch.setattr(meeting_sets, "MEETING_SET_MAX", set_limit)
    _force(monkeypatch, plan)
    for case, sort, page in keys:
        assert _answer(archive, viewer, case, sort, *page) == expected[(case[0], sort, page)], (
            case[0],
            sort,
            page,
        )


# The most queries a search of the case table takes under any plan (measured on both databases:
# parsing, the filters' meeting ids, the frequency check, the window's boundary, counts, page).
MAX_QUERIES = 12


@pytest.mark.parametrize("plan", list(PLANS))
def test_each_plan_answers_in_a_bounded_number_of_queries(archive, viewer, monkeypatch, plan):  # noqa: F811
    _force(monkeypatch, plan)
    for case in CASES:
        for sort in ("relevance", "date"):
            with CaptureQueriesContext(connection) as ctx:
                _answer(archive, viewer, case, sort, 0, 20, 200)
            assert len(ctx.captured_queries) <= MAX_QUERIES, (case[0], sort)


def _add_matching_meetings(start: int, count: int) -> None:
    for i in range(start, start + count):
        meeting = f.MeetingFactory(name=f"後勤工作例會{i}", year=2024, month=3, day=1 + i % 28)
        f.SpeechFactory(meeting=meeting, text="後勤服務要再上臺階。")


@pytest.fixture
def steady_statistics(monkeypatch):
    """The token statistics read before counting and kept for the whole test. A process reads
    them again once they are STATS_TTL_SECONDS old (one more query), which in a long run can
    fall between two counts that must be equal."""
    monkeypatch.setattr(statistics, "STATS_TTL_SECONDS", float("inf"))
    if connection.vendor == "postgresql":
        statistics.token_stats()


@pytest.mark.parametrize("plan", list(PLANS))
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_query_count_does_not_grow_with_matches(archive, viewer, monkeypatch, steady_statistics, plan, sort):  # noqa: F811
    """Past the count cap, three times as many matching meetings (titles and speeches) change
    the hits, not the number of queries of a page and its capped counts."""
    _force(monkeypatch, plan)

    def answer() -> tuple[int, list[int]]:
        with CaptureQueriesContext(connection) as ctx:
            results = search("後勤", user=viewer, sort=sort, limit=5, count_cap=10)
        assert results.capped and results.total == 10
        return len(ctx.captured_queries), [hit.entry.pk for hit in results.hits]

    _add_matching_meetings(0, 15)
    before, first_page = answer()
    _add_matching_meetings(15, 30)
    after, later_page = answer()
    assert later_page != first_page  # the newest meetings moved to the top
    assert after == before
