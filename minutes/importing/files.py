"""Report files on disk: which paths hold reports, and reading one within the size limit."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from minutes.parsing import iter_report_files, parse_bytes
from minutes.parsing.errors import ReportInputError
from minutes.parsing.model import ParsedFile


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
