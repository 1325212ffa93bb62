"""A file's new rows, inserted together: one INSERT (and one history INSERT) per model and change
reason for the whole file instead of one per report."""

from __future__ import annotations

from minutes.importing.history import IMPORT_REASON, bulk_create
from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task
from people.models import Post

# Parents before the rows that point at them (posts name their meeting, appointments their post,
# directives their speech).
FLUSH_ORDER = (Meeting, Post, Attendance, Speech, Directive, Appointment, Decision, Task)


class PendingRows:
    def __init__(self, *, user, stamp):
        self.user = user
        self.stamp = stamp
        self.pending: dict[tuple[type, str], list] = {}

    def add(self, model, rows: list, reason: str = IMPORT_REASON) -> list:
        """Queue new rows for flush()."""
        if rows:
            self.pending.setdefault((model, reason), []).extend(rows)
        return rows

    def flush(self) -> None:
        for model in FLUSH_ORDER:
            for (queued, reason), rows in self.pending.items():
                if queued is model and rows:
                    bulk_create(model, rows, user=self.user, reason=reason, stamp=self.stamp)
        self.pending = {}
