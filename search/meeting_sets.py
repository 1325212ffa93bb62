"""What the person, unit and date filters name, as meeting ids or conditions on a meeting id.

A person's or unit's meetings come from the one definition in minutes.models (``PERSON_TIES``,
``UNIT_TIES``); a filter naming few meetings is read into a set of ids, a large one stays a
subquery condition.
"""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from minutes.models import UNIT_TIES, Meeting, meeting_id_queries, person_ties


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


def pk_of(value) -> int | None:
    if value is None or value == "":
        return None
    return getattr(value, "pk", value)


def sort_key_bounds(date_from, date_to, year, month, day=None) -> tuple[int | None, int | None]:
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
    if pk_of(person) is not None:
        sources.append(_person_sources(pk_of(person), role))
    if pk_of(unit) is not None:
        sources.append(_unit_sources(pk_of(unit)))
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


def on_day_any_year(month, day, limit: int = MEETING_SET_MAX) -> set[int] | None:
    """The meetings on this month and day of any year (or of an unknown one), through the
    (month, day) index, or None when they are more than ``limit``: the index rows have no day
    column, so without these ids a search would walk every row to find the day."""
    ids = list(Meeting.objects.filter(month=month, day=day).values_list("pk", flat=True)[: limit + 1])
    return set(ids) if len(ids) <= limit else None


def narrowed_by_date(ids: set[int] | None, date_from, date_to, year, month, day=None) -> set[int] | None:
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
