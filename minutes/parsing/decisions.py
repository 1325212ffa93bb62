"""Formal decisions and documents read out or adopted (宣读了…的决定, 审议通过《…》)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOOK = re.compile(r"《([^》]{2,80})》")
_BOOK_VERB = re.compile(r"(宣读|宣布|审议|通过|印发|发布|传达|颁布|下发)[了]?[^。，,；]{0,6}$")
_READ = re.compile(r"(?:宣读|宣布|通报|传达)了?")
_DOC_END = r"(?:决定|通知|批复|通报|命令|文件|意见|方案|办法|规定|任命书|任免通知)"
_PART = re.compile(
    rf"([^，,。；;]*?的[\u4e00-\u9fff]{{0,6}}?{_DOC_END}|[^，,。；;]{{2,40}}?任职{_DOC_END}|[\u4e00-\u9fff\d、]{{2,30}}名单|"
    rf"[^，,。；;的]{{0,12}}关于[^，,。；;]{{2,40}}?{_DOC_END}|"
    # 宣读了集团安全工作文件 / 2016年5月3日校党委常委会决定: a named document without 的
    r"(?!相关|有关|上级|各类|有关)[\u4e00-\u9fff\d]{6,30}?(?:决定|文件|批复))"
)
# 会议决定，后勤保障处每月召开一次安全会议: what the meeting itself decided
_MEETING_DECIDED = re.compile(r"(?:会议|大会)(?:研究|讨论|一致)?决定[，：]?(?P<t>[^。；\n]{4,80})")
# 通过了监票人名单: a list or plan adopted without 《》
# an adopted item ends the sentence or goes on to the next item of a list
_ADOPTED_ITEM = r"(?P<t>[\u4e00-\u9fff]{2,16}?(?:名单|办法|方案|决议|细则|章程))(?=[，。；\n]|和|及|、|后|$)"
_ADOPTED = re.compile(
    rf"(?:审议|表决|讨论)?通过了?(?:{_ADOPTED_ITEM}|"
    # 通过了部行政工作、工会工作情况报告: reports adopted, named together
    r"(?P<r>[\u4e00-\u9fff、]{2,30}?(?:工作|情况|财务)报告)(?=[，。；\n]|$))"
)
# 表决通过了A的决议和B的决议: the items after the first
_ADOPTED_MORE = re.compile(rf"(?:和|及|以及|、){_ADOPTED_ITEM}")


_BOOK_ADOPTED = re.compile(r"通过了?[^。；]*$")
# 后勤管理处2022年工作报告等相关议题顺利通过大会表决: adopted, said the other way round
_PASSED_BY_VOTE = re.compile(
    r"(?:^|(?<=[，。；\n]))(?:会议|大会|会上)?[，,]?(?P<t>[\u4e00-\u9fff\d]{4,30}?(?:报告|方案|办法|决议|细则|章程|名单))"
    r"(?:等(?:相关|各项)?议题)?(?:顺利|一致|全票)?(?:获得)?通过(?:了)?(?:大会|会议|代表)?(?:的)?表决"
)
_QUOTED_DOC = re.compile(rf"[“「]([^”」。；\n]{{2,40}}?(?:{_DOC_END}|细则|制度|规划|计划))[”」]")
_CHAIN = re.compile(
    r"\s*(?:和|与|及|以及|、|，|,)\s*"
    # 传达了《A》和教育部、公安部关于《B》的精神: B's issuers may stand between
    r"(?:[\u4e00-\u9fff]{2,8}(?:、[\u4e00-\u9fff]{2,8})*关于)?"
)
_OTHER_VERB = re.compile(r"\s*(?:提出|强调|要求|指出|作|做|对|就|围绕|结合|部署|安排)")
_FOLLOWED = re.compile(r"按照|根据|依据|依照|执行|遵照|落实")
_DRAFT = re.compile(r"[（(](?:草案|修订稿|修订草案|征求意见稿|讨论稿|送审稿|试行草案)[）)]$")


@dataclass
class DecisionHit:
    """A decision title span and where it was read out (Simplified offsets)."""

    start: int
    end: int
    read_pos: int | None  # position of 宣读, to find the reader


def find_decisions(simp: str) -> list[DecisionHit]:
    """Decisions in text order."""
    out: list[DecisionHit] = []
    prev: tuple[int, int | None, bool] | None = None  # (end, read_pos, adopted) of the last accepted 《》
    for m in _BOOK.finditer(simp):
        before = simp[max(0, m.start() - 12) : m.start()]
        vm = _BOOK_VERB.search(before)
        if vm and _FOLLOWED.search(before, 0, vm.start()):
            prev = None
            continue  # 要求各部门按照集团下发的《…》: a document already in force, referred to
        if vm:
            read = vm.group(1) in ("宣读", "宣布", "传达")
            read_pos = m.start() - len(before) + vm.start() if read else None
            adopted = "通过" in vm.group(0) or read
        elif prev and _CHAIN.fullmatch(simp, prev[0], m.start()):
            read_pos, adopted = prev[1], prev[2]  # 审议通过了《A》和《B》: B is adopted too
        else:
            prev = None
            continue
        prev = (m.end(), read_pos, adopted)
        if _DRAFT.search(m.group(1)) and not adopted:
            continue  # a draft put to the meeting (审议《…（草案）》) is not yet a decision
        if not adopted and m.group(1).endswith("报告"):
            continue  # a report deliberated (书面审议了《…工作报告》) is not adopted by it
        out.append(DecisionHit(m.start(1), m.end(1), read_pos))
    for rm in _READ.finditer(simp):
        pos = rm.end()
        if simp[pos : pos + 1] == "《":
            continue
        qm = _QUOTED_DOC.match(simp, pos)
        if qm:  # 传达了“2023-2024冬季供暖方案”: a document named in quotation marks
            out.append(DecisionHit(qm.start(1), qm.end(1), rm.start()))
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
            if _OTHER_VERB.match(part):
                break  # 传达了…精神，并提出了…的指导性意见: what the speaker said next

            pm = _PART.match(part)
            if pm and pm.end() >= 4 and "《" not in pm.group(1):
                a = seg_start + (len(part) - len(part.lstrip()))
                out.append(DecisionHit(a, seg_start + pm.end(), rm.start()))
            elif part.strip() and not _PART.search(part) and out and out[-1].read_pos == rm.start():
                break  # the rest of the sentence is no longer a list of documents
            seg_start += len(part)
    for d in [d for d in out if simp[d.end : d.end + 1] == "》"]:
        if not _BOOK_ADOPTED.search(simp, max(0, d.start - 30), d.start):
            continue
        m = _ADOPTED_MORE.match(simp, d.end + 1)
        while m:  # 表决通过《工作报告》、《选举办法》、候选人名单及监票人名单: the lists too
            if not any(x.start <= m.start("t") < x.end for x in out):
                out.append(DecisionHit(m.start("t"), m.end("t"), None))
            m = _ADOPTED_MORE.match(simp, m.end())
    for m in _PASSED_BY_VOTE.finditer(simp):
        if not any(x.start <= m.start("t") < x.end for x in out):
            out.append(DecisionHit(m.start("t"), m.end("t"), None))
    for rx in (_MEETING_DECIDED, _ADOPTED):
        for m in rx.finditer(simp):
            while m:
                g = "r" if "r" in m.re.groupindex and m.group("r") else "t"
                if not any(d.start <= m.start(g) < d.end for d in out):
                    out.append(DecisionHit(m.start(g), m.end(g), None))
                m = _ADOPTED_MORE.match(simp, m.end()) if rx is _ADOPTED else None
    out.sort(key=lambda d: d.start)
    return out
