"""The query API: ``search(q, user=…, filters…)`` → results grouped by kind, with counts.

A query is words (split on spaces; ``"quoted text"`` is one word), all of which must match
(AND). Each word is folded like the index (t2s, half-width, lower case) and becomes one or more
phrases of index tokens; a word that is pinyin for known people (``zmz``, ``zhang maizeng``) also
matches their names. The database finds candidates with phrase queries (PostgreSQL tsquery with
``<->``, SQLite FTS5 quoted phrases), which are exact for a phrase; only a word split by
punctuation or spaces is rechecked as a substring of the folded text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString

from minutes.chinese import looks_like_pinyin, normalize_pinyin_query
from minutes.highlighting import Span, mark_source
from minutes.models import UNIT_TIES, Meeting, meeting_id_queries, person_ties
from orgunits.models import OrgUnit
from people.models import Person

from .models import SearchEntry, Visibility
from .statistics import token_stats
from .text import Phrase, fold, query_phrases

Kind = SearchEntry.Kind
# Counts stop here ("200+"): counting further costs a walk over every further match (most of a
# frequent word's query time at 1,000 rows) for a number nobody pages through.
COUNT_CAP = 200
MAX_PINYIN_PEOPLE = 20
SNIPPET_CHARS = 120
ROLES = ("chaired", "spoke", "attended", "appointed", "directive")
# Person and unit rows carry no meeting: meeting-level filters leave them out.
MEETING_KINDS = (Kind.MEETING, Kind.SPEECH, Kind.DIRECTIVE, Kind.APPOINTMENT, Kind.DECISION, Kind.TASK)

_WORDS = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)')
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")
_NON_WORD = re.compile(r"[^\w]+")


# ---------------------------------------------------------------- parsing the query


@dataclass(frozen=True)
class Alternative:
    """One way a word can match: a folded literal and the phrases it needs."""

    literal: str
    phrases: tuple[Phrase, ...]

    @property
    def needs_recheck(self) -> bool:
        return len(self.phrases) > 1


@dataclass
class Word:
    text: str
    alternatives: list[Alternative] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    @property
    def needs_recheck(self) -> bool:
        return any(a.needs_recheck for a in self.alternatives)


def _alternative(text: str) -> Alternative | None:
    literal = fold(text).strip()
    phrases = tuple(query_phrases(literal))
    return Alternative(literal, phrases) if phrases else None


def _people_for_pinyin(text: str, people: QuerySet[Person]) -> list[Person]:
    key = normalize_pinyin_query(text)
    if len(key) < 2:
        return []
    exact = list(people.filter(pinyin_keys__key=key).distinct()[:MAX_PINYIN_PEOPLE])
    if exact:
        return exact
    return list(people.filter(pinyin_keys__key__startswith=key).distinct()[:MAX_PINYIN_PEOPLE])


def _word(text: str, people: list[Person] | None = None) -> Word | None:
    word = Word(text, people=people or [])
    literal = _alternative(text)
    if literal:
        word.alternatives.append(literal)
    for person in word.people:
        alt = _alternative(person.name)
        if alt and alt not in word.alternatives:
            word.alternatives.append(alt)
    return word if word.alternatives else None


def parse_query(q: str, user=None) -> list[Word]:
    """Words of the query; pinyin (the whole query, or single Latin words) becomes the names of
    people ``user`` may know of (a hidden person's name would tell that they exist)."""
    known = Person.objects.visible_to(user)
    q = (q or "").strip()
    if not q:
        return []
    if looks_like_pinyin(q) and " " in q:  # "zhang maizeng": try the whole query as one name first
        people = _people_for_pinyin(q, known)
        if people:
            word = Word(q, people=people)
            for person in people:
                alt = _alternative(person.name)
                if alt and alt not in word.alternatives:
                    word.alternatives.append(alt)
            return [word]
    words = []
    for match in _WORDS.finditer(q):
        quoted = next((g for g in match.groups()[:3] if g is not None), None)
        text = quoted if quoted is not None else _EDGE_PUNCT.sub("", match.group(4))
        if not text.strip():
            continue
        people = _people_for_pinyin(text, known) if quoted is None and looks_like_pinyin(text) else []
        word = _word(text, people)
        if word:
            words.append(word)
    return words


# ---------------------------------------------------------------- per database


def _pg_phrase(phrase: Phrase) -> str:
    parts = [f"'{t}'" for t in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return " <-> ".join(parts)


def _fts5_phrase(phrase: Phrase) -> str:
    return '"' + " ".join(phrase.tokens) + '"' + ("*" if phrase.prefix else "")


def _pg_tsquery(words: list[Word]) -> str:
    return " & ".join(
        "("
        + " | ".join("(" + " & ".join(_pg_phrase(p) for p in a.phrases) + ")" for a in w.alternatives)
        + ")"
        for w in words
    )


def _fts5_query(words: list[Word]) -> str:
    return " AND ".join(
        "("
        + " OR ".join("(" + " AND ".join(_fts5_phrase(p) for p in a.phrases) + ")" for a in w.alternatives)
        + ")"
        for w in words
    )


# How the full-text condition is offered to the database (PostgreSQL; SQLite has two plans).
SELECTIVE = "selective"  # ids from the GIN index first, then joined by primary key
TITLES = "titles"  # the same through the small partial GIN index of title and name rows
PLAIN = "plain"  # ``tsv @@ q``: the planner may use a GIN index (the partial one on titles)
WALK = "walk"  # ``COALESCE(tsv @@ q, false)``: not indexable, so rows are walked in index/physical order


def match_condition(words: list[Word], *, frequent: bool = False, mode: str | None = None) -> RawSQL:
    """The full-text WHERE condition for these words on the current database. Rare words drive
    the query from the full-text index; for ``frequent`` words the database walks the rows in sort
    order (or through a filter's index) and stops after a page, instead of sorting every match."""
    table = SearchEntry._meta.db_table
    if connection.vendor == "postgresql":
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
        params = [_pg_tsquery(words)]
    else:
        # Frequent words: the unary + keeps SQLite from driving the query from the match set, so it
        # walks the sort (or filter) index and probes the match set, built once, until a page is full.
        plus = "+" if frequent else ""
        sql = f'{plus}"{table}"."id" IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)'
        params = [_fts5_query(words)]
    position = "strpos" if connection.vendor == "postgresql" else "instr"
    for word in words:
        if word.needs_recheck:
            checks = [f'{position}("{table}"."text_folded", %s) > 0' for _ in word.alternatives]
            sql += " AND (" + " OR ".join(checks) + ")"
            params += [a.literal for a in word.alternatives]
    return RawSQL(sql, params, output_field=BooleanField())


def matching_meetings(words: list[Word], column: str, *, probe: bool | None = None) -> RawSQL:
    """A condition on a meeting id ``column`` (say ``"minutes_meeting"."id"``): meetings with an
    index row matching the words (the meeting list's word filter). Visibility is the caller's:
    the list starts from the meetings the reader may see.

    Rare words: a semi-join on the GIN index's matches. Frequent words (PostgreSQL): an EXISTS
    probe of each meeting's rows, so a list walking meetings in date order stops after a page
    (the semi-join first collected every match: 0.45 s for 宿舍 at 100,000 meetings); count such
    a list with a cap. ``probe`` is ``words_are_frequent(words)``, asked here when not given."""
    table = SearchEntry._meta.db_table
    if words_are_frequent(words) if probe is None else probe:
        match = match_condition(words, mode=WALK)
        return RawSQL(
            f"EXISTS (SELECT 1 FROM {table} WHERE {table}.meeting_id = {column} AND {match.sql})",
            match.params,
            output_field=BooleanField(),
        )
    match = match_condition(words, mode=PLAIN)
    return RawSQL(
        f"{column} IN (SELECT meeting_id FROM {table} WHERE meeting_id IS NOT NULL AND {match.sql})",
        match.params,
        output_field=BooleanField(),
    )


def words_are_frequent(words: list[Word]) -> bool:
    """Whether a list filtered by these words should probe each meeting and be counted with a
    cap: on PostgreSQL, when the statistics say they are in more than FREQUENT_ROWS index rows (an
    exact count of the meetings then costs a pass over every match)."""
    if connection.vendor != "postgresql" or not _is_frequent(words, COUNT_CAP):
        return False
    if not _share_is_a_bound(words):
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


# ---------------------------------------------------------------- filters


def _person_sources(person_id: int, role: str | None = None) -> list[QuerySet]:
    """Queries of meeting ids, one per model, of the person's ties (PERSON_TIES) in ``role``."""
    return meeting_id_queries(person_ties(role), person_id)


def _unit_sources(unit_id: int) -> list[QuerySet]:
    """Queries of meeting ids, one per model, of the unit's ties (UNIT_TIES)."""
    return meeting_id_queries(UNIT_TIES, unit_id)


def _subquery_condition(querysets: list[QuerySet], field: str = "meeting_id") -> Q:
    condition = Q()
    for qs in querysets:
        condition |= Q(**{f"{field}__in": qs})
    return condition


def meetings_with_person(person_id: int, role: str | None = None) -> Q:
    """Meetings involving the person (in ``role`` when given), as a condition on meeting_id."""
    return _subquery_condition(_person_sources(person_id, role))


def meetings_with_unit(unit_id: int) -> Q:
    """Meetings involving the unit, as a condition on meeting_id."""
    return _subquery_condition(_unit_sources(unit_id))


def _sort_key_bounds(date_from, date_to, year, month, day=None) -> tuple[int | None, int | None]:
    """The date filters as a range of ``sort_key`` (yyyymmdd), implied by them, so a walk of the
    (sort_key, id) index starts and stops at the range instead of reading every newer row."""
    low = high = None
    if year and month and day:
        low = high = year * 10000 + month * 100 + day
    elif year:
        low, high = year * 10000 + (month or 0) * 100, year * 10000 + (month or 12) * 100 + 99
    if date_from:
        key = date_from.year * 10000 + date_from.month * 100 + date_from.day
        low = key if low is None else max(low, key)
    if date_to:
        key = date_to.year * 10000 + date_to.month * 100 + date_to.day
        high = key if high is None else min(high, key)
    return low, high


# A person/unit filter naming at most this many meetings drives the query from those meetings'
# rows (found through the meeting index, each checked against the words) instead of walking the
# whole index in date order and probing the filter's subqueries on every row. (A larger set read
# into a list costs more than the subqueries: 23 ms to fetch a unit's 10,000 meetings, and a
# 17,000-element array took the planner 21 ms.)
MEETING_SET_MAX = 3000


def id_in(column: str, ids) -> RawSQL:
    """``column`` is one of ``ids``, with the ids as one parameter whatever their number (an
    array on PostgreSQL, a JSON list on SQLite), not thousands of placeholders."""
    ids = sorted(ids)
    if connection.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(%s)", [ids], output_field=BooleanField())
    return RawSQL(
        f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)], output_field=BooleanField()
    )


def _meeting_ids(querysets: list[QuerySet], limit: int) -> set[int] | None:
    """The meeting ids the querysets name, or None as soon as they are more than ``limit``. One
    bounded query per source, not one UNION: a dense source (a unit's organised meetings) is
    then given up after ``limit`` index entries instead of being read and merged whole."""
    ids: set[int] = set()
    for qs in querysets:
        # DISTINCT: limit + 1 rows of one meeting (a person's three speeches in it) would look
        # like a complete set and hide the person's other meetings.
        (column,) = qs.query.values_select
        found = list(qs.order_by().values_list(column, flat=True).distinct()[: limit + 1])
        ids.update(found)
        if len(found) > limit or len(ids) > limit:
            return None
    return ids


def filter_meeting_ids(person=None, role: str | None = None, unit=None, *, limit: int | None = None):
    """The meetings the person (in ``role``) and unit filters name, when one of them names at most
    ``limit`` (default MEETING_SET_MAX) meetings; None when there is no such filter or every set
    is larger (then the filters stay subquery conditions: a large set is dense enough to be met
    soon in date order)."""
    limit = MEETING_SET_MAX if limit is None else limit
    sources = []
    if _pk(person) is not None:
        sources.append(_person_sources(_pk(person), role))
    if _pk(unit) is not None:
        sources.append(_unit_sources(_pk(unit)))
    sets = [_meeting_ids(querysets, limit) for querysets in sources]
    known = [ids for ids in sets if ids is not None]
    if not known:
        return None
    ids = set.intersection(*known)
    for querysets, found in zip(sources, sets, strict=True):
        if found is None and ids:  # the other filter's large set: checked on the few meetings
            narrowed = Meeting.objects.filter(id_in('"minutes_meeting"."id"', ids))
            narrowed = narrowed.filter(_subquery_condition(querysets, "pk"))
            ids = set(narrowed.values_list("pk", flat=True))
    return ids


def _on_day_any_year(month, day, limit: int = MEETING_SET_MAX) -> set[int] | None:
    """The meetings on this month and day of any year (or of an unknown one), through the
    (month, day) index, or None when they are more than ``limit``: the index rows have no day
    column, so without these ids a search would walk every row to find the day."""
    ids = list(Meeting.objects.filter(month=month, day=day).values_list("pk", flat=True)[: limit + 1])
    return set(ids) if len(ids) <= limit else None


def _narrowed_by_date(ids: set[int] | None, date_from, date_to, year, month, day=None) -> set[int] | None:
    """The meetings of ``ids`` within the date filters (the index rows carry the same dates), so
    the rows read through the meeting index are only those of meetings in the range."""
    if not ids or not (date_from or date_to or year or month or day):
        return ids
    meetings = Meeting.objects.filter(id_in('"minutes_meeting"."id"', ids))
    if date_from:
        meetings = meetings.filter(date__gte=date_from)
    if date_to:
        meetings = meetings.filter(date__lte=date_to)
    if year:
        meetings = meetings.filter(year=year)
    if month:
        meetings = meetings.filter(month=month)
    if day:
        meetings = meetings.filter(day=day)
    return set(meetings.values_list("pk", flat=True))


# The SQL of _names_known_to per visibility floor: built and compiled once per process (the
# nested EXISTS of Person/OrgUnit.visible_to took 8 ms of Python per query, 30 ms a search).
_NAMES_SQL: dict[int, tuple[str, tuple]] = {}


def _names_known_to(user) -> RawSQL:
    """Person and unit rows carry no meeting, so no visibility of their own: they are shown only
    for people and units the user may know of (``visible_to``). The EXISTS runs for name rows
    alone, a few among the meetings' rows."""
    floor = visibility_floor(user)
    if floor not in _NAMES_SQL:
        table = SearchEntry._meta.db_table
        row = RawSQL(f'"{table}"."object_id"', [])
        people = Person.objects.visible_to(user).filter(pk=row).values("pk").query.sql_with_params()
        units = OrgUnit.objects.visible_to(user).filter(pk=row).values("pk").query.sql_with_params()
        kinds = ", ".join(["%s"] * len(MEETING_KINDS))
        sql = (
            f'("{table}"."kind" IN ({kinds})'
            f' OR ("{table}"."kind" = %s AND EXISTS ({people[0]}))'
            f' OR ("{table}"."kind" = %s AND EXISTS ({units[0]})))'
        )
        kind_values = [str(kind) for kind in (*MEETING_KINDS, Kind.PERSON)]
        _NAMES_SQL[floor] = (sql, (*kind_values, *people[1], str(Kind.UNIT), *units[1]))
    sql, params = _NAMES_SQL[floor]
    return RawSQL(sql, params, output_field=BooleanField())


def visibility_floor(user) -> int:
    """Mirror of Meeting.objects.visible_to(): signed-in users also see internal meetings."""
    if user is not None and user.is_authenticated:
        return Visibility.INTERNAL
    return Visibility.PUBLIC


def _pk(value) -> int | None:
    if value is None or value == "":
        return None
    return getattr(value, "pk", value)


# ---------------------------------------------------------------- results


@dataclass
class Hit:
    """One result row, with where it links and a highlighted snippet."""

    entry: SearchEntry
    needles: list[str]

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def kind_label(self) -> str:
        return Kind(self.entry.kind).label

    @property
    def meeting(self) -> Meeting | None:
        return self.entry.meeting if self.entry.meeting_id else None

    @cached_property
    def url(self) -> str:
        entry = self.entry
        try:
            if entry.kind == Kind.PERSON:
                return reverse("people:person_detail", args=[entry.object_id])
            if entry.kind == Kind.UNIT:
                return reverse("orgunits:unit_detail", args=[entry.object_id])
            base = reverse("minutes:meeting_detail", args=[entry.meeting_id])
        except NoReverseMatch:  # the page is not wired up yet
            return ""
        return f"{base}#{entry.anchor}" if entry.anchor else base

    @cached_property
    def title(self) -> str:
        entry = self.entry
        if entry.kind in (Kind.PERSON, Kind.UNIT):
            return entry.label if entry.kind == Kind.UNIT else entry.text if entry.part == 0 else ""
        return self.meeting.name if self.meeting else entry.label

    @cached_property
    def snippet(self) -> SafeString:
        return highlight(self.entry.text, self.entry.text_folded, self.needles)


def match_spans(folded: str, needles: list[str]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of every needle in the folded text."""
    spans = []
    for needle in needles:
        if not needle:
            continue
        start = folded.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, folded: str, needles: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """An escaped window of ``text`` around the first match, each match wrapped in <mark>. The
    matches are found in the folded copy; folding keeps length, so the offsets hold in ``text``."""
    spans = match_spans(folded, needles)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    marks = [Span(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return format_html(
        "{}{}{}",
        "…" if start > 0 else "",
        mark_source(text[start:end], marks),
        "…" if end < len(text) else "",
    )


@dataclass
class SearchResults:
    """What the page shows: per-kind counts (capped), the total, and one page of hits."""

    query: str
    words: list[Word]
    counts: dict[str, int]
    total: int
    capped: bool
    hits: list[Hit]
    offset: int
    limit: int

    @property
    def people(self) -> list[Person]:
        """People a pinyin query resolved to."""
        seen: dict[int, Person] = {}
        for word in self.words:
            for person in word.people:
                seen.setdefault(person.pk, person)
        return list(seen.values())

    def groups(self) -> list[tuple[str, str, list[Hit]]]:
        """This page's hits grouped by kind, kinds in their fixed order, ranking kept within."""
        by_kind: dict[str, list[Hit]] = {}
        for hit in self.hits:
            by_kind.setdefault(hit.kind, []).append(hit)
        return [(k.value, k.label, by_kind[k.value]) for k in Kind if k.value in by_kind]

    def count_list(self) -> list[tuple[str, str, int]]:
        return [(k.value, k.label, self.counts[k.value]) for k in Kind if self.counts.get(k.value)]


def _entries(
    words,
    *,
    user,
    person,
    role,
    unit,
    date_from,
    date_to,
    year,
    month,
    day=None,
    meeting_ids=None,
    frequent=False,
    mode=None,
    kinds=None,
    matching=True,
    names=True,
) -> QuerySet[SearchEntry]:
    """The index rows the filters allow, matching the words unless ``matching`` is False.
    ``names=False``: the caller reads body rows only (rank 0), never a person or unit row, so
    their visibility check is left out (planning it costs more than the query)."""
    qs = SearchEntry.objects.filter(visibility__gte=visibility_floor(user))
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if names and (not kinds or {Kind.PERSON, Kind.UNIT} & set(kinds)):
        qs = qs.filter(_names_known_to(user))
    membership = Q()
    if meeting_ids is not None:
        membership &= Q(id_in(f'"{SearchEntry._meta.db_table}"."meeting_id"', meeting_ids))
    if _pk(person) is not None and meeting_ids is None:
        membership &= meetings_with_person(_pk(person), role)
    if _pk(unit) is not None and meeting_ids is None:
        membership &= meetings_with_unit(_pk(unit))
    if matching:
        match = match_condition(words, frequent=frequent, mode=mode)
        walking = connection.vendor == "postgresql" and (mode == WALK or (mode is None and frequent))
        if walking and membership and meeting_ids is None:  # ids go through the meeting index
            # A walk checks the person/unit filter first, the words only on rows that pass it:
            # PostgreSQL orders a row's conditions by estimated cost and ran the costly word
            # check on every row (12,800 rows, 27 ms, for a unit in 17 % of the meetings).
            match = Case(When(membership, then=match), default=Value(False), output_field=BooleanField())
            qs = qs.filter(kind__in=MEETING_KINDS)
            membership = Q()  # checked inside the CASE; twice would build its hashes twice
        qs = qs.filter(match)
    meeting_filters = membership
    low, high = _sort_key_bounds(date_from, date_to, year, month, day)
    if low is not None:
        meeting_filters &= Q(sort_key__gte=low)
    if high is not None:
        meeting_filters &= Q(sort_key__lte=high)
    if date_from:
        meeting_filters &= Q(date__gte=date_from)
    if date_to:
        meeting_filters &= Q(date__lte=date_to)
    if year:
        meeting_filters &= Q(year=year)
    if month:
        meeting_filters &= Q(month=month)
    if day:  # sort_key is yyyymmdd, with 0000 for an unknown year
        meeting_filters &= Q(Exact(Mod("sort_key", 100), day))
    if meeting_filters:
        qs = qs.filter(meeting_filters, kind__in=MEETING_KINDS)
    return qs


# A query expected to match more rows than this is walked in sort order, not fetched from the index.
FREQUENT_ROWS = 5000
SQLITE_FREQUENT_ROWS = 1000
# A frequent phrase or AND whose rarest token is in at most this many rows may be counted through
# the GIN index when the body window finds it seldom (the bitmap costs about 0.4 ms per 1,000
# rows: 27 ms for a rarest bigram in 72,000); a phrase of commoner tokens is always walked, since
# its bitmap would cost more than the walk.
GIN_COUNT_ROWS = 100_000


def _is_frequent(words: list[Word], cap: int) -> bool:
    """Whether the words are frequent enough to walk rows in sort order rather than fetch every
    match from the full-text index and sort it. PostgreSQL: judged from the column statistics
    (no query of the index, which for a frequent token would build the whole bitmap); SQLite:
    asked of the FTS5 index, which stops at cap + 1."""
    if cap <= 0:
        return True
    if connection.vendor == "postgresql":
        return token_stats().all_rows.estimated_rows(words) > FREQUENT_ROWS
    sql = "SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT %s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_fts5_query(words), SQLITE_FREQUENT_ROWS + 1])
        return cursor.fetchone()[0] > SQLITE_FREQUENT_ROWS


def _share_is_a_bound(words: list[Word]) -> bool:
    """Whether the statistics give only an upper bound of the rows the words match: true for a
    phrase of several tokens, several phrases or several words; false when every word is one
    token (or one prefix), whose share the statistics give directly."""
    return len(words) > 1 or any(
        len(w.alternatives) > 1 or len(a.phrases) > 1 or len(a.phrases[0].tokens) > 1
        for w in words
        for a in w.alternatives
    )


def _capped_rows(qs: QuerySet[SearchEntry], cap: int) -> list[tuple[int, str, int, int]]:
    """(id, kind, rank, sort_key) of up to cap + 1 matches, in no order: the counts, and when
    they are all the matches, the page too, from one pass over the index."""
    try:
        return list(qs.order_by().values_list("id", "kind", "rank", "sort_key")[: cap + 1])
    except EmptyResultSet:  # a filter naming no meeting
        return []


def _in_page_order(rows: list[tuple[int, str, int, int]], sort: str) -> list[tuple[int, str]]:
    """(id, kind) of these rows in page order (the order of _TITLE_ORDER or _DATE_ORDER)."""
    if sort == "date":
        rows = sorted(rows, key=lambda r: (r[3], r[0]), reverse=True)
    else:
        rows = sorted(rows, key=lambda r: (r[2], r[3], r[0]), reverse=True)
    return [(pk, kind) for pk, kind, _, _ in rows]


def _kind_counts(rows) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    return counts


_PAGE_DEFER = ("bigrams", "meeting__summary", "meeting__source_spans", "meeting__locked_fields")


def _walk(qs: QuerySet[SearchEntry], ordering: list[str], stop: int) -> list[tuple[int, str]]:
    """(id, kind) of the first ``stop`` rows in this order: only index columns, no join."""
    if stop <= 0:
        return []
    try:
        return list(qs.order_by(*ordering).values_list("id", "kind")[:stop])
    except EmptyResultSet:  # a filter naming no meeting
        return []


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
_TITLE_ORDER = ["-rank", "-sort_key", "-id"]
# Body rows: speeches, directives … (rank 0); titles are rank 1, people and units rank 2.
BODIES = Q(rank=0)
_DATE_ORDER = ["-sort_key", "-id"]


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
    low, high = _sort_key_bounds(
        filters["date_from"], filters["date_to"], filters["year"], filters["month"], filters["day"]
    )
    span = SearchEntry.objects.filter(rows)
    if low is not None:
        span = span.filter(sort_key__gte=low)
    if high is not None:
        span = span.filter(sort_key__lte=high)
    boundary = span.order_by(*_DATE_ORDER).values_list("sort_key", flat=True)[window - 1 : window].first()
    walk = _entries(words, mode=WALK, names=rows != BODIES, **filters).filter(rows)
    if boundary is not None:
        walk = walk.filter(sort_key__gte=boundary)
    hits = _walk(walk, _DATE_ORDER, stop)
    return Window(hits, boundary if boundary is not None and len(hits) < stop else None)


def _walked_titles(words, filters, stop: int) -> list[tuple[int, str]]:
    """(id, kind) of the first ``stop`` title and name rows matching the words, in relevance
    order. Names (rank 2: people, units) are few, so all of them are read (a few thousand rows,
    where the title index may hold tens of thousands of matches for a common word). Titles
    (rank 1) of words rare among titles, by their own statistics, are fetched whole through the
    partial title index. For words common there, walk the newest titles first: ``stop`` hits
    there are the first ones, and a window that held every title (a date filter) has them all;
    otherwise the index fetches them after all (a phrase rarer than its tokens)."""
    names = _walk(_entries(words, mode=WALK, **filters).filter(rank__gte=2), _TITLE_ORDER, stop)
    by_index = _entries(words, mode=TITLES, **filters)
    stop -= len(names)
    if stop <= 0 or token_stats().titles.estimated_rows(words) <= TITLE_INDEX_ROWS:
        return names + _walk(by_index.filter(rank=1), _TITLE_ORDER, stop)
    found = _window(words, filters, Q(rank=1), TITLE_WINDOW, stop)
    if len(found.hits) == stop or found.older_than is None:
        return names + found.hits
    return names + _walk(by_index.filter(rank=1), _TITLE_ORDER, stop)


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
        return titles + _walk(
            _entries(words, mode=WALK, names=bodies != BODIES, **filters).filter(bodies), _DATE_ORDER, need
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
    return titles + hits + _walk(older, _DATE_ORDER, need - len(hits))


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


def _entries_by_id(ids: list[int]) -> list[SearchEntry]:
    """The page's rows with their meetings, in the order of ``ids``."""
    if not ids:
        return []
    rows = SearchEntry.objects.filter(pk__in=ids).select_related("meeting").defer(*_PAGE_DEFER)
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


def _find(words, filters, *, sort, kinds, offset, limit, count_cap) -> tuple[dict[str, int], list[int]]:
    """The capped per-kind counts and the page's ids, by the plan the words and filters call for:
    - a person/unit filter naming few meetings (PostgreSQL): read every row of those meetings;
    - frequent words (PostgreSQL): walk in page order, the page and the counts in one pass;
    - otherwise through the full-text index: up to cap + 1 matches, which are the page too when
      they are all; more than that, the page in order (SQLite: walked, for frequent words)."""
    ordering = _DATE_ORDER if sort == "date" else _TITLE_ORDER
    on_postgresql = connection.vendor == "postgresql"
    meeting_ids = filters["meeting_ids"]
    if on_postgresql and meeting_ids is not None and len(meeting_ids) <= FEW_MEETINGS:
        return _counts_and_page(_of_few_meetings(words, filters), sort, kinds, offset, limit, count_cap)
    frequent = _is_frequent(words, count_cap)
    if frequent and on_postgresql:
        stop = max(count_cap + 1, offset + limit)
        estimated = token_stats().all_rows.estimated_rows(words)
        bounded = _share_is_a_bound(words) and estimated <= GIN_COUNT_ROWS
        walked = _walked(words, filters, sort=sort, stop=stop, bounded=bounded)
        if walked is not None:
            counts = _kind_counts(walked[: count_cap + 1])
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
        qs = _entries(words, frequent=frequent, **filters)
    found = _capped_rows(qs, count_cap)
    if len(found) <= count_cap:  # every match
        return _counts_and_page(found, sort, kinds, offset, limit, count_cap)
    if on_postgresql:
        # More than a page can count, though not frequent enough to walk for: all of them
        # through the index, sorted (for a rare word, only the counts stopped at cap + 1).
        qs = _entries(words, mode=SELECTIVE, **filters)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return _kind_counts(found), [pk for pk, _ in _walk(qs, ordering, offset + limit)[offset:]]


def _counts_and_page(rows, sort, kinds, offset, limit, count_cap) -> tuple[dict[str, int], list[int]]:
    """Counts and page from every match: (id, kind, rank, sort_key) rows in no order."""
    ordered = _in_page_order(rows, sort)
    in_kinds = [row for row in ordered if row[1] in kinds] if kinds else ordered
    return _kind_counts(ordered[: count_cap + 1]), [pk for pk, _ in in_kinds[offset : offset + limit]]


def _listed(filters, *, kinds, offset, limit, count_cap) -> tuple[dict[str, int], list[int]]:
    """Without words: the capped count and the page of the meetings the filters name, newest
    first, as their title rows (rank 1 of a meeting is its name).

    The dates are given as a range of sort_key, so the (rank, sort_key, id) index reads only
    title rows, in page order. With the date conditions as such, PostgreSQL, taking them as
    independent, expected a handful of rows and combined three bitmap indexes (a two-year range:
    65 ms; 3 ms this way)."""
    low, high = _sort_key_bounds(
        filters["date_from"], filters["date_to"], filters["year"], filters["month"], filters["day"]
    )
    replaced = {"date_from": None, "date_to": None}
    if filters["year"]:  # the bounds hold the year, and the month and day with it, exactly
        replaced.update(year=None, month=None, day=None)
    qs = _entries([], matching=False, kinds=[Kind.MEETING], **{**filters, **replaced}).filter(rank=1)
    if low is not None:
        qs = qs.filter(sort_key__gte=low)
    if high is not None:
        qs = qs.filter(sort_key__lte=high)
    if filters["date_from"] or filters["date_to"]:
        qs = qs.filter(date__isnull=False)  # with the bounds, the date range: sort_key is the date
    found = _capped_rows(qs, count_cap)
    if len(found) <= count_cap:  # every meeting
        return _counts_and_page(found, "date", kinds, offset, limit, count_cap)
    if kinds and Kind.MEETING not in kinds:
        return _kind_counts(found), []
    return _kind_counts(found), [pk for pk, _ in _walk(qs, _DATE_ORDER, offset + limit)[offset:]]


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
    if day and not year and meeting_ids is None and _pk(person) is None and _pk(unit) is None:
        meeting_ids = _on_day_any_year(month, day)
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
        "meeting_ids": _narrowed_by_date(meeting_ids, date_from, date_to, year, month, day),
    }
    offset = max(0, min(offset, count_cap))
    if words:
        counts, page = _find(
            words, filters, sort=sort, kinds=kinds, offset=offset, limit=limit, count_cap=count_cap
        )
    else:
        counts, page = _listed(filters, kinds=kinds, offset=offset, limit=limit, count_cap=count_cap)
    rows = _entries_by_id(page)
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
