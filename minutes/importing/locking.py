"""One import writes at a time on PostgreSQL."""

from __future__ import annotations

from django.db import connection

# pg_advisory_xact_lock key taken by each file's transaction before it resolves people and units:
# two imports at once (the command, the admin, a background batch) write their files one at a
# time. Person has no uniqueness rule, so without it both could look up a name, find nobody, and
# create the same person twice.
IMPORT_LOCK_KEY = 0x6D696E7574  # "minut"


def lock_imports() -> None:
    # SQLite serialises writers anyway; the lock is PostgreSQL's, released at commit/rollback.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
