"""One module per database vendor, behind one small interface (``backend_for(connection)``):

- ``match_condition(words, *, frequent=False, mode=None)``: the full-text WHERE condition;
- ``matching_meetings(words, column, *, probe)``: the meeting list's word condition;
- ``words_are_frequent(words)``: whether that list probes meetings and is counted with a cap;
- ``is_frequent(words, cap)``: whether the words are walked in sort order;
- ``find(words, filters, *, sort, kinds, offset, limit, count_cap)``: the capped per-kind counts
  and one page's ids, by the backend's plans.

PostgreSQL (``postgres``): tsvector and GIN, plans chosen from ANALYZE's statistics. SQLite
(``sqlite``): FTS5. What is common to both lives beside them in search/ (terms, meeting_sets,
entries, paging, results); neither imports search.query.
"""

from __future__ import annotations

from types import ModuleType

from . import postgres, sqlite


def backend_for(connection) -> ModuleType:
    """The backend module for this database connection."""
    return postgres if connection.vendor == "postgresql" else sqlite
