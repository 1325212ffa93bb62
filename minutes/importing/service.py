"""The entry points: the command imports files, the admin a parsed upload or pasted text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import IntegrityError, transaction

from minutes import reach, revision
from minutes.importing.analyze import analyze_after_run
from minutes.importing.files import collect_files, parse_file
from minutes.importing.results import FileResult, ImportSummary
from minutes.importing.writer import FileWriter
from minutes.models import Meeting
from minutes.parsing import parse_text
from minutes.parsing.errors import ReportInputError
from minutes.parsing.model import ParsedFile


class _DryRunRollback(Exception):
    """Raised inside the file's transaction to undo a dry run."""


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
    if not dry_run:
        c = summary.counts()
        summary.analyzed = analyze_after_run(c["meetings_created"] + c["meetings_revised"])
    return summary


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
                FileWriter(parsed_file, result=result, status=status, user=user).write()
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
