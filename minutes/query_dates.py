"""A date typed into a search box, told apart from the words: 2023-07-19, 2023年7月19日,
7月19號, 2023年7月, 2023年, ２０２３年７月, 二〇二三年七月十九日.

Plain Python (no Django), shared by the search page and the meeting list so both read a query
the same way. A date without a year (7月19日) means that day in every year, including meetings
whose year is unknown: the caller filters on month and day alone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from minutes.parsing.dates import cn_number

# Length-preserving, so a match's offsets are valid on the query as typed.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_CN = "〇○零一二三四五六七八九"
_YEAR = rf"(?P<year>\d{{4}}|[{_CN}]{{4}})"
_MONTH = r"(?P<month>\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?P<day>\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# Not inside a longer number: 12023年, 十二月 read from its 二.
_START = rf"(?<![\d{_CN}十])"
_PATTERNS = (
    # 2023-07-19, 2023/7/19, 2023.07.19, 2023-07
    re.compile(
        r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?:(?P=sep)(?P<day>\d{1,2}))?(?![\d.])"
    ),
    # 2023年, 2023年7月, 2023年7月份, 2023年7月19日 (年度, 年代, 年級 are other words)
    re.compile(rf"{_START}{_YEAR}\s*年(?![度代級级])(?:\s*{_MONTH}\s*月(?:\s*{_DAY}\s*[日號号]|份)?)?"),
    # 7月19日, 7月19號
    re.compile(rf"{_START}{_MONTH}\s*月\s*{_DAY}\s*[日號号]"),
)
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”|「[^」]*」')
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class QueryDate:
    """The date a query names: a year, a year and month, a full date, or a month and day."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def any_year(self) -> bool:
        """A month and day that match every year, and meetings whose year is unknown."""
        return self.year is None

    def lookups(self) -> dict[str, int]:
        """Field lookups on a row with year, month and day columns (Meeting, the search index)."""
        return {name: value for name, value in vars(self).items() if value is not None}


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        # Without a year, 2月29日 is a date (of a leap year).
        return 1 <= day <= calendar.monthrange(year or 2000, month)[1]
    return True


def _number(text: str | None) -> int | None:
    return None if text is None else cn_number(text)


def find_date(query: str) -> tuple[QueryDate, tuple[int, int]] | None:
    """The first date in ``query`` (outside quotes) and its span, or None."""
    text = query.translate(_HALF_WIDTH)
    # Quoted text is a phrase the reader wants matched as written.
    text = _QUOTED.sub(lambda m: "\0" * len(m.group()), text)
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            year, month, day = (_number(parts.get(name)) for name in ("year", "month", "day"))
            if _valid(year, month, day):
                found.append((match.start(), -match.end(), QueryDate(year, month, day)))
                break
    if not found:
        return None
    start, negative_end, date = min(found, key=lambda item: item[:2])
    return date, (start, -negative_end)


def split_date(query: str) -> tuple[str, QueryDate | None]:
    """``query`` without its first date, and that date (None when it names none)."""
    found = find_date(query or "")
    if found is None:
        return query, None
    date, (start, end) = found
    return f"{query[:start].rstrip()} {query[end:].lstrip()}".strip(), date
