"""The query API: ``search(q, user=…, filters…)`` → results grouped by kind, with counts.

A query is words (split on spaces; ``"quoted text"`` is one word), all of which must match
(AND). Each word is folded like the index (t2s, half-width, lower case) and becomes one or more
phrases of index tokens (search/terms.py); a word that is pinyin for known people (``zmz``,
``zhang maizeng``) also matches their names. The database's backend (search/backends/:
PostgreSQL tsquery with ``<->``, SQLite FTS5 quoted phrases) finds the matches, exact for a
phrase; only a word split by punctuation or spaces is rechecked as a substring of the folded
text. The filters become meeting ids or conditions (search/meeting_sets.py), the rows a reader
may see come from search/entries.py, and counts and pages from search/paging.py.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import connection
from django.db.models.expressions import RawSQL

from minutes import revision

from .backends import backend_for
from .entries import visibility_floor
from .meeting_sets import filter_meeting_ids, narrowed_by_date, on_day_any_year, pk_of
from .paging import COUNT_CAP, entries_by_id, listed
from .results import Hit, SearchResults
from .terms import Word, parse_query

__all__ = ["COUNT_CAP", "Word", "matching_meetings", "parse_query", "search", "words_are_frequent"]

_NON_WORD = re.compile(r"[^\w]+")


def matching_meetings(words: list[Word], column: str, *, probe: bool | None = None) -> RawSQL:
    """A condition on a meeting id ``column`` (say ``"minutes_meeting"."id"``): meetings with an
    index row matching the words (the meeting list's word filter). Visibility is the caller's:
    the list starts from the meetings the reader may see.

    Rare words: a semi-join on the full-text index's matches. Frequent words (PostgreSQL): an
    EXISTS probe of each meeting's rows, so a list walking meetings in date order stops after a
    page; count such a list with a cap. ``probe`` is ``words_are_frequent(words)``, asked here
    when not given."""
    probe = words_are_frequent(words) if probe is None else probe
    return backend_for(connection).matching_meetings(words, column, probe=probe)


def words_are_frequent(words: list[Word]) -> bool:
    """Whether a list filtered by these words should probe each meeting and be counted with a
    cap (PostgreSQL, for words in many index rows; SQLite counts every list exactly)."""
    return backend_for(connection).words_are_frequent(words)


def search(
    q: str,
    *,
    user=None,
    kinds: list[str] | None = None,
    person=None,
    role: str | None = None,
    unit=None,
    date_from: date | None = None,
    date_to: date | None = None,
    year: int | None = None,
    month: int | None = None,
    day: int | None = None,
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    count_cap: int = COUNT_CAP,
) -> SearchResults:
    """Search every kind of record the user may see. Counts cover all kinds (for the tabs) and
    stop at ``count_cap``; ``kinds`` narrows the hits. ``sort`` is 'relevance' (titles and names
    with the words first, then newest) or 'date' (newest first). A ``day`` without a year is
    that day of every year, and of meetings whose year is unknown.

    Without words, a date filter lists the meetings of that period (their title rows), newest
    first; with neither, there is nothing to search."""
    words = parse_query(q, user)
    dated = bool(date_from or date_to or year or month or day)
    if not words and not dated:
        return SearchResults(q, [], {}, 0, False, [], offset, limit)
    meeting_ids = filter_meeting_ids(person, role, unit)
    if day and not year and meeting_ids is None and pk_of(person) is None and pk_of(unit) is None:
        meeting_ids = on_day_any_year(month, day)
    filters = {
        "user": user,
        "person": person,
        "role": role,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "year": year,
        "month": month,
        "day": day,
        "meeting_ids": narrowed_by_date(meeting_ids, date_from, date_to, year, month, day),
    }
    offset = max(0, min(offset, count_cap))

    def find():
        if words:
            return backend_for(connection).find(
                words, filters, sort=sort, kinds=kinds, offset=offset, limit=limit, count_cap=count_cap
            )
        return listed(filters, kinds=kinds, offset=offset, limit=limit, count_cap=count_cap)

    # The capped counts and the page's ids, kept per archive revision (any write makes a new one)
    # for what decides them: the words as parsed, the kind of reader and every filter. Counting
    # the first 200 matches of a frequent word cost most of a search (18 of 31 ms at 100,000
    # meetings).
    shown = {**filters, "user": visibility_floor(user), "person": pk_of(person), "unit": pk_of(unit)}
    if shown["meeting_ids"] is not None:
        shown["meeting_ids"] = sorted(shown["meeting_ids"])
    key = f"search:{connection.vendor}:{words!r}:{sorted(shown.items())!r}:{sort}:{kinds!r}:{offset}:{limit}:{count_cap}"
    counts, page = revision.cached(key, find)
    rows = entries_by_id(page)
    total = sum(counts.values())
    capped = total > count_cap
    needles = [a.literal for w in words for a in w.alternatives]
    needles += [
        part for w in words for a in w.alternatives if a.needs_recheck for part in _NON_WORD.split(a.literal)
    ]
    hits = [Hit(entry, needles) for entry in rows]
    return SearchResults(
        q, words, counts, min(total, count_cap) if capped else total, capped, hits, offset, limit
    )
