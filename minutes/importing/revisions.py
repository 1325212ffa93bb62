"""A report's identity (the hash of its text) and which earlier report, if any, it revises."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from minutes.importing.fields import cut
from minutes.models import Meeting, SourceReport
from minutes.parsing.model import ParsedFile, ParsedReport


def content_hash(text: str) -> str:
    """SHA-256 of a report's text with newlines normalised, the report's identity."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Plan:
    """One report and what to do with it."""

    report: ParsedReport
    hash: str
    existing: SourceReport | None = None  # same hash: unchanged
    recreate: bool = False  # same hash, but its meeting was deleted: a new draft on that source
    previous: SourceReport | None = None  # earlier revision
    duplicate_of: Plan | None = None  # an earlier report of the same file with the same text


def plan(reports: list[ParsedReport], file_name: str) -> list[Plan]:
    plans = [Plan(r, content_hash(r.text)) for r in reports]
    by_hash: dict[str, list[SourceReport]] = {}
    known = SourceReport.objects.filter(content_hash__in={p.hash for p in plans}).annotate(
        # A report whose meeting staff deleted is imported again rather than silently called
        # unchanged; not an earlier revision (its meeting moved on to the later one), nor a
        # report staff unlinked from a meeting that still exists.
        orphan=Exists(Meeting.history.model.objects.filter(source_report_id=OuterRef("pk"), history_type="-"))
        & ~Exists(Meeting.objects.filter(source_report=OuterRef("pk")))
        & ~Exists(SourceReport.objects.filter(previous_revision=OuterRef("pk")))
    )
    for sr in known.order_by("pk"):
        by_hash.setdefault(sr.content_hash, []).append(sr)
    todo = []
    first_in_file: dict[str, Plan] = {}
    for p in plans:
        same = by_hash.get(p.hash)
        if same and all(s.orphan for s in same) and p.hash in first_in_file:
            p.duplicate_of = first_in_file[p.hash]
        elif same:
            p.existing = next((s for s in same if s.position == p.report.index), same[0])
            if all(s.orphan for s in same):
                p.recreate = True
                first_in_file[p.hash] = p
        elif p.hash in first_in_file:
            p.duplicate_of = first_in_file[p.hash]
        else:
            first_in_file[p.hash] = p
            todo.append(p)
    if not todo:
        return plans
    titles = {cut(SourceReport, "title", p.report.title) for p in todo} - {""}
    heads = list(
        SourceReport.objects.filter(later_revisions__isnull=True)
        .filter(Q(file_name=file_name) | Q(title__in=titles))
        .prefetch_related("meetings")
        .order_by("pk")
    )
    taken: set[int] = set()
    for p in todo:
        p.previous = find_previous(p.report, file_name, heads, taken)
        if p.previous is not None:
            taken.add(p.previous.pk)
    return plans


def find_previous(
    report: ParsedReport, file_name: str, heads: list[SourceReport], taken: set[int]
) -> SourceReport | None:
    title = cut(SourceReport, "title", report.title)
    heads = [h for h in heads if h.pk not in taken]
    same_file = [h for h in heads if h.file_name == file_name]
    if title:
        found = [h for h in same_file if h.title == title]
        if found:
            return next((h for h in found if h.position == report.index), found[0])
    for h in same_file:
        if h.position == report.index and (not h.title or not title or h.title == title):
            return h
    if title:
        m = report.meeting
        others = [
            h
            for h in heads
            if h.file_name != file_name
            and h.title == title
            and any(mt.month == m.month and mt.day == m.day for mt in h.meetings.all())
        ]
        if len(others) == 1:
            return others[0]
    return None


def write_sources(plans: list[Plan], parsed_file: ParsedFile, user) -> dict[int, SourceReport]:
    """The new reports' source texts by ``id(plan)``, in one INSERT (they have no history)."""
    sources = {
        id(p): SourceReport(
            file_name=cut(SourceReport, "file_name", parsed_file.file),
            position=max(p.report.index, 1),
            start_line=max(p.report.start_line, 1),
            title=cut(SourceReport, "title", p.report.title),
            text=p.report.text,
            content_hash=p.hash,
            encoding=cut(SourceReport, "encoding", parsed_file.encoding),
            imported_by=user,
            previous_revision=p.previous,
            warnings=list(p.report.warnings),
        )
        for p in plans
    }
    if sources:
        SourceReport.objects.bulk_create(list(sources.values()))
    return sources
