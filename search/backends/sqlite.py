"""SQLite: the words as an FTS5 query of quoted phrases against the ``search_fts`` table
(migration 0002), one plan with a walk in sort order for frequent words.

The interface every backend offers is described in search/backends/__init__.py.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import RawSQL

from ..entries import entries, meetings_matching, with_recheck
from ..models import SearchEntry
from ..paging import DATE_ORDER, TITLE_ORDER, capped_rows, counts_and_page, kind_counts, walk
from ..terms import Word
from ..text import Phrase

# More matches than this (asked of the FTS5 index, which stops there) make the words frequent.
SQLITE_FREQUENT_ROWS = 1000


def _fts5_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.tokens) + '"' + ("*" if phrase.prefix else "")


def _fts5_query(words: list[Word]) -> str:
    return " AND ".join(
        "("
        + " OR ".join("(" + " AND ".join(_fts5_phrase(p) for p in a.phrases) + ")" for a in w.alternatives)
        + ")"
        for w in words
    )


def match_condition(words: list[Word], *, frequent: bool = False, mode: str | None = None) -> RawSQL:
    """The full-text WHERE condition for these words. Rare words drive the query from the FTS5
    index; for ``frequent`` words the database walks the rows in sort order (or through a
    filter's index) and stops after a page. ``mode`` names PostgreSQL's plans: SQLite has none."""
    table = SearchEntry._meta.db_table
    # Frequent words: the unary + keeps SQLite from driving the query from the match set, so it
    # walks the sort (or filter) index and probes the match set, built once, until a page is full.
    plus = "+" if frequent else ""
    sql = f'{plus}"{table}"."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)'
    return with_recheck(sql, [_fts5_query(words)], words, "instr")


def matching_meetings(words: list[Word], column: str, *, probe: bool) -> RawSQL:
    """Meetings with an index row matching the words, as a condition on ``column``: a semi-join
    on the FTS5 matches, or an EXISTS probe per meeting when ``probe``."""
    return meetings_matching(match_condition(words), column, probe=probe)


def words_are_frequent(words: list[Word]) -> bool:
    """SQLite counts every meeting list exactly (its archives are small)."""
    return False


def is_frequent(words: list[Word], cap: int) -> bool:
    """Whether the words are frequent enough to walk rows in sort order rather than fetch every
    match from the full-text index and sort it: asked of the FTS5 index, which stops at
    SQLITE_FREQUENT_ROWS + 1."""
    if cap <= 0:
        return True
    sql = "SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT %s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_query(words), SQLITE_FREQUENT_ROWS + 1])
        return cursor.fetchone()[0] > SQLITE_FREQUENT_ROWS


def _entries(words, *, frequent=False, mode=None, **filters):
    return entries(match_condition(words, frequent=frequent), **filters)


def find(words, filters, *, sort, kinds, offset, limit, count_cap) -> tuple[dict[str, int], list[int]]:
    """The capped per-kind counts and the page's ids: up to cap + 1 matches, which are the page
    too when they are all; more than that, the page in order (walked, for frequent words)."""
    ordering = DATE_ORDER if sort == "date" else TITLE_ORDER
    frequent = is_frequent(words, count_cap)
    qs = _entries(words, frequent=frequent, **filters)
    found = capped_rows(qs, count_cap)
    if len(found) <= count_cap:  # every match
        return counts_and_page(found, sort, kinds, offset, limit, count_cap)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return kind_counts(found), [pk for pk, _ in walk(qs, ordering, offset + limit)[offset:]]
