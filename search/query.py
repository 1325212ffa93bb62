"""The query API: ``search(q, user=…, filters…)`` → results grouped by kind, with counts.

A query is words (split on spaces; ``"quoted text"`` is one word), all of which must match
(AND). Each word is folded like the index (t2s, half-width, lower case) and becomes one or more
phrases of index tokens; a word that is pinyin for known people (``zmz``, ``zhang maizeng``) also
matches their names. The database finds candidates with phrase queries (PostgreSQL tsquery with
``<->``, SQLite FTS5 quoted phrases), which are exact for a phrase; only a word split by
punctuation or spaces is rechecked as a substring of the folded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from minutes.chinese import looks_like_pinyin, normalize_pinyin_query
from minutes.models import Appointment, Attendance, Directive, Meeting, Speech, Task
from people.models import Person

from .models import SearchEntry, Visibility
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


def _people_for_pinyin(text: str) -> list[Person]:
    key = normalize_pinyin_query(text)
    if len(key) < 2:
        return []
    exact = list(Person.objects.filter(pinyin_keys__key=key).distinct()[:MAX_PINYIN_PEOPLE])
    if exact:
        return exact
    return list(Person.objects.filter(pinyin_keys__key__startswith=key).distinct()[:MAX_PINYIN_PEOPLE])


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


def parse_query(q: str) -> list[Word]:
    """Words of the query; pinyin (the whole query, or single Latin words) becomes people's names."""
    q = (q or "").strip()
    if not q:
        return []
    if looks_like_pinyin(q) and " " in q:  # "zhang maizeng": try the whole query as one name first
        people = _people_for_pinyin(q)
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
        people = _people_for_pinyin(text) if quoted is None and looks_like_pinyin(text) else []
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
PLAIN = "plain"  # ``tsv @@ q``: the planner may use a GIN index (the partial one on titles)
WALK = "walk"  # ``(tsv @@ q) IS TRUE``: not indexable, so rows are walked in index/physical order


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
            PLAIN: tsquery,
            # IS TRUE hides the condition from the GIN index: the planner then walks the sort (or a
            # filter's) index, or scans in physical order for a count, and stops when it has enough.
            WALK: f"({tsquery}) IS TRUE",
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


# ---------------------------------------------------------------- filters


def _person_sources(person_id: int, role: str | None = None) -> list[QuerySet]:
    sources = {
        "chaired": [
            Meeting.objects.filter(chair_id=person_id).values("pk"),
            Attendance.objects.filter(person_id=person_id, category=Attendance.Category.CHAIRED).values(
                "meeting_id"
            ),
        ],
        "spoke": [Speech.objects.filter(person_id=person_id).values("meeting_id")],
        "attended": [Attendance.objects.filter(person_id=person_id).values("meeting_id")],
        "appointed": [Appointment.objects.filter(person_id=person_id).values("meeting_id")],
        "directive": [Directive.objects.filter(issuer_id=person_id).values("meeting_id")],
    }
    return sources[role] if role in sources else [qs for qss in sources.values() for qs in qss]


def _unit_sources(unit_id: int) -> list[QuerySet]:
    return [
        Meeting.objects.filter(organizer_id=unit_id),
        Attendance.objects.filter(unit_id=unit_id),
        Speech.objects.filter(unit_id=unit_id),
        Appointment.objects.filter(unit_id=unit_id),
        Task.objects.filter(owner_unit_id=unit_id),
    ]


def _subquery_condition(querysets: list[QuerySet], field: str = "meeting_id") -> Q:
    condition = Q()
    for qs in querysets:
        condition |= Q(**{f"{field}__in": qs.values("pk" if qs.model is Meeting else "meeting_id")})
    return condition


def meetings_with_person(person_id: int, role: str | None = None) -> Q:
    """Meetings where the person had ``role`` (any role when None), as a condition on meeting_id."""
    return _subquery_condition(_person_sources(person_id, role))


def meetings_with_unit(unit_id: int) -> Q:
    """Meetings a unit organised, attended, spoke at, had someone appointed in, or owns a task of."""
    return _subquery_condition(_unit_sources(unit_id))


def _sort_key_bounds(date_from, date_to, year, month) -> tuple[int | None, int | None]:
    """The date filters as a range of ``sort_key`` (yyyymmdd), implied by them, so a walk of the
    (sort_key, id) index starts and stops at the range instead of reading every newer row."""
    low = high = None
    if year:
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
# whole index in date order and probing the filter's subqueries on every row.
MEETING_SET_MAX = 3000


def _meeting_ids(querysets: list[QuerySet], limit: int) -> set[int] | None:
    """The meeting ids the querysets name, or None as soon as they are more than ``limit``. One
    bounded query per source, not one UNION: a dense source (a unit's organised meetings) is
    then given up after ``limit`` index entries instead of being read and merged whole."""
    ids: set[int] = set()
    for qs in querysets:
        column = "pk" if qs.model is Meeting else "meeting_id"
        ids.update(qs.order_by().values_list(column, flat=True)[: limit + 1])
        if len(ids) > limit:
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
            narrowed = Meeting.objects.filter(pk__in=sorted(ids)).filter(_subquery_condition(querysets, "pk"))
            ids = set(narrowed.values_list("pk", flat=True))
    return ids


def _narrowed_by_date(ids: set[int] | None, date_from, date_to, year, month) -> set[int] | None:
    """The meetings of ``ids`` within the date filters (the index rows carry the same dates), so
    the rows read through the meeting index are only those of meetings in the range."""
    if not ids or not (date_from or date_to or year or month):
        return ids
    meetings = Meeting.objects.filter(pk__in=sorted(ids))
    if date_from:
        meetings = meetings.filter(date__gte=date_from)
    if date_to:
        meetings = meetings.filter(date__lte=date_to)
    if year:
        meetings = meetings.filter(year=year)
    if month:
        meetings = meetings.filter(month=month)
    return set(meetings.values_list("pk", flat=True))


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
    out = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))


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
    meeting_ids=None,
    frequent=False,
    mode=None,
    kinds=None,
) -> QuerySet[SearchEntry]:
    qs = SearchEntry.objects.filter(
        match_condition(words, frequent=frequent, mode=mode), visibility__gte=visibility_floor(user)
    )
    if kinds:
        qs = qs.filter(kind__in=kinds)
    meeting_filters = Q()
    if meeting_ids is not None:
        meeting_filters &= Q(meeting_id__in=sorted(meeting_ids))
    if _pk(person) is not None and meeting_ids is None:
        meeting_filters &= meetings_with_person(_pk(person), role)
    if _pk(unit) is not None and meeting_ids is None:
        meeting_filters &= meetings_with_unit(_pk(unit))
    low, high = _sort_key_bounds(date_from, date_to, year, month)
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
    if meeting_filters:
        qs = qs.filter(meeting_filters, kind__in=MEETING_KINDS)
    return qs


# A query expected to match more rows than this is walked in sort order, not fetched from the index.
FREQUENT_ROWS = 5000
SQLITE_FREQUENT_ROWS = 1000
# A frequent phrase or AND whose rarest token is in at most this many rows is counted through the
# GIN index (its bitmap costs about 0.3 ms per 1,000 rows); above, the walk finds cap + 1 matches
# sooner (a name whose bigrams are in 120,000 rows: 34 ms by bitmap, 5 ms walked; a phrase
# whose rarest bigram is in 72,000: 31 ms by bitmap, 51 ms walked).
GIN_COUNT_ROWS = 100_000


def _pg_token_frequencies(tokens: list[str], prefixes: list[str]) -> tuple[dict[str, float], float, float]:
    """(token → share of index rows, share below which tokens are not listed, row count), from
    the statistics ANALYZE keeps for the tsvector column (its most common elements), for these
    tokens and the tokens starting with these prefixes only: the list holds thousands (0004)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.elem, e.freq, s.most_common_elem_freqs[array_length(s.most_common_elem_freqs, 1) - 2], "
            "c.reltuples FROM pg_class c "
            "LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'tsv' "
            "LEFT JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) "
            "AS e(elem, freq) ON e.elem = ANY(%s) OR e.elem LIKE ANY(%s) "
            "WHERE c.relname = %s",
            [tokens, [p.replace("%", "").replace("_", "") + "%" for p in prefixes], SearchEntry._meta.db_table],
        )
        rows = cursor.fetchall()
    if not rows or rows[0][2] is None:  # no statistics yet
        return {}, 0.0, float(rows[0][3]) if rows else 0.0
    # The third number from the end is the minimum share listed.
    freqs = {elem: float(freq) for elem, freq, _, _ in rows if elem is not None}
    return freqs, float(rows[0][2]), float(rows[0][3])


def _estimated_rows(words: list[Word]) -> float:
    """An upper-bound guess of the rows the words match: a phrase is no more frequent than its
    rarest token (PostgreSQL's own estimate multiplies them, as if independent, far too low)."""
    phrases = [p for w in words for a in w.alternatives for p in a.phrases]
    prefixes = sorted({p.tokens[-1] for p in phrases if p.prefix})
    tokens = sorted({t for p in phrases for t in p.tokens})
    freqs, unlisted, tuples = _pg_token_frequencies(tokens, prefixes)
    if not freqs:
        return 0.0

    def token_share(token: str, prefix: bool) -> float:
        # An unlisted token is rarer than every listed one: count it as rare (0), since walking for
        # a rare word reads the whole table (3-7 s at 1.5M rows), while the index plan for a word
        # wrongly judged rare costs at most the unlisted share's few thousand rows.
        if not prefix:
            return freqs.get(token, 0.0)
        return min(1.0, sum(f for t, f in freqs.items() if t.startswith(token)))

    def alternative_share(alt: Alternative) -> float:
        return min(
            token_share(t, p.prefix and i == len(p.tokens) - 1)
            for p in alt.phrases
            for i, t in enumerate(p.tokens)
        )

    share = min(min(1.0, sum(alternative_share(a) for a in w.alternatives)) for w in words)
    return share * tuples


def _is_frequent(words: list[Word], cap: int) -> bool:
    """Whether the words are frequent enough to walk rows in sort order rather than fetch every
    match from the full-text index and sort it. PostgreSQL: judged from the column statistics
    (no query of the index, which for a frequent token would build the whole bitmap); SQLite:
    asked of the FTS5 index, which stops at cap + 1."""
    if cap <= 0:
        return True
    if connection.vendor == "postgresql":
        return _estimated_rows(words) > FREQUENT_ROWS
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


def _capped_counts(qs: QuerySet[SearchEntry], cap: int) -> dict[str, int]:
    try:
        inner_sql, params = qs.order_by().values_list("kind")[: cap + 1].query.sql_with_params()
    except EmptyResultSet:  # a filter naming no meeting
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kind, COUNT(*) FROM ({inner_sql}) AS hits GROUP BY kind", params)
        return dict(cursor.fetchall())


_PAGE_DEFER = ("bigrams", "meeting__summary", "meeting__source_spans", "meeting__locked_fields")


def _page(qs: QuerySet[SearchEntry], ordering: list[str], start: int, stop: int) -> list[SearchEntry]:
    if stop <= start:
        return []
    return list(qs.order_by(*ordering).select_related("meeting").defer(*_PAGE_DEFER)[start:stop])


def _walked_relevance_page(words, filters, start: int, stop: int) -> list[SearchEntry]:
    """Relevance order for frequent words on PostgreSQL, in two parts: titles and names (few,
    short, with their own partial GIN index) fetched and sorted, then body rows walked newest
    first through the (rank, sort_key, id) index until the page is full. One walk over both
    would first read every title row that does not match."""
    titles = _entries(words, mode=PLAIN, **filters).filter(rank__gt=0)
    hits = _page(titles, ["-rank", "-sort_key", "-id"], start, stop)
    if len(hits) == stop - start:
        return hits
    title_total = titles.count() if start else len(hits)
    bodies = _entries(words, mode=WALK, **filters).filter(rank=0)
    return hits + _page(bodies, ["-sort_key", "-id"], max(0, start - title_total), stop - title_total)


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
    sort: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    count_cap: int = COUNT_CAP,
) -> SearchResults:
    """Search every kind of record the user may see. Counts cover all kinds (for the tabs) and
    stop at ``count_cap``; ``kinds`` narrows the hits. ``sort`` is 'relevance' (titles and names
    with the words first, then newest) or 'date' (newest first)."""
    words = parse_query(q)
    if not words:
        return SearchResults(q, [], {}, 0, False, [], offset, limit)
    filters = {
        "user": user,
        "person": person,
        "role": role,
        "unit": unit,
        "date_from": date_from,
        "date_to": date_to,
        "year": year,
        "month": month,
        "meeting_ids": _narrowed_by_date(
            filter_meeting_ids(person, role, unit), date_from, date_to, year, month
        ),
    }
    frequent = _is_frequent(words, count_cap)
    counts = None
    if (
        frequent
        and connection.vendor == "postgresql"
        and _share_is_a_bound(words)
        and _estimated_rows(words) <= GIN_COUNT_ROWS
    ):
        # The statistics only bound this query's share (a phrase or an AND is rarer than each
        # token, by an unknown amount), so count through the GIN index: the bitmap of a rare
        # enough token is cheap and the phrase recheck stops after cap + 1 rows, where a walk for
        # a phrase rarer than its tokens reads the whole table. Few matches: fetch them by index.
        counts = _capped_counts(_entries(words, mode=PLAIN, **filters), count_cap)
        frequent = sum(counts.values()) > count_cap
    qs = _entries(words, frequent=frequent, **filters)
    if counts is None:
        counts = _capped_counts(qs, count_cap)
    total = sum(counts.values())
    capped = total > count_cap
    offset = max(0, min(offset, count_cap))
    if kinds:
        qs = qs.filter(kind__in=kinds)
        filters["kinds"] = kinds
    if frequent and sort != "date" and connection.vendor == "postgresql":
        rows = _walked_relevance_page(words, filters, offset, offset + limit)
    else:
        ordering = ["-sort_key", "-id"] if sort == "date" else ["-rank", "-sort_key", "-id"]
        rows = _page(qs, ordering, offset, offset + limit)
    needles = [a.literal for w in words for a in w.alternatives]
    needles += [
        part for w in words for a in w.alternatives if a.needs_recheck for part in _NON_WORD.split(a.literal)
    ]
    hits = [Hit(entry, needles) for entry in rows]
    return SearchResults(
        q, words, counts, min(total, count_cap) if capped else total, capped, hits, offset, limit
    )
