"""The writer of one parsed file: the order of the steps; each step's rules live in its module."""

from __future__ import annotations

from django.utils import timezone

from minutes.importing.children import CHILD_RELATIONS, ChildRows
from minutes.importing.history import IMPORT_REASON, REVISION_REASON
from minutes.importing.locking import lock_imports
from minutes.importing.meetings import meeting_values, recognisable, writer_flags
from minutes.importing.posts import Posts
from minutes.importing.resolver import Resolver
from minutes.importing.results import FileResult
from minutes.importing.revisions import Plan, plan, write_sources
from minutes.importing.rows import PendingRows
from minutes.importing.staff_edits import MeetingRevision
from minutes.link_suggestions import suggest_follow_ups
from minutes.models import Meeting, SourceReport
from minutes.parsing.errors import ReportInputError
from minutes.parsing.model import ParsedFile, ParsedReport
from minutes.review import from_parsed
from search.indexing import built_meeting_entries, insert_entries, reindex_meetings


class FileWriter:
    """Writes one ParsedFile; call ``write()`` inside a transaction."""

    def __init__(self, parsed_file: ParsedFile, *, result: FileResult, status: str, user):
        self.file = parsed_file
        self.result = result
        self.status = status
        self.user = user if user is not None and getattr(user, "pk", None) else None
        # One time for every history row of the file.
        self.stamp = timezone.now()
        self.resolver = Resolver(user=self.user, stamp=self.stamp, result=result)
        self.rows = PendingRows(user=self.user, stamp=self.stamp)
        self.posts = Posts(rows=self.rows, result=result)
        self.new_meetings: list[Meeting] = []
        self.to_index: list[Meeting] = []  # revised meetings: re-read and re-indexed after flush
        # The rows each new meeting got, by relation name, to index it from memory after flush.
        self.related: dict[int, dict[str, list]] = {}

    def where(self, report: ParsedReport) -> str:
        return f"{self.file.file}, line {report.start_line}"

    def write(self) -> None:
        result = self.result
        # The parser's warnings already name the file and line (its reports' included).
        result.warnings.extend(self.file.warnings)
        reports = []
        for report in self.file.reports:
            if recognisable(report):
                reports.append(report)
            else:
                result.warnings.append(f"{self.where(report)}: nothing recognisable in this report; skipped")
        if not reports:
            raise ReportInputError(
                "no meeting report recognised (no meeting name, date, people or speeches found)",
                self.file.file,
                self.file.reports[0].start_line if self.file.reports else None,
            )
        result.reports = len(reports)
        plans = plan(reports, self.file.file)
        todo = [p for p in plans if p.existing is None]
        to_write = [p for p in plans if p.existing is None or p.recreate]
        if to_write:
            # Only a file with something to write waits for other imports; one that planned with
            # rows another import is committing meets an IntegrityError and is retried.
            lock_imports()
        self.resolve([p.report for p in to_write])
        sources = write_sources([p for p in todo if p.duplicate_of is None], self.file, self.user)
        for p in plans:
            if p.recreate:
                result.warnings.append(
                    f"{self.where(p.report)}: imported before, but its meeting was deleted; "
                    "a new draft was created from it"
                )
                self.write_report(p, p.existing)
            elif p.existing is not None:
                result.unchanged.append(p.existing.pk)
            elif p.duplicate_of is not None:
                result.warnings.append(
                    f"{self.where(p.report)}: the same text as report {p.duplicate_of.report.index} "
                    f"(line {p.duplicate_of.report.start_line}); skipped"
                )
            else:
                self.write_report(p, sources[id(p)])
        self.rows.flush()
        self.posts.save_changed(user=self.user, date=self.stamp)
        result.created.extend(m.pk for m in self.new_meetings)
        # New meetings are indexed from the rows in hand (every related row is one this file
        # wrote, with its people and units attached); revised ones keep rows staff edited, so
        # they are read back.
        insert_entries([e for m in self.new_meetings for e in built_meeting_entries(m, self.related[id(m)])])
        reindex_meetings(self.to_index)
        suggest_follow_ups(m.pk for m in self.new_meetings)

    def resolve(self, reports: list[ParsedReport]) -> None:
        """People, units and their posts, in bulk for the whole file."""
        self.resolver.load(reports)
        self.posts.load(list(self.resolver.people.values()), self.resolver.units, reports)

    def write_report(self, plan: Plan, source: SourceReport) -> None:
        """Build one report's rows; they are queued on ``self.rows`` and inserted together."""
        report, where = plan.report, self.where(plan.report)
        values = meeting_values(report, self.resolver, where=where, warnings=self.result.warnings)
        flags = from_parsed(report.review) + writer_flags(report, self.resolver)
        if plan.previous is not None:
            meeting = next(iter(plan.previous.meetings.all()), None)
            if meeting is None:
                self.result.not_overwritten.append(
                    f"{where}: the meeting of the earlier revision was deleted; not re-created"
                )
                return
            revision = MeetingRevision(
                meeting, where=where, result=self.result, user=self.user, date=self.stamp
            )
            revision.update_fields(values)
            self.write_children(meeting, report, revision.replace_lists(), REVISION_REASON)
            revision.save(source, flags)
            self.result.revised.append(meeting.pk)
            self.to_index.append(meeting)
        else:
            meeting = self.new_meeting(values, source, flags)
            self.write_children(meeting, report, set(CHILD_RELATIONS), IMPORT_REASON)
        self.posts.mentioned(meeting, report, self.resolver)
        self.result.meetings.append(meeting)
        if meeting.review_flags:
            self.result.needs_review += 1

    def new_meeting(self, values: dict, source: SourceReport, flags: list[dict]) -> Meeting:
        meeting = Meeting(**values, source_report=source, status=self.status, review_flags=flags)
        if self.status == Meeting.Status.PUBLISHED:
            meeting.published_at = self.stamp
            meeting.published_by = self.user
        # Inserted like the children (no save() signals): reindex_meetings indexes it once,
        # complete, after flush. The two things Meeting.save() adds are done here.
        meeting.date = meeting.full_date()
        if meeting.year is None:
            meeting.year_source = Meeting.YearSource.UNKNOWN
        self.rows.add(Meeting, [meeting])
        self.new_meetings.append(meeting)
        return meeting

    def write_children(
        self, meeting: Meeting, report: ParsedReport, relations: set[str], reason: str
    ) -> None:
        built = ChildRows(
            meeting,
            report,
            resolver=self.resolver,
            posts=self.posts,
            where=self.where(report),
            warnings=self.result.warnings,
        ).build(relations)
        related = self.related.setdefault(id(meeting), {})
        for relation, rows in built.items():
            related[relation] = rows
            self.rows.add(CHILD_RELATIONS[relation], rows, reason)
