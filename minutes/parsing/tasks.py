"""Work items with an expected completion (预计到8月底将全面完成A、B、C等项目; A须在开学前完工)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chinese import cut, word_tag

_CN = "一二三四五六七八九十"
DUE = (
    rf"(?:(?:\d{{1,2}}|[{_CN}]{{1,3}})月(?:份)?(?:秋季|春季)?开学前|(?:本|下)学期(?:末|初|内|结束)前?|(?:本|下)月(?:初|中|末)前?|"
    rf"(?:五一|十一|元旦|春节|国庆|寒假|暑假|清明|端午|中秋)(?:节)?(?:放假)?前|"
    rf"(?:今年|明年)?(?:上半年|下半年|年中|年底|第?[一二三四]季度)(?:前|内|末|底)?|本月内|月内|明年|今年|年底前|本月底前?|下月底前?|月底前?|(?:本|下)(?:周|星期)[一二三四五六日天]前?|下周内?|本周内?|周内|下月|年内|年底|今年内|本学期内?|寒假前|暑假前|放假前|"
    rf"(?:秋季|春季)?开学[前初]|国庆前|[\u4e00-\u9fff]{{2,4}}(?:开始|结束|到来|启用|入住)前|[\u4e00-\u9fff]{{1,2}}节前|元旦前|春节前|(?:明年|今年)?(?:\d{{1,2}}|[{_CN}]{{1,3}})月(?:(?:\d{{1,2}}|[{_CN}]{{1,3}})[日号])?"
    rf"(?:底|中旬|上旬|下旬|初|末)?(?:前|以前|之前)?)"
)
_TASK_RE = re.compile(
    rf"(?:预计|力争|计划|争取|确保|要求|须|需|要|将|拟|可)?(?:到|在|于|至)?(?P<due>{DUE})"
    r"(?:将|要|须|需|可|能|前|全部|全面|基本|陆续|如期|按时|顺利|彻底)*"
    r"(?P<verb>完成|完工|竣工|建成|投入使用|交付使用|交付|落成|全部完成|上线|整改到位|[\u4e00-\u9fff]{2}到位|实现|上报|报送|提交)"
    r"(?P<items>[^，。；;\n]{0,80})"
)
_SUBJ_STRIP_HEAD = re.compile(
    r"^(?:其中|目前|此外|同时|另外|按照计划|根据计划|按计划|计划|预计|并|而|且|，|"
    r"[一二三四五六七八九十]{1,2}[是要]|第[一二三四五六七八九十]{1,2}[，、]?|\d{1,2}[.、．])+"
)
_SUBJ_STRIP_TAIL = re.compile(
    r"(?:预计|力争|计划|争取|确保|必须|务必|须|需|必|应当|应|要|将|拟|可|也|均|都|全部|计划于|预计于|的|尽快|及时|抓紧)+$"
)
_ITEM_TAIL = re.compile(r"(?:等(?:[\u4e00-\u9fff]{0,2}(?:项目|工程|工作|任务|建设))?|的(?:建设|改造|工作))$")


_VERB_RE = re.compile(
    r"完成|完工|竣工|建成|投入使用|交付|落成|上线|[\u4e00-\u9fff]{2}到位|实现|备案|上报|报送|提交"
)
# DUE then the item and a filing verb at the clause end: 月底前将施工安全预案报后勤管理处备案
_TASK_TAIL_RE = re.compile(
    rf"(?:预计|力争|计划|争取|确保|须|需|要|将|拟)?(?:到|在|于|至)?(?P<due>{DUE})(?:将|要|须|需|把)"
    r"(?P<items>[^，。；;\n]{2,40}?(?:备案|上报|报送|提交))(?=[，。；;\n]|$)"
)
# a deadline that qualifies the work itself: 做好开学前的各项准备工作, 确保开学前的各项工作到位
_DUE_OF_LEAD = re.compile(r"做好|确保|抓好|落实|做到|完成好")
_DUE_OF_RE = re.compile(rf"(?:在|于)?(?P<due>{DUE})的?(?P<items>[^，。；;\n]{{2,30}}?)(?=[，。；;\n]|$)")
# in/by a deadline, then the work and how it ends: 力保在8月20日前将所有维修工作保质保量完成,
# 要在开学前对各项工作进行一次全面督查
_DUE_OBJECT_RE = re.compile(
    rf"(?P<due>{DUE})(?:将|把|对)(?P<items>[^，。；;\n]{{2,30}}?)(?:保质保量|按时|按期|全面|全部|顺利|认真|地)*"
    r"(?=完成|进行|到位|落实)"
)
# a required piece of work by a deadline: 要求各部门务必在春节前进行全面整改
_MUST = re.compile(r"(?:务必|必须|须|需|要)(?=[^，。；;\n]{0,6}?(?:在|于))")
_DUE_DO_RE = re.compile(
    rf"[^，。；;\n]{{0,6}}?(?:在|于)(?P<due>{DUE})(?P<items>(?:进行|开展|组织|实施)[^，。；;\n]{{2,30}}?)(?=[，。；;\n]|$)"
)
# 停伙食堂在放假前要对全体员工进行一次安全教育: a deadline, a duty, then the work
_DUE_MUST_DO_RE = re.compile(
    rf"(?P<due>{DUE})(?:要|须|需|必须|务必|应)"
    r"(?P<items>对[^，。；;\n]{1,16}?(?:进行|开展|组织)[^，。；;\n]{2,24}?)(?=[，。；;\n]|$)"
)
_FILING_RE = re.compile(r"备案|上报|报送|提交")
_MORE_VERBS = re.compile(r"(?:并|且|和|及)|(?:投入使用|运行|交付|验收)")
_AMOUNT = re.compile(r"[\d.]+%|[\d.]+(?:项|个|处|栋|间|万|米)")
_PROGRESS = re.compile(
    r"(?:目前|截至目前|现在|其中)?[，,]?(?P<item>[^，,。；;：:\n]{2,20}?)(?:已经?|目前已|现已|已完成|正在)"
)
_PREV_OBJECT = re.compile(r".*?(?:推进|实施|开展|启动|建设|抓好|做好|完成|推动)")


@dataclass
class TaskHit:
    """A work item and its deadline, in Simplified offsets."""

    start: int
    end: int
    due_start: int
    due_end: int


def _verb_before_de(head: str, tail: str) -> bool:
    """一些没完成的工作: after a verb, 的 makes a clause that says which work; it is kept."""
    if not tail.startswith("的"):
        return False
    tokens = cut(head)
    return bool(tokens) and (word_tag(tokens[-1]) or "").startswith("v")


def _split_items(simp: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    pos = s
    text = simp[s:e]
    # 学生宿舍、食堂、实验楼的全面安全检查 is one item; A和B stays together as written
    splitter = r"(、)" if "的" not in text.rsplit("、", 1)[-1] else r"(?!)"
    for part in re.split(splitter, text):
        if part == "、":
            pos += len(part)
            continue
        a, b = pos, pos + len(part)
        pos = b
        seg = simp[a:b]
        m = re.match(r"^(?:了|对)+", seg)
        if m:
            a += m.end()
        tm = _ITEM_TAIL.search(simp[a:b])
        if tm and tm.start() > 0 and not _verb_before_de(simp[a : a + tm.start()], tm.group()):
            b = a + tm.start()
        if b - a >= 2:
            out.append((a, b))
    return out


def _due_first(simp: str) -> list[re.Match]:
    """Deadlines written before their work (the two patterns above), tried only after 在/于 or a lead verb."""
    found = []
    for lm in re.finditer(r"在|于", simp):
        m = _DUE_OBJECT_RE.match(simp, lm.end()) or _DUE_MUST_DO_RE.match(simp, lm.end())
        if m:
            found.append(m)
    for lm in _MUST.finditer(simp):
        m = _DUE_DO_RE.match(simp, lm.end())
        if m and not any(f.start("due") == m.start("due") for f in found):
            found.append(m)
    for lm in _DUE_OF_LEAD.finditer(simp):
        m = _DUE_OF_RE.match(simp, lm.end())
        if m and not any(f.start("due") == m.start("due") for f in found):
            found.append(m)
    # a bare period (今年, 下月) before a noun is a time, not a deadline: 做好今年的工作
    return sorted((m for m in found if m.group("due")[-1] in "前底内末日号"), key=lambda m: m.start())


def find_tasks(simp: str) -> list[TaskHit]:
    """Tasks in text order; each item of a list gets its own task with the shared deadline."""
    out: list[TaskHit] = []
    matches = []
    last = -1
    # the deadline regex is costly to try everywhere: only look just before a completion verb
    for vm in _VERB_RE.finditer(simp):
        for m in _TASK_RE.finditer(simp, max(last + 1, vm.start() - 40), min(len(simp), vm.end() + 80)):
            if m.start("verb") == vm.start() and m.start() > last:
                matches.append(m)
                last = m.end() - 1
                break
    tail_matches = []
    for fm in _FILING_RE.finditer(simp):
        m = _TASK_TAIL_RE.search(simp, max(0, fm.start() - 60), fm.end())
        if m and m.end("items") == fm.end() and m not in tail_matches:
            tail_matches.append(m)
    for m in tail_matches:
        if not any(x.start() <= m.start() < x.end() for x in matches):
            out.append(TaskHit(m.start("items"), m.end("items"), m.start("due"), m.end("due")))
    for m in _due_first(simp):
        if not any(x.start() <= m.start("due") < x.end() for x in matches + tail_matches):
            a, b = m.start("items"), m.end("items")
            if simp[a - 1 : a] == "对" and simp.startswith("进行", b):
                # 定于2月10日对各中心工作进行检查: the work is the check, not what is checked
                a -= 1
                while b < len(simp) and simp[b] not in "，,。；;：:\n！？":
                    b += 1
            out.append(TaskHit(a, b, m.start("due"), m.end("due")))
    for m in matches:
        ds, de = m.start("due"), m.end("due")
        items = m.group("items").strip()
        # 确保6月底前完成并投入使用: what follows is another verb, the item is before the deadline
        if _MORE_VERBS.match(items) or _AMOUNT.match(items):
            items = ""
        if items and len(items) >= 2:
            spans = _split_items(simp, m.start("items"), m.end("items"))
        else:
            cs = m.start()
            while cs > 0 and simp[cs - 1] not in "，,。；;：:\n！？":
                cs -= 1
            subj = simp[cs : m.start()]
            h = _SUBJ_STRIP_HEAD.match(subj)
            a = cs + (h.end() if h else 0)
            t = _SUBJ_STRIP_TAIL.search(simp[a : m.start()])
            b = a + t.start() if t else m.start()
            spans = _split_items(simp, a, b) if b - a >= 2 else []
            if not spans and cs > 0 and simp[cs - 1] in "，,":
                # 重点推进学生公寓空调安装工程，确保秋季开学前完成: the item is the previous clause's object
                ps = cs - 1
                while ps > 0 and simp[ps - 1] not in "，,。；;：:\n！？":
                    ps -= 1
                om = _PREV_OBJECT.match(simp, ps, cs - 1)
                pm = _PROGRESS.match(simp, ps, cs - 1)
                if pm and pm.end("item") - pm.start("item") >= 2:
                    # 体育馆屋面改造已完成70%，计划国庆节前完工: the item is the subject of the progress
                    spans = [(pm.start("item"), pm.end("item"))]
                elif om and cs - 1 - om.end() >= 2:
                    spans = _split_items(simp, om.end(), cs - 1)
        for a, b in spans:
            out.append(TaskHit(a, b, ds, de))
    return out
