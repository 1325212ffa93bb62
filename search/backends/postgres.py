"""PostgreSQL: the words as a tsquery of ``<->`` phrases against the stored ``tsvector`` and its
GIN indexes (migration 0002; a partial one over title and name rows), and the plans chosen from
ANALYZE's token statistics (search/statistics.py):

- rare words through the GIN index (up to cap + 1 matches give the counts and the page);
- frequent words walked newest first in page order (titles and names, then bodies), phrases in
  a bounded window first, the page and the capped counts from one pass;
- a person/unit filter naming few meetings: every row of those meetings.

The interface every backend offers is described in search/backends/__init__.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..entries import entries, meetings_matching, with_recheck
from ..meeting_sets import sort_key_bounds
from ..models import SearchEntry
from ..paging import (
    COUNT_CAP,
    DATE_ORDER,
    TITLE_ORDER,
    capped_rows,
    counts_and_page,
    kind_counts,
    walk,
)
from ..statistics import token_stats
from ..terms import Word
from ..text import Phrase


def _pg_phrase(phrase: Phrase) -> str:
    parts = [f"'{t}'" for t in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return " <-> ".join(parts)


def _pg_tsquery(words: list[Word]) -> str:
    return " & ".join(
        "("
        + " | ".join("(" + " & ".join(_pg_phrase(p) for p in a.phrases) + ")" for a in w.alternatives)
        + ")"
        for w in words
    )


# How the full-text condition is offered to the database.
SELECTIVE = "selective"  # ids from the GIN index first, then joined by primary key
TITLES = "titles"  # the same through the small partial GIN index of title and name rows
PLAIN = "plain"  # ``tsv @@ q``: the planner may use a GIN index (the partial one on titles)
WALK = "walk"  # ``COALESCE(tsv @@ q, false)``: not indexable, so rows are walked in index/physical order


def match_condition(words: list[Word], *, frequent: bool = False, mode: str | None = None) -> RawSQL:
    """The full-text WHERE condition for these words. Rare words drive the query from the GIN
    index; for ``frequent`` words the database walks the rows in sort order (or through a
    filter's index) and stops after a page, instead of sorting every match."""
    table = SearchEntry._meta.db_table
    mode = mode or (WALK if frequent else SELECTIVE)
    tsquery = f'"{table}"."tsv" @@ to_tsquery(\'simple\'::regconfig, %s)'
    sql = {
        SELECTIVE: f'"{table}"."id" = ANY(ARRAY(SELECT id FROM {table} WHERE {tsquery}))',
        TITLES: f'"{table}"."id" = ANY(ARRAY(SELECT id FROM {table} WHERE rank > 0 AND {tsquery}))',
        PLAIN: tsquery,
        # COALESCE hides the condition from the GIN index and from the planner's estimate
        # (taken as 0.5, where ``IS TRUE`` passed on the estimate of ``@@``, which multiplies
        # a phrase's token shares: 1 row for a phrase in 18,000, so it sorted a full scan):
        # it then walks the sort (or a filter's) index, or scans in physical order for a
        # count, and stops when it has enough.
        WALK: f"COALESCE({tsquery}, false)",
    }[mode]
    return with_recheck(sql, [_pg_tsquery(words)], words, "strpos")


def matching_meetings(words: list[Word], column: str, *, probe: bool) -> RawSQL:
    """Meetings with an index row matching the words, as a condition on ``column``. Rare words:
    a semi-join on the GIN index's matches. Frequent words (``probe``): an EXISTS probe of each
    meeting's rows, so a list walking meetings in date order stops after a page (the semi-join
    first collected every match: 0.45 s for 宿舍 at 100,000 meetings)."""
    return meetings_matching(match_condition(words, mode=WALK if probe else PLAIN), column, probe=probe)


def _entries(words, *, frequent=False, mode=None, **filters):
    """The index rows the filters allow, matching the words in ``mode`` (or by ``frequent``)."""
    walking = mode == WALK or (mode is None and frequent)
    return entries(match_condition(words, frequent=frequent, mode=mode), walking=walking, **filters)


def words_are_frequent(words: list[Word]) -> bool:
    """Whether a list filtered by these words should probe each meeting and be counted with a
    cap: on PostgreSQL, when the statistics say they are in more than FREQUENT_ROWS index rows (an
    exact count of the meetings then costs a pass over every match)."""
    if not is_frequent(words, COUNT_CAP):
        return False
    if not share_is_a_bound(words):
        return True
    # A phrase or AND of common tokens may itself be rare (新學期: 9,000 rows, each bigram in tens
    # of thousands; probing meetings for 1,000 of them took 0.37 s, its GIN bitmap 30 ms), or
    # common (後勤改革方案: 54,000 rows; the semi-join took 1.4 s). Its share among the newest
    # body rows tells which.
    found = _window(words, _NO_FILTERS, BODIES, BODY_WINDOW, BODY_WINDOW)
    if found.older_than is None:  # the window held every row: a small archive
        return False
    return len(found.hits) / BODY_WINDOW * token_stats().all_rows.rows > LIST_PROBE_ROWS


# Rows a phrase is estimated to match (from its share of the newest body rows) above which a list
# filtered by it probes meetings rather than collecting every match.
LIST_PROBE_ROWS = 20_000


_NO_FILTERS = {
    "user": None,
    "person": None,
    "role": None,
    "unit": None,
    "date_from": None,
    "date_to": None,
    "year": None,
    "month": None,
    "day": None,
    "meeting_ids": None,
}


# A query expected to match more rows than this is walked in sort order, not fetched from the index.
FREQUENT_ROWS = 5000


# A frequent phrase or AND whose rarest token is in at most this many rows may be counted through
# the GIN index when the body window finds it seldom (the bitmap costs about 0.4 ms per 1,000
# rows: 27 ms for a rarest bigram in 72,000); a phrase of commoner tokens is always walked, since
# its bitmap would cost more than the walk.
GIN_COUNT_ROWS = 100_000


def is_frequent(words: list[Word], cap: int) -> bool:
    """Whether the words are frequent enough to walk rows in sort order rather than fetch every
    match from the full-text index and sort it: judged from the column statistics (no query of
    the index, which for a frequent token would build the whole bitmap)."""
    if cap <= 0:
        return True
    return token_stats().all_rows.estimated_rows(words) > FREQUENT_ROWS


def share_is_a_bound(words: list[Word]) -> bool:
    """Whether the statistics give only an upper bound of the rows the words match: true for a
    phrase of several tokens, several phrases or several words; false when every word is one
    token (or one prefix), whose share the statistics give directly."""
    return len(words) > 1 or any(
        len(w.alternatives) > 1 or len(a.phrases) > 1 or len(a.phrases[0].tokens) > 1
        for w in words
        for a in w.alternatives
    )


# How many rows of a rank, newest first, a frequent query walks before it judges the words too
# rare there to be walked for (checking a row's words costs about 2 µs; a dense word stops far
# earlier, at the page).
TITLE_WINDOW = 8000


BODY_WINDOW = 3000


# Title rows a query is expected to match at most (by the title statistics, 0006) to be fetched
# whole through the partial title index (about 3 µs a row) without a walk first.
TITLE_INDEX_ROWS = 3000


# A phrase the body window found fewer times than this, or so seldom that filling the page would
# mean walking more rows than this, is counted through the GIN index instead.
MIN_WINDOW_HITS = 8


WALK_MAX_ROWS = 15_000


# Body rows: speeches, directives … (rank 0); titles are rank 1, people and units rank 2.
BODIES = Q(rank=0)


@dataclass
class Window:
    """What a walk through the newest rows of a rank found: the matches (up to the number asked
    for) and, when there are older rows than the window holds, the sort key below which they
    start (None: the window held every row, so ``hits`` are all the matches)."""

    hits: list[tuple[int, str]]
    older_than: int | None


def _window(words, filters, rows: Q, window: int, stop: int) -> Window:
    """The first ``stop`` matches, newest first, among about the newest ``window`` of ``rows``
    (one rank, or all rows for the date order). The window's end is a sort key found first by
    an index-only scan (0.05 µs a row, where checking a row's words costs 2 µs), so the walk
    reads about ``window`` rows however rare the words are, and stops at ``stop`` matches. The
    bound is a plain range on sort_key (a row comparison makes a backward btree scan 3× slower);
    the rows sharing the boundary's date all fall inside the window."""
    low, high = sort_key_bounds(
        filters["date_from"], filters["date_to"], filters["year"], filters["month"], filters["day"]
    )
    span = SearchEntry.objects.filter(rows)
    if low is not None:
        span = span.filter(sort_key__gte=low)
    if high is not None:
        span = span.filter(sort_key__lte=high)
    boundary = span.order_by(*DATE_ORDER).values_list("sort_key", flat=True)[window - 1 : window].first()
    rows_walked = _entries(words, mode=WALK, names=rows != BODIES, **filters).filter(rows)
    if boundary is not None:
        rows_walked = rows_walked.filter(sort_key__gte=boundary)
    hits = walk(rows_walked, DATE_ORDER, stop)
    return Window(hits, boundary if boundary is not None and len(hits) < stop else None)


def _walked_titles(words, filters, stop: int) -> list[tuple[int, str]]:
    """(id, kind) of the first ``stop`` title and name rows matching the words, in relevance
    order. Names (rank 2: people, units) are few, so all of them are read (a few thousand rows,
    where the title index may hold tens of thousands of matches for a common word). Titles
    (rank 1) of words rare among titles, by their own statistics, are fetched whole through the
    partial title index. For words common there, walk the newest titles first: ``stop`` hits
    there are the first ones, and a window that held every title (a date filter) has them all;
    otherwise the index fetches them after all (a phrase rarer than its tokens)."""
    names = walk(_entries(words, mode=WALK, **filters).filter(rank__gte=2), TITLE_ORDER, stop)
    by_index = _entries(words, mode=TITLES, **filters)
    stop -= len(names)
    if stop <= 0 or token_stats().titles.estimated_rows(words) <= TITLE_INDEX_ROWS:
        return names + walk(by_index.filter(rank=1), TITLE_ORDER, stop)
    found = _window(words, filters, Q(rank=1), TITLE_WINDOW, stop)
    if len(found.hits) == stop or found.older_than is None:
        return names + found.hits
    return names + walk(by_index.filter(rank=1), TITLE_ORDER, stop)


def _walked(words, filters, *, sort: str, stop: int, bounded: bool) -> list[tuple[int, str]] | None:
    """The first ``stop`` matches of frequent words in page order, so the page and the capped
    counts come from one pass. Relevance order has two parts: titles and names (see
    _walked_titles), then body rows (rank 0) newest first through the (rank, sort_key, id)
    index; one walk over both would first read every title row that does not match.

    Words the statistics only bound from above (``bounded``: a phrase or an AND, rarer than its
    tokens by an unknown amount) are first walked in a window of body rows, and the walk goes on
    below it. When the window found them seldom, they may be rare in the whole table too: None
    then asks the caller to count through the GIN index, since walking for a rare phrase reads
    every row. Other words are walked at once: their statistics say they are frequent."""
    titles = [] if sort == "date" else _walked_titles(words, filters, stop)
    need = stop - len(titles)
    if need <= 0:
        return titles
    bodies = Q() if sort == "date" else BODIES
    if not bounded:  # frequent by exact statistics: the walk needs no bound
        return titles + walk(
            _entries(words, mode=WALK, names=bodies != BODIES, **filters).filter(bodies), DATE_ORDER, need
        )
    found = _window(words, filters, bodies, BODY_WINDOW, need)
    hits = found.hits
    if len(hits) == need or found.older_than is None:
        return titles + hits
    if len(hits) < max(1, MIN_WINDOW_HITS) or need * BODY_WINDOW / len(hits) > WALK_MAX_ROWS:
        return None
    older = _entries(words, mode=WALK, names=bodies != BODIES, **filters).filter(
        bodies, sort_key__lt=found.older_than
    )
    return titles + hits + walk(older, DATE_ORDER, need - len(hits))


# A person or unit filter (with its dates) naming at most this many meetings is served by reading
# all their rows through the meeting index (about 15 rows a meeting, 2 µs a row), whatever the
# words: neither their frequency in the whole archive nor the planner's guess then matters.
FEW_MEETINGS = 400


def _of_few_meetings(words, filters) -> list[tuple[int, str, int, int]]:
    """(id, kind, rank, sort_key) of every match in the filter's few meetings. COALESCE keeps the
    GIN index out (its bitmap for a frequent word is the whole cost), so the meeting index
    drives the query."""
    rows = _entries(words, mode=WALK, **filters).values_list("id", "kind", "rank", "sort_key")
    try:
        return list(rows)
    except EmptyResultSet:  # a filter naming no meeting
        return []


def find(words, filters, *, sort, kinds, offset, limit, count_cap) -> tuple[dict[str, int], list[int]]:
    """The capped per-kind counts and the page's ids, by the plan the words and filters call for:
    - a person/unit filter naming few meetings: read every row of those meetings;
    - frequent words: walk in page order, the page and the counts in one pass;
    - otherwise through the full-text index: up to cap + 1 matches, which are the page too when
      they are all; more than that, the page in order."""
    ordering = DATE_ORDER if sort == "date" else TITLE_ORDER
    meeting_ids = filters["meeting_ids"]
    if meeting_ids is not None and len(meeting_ids) <= FEW_MEETINGS:
        return counts_and_page(_of_few_meetings(words, filters), sort, kinds, offset, limit, count_cap)
    frequent = is_frequent(words, count_cap)
    if frequent:
        stop = max(count_cap + 1, offset + limit)
        estimated = token_stats().all_rows.estimated_rows(words)
        bounded = share_is_a_bound(words) and estimated <= GIN_COUNT_ROWS
        walked = _walked(words, filters, sort=sort, stop=stop, bounded=bounded)
        if walked is not None:
            counts = kind_counts(walked[: count_cap + 1])
            if not kinds:
                return counts, [pk for pk, _ in walked[offset : offset + limit]]
            if len(walked) < stop:  # every match
                in_kinds = [row for row in walked if row[1] in kinds]
            else:
                in_kinds = _walked(
                    words, {**filters, "kinds": kinds}, sort=sort, stop=offset + limit, bounded=False
                )
            return counts, [pk for pk, _ in in_kinds[offset : offset + limit]]
        # Seldom in recent rows although its tokens are frequent (a phrase, an AND): counted
        # through the GIN index, whose bitmap for a rare enough token is cheap.
        qs = _entries(words, mode=PLAIN, **filters)
    else:
        qs = _entries(words, **filters)
    found = capped_rows(qs, count_cap)
    if len(found) <= count_cap:  # every match
        return counts_and_page(found, sort, kinds, offset, limit, count_cap)
    # More than a page can count, though not frequent enough to walk for: all of them
    # through the index, sorted (for a rare word, only the counts stopped at cap + 1).
    qs = _entries(words, mode=SELECTIVE, **filters)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return kind_counts(found), [pk for pk, _ in walk(qs, ordering, offset + limit)[offset:]]
