"""Import batches: every admin upload is recorded as an ``ImportBatch``; a large one runs outside
the request.

A small upload is imported in the request, as before, and recorded when it ends
(``record_result``). A large one (more than ``BACKGROUND_REPORTS`` reports or ``BACKGROUND_BYTES``)
would keep the request past gunicorn's timeout: ``queue_upload`` saves it under ``VAR_DIR/uploads``
(mode 0600), creates a queued batch and starts ``manage.py run_import_batch ID`` in its own session;
the admin then shows the batch's page, which refreshes until the batch is done. ``run_batch`` does
the work (the command only calls it): it imports the file ``CHUNK_REPORTS`` reports at a time, one
transaction per chunk, so the progress page can count reports as they are written; a chunk that
fails is listed in the batch's messages and the other chunks go on.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from minutes.models import ImportBatch, Meeting

BACKGROUND_REPORTS = 20
BACKGROUND_BYTES = 1024 * 1024
CHUNK_REPORTS = 50
# The batch's message text is shown on a page: kept to this many lines.
MAX_MESSAGE_LINES = 300


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def log_dir() -> Path:
    return Path(settings.VAR_DIR) / "log"


def report_count(text: str) -> int:
    """How many reports the parser will find, from the cheap steps alone (cleaning and splitting,
    not the extraction that makes a large upload slow)."""
    from minutes.parsing.cleaning import clean
    from minutes.parsing.splitting import split_reports

    return len(split_reports(clean(text).text))


def runs_in_background(text: str | None, data: bytes | None, file_name: str) -> bool:
    """Whether an upload is too large to import while the request waits."""
    if data is not None:
        if len(data) > BACKGROUND_BYTES:
            return True
        from minutes.parsing.decoding import decode_bytes

        text, _encoding = decode_bytes(data, file_name)  # ReportInputError for a file we cannot read
    if len(text.encode("utf-8")) > BACKGROUND_BYTES:
        return True
    return report_count(text) > BACKGROUND_REPORTS


def queue_upload(*, user, file_name: str, data: bytes, launch: bool = True) -> ImportBatch:
    """Save the upload privately, create a queued batch and start the background run."""
    batch = ImportBatch.objects.create(user=user, file_name=file_name[:255])
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"batch-{batch.pk}.upload"
    # Created 0600 from the start: the upload may hold internal meetings' text.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    batch.upload_path = str(path)
    batch.save(update_fields=["upload_path"])
    if launch:
        transaction.on_commit(lambda: start_process(batch))
    return batch


def start_process(batch: ImportBatch) -> subprocess.Popen:
    """``manage.py run_import_batch ID``, detached from the web worker (its own session, so a
    worker restart does not kill it), output to ``VAR_DIR/log/import-batch-ID.log``."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_path = folder / f"import-batch-{batch.pk}.log"
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "ab") as log:
        return subprocess.Popen(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "run_import_batch", str(batch.pk)],
            cwd=settings.BASE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )


def record_result(result, *, user, file_name: str) -> ImportBatch:
    """A batch for an upload imported in the request (``importing.FileResult``)."""
    now = timezone.now()
    batch = ImportBatch(
        user=user,
        file_name=file_name[:255],
        state=ImportBatch.State.FAILED if result.error else ImportBatch.State.DONE,
        started_at=now,
        finished_at=now,
    )
    parsed_reports = len(result.parsed.reports) if result.parsed is not None else 0
    _add_result(batch, result, chunk_size=result.reports or parsed_reports)
    batch.reports_done = batch.reports_total
    batch.save()
    batch.meetings.set(_touched_meetings(result))
    return batch


def run_batch(batch_id: int) -> ImportBatch:
    """Run a queued batch: parse its upload, import it chunk by chunk, count as it goes.

    A batch that is not queued (already running or finished) is left alone, so starting the
    command twice imports once.
    """
    from minutes.importing import import_parsed_file
    from minutes.parsing import parse_bytes
    from minutes.parsing.errors import ReportInputError

    claimed = ImportBatch.objects.filter(pk=batch_id, state=ImportBatch.State.QUEUED).update(
        state=ImportBatch.State.RUNNING, started_at=timezone.now()
    )
    batch = ImportBatch.objects.get(pk=batch_id)
    if not claimed:
        return batch
    path = Path(batch.upload_path)
    try:
        parsed = parse_bytes(path.read_bytes(), batch.file_name)
        batch.reports_total = len(parsed.reports)
        batch.save(update_fields=["reports_total"])
        user = batch.user
        for start in range(0, max(len(parsed.reports), 1), CHUNK_REPORTS):
            chunk = parsed.reports[start : start + CHUNK_REPORTS]
            # The file's warnings (its reports' included) go with the first chunk only.
            part = dataclasses.replace(parsed, reports=chunk, warnings=parsed.warnings if start == 0 else [])
            result = import_parsed_file(part, status=Meeting.Status.DRAFT, user=user)
            _add_result(batch, result, chunk_size=len(chunk))
            batch.reports_done = min(start + len(chunk), batch.reports_total)
            batch.save()
            batch.meetings.add(*_touched_meetings(result))
        batch.state = ImportBatch.State.DONE if batch.written or batch.unchanged else ImportBatch.State.FAILED
    except (ReportInputError, OSError) as exc:
        batch.state = ImportBatch.State.FAILED
        _append(batch, [str(exc)])
    except Exception as exc:
        # Anything else is a bug: the batch must not stay "running" forever; the log has the traceback.
        batch.state = ImportBatch.State.FAILED
        _append(batch, [f"{type(exc).__name__}: {exc}"])
        raise
    finally:
        batch.finished_at = timezone.now()
        batch.upload_path = ""
        batch.save()
        path.unlink(missing_ok=True)
    return batch


def _add_result(batch: ImportBatch, result, *, chunk_size: int) -> None:
    if result.error:
        batch.reports_total = max(batch.reports_total, chunk_size)
        batch.failed += chunk_size
        _append(batch, [*result.warnings, result.error])
        return
    batch.reports_total = max(batch.reports_total, result.reports)
    batch.written += len(result.created) + len(result.revised)
    batch.unchanged += len(result.unchanged)
    _append(batch, [*result.warnings, *result.not_overwritten])


def _append(batch: ImportBatch, lines: list[str]) -> None:
    kept = batch.messages.splitlines()
    room = MAX_MESSAGE_LINES - len(kept)
    if room <= 0 or not lines:
        return
    kept.extend(str(line) for line in lines[:room])
    if len(lines) > room:
        kept.append(f"… {len(lines) - room} more")
    batch.messages = "\n".join(kept)


def _touched_meetings(result) -> list[int]:
    if result.error:
        return []
    touched = [m.pk for m in result.meetings]
    if result.unchanged:
        touched.extend(
            Meeting.objects.filter(source_report_id__in=result.unchanged).values_list("pk", flat=True)
        )
    return touched
