"""ANALYZE after a large import, so the planner sees the archive the import left."""

from __future__ import annotations

from django.db import connection

from minutes.models import (
    Appointment,
    Attendance,
    Decision,
    Directive,
    Meeting,
    SourceReport,
    Speech,
    Task,
)
from orgunits.models import OrgUnit, OrgUnitAlias
from people.models import Person, PersonPinyinKey, Post
from search.models import SearchEntry

# A run that wrote at least this many reports ends with ANALYZE on PostgreSQL. Until autovacuum
# gets to the tables (minutes later, or never for a table that grew by less than its threshold),
# the planner and search's plan choice (search/statistics.py reads the index's token statistics
# from pg_stats; each worker keeps them for STATS_TTL_SECONDS) see the archive as it was before
# the import, and searches choose plans for the smaller archive.
ANALYZE_AFTER_REPORTS = 200
FILLED_MODELS = (
    SourceReport,
    Meeting,
    Attendance,
    Speech,
    Directive,
    Appointment,
    Decision,
    Task,
    Person,
    PersonPinyinKey,
    OrgUnit,
    OrgUnitAlias,
    Post,
    SearchEntry,
)


def analyze_after_run(reports_written: int) -> list[str]:
    """The tables analyzed, when the run wrote enough reports to need it."""
    if reports_written < ANALYZE_AFTER_REPORTS:
        return []
    return analyze_filled_tables()


def analyze_filled_tables() -> list[str]:
    """ANALYZE the tables an import fills (PostgreSQL; other databases plan without it): the
    tables' names, or nothing."""
    if connection.vendor != "postgresql":
        return []
    tables = [model._meta.db_table for model in FILLED_MODELS]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return tables
