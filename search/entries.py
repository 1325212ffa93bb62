"""The index rows a reader and the filters allow (``entries``), and the SQL pieces every backend
adds the same way: the substring recheck of a word split by punctuation, and the meeting list's
word condition built from a backend's match.

Visibility is copied onto each row (``visibility``); person and unit rows, which carry no
meeting, are shown only for people and units ``visible_to`` the reader.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Mod
from django.db.models.lookups import Exact

from orgunits.models import OrgUnit
from people.models import Person

from .meeting_sets import id_in, meetings_with_person, meetings_with_unit, pk_of, sort_key_bounds
from .models import SearchEntry, Visibility
from .terms import Word

Kind = SearchEntry.Kind

# Person and unit rows carry no meeting: meeting-level filters leave them out.
MEETING_KINDS = (Kind.MEETING, Kind.SPEECH, Kind.DIRECTIVE, Kind.APPOINTMENT, Kind.DECISION, Kind.TASK)


# The SQL of names_known_to per visibility floor: built and compiled once per process (the
# nested EXISTS of Person/OrgUnit.visible_to took 8 ms of Python per query, 30 ms a search).
_NAMES_SQL: dict[int, tuple[str, tuple]] = {}


def names_known_to(user) -> RawSQL:
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


def entries(
    match: RawSQL | None,
    *,
    walking: bool = False,
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
    kinds=None,
    names=True,
) -> QuerySet[SearchEntry]:
    """The index rows the filters allow, matching the backend's ``match`` unless it is None.
    ``walking``: the match is a walk's (checked row by row in sort order), so a person/unit
    filter is checked first.
    ``names=False``: the caller reads body rows only (rank 0), never a person or unit row, so
    their visibility check is left out (planning it costs more than the query)."""
    qs = SearchEntry.objects.filter(visibility__gte=visibility_floor(user))
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if names and (not kinds or {Kind.PERSON, Kind.UNIT} & set(kinds)):
        qs = qs.filter(names_known_to(user))
    membership = Q()
    if meeting_ids is not None:
        membership &= Q(id_in(f'"{SearchEntry._meta.db_table}"."meeting_id"', meeting_ids))
    if pk_of(person) is not None and meeting_ids is None:
        membership &= meetings_with_person(pk_of(person), role)
    if pk_of(unit) is not None and meeting_ids is None:
        membership &= meetings_with_unit(pk_of(unit))
    if match is not None:
        if walking and membership and meeting_ids is None:  # ids go through the meeting index
            # A walk checks the person/unit filter first, the words only on rows that pass it:
            # PostgreSQL orders a row's conditions by estimated cost and ran the costly word
            # check on every row (12,800 rows, 27 ms, for a unit in 17 % of the meetings).
            match = Case(When(membership, then=match), default=Value(False), output_field=BooleanField())
            qs = qs.filter(kind__in=MEETING_KINDS)
            membership = Q()  # checked inside the CASE; twice would build its hashes twice
        qs = qs.filter(match)
    meeting_filters = membership
    low, high = sort_key_bounds(date_from, date_to, year, month, day)
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


def with_recheck(sql: str, params: list, words: list[Word], position: str) -> RawSQL:
    """The full-text condition ``sql``, and for each word split by punctuation or spaces (whose
    phrases may match apart) a substring check of the folded text; ``position`` is the
    database's strpos/instr."""
    table = SearchEntry._meta.db_table
    for word in words:
        if word.needs_recheck:
            checks = [f'{position}("{table}"."text_folded", %s) > 0' for _ in word.alternatives]
            sql += " AND (" + " OR ".join(checks) + ")"
            params += [a.literal for a in word.alternatives]
    return RawSQL(sql, params, output_field=BooleanField())


def meetings_matching(match: RawSQL, column: str, *, probe: bool) -> RawSQL:
    """A condition on a meeting id ``column``: meetings with an index row satisfying ``match``,
    as an EXISTS probe of each meeting's rows (``probe``) or a semi-join on the matches."""
    table = SearchEntry._meta.db_table
    if probe:
        return RawSQL(
            f"EXISTS (SELECT 1 FROM {table} WHERE {table}.meeting_id = {column} AND {match.sql})",
            match.params,
            output_field=BooleanField(),
        )
    return RawSQL(
        f"{column} IN (SELECT meeting_id FROM {table} WHERE meeting_id IS NOT NULL AND {match.sql})",
        match.params,
        output_field=BooleanField(),
    )
