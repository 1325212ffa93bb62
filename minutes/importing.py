"""The importing service: parsed reports (``minutes.parsing``) → meetings, people, units, posts.

The parser turns bytes into ``ParsedFile``/``ParsedReport`` dataclasses; this module writes them,
and is shared by ``manage.py import_reports`` and the admin's "new meeting from report text".

Rules, in the order they apply:

* **One transaction per file.** A file imports completely or not at all. ``dry_run`` runs the real
  writer and rolls the transaction back, so constraints are still checked.
* **Identity.** A report is the SHA-256 of its text (newlines normalised to ``\\n``). A report whose
  hash is already in the archive is *unchanged*: nothing is written and the summary says so. If
  that report's meeting was deleted (a draft staff removed) and no later revision replaced it, a
  new draft is written on the same ``SourceReport``, with a warning saying so.
* **Revisions.** A report with a new hash is a new revision of an earlier current report (one with
  no later revision) when, in this order: the same file has a report with the same title; or the
  same file has a report at the same position whose title is the same or missing; or exactly one
  report of another file has the same non-empty title and its meeting the same month and day.
  A new ``SourceReport`` is written with ``previous_revision`` set and the earlier meeting is updated.
* **What a revision does not overwrite.**
  - A meeting field listed in ``Meeting.locked_fields``, or whose current value differs from the
    value the last import wrote (read from the meeting's history row whose change reason starts with
    ``匯入``). Such a field is then added to ``locked_fields`` so later revisions keep it too.
  - A list of child records (``attendances``, ``speeches``, ``directives``, ``appointments``,
    ``decisions``, ``tasks``) when staff ever touched one of that meeting's rows of that kind: any
    history row not written by the importer (its change reason does not start with ``匯入``),
    including deletions and follow-up status changes. That relation's name also goes into
    ``locked_fields``. Untouched lists are replaced by the new revision's.
  - Everything kept is listed in the summary.
* **People** are one per name in either script (``Person.name_simplified``); a homonym in the archive
  resolves to the oldest record. Titles become ``Post`` rows (source *mention*) unless that person
  already has a post with the same title; appointments create or take over a post (source
  *appointment*) and link it; a removal (免去) ends the person's matching open post on the meeting's
  date.
* **Units** resolve by name or alias in either script; missing ones are created with a kind guessed
  from the name; ``(name, alias)`` pairs become aliases unless the alias already names another unit.
* **Review flags.** Where the parser guessed (``ParsedReport.review``: an inferred year, a repaired
  or missing date, an unmatched speaker, broken numbering), and where the writer created a unit or a
  speaker the archive did not have, the meeting gets ``review_flags`` (``minutes/review.py``) for
  staff to check; saving the meeting in the admin clears them. A revision stores the new report's
  flags except those an earlier import already raised and staff have since cleared, and those on
  fields or lists kept as edited by staff.
* Every row the importer writes carries a history row with change reason ``匯入`` (or ``匯入（修訂）``),
  and the meeting is re-indexed for search inside the same transaction.
* **Speed.** A file's rows are built in memory first and inserted together (``_FileWriter.flush``):
  one INSERT per model and change reason (history rows by simple-history's ``bulk_history_create``,
  search-index rows by ``executemany``), people,
  units and posts looked up once per file. The number of queries does not grow with the reports or
  speeches of a file (``manage.py bench_import`` measures it).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from minutes import reach, revision
from minutes.chinese import initials_of, pinyin_keys, pinyin_of, to_simplified, to_traditional
from minutes.link_suggestions import suggest_follow_ups
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
from minutes.parsing import iter_report_files, parse_bytes, parse_text
from minutes.parsing.dates import resolve_due
from minutes.parsing.errors import ReportInputError
from minutes.parsing.model import ParsedFile, ParsedPerson, ParsedReport
from minutes.post_units import TitleUnits
from minutes.review import SPEAKER_UNKNOWN, UNIT_UNKNOWN, from_parsed, review_flag
from orgunits.models import OrgUnit, OrgUnitAlias
from people.models import Person, PersonPinyinKey, Post
from search.indexing import (
    built_meeting_entries,
    insert_entries,
    person_entries,
    reindex_meetings,
    reindex_unit,
    unit_entries,
)
from search.models import SearchEntry

IMPORT_REASON = "匯入"
REVISION_REASON = "匯入（修訂）"

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
CHILD_RELATIONS = {
    "attendances": Attendance,
    "speeches": Speech,
    "directives": Directive,
    "appointments": Appointment,
    "decisions": Decision,
    "tasks": Task,
}

_MEETING_KINDS = (
    (("干部大会",), Meeting.Kind.CADRE),
    (("谈话会", "座谈会"), Meeting.Kind.TALK),
    (("推进会", "部署会"), Meeting.Kind.PROMOTION),
    (("总结", "表彰"), Meeting.Kind.SUMMARY),
    (("学习",), Meeting.Kind.STUDY),
    (("会议",), Meeting.Kind.WORK),
)
_UNIT_KINDS = (
    (("医院",), OrgUnit.Kind.HOSPITAL),
    (("委员会", "委"), OrgUnit.Kind.COMMITTEE),
    (("中心",), OrgUnit.Kind.CENTER),
    (("办公室", "处"), OrgUnit.Kind.OFFICE),
    (("部",), OrgUnit.Kind.DEPARTMENT),
    (("科", "室"), OrgUnit.Kind.SECTION),
    (("大学", "学校", "学院"), OrgUnit.Kind.UNIVERSITY),
)
_POST_FIELDS = [f.attname for f in Post._meta.concrete_fields]
_POST_PERSON, _POST_TITLE, _POST_UNIT, _POST_END = (
    _POST_FIELDS.index(name) for name in ("person_id", "title", "unit_id", "end_date")
)
_YEAR_SOURCES = {"text": Meeting.YearSource.TEXT, "inferred": Meeting.YearSource.INFERRED}
_CLOCK_RE = re.compile(r"^(\d{1,2}):(\d{2})")


def guess_meeting_kind(name: str) -> str:
    """The meeting kind its name suggests (幹部大會 → cadre …), ``other`` when none does."""
    simple = to_simplified(name or "")
    for needles, kind in _MEETING_KINDS:
        if any(n in simple for n in needles):
            return kind
    return Meeting.Kind.OTHER


def guess_unit_kind(name: str) -> str:
    """The unit kind its name's ending suggests (物業處 → office, 校醫院 → hospital …)."""
    simple = to_simplified(name or "")
    for endings, kind in _UNIT_KINDS:
        if simple.endswith(endings):
            return kind
    return OrgUnit.Kind.OTHER


def content_hash(text: str) -> str:
    """SHA-256 of a report's text with newlines normalised, the report's identity."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- results


@dataclass
class FileResult:
    """What importing one file did (or, with an error, why it did nothing)."""

    path: str
    encoding: str = ""
    error: str | None = None
    reports: int = 0
    created: list[int] = field(default_factory=list)  # meeting ids
    unchanged: list[int] = field(default_factory=list)  # source report ids
    revised: list[int] = field(default_factory=list)  # meeting ids
    people_created: int = 0
    units_created: int = 0
    aliases_created: int = 0
    posts_created: int = 0
    needs_review: int = 0  # meetings created or revised that carry review flags
    warnings: list[str] = field(default_factory=list)
    not_overwritten: list[str] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)  # created or revised, in report order
    parsed: ParsedFile | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class ImportSummary:
    """Totals over every file of one run, for the command's summary and the tests."""

    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    analyzed: list[str] = field(default_factory=list)  # tables ANALYZE ran on at the end

    def _total(self, attr: str) -> int:
        return sum(len(v) if isinstance(v := getattr(f, attr), list) else v for f in self.files if f.ok)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]

    @property
    def parsed_files(self) -> list[ParsedFile]:
        return [f.parsed for f in self.files if f.parsed is not None]

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    @property
    def not_overwritten(self) -> list[str]:
        return [n for f in self.files for n in f.not_overwritten]

    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "files_failed": len(self.failed),
            "reports": self._total("reports"),
            "meetings_created": self._total("created"),
            "meetings_unchanged": self._total("unchanged"),
            "meetings_revised": self._total("revised"),
            "people_created": self._total("people_created"),
            "units_created": self._total("units_created"),
            "aliases_created": self._total("aliases_created"),
            "posts_created": self._total("posts_created"),
            "warnings": len(self.warnings),
            "needs_review": self._total("needs_review"),
        }

    def lines(self) -> list[str]:
        """The human summary: the totals, then what a revision kept."""
        c = self.counts()
        head = "Dry run (nothing written): " if self.dry_run else ""
        out = [
            f"{head}{c['files']} file(s), {c['reports']} report(s): "
            f"{c['meetings_created']} meeting(s) created, {c['meetings_unchanged']} unchanged, "
            f"{c['meetings_revised']} revised; {c['people_created']} people created, "
            f"{c['units_created']} unit(s) created, {c['warnings']} warning(s), "
            f"{c['files_failed']} file(s) failed."
        ]
        if self.analyzed:
            out.append(f"Database statistics updated (ANALYZE) for {len(self.analyzed)} table(s).")
        if self.not_overwritten:
            out.append("Not overwritten (edited by staff):")
            out.extend(f"  {n}" for n in self.not_overwritten)
        return out

    def problem_lines(self) -> list[str]:
        """Warnings and failed files, each naming the file and, when known, the line."""
        out = []
        if self.warnings:
            out.append("Warnings:")
            out.extend(f"  {w}" for w in self.warnings)
        if self.failed:
            out.append("Failed:")
            out.extend(f"  {f.error}" for f in self.failed)
        return out


class _DryRunRollback(Exception):
    """Raised inside the file's transaction to undo a dry run."""


# ---------------------------------------------------------------- files


def collect_files(paths: Iterable[str | Path]) -> list[tuple[Path, str | None]]:
    """Every report file under ``paths`` (folders: their text files, sorted), each with an error
    message when the path cannot be used at all."""
    out: list[tuple[Path, str | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = list(iter_report_files([path]))
            if not found:
                out.append((path, f"{path}: folder contains no report files"))
            out.extend((p, None) for p in found)
        elif path.is_file():
            out.append((path, None))
        else:
            out.append((path, f"{path}: no such file or folder"))
    return out


def parse_file(path: Path) -> ParsedFile:
    """Read and parse one file, refusing files above ``MINUTES_MAX_REPORT_BYTES``."""
    limit = settings.MINUTES_MAX_REPORT_BYTES
    size = path.stat().st_size
    if size > limit:
        shown = f"{limit // (1024 * 1024)} MB" if limit % (1024 * 1024) == 0 else f"{limit} bytes"
        raise ReportInputError(f"file is larger than {shown} ({size} bytes); not imported", path.name)
    return parse_bytes(path.read_bytes(), path.name)


def import_files(
    paths: Iterable[str | Path],
    *,
    dry_run: bool = False,
    status: str = Meeting.Status.DRAFT,
    user=None,
    progress: Callable[[int, int, Path], None] | None = None,
    write: bool = True,
) -> ImportSummary:
    """Import every report in ``paths`` (files or folders), one transaction per file.

    A file that cannot be read is reported in the summary and does not stop the others.
    ``write=False`` only parses (for a dry run against a database that is not migrated yet).
    """
    summary = ImportSummary(dry_run=dry_run)
    files = collect_files(paths)
    for n, (path, error) in enumerate(files, 1):
        if progress is not None:
            progress(n, len(files), path)
        if error is not None:
            summary.files.append(FileResult(path=str(path), error=error))
            continue
        try:
            parsed = parse_file(path)
        except ReportInputError as exc:
            summary.files.append(FileResult(path=str(path), error=str(exc)))
            continue
        except OSError as exc:
            summary.files.append(
                FileResult(path=str(path), error=f"{path.name}: cannot read ({exc.strerror})")
            )
            continue
        if not write:
            summary.files.append(
                FileResult(
                    path=parsed.file, encoding=parsed.encoding, reports=len(parsed.reports), parsed=parsed
                )
            )
            continue
        summary.files.append(import_parsed_file(parsed, status=status, user=user, dry_run=dry_run))
    c = summary.counts()
    if not dry_run and c["meetings_created"] + c["meetings_revised"] >= ANALYZE_AFTER_REPORTS:
        summary.analyzed = analyze_filled_tables()
    return summary


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


def analyze_filled_tables() -> list[str]:
    """ANALYZE the tables an import fills (PostgreSQL; other databases plan without it): the
    tables' names, or nothing."""
    if connection.vendor != "postgresql":
        return []
    tables = [model._meta.db_table for model in FILLED_MODELS]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return tables


# pg_advisory_xact_lock key taken by each file's transaction before it resolves people and units:
# two imports at once (the command, the admin, a background batch) write their files one at a time. Person has no uniqueness rule,
# so without it both could look up a name, find nobody, and create the same person twice.
IMPORT_LOCK_KEY = 0x6D696E7574  # "minut"


def _lock_imports() -> None:
    # SQLite serialises writers anyway; the lock is PostgreSQL's, released at commit/rollback.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def import_parsed_file(
    parsed_file: ParsedFile, *, status: str = Meeting.Status.DRAFT, user=None, dry_run: bool = False
) -> FileResult:
    """Write one parsed file in one transaction; on any failure nothing of it is kept.

    ``result.meetings`` holds the meetings created or revised (the admin opens the first one).
    An IntegrityError (another writer inserted the same report first) is retried once in a new
    transaction, which then sees the other's rows; a second one skips the file with a message.
    """
    for attempt in (1, 2):
        result = FileResult(path=parsed_file.file, encoding=parsed_file.encoding, parsed=parsed_file)
        try:
            with transaction.atomic(), revision.deferred(), reach.deferred():
                _FileWriter(parsed_file, result=result, status=status, user=user).write()
                if result.created or result.revised:
                    revision.bump()
                    # Rows written in bulk send no signals: the people and units of these meetings.
                    reach.meetings_changed([*result.created, *result.revised])
                if dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        except ReportInputError as exc:
            return FileResult(
                path=parsed_file.file, encoding=parsed_file.encoding, error=str(exc), parsed=parsed_file
            )
        except IntegrityError as exc:
            if attempt == 1:
                continue
            return FileResult(
                path=parsed_file.file,
                encoding=parsed_file.encoding,
                error=(
                    f"{parsed_file.file}: not imported: it conflicted twice with rows written at the "
                    f"same time by another import ({str(exc).strip()[:200]}); import this file again"
                ),
                parsed=parsed_file,
            )
        return result
    raise AssertionError("unreachable")


def import_report_text(
    text: str, *, file_name: str = "admin.txt", status: str = Meeting.Status.DRAFT, user=None
) -> FileResult:
    """The admin's "new meeting from report text": parse pasted text and import it."""
    return import_parsed_file(parse_text(text, file_name), status=status, user=user)


# ---------------------------------------------------------------- the writer


def _bulk_create(model, objs: list, *, user, reason: str, stamp) -> list:
    """``bulk_create`` plus one "+" history row each, through simple-history's own
    ``bulk_history_create`` (the same rows its signals would write, one INSERT per model)."""
    if not objs:
        return objs
    objs = model.objects.bulk_create(objs)
    model.history.bulk_history_create(
        objs, batch_size=500, default_user=user, default_change_reason=reason, default_date=stamp
    )
    return objs


def _cut(model, field_name: str, value: str | None) -> str:
    value = (value or "").strip()
    limit = model._meta.get_field(field_name).max_length
    return value[:limit] if limit else value


def _span(span) -> tuple[int | None, int | None]:
    if not span:
        return None, None
    start, end = span
    return start, max(start, end)


def _recognisable(report: ParsedReport) -> bool:
    m = report.meeting
    return bool(
        m.name
        or (m.month and m.day)
        or m.venue
        or m.chair
        or report.people
        or report.speeches
        or report.directives
        or report.appointments
        or report.decisions
        or report.tasks
    )


class _Resolver:
    """People and units for one file: looked up in bulk, created in bulk, cached by simplified name."""

    def __init__(self, *, user, stamp, result: FileResult):
        self.user = user
        self.stamp = stamp
        self.result = result
        self.people: dict[str, Person] = {}
        self.units: dict[str, OrgUnit] = {}
        # ids of the Person and OrgUnit objects this file created: names the archive did not know.
        self.created: set[int] = set()

    # people
    def load_people(self, names: Iterable[str | None]) -> None:
        wanted: dict[str, str] = {}
        for name in names:
            name = _cut(Person, "name", name)
            key = to_simplified(name)
            if key and key not in self.people:
                wanted.setdefault(key, name)
        if not wanted:
            return
        for person in Person.objects.filter(name_simplified__in=list(wanted)).order_by("pk"):
            self.people.setdefault(person.name_simplified, person)
        new = []
        for key, name in wanted.items():
            if key in self.people:
                continue
            # The same derived fields Person.save() fills, so the rows can be created in bulk.
            person = Person(
                name=name,
                name_simplified=key,
                name_traditional=to_traditional(key),
                pinyin=pinyin_of(name),
                initials=initials_of(name),
            )
            new.append(person)
            self.people[key] = person
        if new:
            _bulk_create(Person, new, user=self.user, reason=IMPORT_REASON, stamp=self.stamp)
            self.created.update(id(p) for p in new)
            PersonPinyinKey.objects.bulk_create(
                [PersonPinyinKey(person=p, key=k) for p in new for k in sorted(pinyin_keys(p.name))]
            )
            self.result.people_created += len(new)
            # bulk_create sends no signals: put the new people in the search index here.
            insert_entries([e for p in new for e in person_entries(p)])

    def person(self, name: str | None) -> Person | None:
        if not name:
            return None
        return self.people.get(to_simplified(_cut(Person, "name", name)))

    # units
    def load_units(self, names: Iterable[str | None], aliases: Iterable[tuple[str, str]]) -> None:
        aliases = [(_cut(OrgUnit, "name", n), _cut(OrgUnitAlias, "alias", a)) for n, a in aliases if n and a]
        wanted: dict[str, str] = {}
        for name in [*names, *(n for n, _a in aliases), *(a for _n, a in aliases)]:
            name = _cut(OrgUnit, "name", name)
            key = to_simplified(name)
            if key and key not in self.units:
                wanted.setdefault(key, name)
        if wanted:
            keys = list(wanted)
            for unit in OrgUnit.objects.filter(name_simplified__in=keys).order_by("pk"):
                self.units.setdefault(unit.name_simplified, unit)
            for alias in OrgUnitAlias.objects.filter(alias_simplified__in=keys).select_related("unit"):
                self.units.setdefault(alias.alias_simplified, alias.unit)
        new_units: list[OrgUnit] = []
        new_aliases: list[OrgUnitAlias] = []

        def unit_for(name: str) -> OrgUnit:
            key = to_simplified(name)
            if key not in self.units:
                unit = OrgUnit(name=name, name_simplified=key, kind=guess_unit_kind(name))
                new_units.append(unit)
                self.units[key] = unit
            return self.units[key]

        pending_aliases: list[tuple[OrgUnit, str]] = []
        for name, alias in aliases:
            a_key = to_simplified(alias)
            if a_key == to_simplified(name):
                continue
            known = self.units.get(a_key)
            if known is not None and to_simplified(name) not in self.units:
                # Only the alias is known: the bracketed name is another name of that unit.
                self.units[to_simplified(name)] = known
                continue
            unit = unit_for(name)
            if known is None:
                self.units[a_key] = unit
                pending_aliases.append((unit, alias))
            elif known is not unit:
                self.result.warnings.append(
                    f"{self.result.path}: unit alias {alias!r} of {name!r} already names {known.name!r}; not added"
                )
        for key, name in wanted.items():
            if key not in self.units:
                unit_for(name)
        if new_units:
            _bulk_create(OrgUnit, new_units, user=self.user, reason=IMPORT_REASON, stamp=self.stamp)
            self.created.update(id(u) for u in new_units)
            self.result.units_created += len(new_units)
            insert_entries([e for u in new_units for e in unit_entries(u, aliases=[])])
        for unit, alias in pending_aliases:
            new_aliases.append(OrgUnitAlias(unit=unit, alias=alias, alias_simplified=to_simplified(alias)))
        if new_aliases:
            _bulk_create(OrgUnitAlias, new_aliases, user=self.user, reason=IMPORT_REASON, stamp=self.stamp)
            self.result.aliases_created += len(new_aliases)
            # New units were indexed without aliases; index every unit that gained one again.
            for unit in {a.unit.pk: a.unit for a in new_aliases}.values():
                reindex_unit(unit)

    def unit(self, name: str | None) -> OrgUnit | None:
        if not name:
            return None
        return self.units.get(to_simplified(_cut(OrgUnit, "name", name)))


@dataclass
class _Plan:
    """One report and what to do with it."""

    report: ParsedReport
    hash: str
    existing: SourceReport | None = None  # same hash: unchanged
    recreate: bool = False  # same hash, but its meeting was deleted: a new draft on that source
    previous: SourceReport | None = None  # earlier revision
    duplicate_of: _Plan | None = None  # an earlier report of the same file with the same text


class _FileWriter:
    """Writes one ParsedFile; call ``write()`` inside a transaction."""

    def __init__(self, parsed_file: ParsedFile, *, result: FileResult, status: str, user):
        self.file = parsed_file
        self.result = result
        self.status = status
        self.user = user if user is not None and getattr(user, "pk", None) else None
        self.stamp = timezone.now()
        self.resolver = _Resolver(user=self.user, stamp=self.stamp, result=result)
        # Each person's posts in pk order: stored ones as plain rows (``_POST_FIELDS``) until one
        # is needed (a person's posts grow with the archive; building them all was a third of the
        # writer's time at a few thousand meetings), then as Post instances, as are new ones.
        self.posts: dict[int, list[Post | tuple]] = {}
        # New rows of the whole file, inserted together by flush(): one INSERT (and one history
        # INSERT) per model and change reason instead of one per report.
        self.pending: dict[tuple[type, str], list] = {}
        self.new_meetings: list[Meeting] = []
        self.to_index: list[Meeting] = []  # revised meetings: re-read and re-indexed after flush()
        # The rows each new meeting got, by relation name, to index it from memory after flush().
        self.related: dict[int, dict[str, list]] = {}
        self.changed_posts: dict[int, Post] = {}  # existing posts an appointment or removal changed

    def where(self, report: ParsedReport) -> str:
        return f"{self.file.file}, line {report.start_line}"

    def write(self) -> None:
        result = self.result
        # The parser's warnings already name the file and line (its reports' included).
        result.warnings.extend(self.file.warnings)
        reports = []
        for report in self.file.reports:
            if _recognisable(report):
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
        plans = self.plan(reports)
        todo = [p for p in plans if p.existing is None]
        to_write = [p for p in plans if p.existing is None or p.recreate]
        if to_write:
            # Only a file with something to write waits for other imports; one that planned with
            # rows another import is committing meets an IntegrityError and is retried.
            _lock_imports()
        self.resolve(to_write)
        sources = self.write_sources([p for p in todo if p.duplicate_of is None])
        for plan in plans:
            if plan.recreate:
                result.warnings.append(
                    f"{self.where(plan.report)}: imported before, but its meeting was deleted; "
                    "a new draft was created from it"
                )
                self.write_report(plan, plan.existing)
            elif plan.existing is not None:
                result.unchanged.append(plan.existing.pk)
            elif plan.duplicate_of is not None:
                result.warnings.append(
                    f"{self.where(plan.report)}: the same text as report {plan.duplicate_of.report.index} "
                    f"(line {plan.duplicate_of.report.start_line}); skipped"
                )
            else:
                self.write_report(plan, sources[id(plan)])
        self.flush()
        result.created.extend(m.pk for m in self.new_meetings)
        # New meetings are indexed from the rows in hand (every related row is one this file
        # wrote, with its people and units attached); revised ones keep rows staff edited, so
        # they are read back.
        insert_entries([e for m in self.new_meetings for e in built_meeting_entries(m, self.related[id(m)])])
        reindex_meetings(self.to_index)
        suggest_follow_ups(m.pk for m in self.new_meetings)

    def add(self, model, rows: list, reason: str = IMPORT_REASON) -> list:
        """Queue new rows for flush()."""
        if rows:
            self.pending.setdefault((model, reason), []).extend(rows)
        return rows

    # Parents before the rows that point at them (posts name their meeting, appointments their post,
    # directives their speech).
    FLUSH_ORDER = (Meeting, Post, Attendance, Speech, Directive, Appointment, Decision, Task)

    def flush(self) -> None:
        for model in self.FLUSH_ORDER:
            for (queued, reason), rows in self.pending.items():
                if queued is model and rows:
                    _bulk_create(model, rows, user=self.user, reason=reason, stamp=self.stamp)
        self.pending = {}
        # Saved after the inserts: the post may now name a meeting of this file.
        for post in self.changed_posts.values():
            post._change_reason = IMPORT_REASON
            post._history_user = self.user
            post._history_date = self.stamp
            post.save()
        self.changed_posts = {}

    def write_sources(self, plans: list[_Plan]) -> dict[int, SourceReport]:
        """The new reports' source texts, in one INSERT (they have no history)."""
        sources = {
            id(plan): SourceReport(
                file_name=_cut(SourceReport, "file_name", self.file.file),
                position=max(plan.report.index, 1),
                start_line=max(plan.report.start_line, 1),
                title=_cut(SourceReport, "title", plan.report.title),
                text=plan.report.text,
                content_hash=plan.hash,
                encoding=_cut(SourceReport, "encoding", self.file.encoding),
                imported_by=self.user,
                previous_revision=plan.previous,
                warnings=list(plan.report.warnings),
            )
            for plan in plans
        }
        if sources:
            SourceReport.objects.bulk_create(list(sources.values()))
        return sources

    # ---- identity and revisions
    def plan(self, reports: list[ParsedReport]) -> list[_Plan]:
        plans = [_Plan(r, content_hash(r.text)) for r in reports]
        by_hash: dict[str, list[SourceReport]] = {}
        known = SourceReport.objects.filter(content_hash__in={p.hash for p in plans}).annotate(
            # A report whose meeting staff deleted is imported again rather than silently called
            # unchanged; not an earlier revision (its meeting moved on to the later one), nor a
            # report staff unlinked from a meeting that still exists.
            orphan=Exists(
                Meeting.history.model.objects.filter(source_report_id=OuterRef("pk"), history_type="-")
            )
            & ~Exists(Meeting.objects.filter(source_report=OuterRef("pk")))
            & ~Exists(SourceReport.objects.filter(previous_revision=OuterRef("pk")))
        )
        for sr in known.order_by("pk"):
            by_hash.setdefault(sr.content_hash, []).append(sr)
        todo = []
        first_in_file: dict[str, _Plan] = {}
        for plan in plans:
            same = by_hash.get(plan.hash)
            if same and all(s.orphan for s in same) and plan.hash in first_in_file:
                plan.duplicate_of = first_in_file[plan.hash]
            elif same:
                plan.existing = next((s for s in same if s.position == plan.report.index), same[0])
                if all(s.orphan for s in same):
                    plan.recreate = True
                    first_in_file[plan.hash] = plan
            elif plan.hash in first_in_file:
                plan.duplicate_of = first_in_file[plan.hash]
            else:
                first_in_file[plan.hash] = plan
                todo.append(plan)
        if not todo:
            return plans
        titles = {_cut(SourceReport, "title", p.report.title) for p in todo} - {""}
        heads = list(
            SourceReport.objects.filter(later_revisions__isnull=True)
            .filter(Q(file_name=self.file.file) | Q(title__in=titles))
            .prefetch_related("meetings")
            .order_by("pk")
        )
        taken: set[int] = set()
        for plan in todo:
            plan.previous = self.find_previous(plan.report, heads, taken)
            if plan.previous is not None:
                taken.add(plan.previous.pk)
        return plans

    def find_previous(self, report: ParsedReport, heads: list[SourceReport], taken: set[int]):
        title = _cut(SourceReport, "title", report.title)
        heads = [h for h in heads if h.pk not in taken]
        same_file = [h for h in heads if h.file_name == self.file.file]
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
                if h.file_name != self.file.file
                and h.title == title
                and any(mt.month == m.month and mt.day == m.day for mt in h.meetings.all())
            ]
            if len(others) == 1:
                return others[0]
        return None

    # ---- people and units, in bulk for the whole file
    def resolve(self, plans: list[_Plan]) -> None:
        names: list[str | None] = []
        units: list[str | None] = []
        aliases: list[tuple[str, str]] = []
        for plan in plans:
            r = plan.report
            names.append(r.meeting.chair)
            names.extend(p.name for p in r.people)
            names.extend(r.attendees)
            names.extend(s.speaker for s in r.speeches)
            names.extend(d.issuer for d in r.directives)
            names.extend(a.person for a in r.appointments)
            names.extend(a.announced_by for a in r.appointments)
            names.extend(d.read_by for d in r.decisions)
            units.append(r.meeting.organizer)
            units.extend(r.org_units)
            units.extend(s.speaker_unit for s in r.speeches)
            units.extend(a.unit for a in r.appointments)
            units.extend(t.owner_unit for t in r.tasks)
            aliases.extend(r.unit_aliases)
        self.resolver.load_people(names)
        self.resolver.load_units(units, aliases)
        titles = [t for plan in plans for p in plan.report.people for t in p.titles]
        self.title_units = TitleUnits(titles, self.resolver.units)
        person_ids = [p.pk for p in self.resolver.people.values()]
        rows = Post.objects.filter(person_id__in=person_ids).order_by("pk").values_list(*_POST_FIELDS)
        for row in rows:
            self.posts.setdefault(row[_POST_PERSON], []).append(row)

    # ---- one report
    def write_report(self, plan: _Plan, source: SourceReport) -> None:
        """Build one report's rows; they are queued (``add``) and inserted by ``flush``."""
        report = plan.report
        values = self.meeting_values(report)
        flags = from_parsed(report.review) + self.writer_flags(report)
        meeting = None
        if plan.previous is not None:
            meeting = next(iter(plan.previous.meetings.all()), None)
            if meeting is None:
                self.result.not_overwritten.append(
                    f"{self.where(report)}: the meeting of the earlier revision was deleted; not re-created"
                )
                return
            self.revise(meeting, values, source, report, flags)
            self.result.revised.append(meeting.pk)
        else:
            meeting = Meeting(**values, source_report=source, status=self.status, review_flags=flags)
            if self.status == Meeting.Status.PUBLISHED:
                meeting.published_at = self.stamp
                meeting.published_by = self.user
            # Inserted like the children (no save() signals): reindex_meetings indexes it once,
            # complete, after flush(). The two things Meeting.save() adds are done here.
            meeting.date = meeting.full_date()
            if meeting.year is None:
                meeting.year_source = Meeting.YearSource.UNKNOWN
            self.add(Meeting, [meeting])
            self.new_meetings.append(meeting)
            self.write_children(meeting, report, set(CHILD_RELATIONS), IMPORT_REASON)
        self.write_posts(meeting, report)
        self.result.meetings.append(meeting)
        if meeting.review_flags:
            self.result.needs_review += 1
        if plan.previous is not None:
            self.to_index.append(meeting)

    def writer_flags(self, report: ParsedReport) -> list[dict]:
        """The writer's own guesses: units and speakers this file had to create (once each)."""
        r, flags, seen = self.resolver, [], set()
        unit_names = [
            report.meeting.organizer,
            *report.org_units,
            *(s.speaker_unit for s in report.speeches),
            *(a.unit for a in report.appointments),
            *(t.owner_unit for t in report.tasks),
        ]
        for name in unit_names:
            unit = r.unit(name)
            if unit is not None and id(unit) in r.created and id(unit) not in seen:
                seen.add(id(unit))
                flags.append(review_flag(UNIT_UNKNOWN, "org_units", unit.name))
        for i, speech in enumerate(report.speeches):
            person = r.person(speech.speaker)
            if person is not None and id(person) in r.created and id(person) not in seen:
                seen.add(id(person))
                flags.append(review_flag(SPEAKER_UNKNOWN, f"speeches[{i}]", person.name))
        return flags

    def meeting_values(self, report: ParsedReport) -> dict:
        pm = report.meeting
        name = pm.name or report.title
        if not pm.name:
            self.result.warnings.append(
                f"{self.where(report)}: meeting name not found; "
                + ("used the title line" if report.title else "named it 未命名會議")
            )
        name = _cut(Meeting, "name", name) or "未命名會議"
        month = pm.month if pm.month and 1 <= pm.month <= 12 else None
        day = pm.day if month and pm.day and 1 <= pm.day <= 31 else None
        year = pm.year if pm.year and 1900 <= pm.year <= 2100 else None
        start_time = None
        if pm.clock_time and (m := _CLOCK_RE.match(pm.clock_time)):
            hour, minute = int(m.group(1)), int(m.group(2))
            if hour < 24 and minute < 60:
                start_time = datetime.time(hour, minute)
        spans = {
            key: list(span)
            for key, span in (
                ("name", pm.name_span),
                ("date", pm.date_span),
                ("venue", pm.venue_span),
                ("chair", pm.chair_span),
            )
            if span
        }
        return {
            "name": name,
            "kind": guess_meeting_kind(name),
            "year": year,
            "month": month,
            "day": day,
            "year_source": (
                _YEAR_SOURCES.get(pm.year_source, Meeting.YearSource.TEXT)
                if year
                else Meeting.YearSource.UNKNOWN
            ),
            "date_text": _cut(Meeting, "date_text", pm.date_text),
            "time_of_day": pm.time_of_day if pm.time_of_day in Meeting.TimeOfDay.values else "",
            "start_time": start_time,
            "venue": _cut(Meeting, "venue", pm.venue),
            "chair": self.resolver.person(pm.chair),
            "chair_label": _cut(Meeting, "chair_label", pm.chair),
            "organizer": self.resolver.unit(pm.organizer),
            "source_spans": spans,
        }

    def revise(
        self, meeting: Meeting, values: dict, source: SourceReport, report: ParsedReport, flags: list[dict]
    ) -> None:
        locked = list(meeting.locked_fields or [])
        last_import = (
            meeting.history.filter(history_change_reason__startswith=IMPORT_REASON)
            .order_by("-history_date", "-history_id")
            .first()
        )
        for name in MEETING_FIELDS:
            attname = Meeting._meta.get_field(name).attname
            current = getattr(meeting, attname)
            staff_changed = last_import is None or getattr(last_import, attname) != current
            if name in locked or staff_changed:
                if name not in locked:
                    locked.append(name)
                new = values[name]
                new = new.pk if hasattr(new, "pk") else new
                if new != current:
                    self.result.not_overwritten.append(
                        f"{self.where(report)}: meeting {meeting.pk} field {name!r} kept as edited "
                        f"({current!r}; the report now says {new!r})"
                    )
                continue
            setattr(meeting, name, values[name])
        replace = set()
        for relation, model in CHILD_RELATIONS.items():
            touched = relation in locked or (
                model.history.filter(meeting_id=meeting.pk)
                .exclude(history_change_reason__startswith=IMPORT_REASON)
                .exists()
            )
            if touched:
                if relation not in locked:
                    locked.append(relation)
                self.result.not_overwritten.append(
                    f"{self.where(report)}: meeting {meeting.pk} {relation} kept as edited by staff"
                )
            else:
                replace.add(relation)
        for relation in replace:
            rows = list(getattr(meeting, relation).all())
            for row in rows:
                row._change_reason = REVISION_REASON
                row._history_user = self.user
                row._history_date = self.stamp
                row.delete()
        self.write_children(meeting, report, replace, REVISION_REASON)
        # A flag an earlier import raised and that is gone now was cleared by staff: not again.
        raised = last_import.review_flags if last_import is not None else []
        meeting.review_flags = [
            f
            for f in flags
            if (f in meeting.review_flags or f not in raised) and not _flag_on_locked(f, locked)
        ]
        meeting.locked_fields = locked
        meeting.source_report = source
        meeting._change_reason = REVISION_REASON
        meeting._history_user = self.user
        meeting._history_date = self.stamp
        meeting.save()

    def write_children(
        self, meeting: Meeting, report: ParsedReport, relations: set[str], reason: str
    ) -> None:
        r = self.resolver
        people_by_key: dict[str, ParsedPerson] = {}
        # A person's first title in the report (校黨委書記 for 校黨委書記張邁曾), for the speech's
        # speaker title and the attendance's role when the report gives nothing closer.
        first_title: dict[str, str] = {}
        for p in report.people:
            key = to_simplified(p.name)
            people_by_key.setdefault(key, p)
            if p.titles:
                first_title.setdefault(key, p.titles[0])

        def title_of(name: str | None) -> str:
            return first_title.get(to_simplified(name), "") if name else ""

        related = self.related.setdefault(id(meeting), {})

        def bulk(model, rows):
            related[model._meta.get_field("meeting").remote_field.related_name] = rows
            return self.add(model, rows, reason)

        if "attendances" in relations:
            rows, seen = [], set()
            names = ([report.meeting.chair] if report.meeting.chair else []) + list(report.attendees)
            for name in names:
                person = r.person(name)
                if person is None or person.pk in seen:
                    continue
                seen.add(person.pk)
                parsed = people_by_key.get(to_simplified(name))
                start, end = _span(parsed.spans[0] if parsed and parsed.spans else None)
                if person is meeting.chair and report.meeting.chair_span:
                    start, end = _span(report.meeting.chair_span)
                rows.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        role=_cut(Attendance, "role", title_of(name)),
                        category=(
                            Attendance.Category.CHAIRED
                            if person is meeting.chair
                            else Attendance.Category.ATTENDED
                        ),
                        order=len(rows) + 1,
                        span_start=start,
                        span_end=end,
                    )
                )
            spans = list(report.attendee_group_spans)
            for i, label in enumerate(report.attendee_groups):
                label = _cut(Attendance, "group_label", label)
                if not label:
                    continue
                start, end = _span(spans[i] if i < len(spans) else None)
                rows.append(
                    Attendance(
                        meeting=meeting,
                        group_label=label,
                        order=len(rows) + 1,
                        span_start=start,
                        span_end=end,
                    )
                )
            bulk(Attendance, rows)

        speeches: list[Speech | None] = []
        if "speeches" in relations:
            rows = []
            for s in report.speeches:
                person, unit = r.person(s.speaker), r.unit(s.speaker_unit)
                label = _cut(Speech, "speaker_label", s.speaker_label or s.speaker)
                if person is None and unit is None and not label:
                    self.result.warnings.append(f"{self.where(report)}: a speech without a speaker; skipped")
                    speeches.append(None)
                    continue
                start, end = _span(s.span)
                speech = Speech(
                    meeting=meeting,
                    order=len(rows) + 1,
                    person=person,
                    speaker_label=label,
                    unit=unit,
                    speaker_title=_cut(Speech, "speaker_title", s.title or title_of(s.speaker)),
                    kind=s.kind if s.kind in Speech.Kind.values else Speech.Kind.OTHER,
                    text=s.text or "",
                    span_start=start,
                    span_end=end,
                )
                rows.append(speech)
                speeches.append(speech)
            bulk(Speech, rows)

        if "directives" in relations:
            rows = []
            for d in report.directives:
                if not (d.text or "").strip():
                    continue
                speech = None
                if speeches and d.speech_index is not None and 0 <= d.speech_index < len(speeches):
                    speech = speeches[d.speech_index]
                start, end = _span(d.span)
                rows.append(
                    Directive(
                        meeting=meeting,
                        speech=speech,
                        issuer=r.person(d.issuer),
                        issuer_label=_cut(Directive, "issuer_label", d.issuer),
                        number=d.number if d.number and d.number >= 1 else None,
                        order=len(rows) + 1,
                        text=d.text.strip(),
                        span_start=start,
                        span_end=end,
                    )
                )
            bulk(Directive, rows)

        if "appointments" in relations:
            rows = []
            for a in report.appointments:
                person = r.person(a.person)
                if person is None:
                    continue
                start, end = _span(a.span)
                appointment = Appointment(
                    meeting=meeting,
                    person=person,
                    post=_cut(Appointment, "post", a.post),
                    unit=r.unit(a.unit),
                    announced_by=r.person(a.announced_by),
                    is_removal=bool(a.removal),
                    order=len(rows) + 1,
                    span_start=start,
                    span_end=end,
                )
                appointment.post_held = self.post_for_appointment(meeting, appointment, report)
                rows.append(appointment)
            bulk(Appointment, rows)

        if "decisions" in relations:
            rows = []
            for d in report.decisions:
                title = _cut(Decision, "title", d.title)
                if not title:
                    continue
                start, end = _span(d.span)
                rows.append(
                    Decision(
                        meeting=meeting,
                        title=title,
                        read_by=r.person(d.read_by),
                        read_by_label=_cut(Decision, "read_by_label", d.read_by),
                        order=len(rows) + 1,
                        span_start=start,
                        span_end=end,
                    )
                )
            bulk(Decision, rows)

        if "tasks" in relations:
            rows = []
            for t in report.tasks:
                text = _cut(Task, "text", t.text)
                if not text:
                    continue
                start, end = _span(t.span)
                rows.append(
                    Task(
                        meeting=meeting,
                        text=text,
                        due_text=_cut(Task, "due_text", t.due),
                        due_date=_resolve_due(t.due, meeting),
                        owner_unit=r.unit(t.owner_unit),
                        order=len(rows) + 1,
                        span_start=start,
                        span_end=end,
                    )
                )
            bulk(Task, rows)

    # ---- posts
    def _find_post(self, person: Person, title: str, unit: OrgUnit | None = None, *, open_only=False):
        key = to_simplified(title)
        posts = self.posts.get(person.pk, [])
        for i, post in enumerate(posts):
            if isinstance(post, tuple):
                post_title, unit_id, end_date = post[_POST_TITLE], post[_POST_UNIT], post[_POST_END]
            else:
                post_title, unit_id, end_date = post.title, post.unit_id, post.end_date
            if to_simplified(post_title) != key:
                continue
            if unit is not None and unit_id not in (None, unit.pk):
                continue
            if open_only and end_date is not None:
                continue
            if isinstance(post, tuple):
                post = posts[i] = Post.from_db(Post.objects.db, _POST_FIELDS, post)
            return post
        return None

    def _save_post(self, post: Post, created: bool) -> Post:
        if created:
            self.add(Post, [post])
            self.posts.setdefault(post.person_id, []).append(post)
            self.result.posts_created += 1
        elif post.pk is not None:  # (a post of this file still queued goes in as it is then)
            self.changed_posts[post.pk] = post
        return post

    def post_for_appointment(self, meeting: Meeting, appointment: Appointment, report) -> Post | None:
        person, unit, date = appointment.person, appointment.unit, meeting.full_date()
        # Only a known post title makes a post: "任命X為物業處" names no post (the appointment keeps
        # the unit, its post_held stays empty).
        title = _cut(Post, "title", appointment.post)
        if not title:
            return None
        if appointment.is_removal:
            post = self._find_post(person, title, unit, open_only=True)
            if date is None:
                self.result.warnings.append(
                    f"{self.where(report)}: removal of {person.name} from {title}: meeting date unknown, "
                    "post left open"
                )
                return post
            if post is None:
                post = Post(
                    person=person,
                    title=title,
                    unit=unit,
                    source=Post.Source.APPOINTMENT,
                    source_meeting=meeting,
                    end_date=date,
                )
                return self._save_post(post, created=True)
            if post.start_date and post.start_date > date:
                self.result.warnings.append(
                    f"{self.where(report)}: removal of {person.name} from {title} on {date} is before the "
                    f"post's start ({post.start_date}); post left open"
                )
                return post
            post.end_date = date
            return self._save_post(post, created=False)
        post = self._find_post(person, title, unit, open_only=True)
        if post is None:
            post = Post(
                person=person,
                title=title,
                unit=unit,
                source=Post.Source.APPOINTMENT,
                source_meeting=meeting,
                start_date=date,
            )
            return self._save_post(post, created=True)
        if post.source != Post.Source.APPOINTMENT or post.unit_id is None and unit is not None:
            post.source = Post.Source.APPOINTMENT
            post.source_meeting = meeting
            post.unit = post.unit or unit
            if date and (post.start_date is None or post.start_date > date):
                post.start_date = date
                if post.end_date and post.end_date < date:
                    post.end_date = None
            self._save_post(post, created=False)
        return post

    def write_posts(self, meeting: Meeting, report: ParsedReport) -> None:
        """Titles the report gives people become posts held at the meeting's date."""
        new: list[Post] = []
        named_units = [self.resolver.unit(n) for n in (report.meeting.organizer, *report.org_units)]
        for parsed in report.people:
            person = self.resolver.person(parsed.name)
            if person is None:
                continue
            for title in parsed.titles:
                title = _cut(Post, "title", title)
                if not title or self._find_post(person, title) is not None:
                    continue
                post = Post(
                    person=person,
                    title=title,
                    unit=self.title_units.unit_of(title, named_units),
                    source=Post.Source.MENTION,
                    source_meeting=meeting,
                    start_date=meeting.full_date(),
                )
                new.append(post)
                self.posts.setdefault(person.pk, []).append(post)
        self.add(Post, new)
        self.result.posts_created += len(new)


def _flag_on_locked(flag: dict, locked: list[str]) -> bool:
    """The flag is about a field or list staff edited, so what the importer guessed is gone."""
    if flag["field"] == "meeting.date":
        return bool({"year", "month", "day"} & set(locked))
    return flag["field"].split("[", 1)[0] in locked


def _resolve_due(due: str | None, meeting: Meeting) -> datetime.date | None:
    if not due or not meeting.year:
        return None
    try:
        return resolve_due(due, meeting.year, meeting.month, meeting.day)
    except (ValueError, OverflowError):
        return None
