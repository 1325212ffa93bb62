"""Report boundaries: a file holds one report, or several each starting at a title line."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_PUNCT = re.compile(r"[。！？；;!?，,：:]")
_ENUM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[①-⑳]|第[一二三四五六七八九十]+)"
)
_DATE_ONLY = re.compile(r"^[\d〇零一二三四五六七八九十xX年月日号\s（）()星期周上下午晚]+$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# 后勤动态：物业中心召开保洁工作会 — but not a field such as 地点：后勤处305会议室
_HEADLINE_COLON = re.compile(
    r"^(?!(?:会议)?(?:时间|地点|主持人?|参会人员|参加人员|出席人员|与会人员|出席|列席|记录人?|议题|"
    r"會議|時間|地點|主持|參會人員|出席人員|記錄人?|議題))[^：:]*[：:]"
    r"(?:[^：:]*(?:召开|召開|举行|舉行)[^：:]*|[^：:]*(?:会|會|会议|會議|纪要|紀要))$"
)


@dataclass
class ReportChunk:
    """One report's slice of the decoded file."""

    title: str | None
    text: str  # includes the title line
    start_offset: int
    start_line: int


def is_title_line(line: str, next_line: str | None) -> bool:
    """A short line without sentence punctuation, followed by body text."""
    s = line.strip()
    if not s or len(s) >= 60:
        return False
    bad = _SENTENCE_PUNCT.search(s)
    if bad and not (
        bad.group(0) in "：:" and _HEADLINE_COLON.search(s) and not _SENTENCE_PUNCT.search(s, bad.end())
    ):
        return False  # 后勤动态：物业中心召开保洁工作会 is a title; 主持人：韩雪梅 is not
    if _ENUM_START.match(s) or _DATE_ONLY.match(s) or len(_HAN.findall(s)) < 4:
        return False
    return next_line is not None and bool(next_line.strip())


_MEETING_WORDS = re.compile(r"会|會|纪要|紀要|总结|總結|简报|簡報|篇|召开|召開|座谈|座談")
_OPENING = re.compile(
    r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}[日号]|"
    r"召开|召開|举行|舉行|主持|篇\s*\d+"
)


def _opens_a_report(line: str, following: str) -> bool:
    """A title after the first line must open a new meeting: 召开 in it, or a date or 召开/主持 soon after."""
    return bool(_OPENING.search(line) or _OPENING.search(following))


def split_reports(text: str) -> list[ReportChunk]:
    """Cut the file at title lines; text before the first title (if any) forms its own report."""
    lines = text.split("\n")
    starts: list[int] = []  # line indexes of titles
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    for k, i in enumerate(nonblank):
        nxt = lines[nonblank[k + 1]] if k + 1 < len(nonblank) else None
        if k > 0 and not _opens_a_report(lines[i], "\n".join(lines[i + 1 : i + 8])[:300]):
            continue  # a section heading inside a report (会议要求, 下一步工作安排)
        if is_title_line(lines[i], nxt) and (not starts or i > starts[-1]):
            # two consecutive title-like lines: one report; a byline (后勤保障部供稿) before a real
            # title gives way to it, otherwise the first line is the title
            if starts and starts[-1] == (nonblank[k - 1] if k else -1):
                if not _MEETING_WORDS.search(lines[starts[-1]]) and _MEETING_WORDS.search(lines[i]):
                    starts[-1] = i
                continue
            starts.append(i)
    offsets = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    chunks: list[ReportChunk] = []
    if not starts:
        return [ReportChunk(None, text, 0, 1)] if text.strip() else []
    if any(lines[i].strip() for i in range(0, starts[0])):
        first = next(i for i in range(starts[0]) if lines[i].strip())
        chunks.append(
            ReportChunk(
                None, text[offsets[first] : offsets[starts[0]]].rstrip("\n"), offsets[first], first + 1
            )
        )
    for n, i in enumerate(starts):
        end = offsets[starts[n + 1]] if n + 1 < len(starts) else len(text)
        chunks.append(ReportChunk(lines[i].strip(), text[offsets[i] : end].rstrip("\n"), offsets[i], i + 1))
    return chunks
