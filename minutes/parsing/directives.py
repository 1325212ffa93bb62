"""Requirements a speaker laid down, numbered (一、 一要 一是 第一 （一） 1. ①) or not (强调…要…)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import cn_number
from .speeches import SpeechHit, clause_end

_CN = "一二三四五六七八九十"
_BOUND = r"(?:(?<=[：:；;。，,\n！!？?])|(?<=要求)|(?<=强调)|^)\s*"
_STYLES = [
    ("line-dun", re.compile(rf"(?m)^\s*([{_CN}]{{1,3}})、"), True),
    # 做好以下几个方面：一、…；二、…: items inline after a colon or semicolon (not 一、二年级)
    ("inline-dun", re.compile(rf"(?:(?<=[：:；;])|(?<=。))\s*([{_CN}]{{1,3}})、(?![{_CN}\d])"), False),
    ("paren", re.compile(rf"{_BOUND}[（(]([{_CN}]{{1,3}}|\d{{1,2}})[）)]"), False),
    ("arabic", re.compile(r"(?m)^\s*(\d{1,2})[.、．](?!\d)"), True),
    ("inline-arabic", re.compile(rf"{_BOUND}(\d{{1,2}})[、．.](?!\d)"), False),
    ("circled", re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫])"), False),
    ("di", re.compile(rf"{_BOUND}第([{_CN}]{{1,3}})[，,、：:是]"), False),
    ("yao", re.compile(rf"{_BOUND}([{_CN}]{{1,2}})(?:要|是|方面|则|抓)"), False),
]
_TRIGGER = re.compile(r"强调|要求")
# 必须 alone does not make a directive in the gold convention; 要 does.
_YAO = re.compile(r"(?<![重主需只必想不])要(?![求素点闻害])")
# after 要求 itself, 务必/必须 also state the requirement (要求，各单位务必…)
_YAO_AFTER_DEMAND = re.compile(r"(?<![重主需只必想不])要(?![求素点闻害])|务必|必须|一律|严禁")
_DEMAND_INTRO = re.compile(r"要求|提出|强调|希望|部署|指示|叮嘱")
_SENT = set("。！？!?\n")
# the next sentence of the same paragraph going on with the requirement
_NEXT_YAO = re.compile(
    r"[ \t]*(?:同时|还|并且?|此外|另外)?[，,]?"
    # 同时，各科室也要…: the next sentence names who else must act
    r"(?:(?<=[，,])(?P<subj>(?:各|全体)[\u4e00-\u9fff]{1,8}?)(?:也|还|都|更)?)?要(?![求素点闻害])"
)
# 要求 as a noun: 按要求, 提出几点要求, 以下要求 — no requirement follows it directly
_DEMAND_NOUN = re.compile(
    r"(?:按|照|几点|[一二三四五六七八九十两]点|以下|如下|的|提出了?|新|明确|具体|工作)$"
)
# what 要求 is said of: the people who must act (大家, 各科室, 全体职工), not a thing (要求高)
_YAO_OBJECT = re.compile(
    r"[“”\"]?(?:大家|各|全体|全校|广大|相关|有关|所有|每|与会|我们|干部|职工|员工|党员|同志|"
    r"[\u4e00-\u9fff“”\"]{1,10}(?:部门|单位|科室|中心|处|部|科|班组|人员|干部|职工|员工|同志|食堂|公司|集团|"
    r"办公室|物业|成员|代表|学生|同学))"
)


@dataclass
class DirectiveHit:
    """A directive found in Simplified text."""

    issuer: str | None
    number: int | None
    start: int
    end: int
    text_start: int


def _marker_value(style: str, raw: str) -> int | None:
    if style == "circled":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫".index(raw) + 1
    return cn_number(raw)


def numbered_runs(simp: str) -> list[list[tuple[int, int, int, bool]]]:
    """Runs of markers numbered 1, 2, 3… as (value, marker_start, marker_end)."""
    runs = []
    for style, rx, line in _STYLES:
        marks = []
        for m in rx.finditer(simp):
            v = _marker_value(style, m.group(1))
            if v:
                marks.append((v, m.start(1) - (1 if style in ("paren", "di") else 0), m.end(), line))
        run: list[tuple[int, int, int, bool]] = []
        for mk in marks:
            if mk[0] == 1:
                if len(run) >= 2:
                    runs.append(run)
                run = [mk]
            elif run and mk[0] == run[-1][0] + 1:
                run.append(mk)
        if len(run) >= 2:
            runs.append(run)
    runs.extend(_sequence_runs(simp))
    runs.sort(key=lambda r: r[0][1])
    # two styles may describe the same list; keep the first found at a position
    kept: list[list[tuple[int, int, int, bool]]] = []
    for r in runs:
        if any(not (r[-1][2] < k[0][1] or r[0][1] > k[-1][2]) for k in kept):
            continue
        kept.append(r)
    return kept


# 首先…其次…(再次…)最后…: an enumeration in words, read within one paragraph
_SEQ_FIRST = re.compile(rf"{_BOUND}(首先|第一步)[，,：:]?")
_SEQ_NEXT = re.compile(rf"{_BOUND}(其次|再次|然后|第二步|第三步)[，,：:]?")
_SEQ_LAST = re.compile(rf"{_BOUND}(最后|最后一点)[，,：:]?")


def _sequence_runs(simp: str) -> list[list[tuple[int, int, int, bool]]]:
    runs = []
    for fm in _SEQ_FIRST.finditer(simp):
        line_end = simp.find("\n", fm.end())
        line_end = len(simp) if line_end < 0 else line_end
        run = [(1, fm.start(1), fm.end(), False)]
        pos = fm.end()
        while True:
            nm = _SEQ_NEXT.search(simp, pos, line_end)
            lm = _SEQ_LAST.search(simp, pos, line_end)
            if nm and (not lm or nm.start() < lm.start()):
                run.append((len(run) + 1, nm.start(1), nm.end(), False))
                pos = nm.end()
                continue
            if lm and len(run) >= 2:
                run.append((len(run) + 1, lm.start(1), lm.end(), False))
            break
        if len(run) >= 2:
            runs.append(run)
    return runs


def _turn_stop(simp: str, sp: SpeechHit, starts: list[int]) -> int:
    """Where a speaker's sentence ends, or the next speaker's clause starts if that is sooner:
    在讲话中通报了…，并就…提出要求：… holds its requirement past the first clause."""
    end = clause_end(simp, sp.verb_start, _SENT)
    nxt = next((x for x in starts if x > sp.start), None)
    return min(end, nxt) if nxt is not None else end


def _issuer_at(speeches: list[SpeechHit], pos: int) -> str | None:
    before = [s for s in speeches if s.start < pos]
    if not before:
        return None
    return before[-1].speaker


# 会议要求/会议强调: the meeting as a whole lays the requirement down; the chair speaks for it
_MEETING_DEMAND = re.compile(
    # (陈某副院长会上强调: a titled speaker, not the meeting)
    r"(?<![按照据长任记理席员授师总])(?:会议|大会|会上)(?:最后|还|并|同时|进一步|明确|一致)?(?:要求|强调|提出)"
)  # 按照会议要求: what was already required
# 会议传达了…精神，要求全体…: the meeting is the subject of a later 要求 in the same sentence
_MEETING_LATER_DEMAND = re.compile(
    r"(?:^|(?<=[。！？!?\n]))\s*(?:会议|大会|会上)[^。！？!?\n]{0,60}?[，,；;](要求|强调)"
)
# a sentence with no subject that opens on 强调/要求 continues the speaker before it
_SUBJECTLESS_DEMAND = re.compile(
    r"(?:^|(?<=[。！？!?]))(?:同时|并|还|另外|此外|随后|最后)[，,]?(?:特别|再次|进一步|着重)?(强调|要求)"
)
# a clause that another speech verb opens ends what the previous verb said (强调…，指出…，要求…)
_NEXT_VERB = re.compile(r"\s*(?:并|还|同时|又|也)?(?:指出|强调|要求|表示|认为|提到|肯定|介绍|通报)")
# 提出了新要求，加快…: what follows the noun is the requirement itself, with or without 要
_DEMAND_STATED = re.compile(r"(?:提出了?|新的?|几点|如下|以下)$")
_LEAD_VERB = re.compile(r"(?:(?:还|并|同时|进一步)?(?:强调|要求|指出|提出)[，,：:]?\s*)+")


_COUNTED_DEMANDS = re.compile(r"提出了?(?P<n>[两二三四五六七八九])(?:点|条|项)(?:具体|工作)?要求[：:]")
_SENTENCE_OF_MEETING = re.compile(r"\s*(?:会议|大会|会上)(?!由)")


# 针对…，后勤集团着重提出了以下几点要求：一是…: the convening office itself lays the list down
_UNIT_DEMAND = re.compile(
    r"[\u4e00-\u9fff]{1,14}(?:集团|处|部|中心|办公室|委员会)(?:着重|著重|明确|进一步|还|也|再次|同时)?"
    r"(?:对[^，,。；]{1,30})?提出了?[^，,。；]{0,12}要求[：:]?\s*$"
)


def _meeting_sentence(simp: str, pos: int, clauses: list[SpeechHit]) -> bool:
    """会议对…，提出了三个方面要求：一是…: the sentence holding the list has the meeting (or the office
    that convened it) as its subject and no speaker of its own."""
    start = max(simp.rfind(c, 0, pos) for c in "。！？!?\n") + 1
    if start == pos and start > 1 and simp[start - 1] == "。":
        # 会议指出，…常抓不懈。一是…；二是…: a list opening the next sentence goes on the meeting's
        start = max(simp.rfind(c, 0, start - 1) for c in "。！？!?\n") + 1
    if any(start <= c.start < pos for c in clauses):
        return False
    clause = simp[max([start] + [simp.rfind(c, start, pos) + 1 for c in "，,；;"]) : pos]
    return bool(_SENTENCE_OF_MEETING.match(simp, start) or _UNIT_DEMAND.fullmatch(clause.strip()))


def find_directives(
    simp: str, speeches: list[SpeechHit], clauses: list[SpeechHit], chair: str | None = None
) -> list[DirectiveHit]:
    """Directives in text order; ``chair`` issues what the meeting itself requires (会议要求…)."""
    out: list[DirectiveHit] = []
    runs = numbered_runs(simp)
    # with no chair named, what the meeting requires has no issuer but is still a requirement
    meeting_demands = list(_MEETING_DEMAND.finditer(simp))
    for run in runs:
        issuer = _issuer_at(clauses, run[0][1])
        by_meeting = any(0 <= run[0][1] - m.end() <= 4 for m in meeting_demands) or _meeting_sentence(
            simp, run[0][1], clauses
        )
        if by_meeting:
            issuer = chair
        elif not issuer:
            continue
        last_clause = re.split(r"[，,。；;]", simp[max(0, run[0][1] - 30) : run[0][1]])[-2:]
        if any(re.search(r"表示|表态", c) for c in last_clause) and not any(
            _DEMAND_INTRO.search(c) for c in last_clause
        ):
            continue  # 陆某表示，一要…二要…: the speaker's own pledges, not requirements
        turns = [c for c in speeches if c.start < run[0][1]]
        before = turns or [c for c in clauses if c.start < run[0][1]]
        speech = before[-1] if before else None
        intro = simp[max(0, run[0][1] - 40) : run[0][1]]
        items_text = simp[run[0][1] : clause_end(simp, run[-1][2], _SENT)]
        if (
            not by_meeting
            and speech is not None
            and speech.kind not in ("address", "closing", "opening")
            and not _DEMAND_INTRO.search(intro)
            and not _YAO.search(simp, run[0][1], run[0][2] + 2)
            and not _YAO.search(items_text)
        ):
            continue  # 一是…二是… listing findings in a report is no requirement
        for k, (v, _ms, me, line) in enumerate(run):
            if line:  # a list item on its own line: its first sentence states the requirement
                end = clause_end(simp, me, _SENT)
                if end < len(simp) and simp[end] in "。！？!?":
                    end += 1
            elif k + 1 < len(run):
                end = run[k + 1][1]
            else:
                end = clause_end(simp, me, _SENT)
                if end < len(simp) and simp[end] in "。！？!?":
                    end += 1
            ts = me
            while ts < end and simp[ts] in " \t：:，,":
                ts += 1
            e = end
            while e > ts and simp[e - 1] in "；;，,\n ":
                e -= 1
            if e > ts:
                out.append(DirectiveHit(issuer, v, ts, e, ts))
    for cm in _COUNTED_DEMANDS.finditer(simp):
        # 提出四点要求：强化…。压实…。严守…。完善…。: as many sentences as the count, each one item
        if any(r[0][1] - cm.end() < 12 and r[0][1] >= cm.start() for r in runs):
            continue
        issuer = _issuer_at(clauses, cm.start())
        n = cn_number(cm.group("n"))
        line_end = simp.find("\n", cm.end())
        line_end = len(simp) if line_end < 0 else line_end
        items = [m.span() for m in re.finditer(r"[^。！？!?]+[。！？!?]?", simp[cm.end() : line_end])]
        if not issuer or not n or len(items) < n:
            continue
        for k, (a, b) in enumerate(items[:n], start=1):
            lead = re.compile(rf"\s*(?:{_CN[k - 1]}[是要、，,]?)?\s*").match(simp, cm.end() + a)  # 二压实…
            a = lead.end() - cm.end()
            out.append(DirectiveHit(issuer, k, cm.end() + a, cm.end() + b, cm.end() + a))
        runs.append([(k, cm.end() + a, cm.end() + a, False) for k, (a, _b) in enumerate(items[:n], start=1)])
    spans = [(r[0][1], r[-1][2]) for r in runs]
    extents = [(r[0][1], clause_end(simp, r[-1][2], _SENT)) for r in runs]
    starts = sorted(c.start for c in clauses)
    taken: set[int] = set()
    sources = [(sp.speaker, sp.verb_start, _turn_stop(simp, sp, starts)) for sp in clauses if sp.speaker]
    sources += [(chair, m.start(), clause_end(simp, m.end(), _SENT)) for m in meeting_demands]
    for m in _MEETING_LATER_DEMAND.finditer(simp):
        # 会上，X传达了…，要求…: a speaker named before the verb is its subject, not the meeting
        named = [c.speaker for c in clauses if m.start() <= c.start < m.start(1) and c.speaker]
        sources.append((named[-1] if named else chair, m.start(1), clause_end(simp, m.end(), _SENT)))
    for m in _SUBJECTLESS_DEMAND.finditer(simp):
        issuer = _issuer_at(clauses, m.start(1))
        if issuer:  # 尹书记对…进行了部署。同时强调各单位要…: the last speaker goes on
            sources.append((issuer, m.start(1), clause_end(simp, m.end(), _SENT)))
    for issuer, a, b in sources:
        for tm in _TRIGGER.finditer(simp, a, b):
            sent_end = clause_end(simp, tm.end(), _SENT)
            if any(tm.end() - 2 <= a <= sent_end + 3 for a, _b in spans):
                continue
            pos = tm.end()
            if simp.startswith("了", pos):  # 强调了全体成员要…
                pos += 1
            while pos < sent_end and simp[pos] in "，,：: ":
                pos += 1
            lead = _LEAD_VERB.match(simp, pos, sent_end)
            if lead:  # 提出要求，强调要…: the requirement starts after the second verb
                pos = lead.end()
            found = _requirement_start(simp, tm, pos, sent_end)
            if found is None or found in taken or any(a <= found < b for a, b in extents):
                continue  # inside a numbered list: its items are the directives
            taken.add(found)
            end = sent_end + (1 if sent_end < len(simp) and simp[sent_end] in "。！？!?" else 0)
            out.append(DirectiveHit(issuer, None, found, end, found))
            # …各科室要守牢安全底线。要打破壁垒…。要提升…: each sentence that goes on with 要 is one more
            while (nm := _NEXT_YAO.match(simp, end)) and not any(a <= nm.end() < b for a, b in extents):
                s2 = nm.start("subj") if nm.group("subj") else nm.end() - 1
                e2 = clause_end(simp, s2, _SENT)
                e2 += 1 if e2 < len(simp) and simp[e2] in "。！？!?" else 0
                taken.add(s2)
                out.append(DirectiveHit(issuer, None, s2, e2, s2))
                end = e2
            if simp[found - 1 : found] in ("：", ":"):
                # 要求：水电科要…。物业公司要…。物业科做好…，一定要…: each sentence of the paragraph that
                # names who must act goes on the list the colon opened
                while end < len(simp) and _YAO_OBJECT.match(simp, end):
                    e2 = clause_end(simp, end, _SENT)
                    if not _YAO_AFTER_DEMAND.search(simp, end, e2) or any(a <= end < b for a, b in extents):
                        break
                    e2 += 1 if e2 < len(simp) and simp[e2] in "。！？!?" else 0
                    taken.add(end)
                    out.append(DirectiveHit(issuer, None, end, e2, end))
                    end = e2
            break
    out.sort(key=lambda d: d.start)
    # 工作要求，要求A…；B要…: read from both triggers, B's clause is inside A's requirement
    return [d for d in out if not any(o.start < d.start < o.end and o.number is None for o in out)]


def _requirement_start(simp: str, tm: re.Match, pos: int, sent_end: int) -> int | None:
    """Where the requirement that the trigger ``tm`` (强调/要求) introduces starts, if it states one;
    ``pos`` is just past the trigger and its punctuation."""
    demand = tm.group(0) == "要求"
    before = simp[max(0, tm.start() - 4) : tm.start()]
    said = pos > tm.end()  # punctuation came between the trigger and what follows
    if demand and not _DEMAND_NOUN.search(before) and pos < sent_end and _YAO_OBJECT.match(simp, pos):
        return pos  # 要求大家加快推进…: the verb 要求 itself states the requirement (its 要 counts)
    if demand and _DEMAND_STATED.search(before) and said and sent_end - pos >= 6:
        return pos  # 提出了新要求，加快…
    rx = _YAO_AFTER_DEMAND if demand else _YAO
    if said and simp[pos - 1] in "：:" and rx.search(simp, pos, sent_end):
        return pos  # 会议强调：思考…；各中心要…: a colon opens the requirement, whose 要 may come later
    clause_s = pos
    while clause_s < sent_end:
        if clause_s > pos and _NEXT_VERB.match(simp, clause_s):
            return None  # 强调…，指出…: the next verb's own requirement is read from its trigger
        ce = clause_s
        while ce < sent_end and simp[ce] not in "，,；;":
            ce += 1
        if rx.search(simp, clause_s, ce):
            return clause_s
        clause_s = ce + 1
    return None
