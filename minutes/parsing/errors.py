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


def at_line(line: int, message: str) -> str:
    """A warning for staff: the line and a Traditional Chinese message.

    The ``line N:`` prefix stays machine-readable because the importer's log and its tests read it;
    the message itself, shown in the Chinese admin, says 第 N 行 as well.
    """
    return f"line {line}: 第 {line} 行：{message}"
