"""The text of an uploaded Word (.docx) file, refused before parsing when its zip is a bomb.

A .docx is a zip of XML; python-docx inflates the parts it reads in memory, so an 845 KB upload
expanded to 419 MB of XML and 7.5 GB of memory. The zip's directory declares each member's sizes:
they are checked first, without decompressing anything.
"""

from __future__ import annotations

import io
import zipfile

MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 500
MAX_COMPRESSION_RATIO = 100
# Tiny parts (an empty relationship file of zeros) can compress above any ratio while being
# harmless; the ratio rule is for members large enough to matter.
RATIO_MIN_BYTES = 1024 * 1024


class WordFileError(ValueError):
    """The upload is not a Word file we will read; the message is shown to staff."""


def check_archive(data: bytes) -> None:
    """Raise WordFileError when the zip is unreadable, too large, has too many members or a member
    that compresses suspiciously well (sizes from the zip's directory, nothing is inflated)."""
    from django.utils.translation import gettext as _

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception as exc:  # a forged directory raises BadZipFile, EOFError, struct.error, ValueError …
        raise WordFileError(_("這不是有效的 Word（.docx）檔案。")) from exc
    if len(members) > MAX_MEMBERS:
        raise WordFileError(
            _("Word 檔案內含 %(n)d 個部分，超過上限 %(max)d；不予讀取。")
            % {"n": len(members), "max": MAX_MEMBERS}
        )
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WordFileError(
            _("Word 檔案解壓後有 %(mb)d MB，超過上限 %(max)d MB；不予讀取。")
            % {"mb": total // (1024 * 1024), "max": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    for member in members:
        if member.file_size < RATIO_MIN_BYTES:
            continue
        if member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise WordFileError(
                _("Word 檔案中的「%(name)s」壓縮比異常（超過 %(max)d 倍）；不予讀取。")
                % {"name": member.filename[:100], "max": MAX_COMPRESSION_RATIO}
            )


def docx_text(data: bytes) -> str:
    """The paragraphs of a Word document, one per line (tables' cells too, row by row).

    Raises WordFileError for a zip bomb or a file python-docx cannot read.
    """
    import docx
    from django.utils.translation import gettext as _

    check_archive(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise WordFileError(_("無法讀取這個 Word 檔案：%(error)s") % {"error": exc}) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)
