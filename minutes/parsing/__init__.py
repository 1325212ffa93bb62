"""Meeting-report parser: text files in, ``ParsedFile`` records and ``minutes-extraction/1`` JSON out.

Pure Python (no Django).  Entry points::

    parse_bytes(data, filename) -> ParsedFile
    parse_text(text, filename, encoding="utf-8") -> ParsedFile
    parse_path(path) -> ParsedFile
    iter_report_files(paths) -> Iterator[Path]
    extraction_document(files) -> dict
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from .cleaning import clean
from .decoding import MAX_BYTES, decode_bytes, normalise_newlines
from .errors import ReportInputError, at_line
from .export import extraction_document
from .extract import extract_report
from .model import ParsedFile, ParsedReport
from .splitting import split_reports

__all__ = [
    "ReportInputError",
    "extraction_document",
    "iter_report_files",
    "parse_bytes",
    "parse_path",
    "parse_text",
]


def parse_text(text: str, filename: str, encoding: str = "utf-8") -> ParsedFile:
    """Parse already-decoded text (newlines are normalised here)."""
    text = normalise_newlines(text).lstrip("\ufeff")
    pf = ParsedFile(file=os.path.basename(filename), encoding=encoding, text=text)
    if not text.strip():
        pf.warnings.append(at_line(1, "檔案中沒有文字", pf.file))
        return pf
    # boundaries are found on the cleaned text (a page pasted as HTML, bylines and captions between
    # paragraphs) and mapped back: a report's text stays exactly as written
    ct = clean(text)
    chunks = split_reports(ct.text)
    if not chunks:
        pf.warnings.append(at_line(1, "檔案中只有網頁雜訊（標籤、署名、頁尾），沒有報告正文", pf.file))
        return pf
    chunks = _join_bodiless(ct.text, chunks)
    if len(chunks) > 1 and chunks[0].title is None and not _looks_like_report(chunks[0].text):
        pf.warnings.append(
            at_line(chunks[0].start_line, "第一個標題行之前的文字不是會議報告，已略過", pf.file)
        )
        chunks = chunks[1:]
    starts = [ct.span(c.start_offset, c.start_offset + 1)[0] for c in chunks]
    if not ct.text[: chunks[0].start_offset].strip():
        starts[0] = 0  # only noise before the first report (a dateline, a breadcrumb): it is the report's
    for i, chunk in enumerate(chunks, start=1):
        # a report runs on to the next one (or the file's end): bylines and captions the cleaning
        # left out of its text stay in the report as written
        start, end = starts[i - 1], starts[i] if i < len(starts) else len(text)
        title = chunk.title
        if title is not None:  # as written, unless markup sits inside it
            a, b = ct.span(chunk.start_offset, chunk.start_offset + len(title))
            title = text[a:b] if "<" not in text[a:b] else title
        r = ParsedReport(
            file=pf.file,
            index=i,
            title=title,
            text=text[start:end].rstrip("\n"),
            start_offset=start,
            start_line=text.count("\n", 0, start) + 1,
        )
        extract_report(r)
        pf.reports.append(r)
        pf.warnings.extend(f"{pf.file} {w}" for w in r.warnings)
    return pf


def _join_bodiless(text: str, chunks: list) -> list:
    """A title line without a body of its own is no report: a page heading or a headline printed
    twice before the real one is left out; photo captions after a report (赵某总经理讲话) stay in it."""
    out: list = []
    for k, c in enumerate(chunks):
        if out and c.title is not None and _repeats_meeting(c, out[-1]):
            # 大连化物所膳委会召开2018年上半年工作会议 as a caption in the middle of that meeting's
            # report, the paragraphs after it undated: the same report goes on
            prev = out[-1]
            out[-1] = replace(prev, text=text[prev.start_offset : c.start_offset + len(c.text)])
        elif c.title is None or _has_body(c):
            out.append(c)
        elif out:
            prev = out[-1]
            end = c.start_offset + len(c.text)
            out[-1] = replace(prev, text=text[prev.start_offset : end])
        elif k == len(chunks) - 1:
            out.append(c)
    return out


_HELD = re.compile(r"(?:召开|召開|举行|舉行|举办|舉辦)(.{4,40})$")
_DATED = re.compile(
    r"\d{1,2}\s*月\s*\d{1,2}\s*[日号號]|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号號]|日前|近日"
)


def _repeats_meeting(chunk, prev) -> bool:
    """The chunk's title names a meeting the chunk before it already reported, and its own body
    gives no date: a caption or a repeated headline, not another report."""
    m = _HELD.search(chunk.title.strip())
    if not m or m.group(1) not in prev.text:
        return False
    body = chunk.text.split("\n", 1)[1] if "\n" in chunk.text else ""
    return not _DATED.search(body)


def _has_body(chunk) -> bool:
    lines = [ln.strip() for ln in chunk.text.split("\n") if ln.strip()]
    return any(len(ln) >= 60 or re.search(r"[。，,；;！？]", ln) for ln in lines[1:])


_REPORT_HINT = re.compile(
    r"\d{1,2}月\d{1,2}[日号]|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号]|"
    r"召开|主持|召開|讲话|講話"
)


def _looks_like_report(text: str) -> bool:
    """A preamble before the first title counts as a report only when it reads like one."""
    return len(text) > 300 or bool(_REPORT_HINT.search(text))


def parse_bytes(data: bytes, filename: str) -> ParsedFile:
    """Decode (UTF-8, UTF-8 BOM, GB18030, Big5, UTF-16) and parse; ReportInputError when unreadable."""
    text, enc = decode_bytes(data, os.path.basename(filename))
    return parse_text(text, filename, enc)


def parse_path(path: str | os.PathLike) -> ParsedFile:
    """Read and parse one file; ReportInputError for empty, binary, undecodable or oversized files."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ReportInputError(f"cannot read the file ({exc.strerror})", name) from None
    if p.is_dir():
        raise ReportInputError("is a folder, not a file (use iter_report_files)", name)
    if size > MAX_BYTES:
        raise ReportInputError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MB ({size} bytes)", name)
    return parse_bytes(p.read_bytes(), name)


def _looks_like_text(p: Path) -> bool:
    try:
        head = p.open("rb").read(4096)
    except OSError:
        return False
    return bool(head) and (b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")))


def iter_report_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and inside folders (sorted, recursively) every *.txt and any other text file."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file()):
                if f.name.startswith("."):
                    continue
                if f.suffix.lower() == ".txt" or _looks_like_text(f):
                    yield f
        else:
            yield p
