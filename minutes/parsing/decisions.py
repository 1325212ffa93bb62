"""Formal decisions and documents read out or adopted (宣读了…的决定, 审议通过《…》)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOOK = re.compile(r"《([^》]{2,80})》")
_BOOK_VERB = re.compile(r"(宣读|宣布|审议|通过|印发|发布|传达|颁布|下发)[了]?[^。，,；]{0,6}$")
_READ = re.compile(r"(?:宣读|宣布)了?")
_DOC_END = r"(?:决定|通知|批复|通报|命令|文件|意见|方案|办法|规定|任命书|任免通知)"
_PART = re.compile(rf"([^，,。；;]*?的[\u4e00-\u9fff]{{0,6}}?{_DOC_END}|[^，,。；;]{{2,40}}?任职{_DOC_END})")


@dataclass
class DecisionHit:
    """A decision title span and where it was read out (Simplified offsets)."""

    start: int
    end: int
    read_pos: int | None  # position of 宣读, to find the reader


def find_decisions(simp: str) -> list[DecisionHit]:
    """Decisions in text order."""
    out: list[DecisionHit] = []
    for m in _BOOK.finditer(simp):
        before = simp[max(0, m.start() - 12):m.start()]
        vm = _BOOK_VERB.search(before)
        if vm:
            read = vm.group(1) in ("宣读", "宣布")
            out.append(DecisionHit(m.start(1), m.end(1), m.start() - len(before) + vm.start() if read else None))
    for rm in _READ.finditer(simp):
        pos = rm.end()
        if simp[pos:pos + 1] == "《":
            continue
        end = pos
        while end < len(simp) and simp[end] not in "。；;\n":
            end += 1
        seg_start = pos
        for part in re.split(r"(，以及|,以及|以及|，并|,并|；|，|,)", simp[pos:end]):
            if part in ("；", "，", ","):
                break  # a plain comma ends the list of documents read out
            if part in ("，以及", ",以及", "以及", "，并", ",并"):
                seg_start += len(part)
                continue
            pm = _PART.match(part)
            if pm and pm.end() >= 4 and "《" not in pm.group(1):
                a = seg_start + (len(part) - len(part.lstrip()))
                out.append(DecisionHit(a, seg_start + pm.end(), rm.start()))
            elif part.strip() and not _PART.search(part) and out and out[-1].read_pos == rm.start():
                break  # the rest of the sentence is no longer a list of documents
            seg_start += len(part)
    out.sort(key=lambda d: d.start)
    return out
