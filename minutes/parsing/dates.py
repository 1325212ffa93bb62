"""Meeting dates, times of day and task deadlines.

Numbers are converted with cn2an only on the captured spans (running it over a
whole text damages idioms such as 统一 → 统1).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_CN = "〇○零一二两三四五六七八九十"
_YEAR = rf"(?P<year>\d{{4}}|[{_CN}]{{4}}|\d{{2}}[xX]{{2}}|\d{{4}}?)年"
DATE_RE = re.compile(
    rf"(?:(?P<year>(?:19|20)\d{{2}}|[〇○零一二][〇○零一二三四五六七八九]{{3}}|20[xX]{{2}})年)?"
    rf"(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
    rf"(?P<day>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
    # a meeting over several days: 10月18日至19日, 10月31日—11月1日 (the first day is the date)
    r"(?P<range>\s*(?:至|到|—|–|~|～|-)\s*(?:(?:1[0-2]|0?[1-9])月)?(?:3[01]|[12]\d|0?[1-9])[日号])?"
    r"(?P<weekday>\s*[（(](?:星期|周|礼拜)[一二三四五六日天][）)]|\s*(?:星期|礼拜|周)[一二三四五六日天](?![年月]))?"
    r"(?P<tod>\s*(?:上午|下午|晚上|早上|早晨|清晨|凌晨|中午|傍晚|晚间|早|晚))?"
    rf"(?P<clock>\s*(?:\d{{1,2}}\s*[:：]\s*\d{{2}}|\d{{1,2}}\s*[时点](?:\s*\d{{1,2}}\s*分|半)?|[{_CN}]{{1,3}}[时点](?:半|[{_CN}]{{1,3}}分)?))?"
)
# a web copy that lost 年/月 (2022829日, 1021日, 320日): read only where the digits split one way
GARBLED_RE = re.compile(
    r"(?<![\d第号字.\-/a-zA-Z])(?P<year>(?:19|20)\d{2})?(?P<md>\d{3,4})(?:[日号]|(?=上午|下午|晚上|中午))"
    r"(?P<tod>\s*(?:上午|下午|晚上|早上|中午|晚))?"
)
# a run of two digits is read only when it cannot be a day (55日 → 5月5日, 202275日 → 2022年7月5日), and a
# bare run before the comma that opens a report's sentence only when a meeting is held in it (96，…召开)
GARBLED_SHORT_RE = re.compile(
    r"(?<![\d第号字.\-/a-zA-Z])(?P<year>(?:19|20)\d{2})?(?P<md>[1-9][1-9])(?:[日号]|(?=上午|下午|晚上|中午))"
    r"(?P<tod>\s*(?:上午|下午|晚上|早上|中午|晚))?"
    r"|(?m:^[ \t\u3000]*)(?P<bare>[1-9]\d{1,3})(?=[，,][^。；\n]{0,40}(?:召开|举行|举办))"
)
# a day without its 日 right before the meeting (于6月19召开)
NO_DAY_MARK_RE = re.compile(
    r"(?<!\d)(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])(?=(?:上午|下午|晚上)?(?:在|召开|举行|举办))"
)
TITLE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

_TOD = {
    "上午": "morning",
    "早上": "morning",
    "早晨": "morning",
    "清晨": "morning",
    "凌晨": "morning",
    "早": "morning",
    "中午": "afternoon",
    "下午": "afternoon",
    "傍晚": "evening",
    "晚上": "evening",
    "晚间": "evening",
    "晚": "evening",
}


def cn_number(s: str) -> int | None:
    """An Arabic or Chinese-numeral number (二〇二四, 二十, 14); None when it is not one."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    small = _small_cn(s)
    if small is not None:
        return small
    import cn2an

    s = s.replace("○", "〇").replace("零", "〇")
    if s and all(ch in "〇一二三四五六七八九" for ch in s) and len(s) == 4:
        return int("".join(str("〇一二三四五六七八九".index(ch)) for ch in s))
    try:
        return int(cn2an.cn2an(s, "normal"))
    except (ValueError, KeyError):
        return None


_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"两": 2, "零": 0, "○": 0}


def _small_cn(s: str) -> int | None:
    """1–99 in Chinese numerals without a library call (一, 十二, 二十, 三十一)."""
    if len(s) == 1 and s in _DIGIT:
        return _DIGIT[s]
    if "十" in s and len(s) <= 3:
        tens, _, units = s.partition("十")
        t = _DIGIT.get(tens, None) if tens else 1
        u = _DIGIT.get(units, None) if units else 0
        if t is not None and u is not None:
            return t * 10 + u
    return None


@dataclass
class FoundDate:
    """A date as found in Simplified text, with offsets."""

    start: int
    end: int
    year: int | None
    month: int
    day: int
    time_of_day: str | None
    clock_time: str | None
    repaired: bool = False  # read from a garbled digit run (1021日)


def _clock(raw: str, tod: str | None) -> str | None:
    raw = raw.strip().replace("：", ":")
    m = re.match(r"(\d{1,2})\s*:\s*(\d{2})", raw) or re.match(
        r"(\d{1,2})\s*[时点]\s*(?:(\d{1,2})\s*分|(半))?", raw
    )
    if m:
        h = int(m.group(1))
        mi = 30 if (m.lastindex and m.lastindex >= 3 and m.group(3)) else int(m.group(2) or 0)
    else:
        m = re.match(rf"([{_CN}]{{1,3}})[时点](半|([{_CN}]{{1,3}})分)?", raw)
        if not m:
            return None
        h = cn_number(m.group(1)) or 0
        mi = 30 if m.group(2) == "半" else (cn_number(m.group(3)) or 0 if m.group(3) else 0)
    if tod in ("afternoon", "evening") and h < 12:
        h += 12
    if not (0 <= h < 24 and 0 <= mi < 60):
        return None
    return f"{h:02d}:{mi:02d}"


def find_dates(simp: str, published: datetime.date | None = None) -> list[FoundDate]:
    """Every well-formed month-day date in the text, with year, time of day and clock time; a garbled
    digit run (1021日) too, read the one way it can be, or the way nearest before ``published``."""
    out = []
    for m in DATE_RE.finditer(simp):
        month, day = cn_number(m.group("month")), cn_number(m.group("day"))
        if not month or not day or not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        year = None
        if m.group("year") and "x" not in m.group("year").lower():
            year = cn_number(m.group("year"))
        tod = _TOD.get((m.group("tod") or "").strip())
        clock = _clock(m.group("clock"), tod) if m.group("clock") else None
        if clock and not tod:
            h = int(clock[:2])
            tod = "morning" if h < 12 else "afternoon" if h < 18 else "evening"
        out.append(FoundDate(m.start(), m.end(), year, month, day, tod, clock))
    for m in GARBLED_RE.finditer(simp):
        md = _split_month_day(m.group("md"), published)
        if md and not any(d.start <= m.start() < d.end for d in out):
            year = int(m.group("year")) if m.group("year") else None
            tod = _TOD.get((m.group("tod") or "").strip())
            out.append(FoundDate(m.start(), m.end(), year, md[0], md[1], tod, None, repaired=True))
    for m in GARBLED_SHORT_RE.finditer(simp):
        if any(d.start <= m.start() < d.end or m.start() <= d.start < m.end() for d in out):
            continue
        if m.group("bare"):
            md = _split_month_day(m.group("bare"), published)
            if md:
                out.append(
                    FoundDate(m.start("bare"), m.end("bare"), None, md[0], md[1], None, None, repaired=True)
                )
            continue
        if int(m.group("md")) <= 31:
            continue  # 15日 is the 15th
        month, day = int(m.group("md")[0]), int(m.group("md")[1])
        year = int(m.group("year")) if m.group("year") else None
        tod = _TOD.get((m.group("tod") or "").strip())
        out.append(FoundDate(m.start(), m.end(), year, month, day, tod, None, repaired=True))
    for m in NO_DAY_MARK_RE.finditer(simp):
        if not any(d.start <= m.start() < d.end or m.start() <= d.start < m.end() for d in out):
            out.append(
                FoundDate(m.start(), m.end(), None, int(m.group("month")), int(m.group("day")), None, None)
            )
    out.sort(key=lambda d: d.start)
    return out


def _split_month_day(digits: str, published: datetime.date | None = None) -> tuple[int, int] | None:
    """829 → (8, 29), 1021 → (10, 21); 117 → (1, 17) when published on 2019-01-18 (not 11-07, which
    comes after it); None when no split, or more than one and nothing to choose by."""
    cuts = (2,) if len(digits) == 4 else (1, 2) if len(digits) == 3 else (1,)
    valid = [(int(digits[:k]), int(digits[k:])) for k in cuts]
    valid = [(mo, d) for mo, d in valid if 1 <= mo <= 12 and 1 <= d <= _last_day(2024, mo)]
    if len(valid) > 1 and published:
        before = [(mo, d) for mo, d in valid if (mo, d) <= (published.month, published.day)]
        valid = [max(before)] if before else []
    return valid[0] if len(valid) == 1 else None


def meeting_date(
    simp: str, body_start: int, title_simp: str | None, published: datetime.date | None = None
) -> tuple[FoundDate | None, str | None]:
    """The meeting's date: the first date in the body not followed by 前/底 (a deadline).

    Without a year of its own it takes the title line's year, else the year of the report's
    dateline (the year before when the day falls after the dateline: held 12-28, published 01-03).  Returns the date and where its year came from ('text', 'inferred'
    or None).
    """
    for d in find_dates(simp, published):
        if d.start < body_start:
            continue
        if (
            simp[d.end : d.end + 1] in ("前", "止", "起")
            or simp[d.end : d.end + 2] in ("以前", "之前", "为止")
            or simp[max(0, d.start - 2) : d.start] in ("截至", "截止")
            or simp[d.start - 1 : d.start] in ("到", "至")
            or simp[d.end : d.end + 1] == "讯"  # 后勤处6月14日讯: the news item's dateline
            or (simp[d.end : d.end + 1] == "电" and simp[d.end + 1 : d.end + 2] != "话")  # 新闻网3月23日电
        ):
            # a deadline or a reference date, not when the meeting was held
            continue
        if d.year:
            return d, "text"
        if title_simp:
            m = TITLE_YEAR_RE.search(title_simp)
            if m:
                d.year = int(m.group(1))
                return d, "inferred"
        if published:
            d.year = published.year - ((d.month, d.day) > (published.month, published.day))
            return d, "inferred"
        return d, None
    return None, None


_RELATIVE_DAY = re.compile(
    r"(?:本|这|上|下)?(?:周|星期|礼拜)[一二三四五六日天]|今天|昨天|前天|今日|昨日|当天|近日(?=[上下]午|晚)"
)
_REL_TOD = re.compile(r"\s*(?P<tod>上午|下午|晚上|早上|中午|傍晚|晚间)")


def relative_day(simp: str, body_start: int) -> tuple[int, int, str | None] | None:
    """A meeting day given only relative to the report (本周三下午, 昨天上午) in the body's opening
    sentence: its span and time of day; the calendar date stays unknown."""
    end = simp.find("。", body_start)
    end = len(simp) if end < 0 else end
    m = _RELATIVE_DAY.search(simp, body_start, min(end, body_start + 40))
    if not m or simp[m.end() : m.end() + 1] in ("前", "起"):
        return None
    t = _REL_TOD.match(simp, m.end())
    if t:
        return m.start(), t.end(), _TOD[t.group("tod")]
    return m.start(), m.end(), None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


_DUE_RE = re.compile(
    rf"^(?P<rel>明年|今年|下一?年|次年)?(?:(?P<month>\d{{1,2}}|[{_CN}]{{1,3}})月|(?P<thismonth>本月|下月|下个月))?"
    rf"(?:(?P<day>\d{{1,2}}|[{_CN}]{{1,3}})[日号]|(?P<part>底|末|初|上旬|中旬|下旬))?"
)


def resolve_due(
    due_text: str | None, year: int | None, month: int | None = None, day: int | None = None
) -> datetime.date | None:
    """The calendar date a deadline such as ``8月底`` or ``明年8月底`` or ``下周`` stands for.

    ``year``, ``month``, ``day`` are the meeting's date; without a year nothing is resolved.
    Deadlines tied to events (``开学前``) give None.
    """
    if not due_text or not year:
        return None
    from .chinese import to_simplified

    t = to_simplified(due_text.strip())
    t = re.sub(r"^(?:到|在|于|至)", "", t)
    t = re.sub(r"(?:之?前|以前|为止|完成)$", "", t)
    if t in ("年内", "年底", "年末", "今年年底", "本年度内", "年度内", "今年内", "本年内"):
        return datetime.date(year, 12, 31)
    if t in ("明年年底", "明年底", "明年内"):
        return datetime.date(year + 1, 12, 31)
    if t in ("下周", "下周内", "本周", "本周内", "下星期", "本星期", "周内") and month and day:
        base = datetime.date(year, month, day)
        sunday = base + datetime.timedelta(days=6 - base.weekday())
        return sunday + datetime.timedelta(days=7) if t.startswith("下") else sunday
    wd = re.fullmatch(r"(本|下)(?:周|星期)([一二三四五六日天])", t)
    if wd and month and day:
        base = datetime.date(year, month, day)
        target = "一二三四五六日".index(wd.group(2).replace("天", "日"))
        monday = base - datetime.timedelta(days=base.weekday())
        return monday + datetime.timedelta(days=target + (7 if wd.group(1) == "下" else 0))
    half = re.fullmatch(r"(明年|今年)?(上半年|下半年|年中|第?[一二三四]季度)(?:内|末|底)?", t)
    if half:
        y = year + (1 if half.group(1) == "明年" else 0)
        part = half.group(2).lstrip("第")
        mo = {"上半年": 6, "年中": 6, "下半年": 12}.get(part) or 3 * "一二三四".index(part[0]) + 3
        return datetime.date(y, mo, _last_day(y, mo))
    if t in ("月底", "本月底", "月内", "本月内") and month:
        return datetime.date(year, month, _last_day(year, month))
    m = _DUE_RE.match(t)
    if not m or m.end() == 0 or m.end() != len(t):
        return None
    y = year + 1 if m.group("rel") in ("明年", "下年", "下一年", "次年") else year
    if m.group("thismonth"):
        if not month:
            return None
        mo = month if m.group("thismonth") == "本月" else month % 12 + 1
        if m.group("thismonth") != "本月" and month == 12:
            y += 1
    elif m.group("month"):
        mo = cn_number(m.group("month"))
    else:
        return None
    if not mo or not 1 <= mo <= 12:
        return None
    if not m.group("rel") and month and mo < month:
        y += 1  # "3月底" said in November means next March
    if m.group("day"):
        d = cn_number(m.group("day"))
        if not d or d > _last_day(y, mo):
            return None
        return datetime.date(y, mo, d)
    part = m.group("part") or "底"
    d = {"初": 5, "上旬": 10, "中旬": 20}.get(part, _last_day(y, mo))
    return datetime.date(y, mo, d)
