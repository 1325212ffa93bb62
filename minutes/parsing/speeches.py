"""Who spoke, in what order, and what kind of speech it was.

A speech starts where a clause opens with a speaker — a person (with titles), a
list of people (A、B、C三位同志分别…), a unit (物业处、住房处领导分别…汇报) or a
pronoun (他/她, continuing the last speaker) — followed by a speech verb.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .lexicon import HONORIFICS, TITLE_PHRASE
from .people import Mention
from .units import FoundUnit

_CLAUSE_DELIM = set("。！？!?\n，,；;：:")
_SENT_DELIM = set("。！？!?\n")
_INTRO = re.compile(
    r"^(?:会上|会议上|大会上|座谈会上|会中|随后|接着|然后|最后|首先|其次|此外|同时|另外|之后|紧接着|"
    r"会议|会议期间|会议伊始|会议开始|伊始)?(?:首先|随后|接着|然后|最后|先|还)?(?:由)?(?:学校)?"
    r"(?:(?:学校|集团|校|中心|处|部)?领导)?$"
)
_LIST_THEN_EACH = re.compile(r"[^。；;！？\n]{0,40}?(?:分别|先后|依次|相继)")
_GAP = re.compile(r"^(?:同志)?[、和及与]\s*$")
_SKIP_AFTER = re.compile(
    r"(?:在?(?:会上|会议上|大会上)[，,]?)?(?:同志|老师|先生|女士)?(?:[一二三四五六七八九十两\d]+[位名个]?(?:同志|人))?(?:等[\u4e00-\u9fff]{0,10}?(?=先后|分别|相继|依次|均|都|共同|作|做|发言|汇报))?"
)
_UNIT_TAIL = re.compile(
    r"(?:[\[［【（(][^\]］】）)]{1,20}[\]］】）)])?(?:的)?(?:主要)?"
    r"(?:领导|负责人|负责同志|相关负责人|同志|相关人员|有关人员|工作人员)?"
    r"(?:等(?:部门|单位|科室|中心|部处|处室|二级单位)?)?"
)
_NO_SPEECH = re.compile(r"主持|出席|参加|列席|被评为|获得|荣获|陪同|调研|视察|召开|组织")
_KINDS = [
    # 传达了…会议精神 passes on what was decided elsewhere: an announcement, not an address
    (
        "announcement",
        re.compile(
            r"宣读|宣布|领学|文件[^，。；]{0,8}(?:解读)?传达|(?:传达|宣讲)了?[^，。；]{0,40}(?:精神|指示|部署|决定|通知|要点|文件|方案|工作要求|安排)|"
            # 通报了学校关于…任免的通知: a document passed on, not the speaker's own report
            r"通报了?[^，。；]{0,40}(?:的通知|的决定|的批复|文件)"
        ),
    ),
    ("statement", re.compile(r"表态|表了态")),
    # (?<!工): 工作总结报告 is a work report, not a closing summary
    (
        "closing",
        re.compile(
            r"总结讲话|总结发言|(?<!工)作总结|做总结|(?<!工)作了总结|做了总结|会议总结|闭幕|结束讲话|"
            r"[作做]了?(?:大会|会议)总结|在(?:会议|大会)?(?:结束|最后)?总结(?:时|中)"
        ),
    ),
    (
        "opening",
        re.compile(
            r"致辞|开幕词|开幕辞|欢迎词|欢迎辞|开场|致欢迎|致开幕|介绍了?[^，。；]{0,30}议程|"
            # 介绍了本次会议召开的背景和目的: what the meeting is for
            r"(?:介绍|说明)了?(?:本次|此次|这次)(?:会议|大会)[^，。；]{0,8}(?:背景|目的|主要任务|意义)"
        ),
    ),
    # 就…作了说明 explains a document or plan the speaker's unit prepared
    ("report", re.compile(r"汇报|通报|报告|介绍了|述职|(?:[作做]|进行)了?(?:简要|详细|相关|补充)?说明")),
    (
        "address",
        re.compile(
            r"讲了?话|指出|强调|要求|分析|部署|布署|布置|安排|提出|希望|传达|动员|肯定|总结|点评|指示|阐述|解读|主题发言|回顾|讲座"
        ),
    ),
    ("other", re.compile(r"发言|说|表示|谈到|谈了|认为|补充|代表|介绍|交流|建议|感言")),
]
# 对2017年工作进行了全面总结 / 总结了上半年的工作 / 总结性发言: looking back on a period's work is a
# work report, not a leader's address nor the meeting's closing words
_PERIOD = r"(?:\d{2,4}年|上半年|下半年|学期|年度|一年|全年|去年|今年|寒假|暑假|暑期|假期|季度)"
_PERIOD_SUMMARY = re.compile(
    rf"总结性发言|(?:总结|回顾)了?[^，。；]{{0,16}}{_PERIOD}[^，。；]{{0,12}}工作|"
    rf"(?:对|就)[^，。；]{{0,20}}{_PERIOD}[^，。；]{{0,12}}工作(?:进行|作|做)了?(?:全面|系统|认真|简要)?(?:的)?总结"
)
_LEADERS_TAIL = re.compile(
    r"(?:的)?(?:主要)?(?:负责人|负责同志|领导|参会人员|与会人员)(?:分别|先后|依次|相继|纷纷)"
)


_HEARD = re.compile(r"听取(?:和审议|并审议)?了?")
# 的工作报告, or 所作的题为《…》(的)工作报告
_HEARD_KIND = re.compile(
    r"(?:的|所作的?(?:题为《[^》]{0,80}》的?)?)[^，。；]{0,24}?(?:工作)?(?:汇报|报告|述职|表态发言|发言|情况通报)"
)
# 听取了部长张亚所作的…: a short title may stand between the verb and the speaker
_HEARD_TITLE = 10
_PRONOUN = re.compile(r"(?:他|她)(?!们)")


@dataclass
class SpeechHit:
    """A speech found in Simplified text; offsets into it."""

    speaker: str | None  # simplified full name
    unit_span: tuple[int, int] | None
    label_span: tuple[int, int]
    kind: str
    start: int
    verb_start: int
    verb_end: int  # end of the clause holding the verb
    text_span: tuple[int, int]
    title_span: tuple[int, int] | None = None
    summary: bool = False  # 出席会议并讲话: announces a speech given later


_DELIM_RES: dict[frozenset, re.Pattern] = {}


def _delim_re(delims) -> re.Pattern:
    key = frozenset(delims)
    rx = _DELIM_RES.get(key)
    if rx is None:
        rx = _DELIM_RES[key] = re.compile("[" + re.escape("".join(sorted(key))) + "]")
    return rx


def clause_start(simp: str, pos: int) -> int:
    """Start of the clause holding ``pos``."""
    b = pos
    while b > 0 and simp[b - 1] not in _CLAUSE_DELIM:
        b -= 1
    return b


def clause_end(simp: str, pos: int, delims=_CLAUSE_DELIM) -> int:
    """End (exclusive) of the clause holding ``pos``."""
    m = _delim_re(delims).search(simp, pos)
    return m.start() if m else len(simp)


def _quote_aware_end(simp: str, pos: int) -> int:
    """The clause's end, not counting a comma inside quotation marks: 作了“新时代、新作为，提升…”的报告."""
    ce = clause_end(simp, pos)
    opened = simp.count("“", pos, ce) - simp.count("”", pos, ce)
    if opened > 0:
        close = simp.find("”", ce, ce + 80)
        if close >= 0:
            ce = clause_end(simp, close + 1)
    return ce


def speech_kind(window: str, sentence: str) -> str | None:
    """Kind of speech a verb clause describes, or None when it is no speech (主持, 出席…)."""
    if window[:1] in ("、", "及", "和", "与"):
        return None
    # 代表领导班子作了题为《…》的工作报告: neither the group spoken for nor the title decides the kind
    window = _TITLED.sub("", window)
    window = _ON_BEHALF.sub("", window)
    window = _READ_REPORT.sub("解读", window)
    window = _QUOTED.sub("", window)  # 作了“新时代、新作为”的专题宣讲报告: the quoted title decides nothing
    if _IN_SPEECH.match(window) and not re.search(r"宣读|宣布", window):
        return "address"  # 在讲话中通报了…/在讲话中要求: part of a leader's speech
    parts = re.split(r"并|并|，随后", window)
    if len(parts) > 1 and _NO_SPEECH.search(parts[0]):
        window = parts[-1]  # 出席会议并讲话: the speech is what follows 并
    best = None
    for kind, rx in _KINDS:
        m = rx.search(window)
        if m and (best is None or _NO_SPEECH.search(window[: m.start()]) is None):
            best = kind
            break
    if best is None:
        return None
    km = next(rx.search(window) for k, rx in _KINDS if k == best)
    topic = _TOPIC.match(window)
    # 从实施背景、组织保障等方面，介绍了…: a word of the topic (组织) is no verb of the clause
    aspects = window.rfind("方面", 0, km.start()) if topic else -1
    nm = _NO_SPEECH.search(window, aspects + 2 if aspects >= 0 else 0)
    if (nm and nm.start() < km.start()) or (km.start() > 16 and not topic):
        return None
    if best == "address" and km.group(0) == "传达":
        # 传达了学校关于贯彻落实A、B关于…的通知精神: the document's name may run past a comma
        conveyed = _CONVEYED.search(sentence)
        if conveyed and not re.search(r"[，,；;]\s*(?:并|还|同时)?(?:强调|要求|指出)", conveyed.group(0)):
            return "announcement"
    if best == "other" and ("表态" in sentence or _PLEDGE.search(sentence)):
        return "statement"  # 表示，决不辜负…的信任 / 决心… / 我们将…: the speaker's own pledge
    if best == "other" and km.group(0) == "表示" and _INSTRUCTS.search(sentence):
        return "address"  # 表示，各部门必须做好…: telling others what to do
    if (
        best == "other"
        and km.group(0) in ("代表", "表示")
        and _GREETING.search(window)
        and _LEADS.search(sentence)
    ):
        # 代表校党委向大家送上新年祝福，…给予了肯定: a leader's greetings open an address
        return "address"
    if best in ("address", "closing") and _PERIOD_SUMMARY.search(window):
        return "report"
    if best == "report" and re.search(r"说明", km.group(0)) and _GOES_ON_LEADING.search(sentence):
        return "address"  # 就…做了说明，强调…: an explanation that goes on to require is a leader's address
    if best == "report" and _SHARING.search(window):
        return "other"  # 介绍了…的经验做法: sharing experience, not a unit's work report
    return best


_INSTRUCTS = re.compile(r"各[\u4e00-\u9fff]{1,6}(?:必须|务必|一定要|要)")
_GOES_ON_LEADING = re.compile(r"说明[^。；]{0,4}[，,](?:并|还|同时)?(?:强调|要求|指出)")
_PLEDGE = re.compile(r"决不辜负|决心|一定不辜负|我们将|我们一定|将全力|保证完成|表了态")
_GREETING = re.compile(r"祝福|问候|祝贺|感谢|慰问|欢迎")
_LEADS = re.compile(r"给予了?[^，。；]{0,4}肯定|肯定了|希望|鼓励|强调|要求|指出")
_CONVEYED = re.compile(r"传达了?[^。；;！？!?\n]{0,60}?(?:精神|指示|决定|通知|要点|文件|方案)")
# 就…/对…/围绕…: the clause names what the speech was about before its verb
_TOPIC = re.compile(r"(?:首先|分别|先后|相继|依次|纷纷|还|也|则)?(?:就|围绕|针对|结合|对|从|向|根据|以)")
# a clause that opens straight with a speech verb, continuing the subject of the clause before it
_NEXT_VERB = re.compile(
    r"(?:并|并且|还|随后|同时)?(?:向[^，。；]{1,6})?(?:传达|宣讲|宣读|宣布|通报|汇报|讲话|强调|指出|部署|作了?|做了?)"
    # 主持会议，并对迎新工作进行了部署: a topic after 并, then the verb
    r"|(?:并|并且|同时)(?:对|就)[^，。；]{1,30}?(?:进行了?|作了?|做了?)(?:部署|布署|安排|强调|动员)"
)
# 解读了政府工作报告的重点内容: a report the speaker expounds is not the speaker's own report
_READ_REPORT = re.compile(r"(?:解读|学习|研读|领学|解析)了?[^，。；]{0,20}?报告|宣讲报告")
_QUOTED = re.compile(r"“[^”]{0,60}”")
_TITLED = re.compile(r"题为《[^》]{0,60}》的")
_ON_BEHALF = re.compile(r"^(?:分别|先后)?代表[^，。；作做发]{1,16}(?=[作做])")
_IN_SPEECH = re.compile(r"^在(?:大会上的)?(?:讲话|致辞|动员讲话)中")
_SHARING = re.compile(r"(?:介绍|分享|交流)了?[^，。；]{0,30}(?:经验|心得|体会)")


# X关于…的通知/讲话/精神: X wrote or said what is passed on, and is not the clause's speaker
DOCUMENT_OF = re.compile(
    r"(?:同志)?关于[^。；;！？\n]{1,40}?的(?:重要)?(?:通知|讲话|指示|批示|精神|文件|意见|决定|要求|论述)"
)
# (与 is left out: 资产与后勤管理处处长 is one title)
_PREPOSITION = re.compile(r"(?:对于|关于|根据|按照|对|向|把|将|给)(?!.*(?:对|向|把|将|给))")
# 重点传达了校党委书记赵某对…的要求: whose words are passed on
_WORDS_PASSED_ON = re.compile(
    r"对(?!于)(?:(?!进行|作了|做了|作出|做出)[^。；;！？\n]){1,40}?的(?:重要)?(?:要求|讲话|指示|批示)"
)
_UNIT_NAME = re.compile(r"^[\u4e00-\u9fff]{1,14}(?:办公室|委员会|中心|公司|集团|[处部科院办所站队])$")


def _prefix_ok(simp: str, cs: int, start: int) -> bool:
    # a closing quote of the previous speaker's words does not belong to this clause
    prefix = simp[cs:start].strip().lstrip("”’」』\"'）)")
    if not prefix or _INTRO.match(prefix):
        return True
    pm = _PREPOSITION.search(prefix)
    if pm and (not prefix[pm.end() :] or TITLE_PHRASE.match(prefix[pm.end() :])):
        return False  # 对校长李某对学校发展的思考进行了解读: the person is the object, not the speaker
    pieces = [p for p in prefix.split("、") if p]
    if all(TITLE_PHRASE.match(p) or _UNIT_NAME.match(p) for p in pieces):
        return True  # 副校长王某, 后勤管理处朱某处长
    # 先进个人代表、物业管理中心保洁员金华: descriptions before the title, but no verb among them
    return (
        bool(TITLE_PHRASE.match(pieces[-1]))
        and not _NO_SPEECH.search(prefix)
        and not any(rx.search(prefix) for k, rx in _KINDS if k != "other")
    )


_VERB_ONLY = re.compile(
    r"(?:在[^，。；]{0,20}?(?:中|时|上))?(?:首先|还|也|最后|随后|先后|分别|依次|相继|又|再次|进一步)*"
    r"(?:作了?|做了?)?(?:重要|简短|总结|交流|表态|动员)?(?:讲话|指出|强调|要求|表示|说|发言|表态发言|谈到|认为)[:：]?\s*"
)
_LEAD_IN = re.compile(
    r"(?:他们|她们|他|她|大家)(?:一致|还|也|进一步)?(?:谈到|表示|说|认为|指出|强调|要求)[，,：:]?"
)


def _text_span(simp: str, start: int, clause_stop: int) -> tuple[int, int]:
    """What was said: the verb clause itself (宣读了…的决定), or, when it is only a verb
    (在讲话中指出，/作了表态发言。), the sentence that follows it."""
    s = start
    while s < len(simp) and simp[s] in "，,：: ":
        s += 1
    if _VERB_ONLY.fullmatch(simp, s, clause_stop) or clause_stop - s < 2:
        s = clause_stop + 1
        lead = _LEAD_IN.match(simp, s)
        if lead:
            s = lead.end()
        e = clause_end(simp, s, _SENT_DELIM)
    else:
        e = clause_stop
    return s, max(s, e)


def find_speeches(
    simp: str, mentions: list[Mention], units: list[FoundUnit]
) -> tuple[list[SpeechHit], list[SpeechHit]]:
    """Speeches in text order after merging a speaker's consecutive mentions, and every speech
    clause before merging (pronouns resolved), which directives need to find their issuer."""
    raw: list[SpeechHit] = []
    # --- person subjects, grouped over 、/和
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups:
            last = groups[-1][-1]
            gap_start = last.after_title[1] if last.after_title else last.end
            gap = simp[gap_start : m.start]
            for h in HONORIFICS:
                if gap.startswith(h):
                    gap = gap[len(h) :]
            if (
                m.start > last.end
                and (
                    _GAP.match(gap)
                    or (gap[:1] in "、和及与" and TITLE_PHRASE.match(gap[1:].strip()))
                    or (gap[:1] == "、" and _UNIT_NAME.match(gap[1:].strip()))  # A主任、某中心B分别发言
                    or (
                        # 书记、副部长A，部长B，纪委书记C分别作点评: a list of titled people joined by commas
                        gap[:1] in "，,"
                        and all(TITLE_PHRASE.match(x) for x in gap[1:].strip().split("、"))
                        and _LIST_THEN_EACH.match(simp, m.end)
                    )
                )
            ):
                groups[-1].append(m)
                continue
        groups.append([m])
    for g in groups:
        first, last = g[0], g[-1]
        cs = clause_start(simp, first.start)
        if not _prefix_ok(simp, cs, first.start):
            continue
        after = last.after_title[1] if last.after_title else last.end
        if DOCUMENT_OF.match(simp, after) or _WORDS_PASSED_ON.match(simp, after):
            continue  # 传达了…杨某关于强化安全工作的通知精神: the author of a document passed on
        sk = _SKIP_AFTER.match(simp, after)
        vstart = sk.end() if sk else after
        ce = _quote_aware_end(simp, vstart)
        sentence = simp[vstart : clause_end(simp, vstart, _SENT_DELIM)]
        kind = speech_kind(simp[vstart:ce], sentence)
        if kind is None and _TOPIC.match(simp, vstart):
            # a topic may run past commas before its verb: 就各中心工作中的不足，进行了点评 /
            # 就学习两会精神，结合本职工作，从…等方面作了交流发言
            joined, ce2 = simp[vstart:ce], ce
            for _ in range(4):
                if simp[ce2 : ce2 + 1] not in ("，", ","):
                    break
                nxt = clause_end(simp, ce2 + 1)
                joined += simp[ce2 + 1 : nxt]
                ce2 = nxt
                kind = speech_kind(joined, sentence)
                if kind:
                    ce = ce2
                    break
        if kind is None and simp[ce : ce + 1] == "，" and _NEXT_VERB.match(simp, ce + 1):
            # 李某主持会议，传达了…精神 / 颜某通过PPT形式，向大家宣讲…: the next clause is the speech
            vstart = ce + 1
            ce = clause_end(simp, vstart)
            sentence = simp[vstart : clause_end(simp, vstart, _SENT_DELIM)]
            kind = speech_kind(simp[vstart:ce], sentence)
        if kind == "other" and simp.startswith(("，并", ",并"), ce):
            # 对…表示感谢，并就…进行了安排: thanks first, then the speech itself
            nxt = clause_end(simp, ce + 2)
            better = speech_kind(simp[ce + 2 : nxt], sentence)
            if better not in (None, "other"):
                kind, ce = better, nxt
        if kind is None:
            continue
        summary = bool(re.match(r"[^，。]{0,4}(?:出席|参加|主持)[^，。]{0,8}并", simp[vstart:ce]))
        for m in g:
            raw.append(
                SpeechHit(
                    m.key,
                    None,
                    (m.start, m.end),
                    kind,
                    m.start,
                    vstart,
                    ce,
                    _text_span(simp, vstart, ce),
                    m.title_spans[-1] if m.title_spans else None,
                    summary,
                )
            )
    # --- pronoun subjects continue the last speaker
    for pm in _PRONOUN.finditer(simp):
        cs = clause_start(simp, pm.start())
        if not _prefix_ok(simp, cs, pm.start()):
            continue
        ce = clause_end(simp, pm.end())
        sentence = simp[pm.end() : clause_end(simp, pm.end(), _SENT_DELIM)]
        kind = speech_kind(simp[pm.end() : ce], sentence)
        if kind is None:
            continue
        # 会议由王某主持，他首先通报了…: a person named earlier in the same sentence is the one meant
        sent_start = max(simp.rfind(c, 0, pm.start()) for c in "。！？!?\n") + 1
        named = [m for m in mentions if sent_start <= m.start and m.end <= pm.start()]
        if not named and sent_start > 0 and simp[sent_start - 1] != "\n":
            # X听取了各部门的汇报。他强调…: 他 opening a sentence is the last sentence's subject
            prev_start = max(simp.rfind(c, 0, sent_start - 1) for c in "。！？!?\n") + 1
            named = [
                m
                for m in mentions
                if prev_start <= m.start < sent_start
                and (m.start == prev_start or _prefix_ok(simp, prev_start, m.start))
                and not re.search(r"[，,、；;：:]", simp[prev_start : m.start])
            ][:1]
            if not named:
                # 本次会议由李某主持。他首先…: the one person the last sentence names
                keys = {m.key for m in mentions if prev_start <= m.start < sent_start}
                named = (
                    [m for m in mentions if prev_start <= m.start < sent_start][:1] if len(keys) == 1 else []
                )
        raw.append(
            SpeechHit(
                named[-1].key if named else "",
                None,
                (pm.start(), pm.end()),
                kind,
                pm.start(),
                pm.end(),
                ce,
                _text_span(simp, pm.end(), ce),
            )
        )
    # --- 会议听取了X(关于…)的汇报: X spoke, though not as the clause's subject
    for hm in _HEARD.finditer(simp):
        a = hm.end()
        unit = next((u for u in units if u.start == a and not u.alias_of), None)
        who = next(
            (
                m
                for m in mentions
                if a <= m.start <= (unit.end if unit else a) + _HEARD_TITLE
                and not re.search(r"[，,、。；;和与及]", simp[a : m.start])
            ),
            None,
        )
        if who is not None:
            unit = None  # 听取了集团工会主席董某作的报告: the unit is in the speaker's title
        if who is None and unit is None:
            continue
        end = clause_end(simp, a, _SENT_DELIM)
        km = _HEARD_KIND.search(simp, a, min(end, a + 140))
        if not km:
            continue
        kind = "statement" if "表态" in km.group(0) else "report" if km.group(0) != "发言" else "other"
        if who is not None:
            raw.append(SpeechHit(who.key, None, (who.start, who.end), kind, who.start, a, end, (a, end)))
        else:
            raw.append(
                SpeechHit(
                    None, (unit.start, unit.end), (unit.start, unit.end), kind, unit.start, a, end, (a, end)
                )
            )
    # --- unit subjects
    ugroups: list[list[FoundUnit]] = []
    for u in units:
        if u.alias_of:
            continue
        if ugroups:
            prev = ugroups[-1][-1]
            gap = simp[prev.end : u.start]
            gap = re.sub(r"^[\[［【（(][^\]］】）)]{1,20}[\]］】）)]", "", gap)
            if _GAP.match(gap):
                ugroups[-1].append(u)
                continue
        ugroups.append([u])
    for g in ugroups:
        cs = clause_start(simp, g[0].start)
        if (
            not _prefix_ok(simp, cs, g[0].start)
            or "各" in simp[g[0].start : g[0].end]
            or simp.startswith("全体", g[0].start)
        ):
            continue  # 各科室汇报: unnamed units, no speaker to record
        tail = _UNIT_TAIL.match(simp, g[-1].end)
        vstart = tail.end() if tail else g[-1].end
        vstart = _skip_adverbs(simp, vstart)
        ce = clause_end(simp, vstart)
        window = simp[vstart:ce]
        kind = speech_kind(window, simp[vstart : clause_end(simp, vstart, _SENT_DELIM)])
        if kind not in ("report", "statement", "announcement", "other", "address"):
            continue
        if kind in ("other", "address") and not re.match(r"^(?:分别|先后|相继|依次)?(?:就|围绕|对)?", window):
            continue
        if not re.match(
            r"^(?:首先|随后|接着|最后)?(?:分别|先后|相继|依次|还|也|均|都)?(?:就|围绕|对|从|作|做|进行|汇报|通报|报告|介绍|发言|表态|宣读)",
            window,
        ):
            continue
        if kind in ("other", "address"):
            kind = "report"
        for u in g:
            raw.append(
                SpeechHit(
                    None,
                    (u.start, u.end),
                    (u.start, u.end),
                    kind,
                    u.start,
                    vstart,
                    ce,
                    _text_span(simp, vstart, ce),
                )
            )
    # --- unnamed leaders of bodies without a unit suffix: 第一食堂、第二食堂负责人分别汇报了…
    taken = {h.label_span for h in raw}
    for tm in _LEADERS_TAIL.finditer(simp):
        # read the list backwards from its tail: a lazy list pattern tried everywhere is slow
        cs = clause_start(simp, tm.start())
        lm = re.search(
            r"(?:会上|会议上|随后|接着|最后|首先|同时)?(?P<list>(?:[\u4e00-\u9fffA-Za-z0-9]{2,12}、)*"
            r"[\u4e00-\u9fffA-Za-z0-9]{2,12})$",
            simp[cs : tm.start()],
        )
        if not lm:
            continue
        list_start, list_text = cs + lm.start("list"), lm.group("list")
        if not _prefix_ok(simp, cs, list_start):
            continue
        vstart = tm.end()
        ce = clause_end(simp, vstart)
        kind = speech_kind(simp[vstart:ce], simp[vstart : clause_end(simp, vstart, _SENT_DELIM)])
        if kind is None:
            continue
        if kind in ("other", "address"):
            kind = "report"
        pos = list_start
        for part in list_text.split("、"):
            span = (pos, pos + len(part))
            pos += len(part) + 1
            if (
                span in taken
                or any(a <= span[0] < b for a, b in taken)
                or "各" in part
                or part.startswith(("全体", "相关", "有关", "其他", "其它", "部分"))
                or re.match(r"[\d一二三四五六七八九十两]+个", part)  # 9个中心和9个机关科室: counted kinds
            ):
                continue
            raw.append(SpeechHit(None, span, span, kind, span[0], vstart, ce, _text_span(simp, vstart, ce)))
    raw.sort(key=lambda h: (h.start, h.label_span[0]))
    keep = [
        h
        for h in raw
        if not (
            h.summary
            and any(x.start > h.verb_end and x.speaker == h.speaker and x.kind == h.kind for x in raw)
        )
    ]
    merged = _merge(keep)
    _extend_texts(simp, merged, raw, mentions)
    return merged, raw


def _skip_adverbs(simp: str, pos: int) -> int:
    return pos


_RANK = {"other": 0, "address": 1, "report": 1, "statement": 1, "announcement": 1, "opening": 1, "closing": 1}


def _merge(raw: list[SpeechHit]) -> list[SpeechHit]:
    out: list[SpeechHit] = []
    for h in raw:
        if h.speaker == "":  # pronoun: the last person speaker goes on
            last_person = next((x for x in reversed(out) if x.speaker), None)
            if last_person is None:
                continue
            h.speaker = last_person.speaker
            h = replace(h)
            if out and out[-1] is last_person:
                if last_person.kind == "other" and h.kind != "other":
                    last_person.kind = h.kind
                continue
            if any(x.speaker == h.speaker and x.kind == h.kind for x in out) or h.kind == "other":
                continue
            out.append(h)
            continue
        if out and h.speaker and out[-1].speaker == h.speaker:
            prev = out[-1].kind
            # 宣读了…的决定。最后，X作总结讲话: a new turn; 指出… 他说… 强调…: the same turn
            new_turn = (
                h.kind != prev and prev != "other" and h.kind in ("closing", "announcement", "statement")
            )
            if not new_turn:
                if prev == "other" and h.kind != "other":
                    out[-1].kind = h.kind
                continue
            out.append(h)
            continue
        if h.speaker and any(x.speaker == h.speaker and (x.kind == h.kind or h.kind == "other") for x in out):
            # the same speaker again after someone else spoke takes a new turn (程某部署…邢某说明…程某要求)
            interrupted = (
                h.kind == "address" and not h.summary and out[-1].speaker != h.speaker and out[-1].speaker
            )
            if not interrupted:
                continue
        out.append(h)
    return out


# --- how far a speech's text runs -------------------------------------------------------------
# A sentence opening with one of these tells what the meeting did next, not what the speaker said.
_NARRATIVE = re.compile(
    r"(?:随后|会上|会议|大会|会后|接着|紧接着|之后|然后|本次会议|此次会议|这次会议|与会|最后[，,]?由)"
)
# a paragraph that goes on a list the speaker announced (提出四点要求：\n一、…)
_ENUM_START = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}(?:[、是要．.]|是要)|第[一二三四五六七八九十]{1,3}[，,、是]?|"
    r"[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、)）]|首先|其次|再次|然后|最后)"
)
_SENT_END = re.compile(r"[。！？!?\n]")
_CLOSERS = "”’」』\"'）)"
_TRIM_HEAD = set("，,、；;：:。！？!? \t\u3000\n")
_TRIM_TAIL = set("，,、；;：: \t\u3000\n")
_MAX_TEXT = 3000


def _trim(simp: str, s: int, e: int) -> tuple[int, int]:
    while s < e and simp[s] in _TRIM_HEAD:
        s += 1
    while e > s and simp[e - 1] in _TRIM_TAIL:
        e -= 1
    return s, e


def _extend_texts(simp: str, out: list[SpeechHit], raw: list[SpeechHit], mentions: list[Mention]) -> None:
    """Run each speech's text on through the sentences its speaker goes on saying.

    A text ends where another speaker's clause (or the same speaker's next turn) begins, at a
    sentence about the meeting (随后…, 会议由…) or about another person, and at a paragraph break
    unless the next paragraph opens with the same speaker (张书记说…, 他强调…) or goes on a list the
    speaker announced with a colon. Speakers of one group statement share one text.
    """
    n = len(simp)
    clause_of = {id(h): clause_start(simp, h.label_span[0]) for h in raw}
    for i, x in enumerate(out):
        # a group statement's text is what the group said: one member's later words are not shared
        group = sum(1 for y in out if y.verb_start == x.verb_start) > 1

        def same_turn(h: SpeechHit, x: SpeechHit = x, group: bool = group) -> bool:
            return h.verb_start == x.verb_start or bool(not group and x.speaker and h.speaker == x.speaker)

        bound = n
        for y in out[i + 1 :]:
            if y.verb_start != x.verb_start:
                bound = min(bound, clause_start(simp, y.label_span[0]))
                break
        for h in raw:
            if h.start > x.start and not same_turn(h):
                bound = min(bound, clause_of.get(id(h), h.start))
        s, e = _trim(simp, *x.text_span)
        if s >= bound:  # the sentence after a bare verb is someone else's: keep the verb clause
            s, e = _trim(simp, x.verb_start, min(x.verb_end, bound))
            x.text_span = (s, max(s, e))
            continue
        para_starts = {clause_of[id(h)] for h in raw if same_turn(h) and h.start > s}
        pos, end, in_list = s, min(e, bound), False
        while True:
            m = _SENT_END.search(simp, pos, bound)
            se = m.start() + (simp[m.start()] != "\n") if m else bound
            while se < bound and simp[se] in _CLOSERS:
                se += 1
            end = max(end, se)
            nxt, newline = se, False
            while nxt < bound and simp[nxt] in "\n \t\u3000":
                newline |= simp[nxt] == "\n"
                nxt += 1
            if nxt >= bound or nxt - s > _MAX_TEXT:
                break
            if newline:
                before = simp[:se].rstrip()
                if before[-1:] in ("：", ":"):
                    in_list = True
                if nxt in para_starts or (
                    x.speaker
                    and not group
                    and any(
                        mt.key == x.speaker and nxt <= mt.start < nxt + 12 and _prefix_ok(simp, nxt, mt.start)
                        for mt in mentions
                    )
                ):
                    in_list = False
                elif not (in_list and _ENUM_START.match(simp, nxt)):
                    break
            if _NARRATIVE.match(simp, nxt):
                break
            ce = clause_end(simp, nxt)
            if any(
                nxt <= mt.start < ce and mt.key != x.speaker and _prefix_ok(simp, nxt, mt.start)
                for mt in mentions
            ):
                break
            pos = nxt
        s, e = _trim(simp, s, min(end, bound))
        x.text_span = (s, max(s, e))
