"""Counts and one page from index rows, the same for every backend: the capped per-kind counts,
rows in page order (relevance: titles and names first, then newest; or date), and the page's
rows fetched with their meetings.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from .entries import entries
from .meeting_sets import sort_key_bounds
from .models import SearchEntry

Kind = SearchEntry.Kind

# Counts stop here ("200+"): counting further costs a walk over every further match (most of a
# frequent word's query time at 1,000 rows) for a number nobody pages through.
COUNT_CAP = 200


# Relevance: names (rank 2), then titles (rank 1), then body rows (rank 0), each newest first.
TITLE_ORDER = ["-rank", "-sort_key", "-id"]
DATE_ORDER = ["-sort_key", "-id"]
PAGE_DEFER = ("bigrams", "meeting__summary", "meeting__source_spans", "meeting__locked_fields")


def walk(qs: QuerySet[SearchEntry], ordering: list[str], stop: int) -> list[tuple[int, str]]:
    """(id, kind) of the first ``stop`` rows in this order: only index columns, no join."""
    if stop <= 0:
        return []
    try:
        return list(qs.order_by(*ordering).values_list("id", "kind")[:stop])
    except EmptyResultSet:  # a filter naming no meeting
        return []


def capped_rows(qs: QuerySet[SearchEntry], cap: int) -> list[tuple[int, str, int, int]]:
    """(id, kind, rank, sort_key) of up to cap + 1 matches, in no order: the counts, and when
    they are all the matches, the page too, from one pass over the index."""
    try:
        return list(qs.order_by().values_list("id", "kind", "rank", "sort_key")[: cap + 1])
    except EmptyResultSet:  # a filter naming no meeting
        return []


def in_page_order(rows: list[tuple[int, str, int, int]], sort: str) -> list[tuple[int, str]]:
    """(id, kind) of these rows in page order (the order of TITLE_ORDER or DATE_ORDER)."""
    if sort == "date":
        rows = sorted(rows, key=lambda r: (r[3], r[0]), reverse=True)
    else:
        rows = sorted(rows, key=lambda r: (r[2], r[3], r[0]), reverse=True)
    return [(pk, kind) for pk, kind, _, _ in rows]


def kind_counts(rows) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    return counts


def counts_and_page(rows, sort, kinds, offset, limit, count_cap) -> tuple[dict[str, int], list[int]]:
    """Counts and page from every match: (id, kind, rank, sort_key) rows in no order."""
    ordered = in_page_order(rows, sort)
    in_kinds = [row for row in ordered if row[1] in kinds] if kinds else ordered
    return kind_counts(ordered[: count_cap + 1]), [pk for pk, _ in in_kinds[offset : offset + limit]]


def entries_by_id(ids: list[int]) -> list[SearchEntry]:
    """The page's rows with their meetings, in the order of ``ids``."""
    if not ids:
        return []
    rows = SearchEntry.objects.filter(pk__in=ids).select_related("meeting").defer(*PAGE_DEFER)
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def listed(filters, *, kinds, offset, limit, count_cap) -> tuple[dict[str, int], list[int]]:
    """Without words: the capped count and the page of the meetings the filters name, newest
    first, as their title rows (rank 1 of a meeting is its name).

    The dates are given as a range of sort_key, so the (rank, sort_key, id) index reads only
    title rows, in page order. With the date conditions as such, PostgreSQL, taking them as
    independent, expected a handful of rows and combined three bitmap indexes (a two-year range:
    65 ms; 3 ms this way)."""
    low, high = sort_key_bounds(
        filters["date_from"], filters["date_to"], filters["year"], filters["month"], filters["day"]
    )
    replaced = {"date_from": None, "date_to": None}
    if filters["year"]:  # the bounds hold the year, and the month and day with it, exactly
        replaced.update(year=None, month=None, day=None)
    qs = entries(None, kinds=[Kind.MEETING], **{**filters, **replaced}).filter(rank=1)
    if low is not None:
        qs = qs.filter(sort_key__gte=low)
    if high is not None:
        qs = qs.filter(sort_key__lte=high)
    if filters["date_from"] or filters["date_to"]:
        qs = qs.filter(date__isnull=False)  # with the bounds, the date range: sort_key is the date
    found = capped_rows(qs, count_cap)
    if len(found) <= count_cap:  # every meeting
        return counts_and_page(found, "date", kinds, offset, limit, count_cap)
    if kinds and Kind.MEETING not in kinds:
        return kind_counts(found), []
    return kind_counts(found), [pk for pk, _ in walk(qs, DATE_ORDER, offset + limit)[offset:]]
