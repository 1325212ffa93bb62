"""Bytes to text: encoding detection, BOM removal and newline normalisation."""

from __future__ import annotations

from .errors import ReportInputError

MAX_BYTES = 10 * 1024 * 1024
# charset-normalizer is only trusted among the encodings reports actually arrive in;
# left free it mistakes short GB18030 snippets for cp949.
CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16"]


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so every offset is into LF-only text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, filename: str) -> tuple[str, str]:
    """Return ``(text, encoding_name)``; raise ReportInputError when the bytes are not a text report."""
    if len(data) > MAX_BYTES:
        raise ReportInputError(
            f"file is larger than {MAX_BYTES // (1024 * 1024)} MB ({len(data)} bytes)", filename
        )
    if not data.strip():
        raise ReportInputError("file is empty", filename, 1)
    utf16_bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16_bom:
        pos = data.index(b"\x00")
        raise ReportInputError(
            "binary file (contains NUL bytes); expected a text report", filename, _line_of(data, pos)
        )
    if utf16_bom:
        try:
            return normalise_newlines(data.decode("utf-16")), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReportInputError(
                f"undecodable UTF-16 text ({exc.reason})", filename, _line_of(data, exc.start)
            ) from None
    try:
        text = data.decode("utf-8-sig")
        enc = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
        text = None
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
        if best is None:
            raise ReportInputError(
                f"cannot decode the file as UTF-8, GB18030 or Big5 (first bad byte at offset {utf8_error.start})",
                filename,
                _line_of(data, utf8_error.start),
            )
        enc = best.encoding
        text = str(best)
    text = text.lstrip("\ufeff")
    _check_mostly_text(text, filename)
    return normalise_newlines(text), enc


def _check_mostly_text(text: str, filename: str) -> None:
    """Reject decoded text that is mostly control characters (a binary file that happened to decode)."""
    sample = text[:20000]
    bad = sum(
        1
        for ch in sample
        if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0 or ch == "\ufffd"
    )
    if sample and bad / len(sample) > 0.05:
        first = next(
            i
            for i, ch in enumerate(sample)
            if (ord(ch) < 32 and ch not in "\n\r\t\f") or 0x7F <= ord(ch) < 0xA0 or ch == "\ufffd"
        )
        raise ReportInputError(
            "binary file (mostly non-text characters); expected a text report",
            filename,
            sample.count("\n", 0, first) + 1,
        )
