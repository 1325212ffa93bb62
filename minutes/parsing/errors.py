"""Errors raised when an input file cannot be read as a meeting report."""

from __future__ import annotations


class ReportInputError(Exception):
    """A file that cannot be parsed at all (empty, binary, undecodable, too large).

    The message always names the file and, when it is known, the line, so that a
    person reading an import log can find the problem without a debugger.
    """

    def __init__(self, message: str, file: str, line: int | None = None):
        self.message = message
        self.file = file
        self.line = line
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message}")


def at_line(line: int, message: str, file: str | None = None) -> str:
    """A warning for staff, in the Chinese admin's words: ``nodate.txt 第 2 行：找不到會議日期``.

    Without ``file`` it is ``第 2 行：…``; a report's warnings are kept that way and get their file's
    name in front when they are copied into the file's warnings.
    """
    where = f"第 {line} 行"
    return f"{file} {where}：{message}" if file else f"{where}：{message}"
