"""Never overwrite what staff corrected: what a revision of a report may change in its meeting."""

from __future__ import annotations

from minutes.importing.children import CHILD_RELATIONS
from minutes.importing.history import IMPORT_REASON, REVISION_REASON, stamp
from minutes.importing.results import FileResult
from minutes.models import Meeting, SourceReport

# Fields a re-import may update, unless staff changed them.
MEETING_FIELDS = (
    "name",
    "kind",
    "year",
    "month",
    "day",
    "year_source",
    "date_text",
    "time_of_day",
    "start_time",
    "venue",
    "chair",
    "chair_label",
    "organizer",
    "source_spans",
)


class MeetingRevision:
    """An existing meeting taking a new revision of its report.

    Staff edits are told apart from the importer's by history: a field whose value differs from
    the last import's history row, or a list with any history row not written by an import.
    """

    def __init__(self, meeting: Meeting, *, where: str, result: FileResult, user, date):
        self.meeting = meeting
        self.where = where
        self.result = result
        self.user = user
        self.date = date
        self.locked = list(meeting.locked_fields or [])
        self.last_import = (
            meeting.history.filter(history_change_reason__startswith=IMPORT_REASON)
            .order_by("-history_date", "-history_id")
            .first()
        )

    def _kept(self, what: str) -> None:
        self.result.not_overwritten.append(f"{self.where}: meeting {self.meeting.pk} {what}")

    def update_fields(self, values: dict) -> None:
        meeting = self.meeting
        for name in MEETING_FIELDS:
            attname = Meeting._meta.get_field(name).attname
            current = getattr(meeting, attname)
            staff_changed = self.last_import is None or getattr(self.last_import, attname) != current
            if name in self.locked or staff_changed:
                if name not in self.locked:
                    self.locked.append(name)
                new = values[name]
                new = new.pk if hasattr(new, "pk") else new
                if new != current:
                    self._kept(f"field {name!r} kept as edited ({current!r}; the report now says {new!r})")
                continue
            setattr(meeting, name, values[name])

    def replace_lists(self) -> set[str]:
        """Delete the lists staff never touched and return their names, for the new rows."""
        replace = set()
        for relation, model in CHILD_RELATIONS.items():
            touched = relation in self.locked or (
                model.history.filter(meeting_id=self.meeting.pk)
                .exclude(history_change_reason__startswith=IMPORT_REASON)
                .exists()
            )
            if touched:
                if relation not in self.locked:
                    self.locked.append(relation)
                self._kept(f"{relation} kept as edited by staff")
            else:
                replace.add(relation)
        for relation in replace:
            for row in list(getattr(self.meeting, relation).all()):
                stamp(row, reason=REVISION_REASON, user=self.user, date=self.date).delete()
        return replace

    def save(self, source: SourceReport, flags: list[dict]) -> None:
        meeting = self.meeting
        # A flag an earlier import raised and that is gone now was cleared by staff: not again.
        raised = self.last_import.review_flags if self.last_import is not None else []
        meeting.review_flags = [
            f
            for f in flags
            if (f in meeting.review_flags or f not in raised) and not _flag_on_locked(f, self.locked)
        ]
        meeting.locked_fields = self.locked
        meeting.source_report = source
        stamp(meeting, reason=REVISION_REASON, user=self.user, date=self.date).save()


def _flag_on_locked(flag: dict, locked: list[str]) -> bool:
    """The flag is about a field or list staff edited, so what the importer guessed is gone."""
    if flag["field"] == "meeting.date":
        return bool({"year", "month", "day"} & set(locked))
    return flag["field"].split("[", 1)[0] in locked
