"""Meeting facts: name, venue, chair, organiser, attendee groups and attendees."""

from __future__ import annotations

import re

from .lexicon import TITLE_PHRASE
from .people import Mention

_MEETING_WORD = (
    r"(?:会议|大会|座谈会|推进会|协调会|调度会|部署会|动员会|交流会|研讨会|培训会|谈话会|例会|仪式|典礼|论坛|"
    # 伙食管理委员会, 工会: bodies, not meetings
    r"(?<!委员)(?<!工)(?<!协)(?<!学)(?<!研究)(?<!联合)(?<!理事)会)"
)
_NAME_AFTER = re.compile(
    rf"(?:主持|组织)?(?:召开|举行|举办)了?[“「]?(?P<name>[^，。；;：:\n]{{2,40}}?{_MEETING_WORD})[”」]?"
    # what the meeting did may follow without a comma: 召开专题会议学习校长工作报告
    # …or, in a report printed without punctuation, who chaired it: 召开部署工作会会议由X主持
    r"(?=[，。；;,\n（(]|$|在|学习|传达|研究|部署|总结|听取|讨论|通报|审议|会议由|由[^，。；]{1,16}主持)"
)
_NAME_AFTER_BY = re.compile(
    rf"(?:召开|举行|举办)了?由[^，。；;\n]{{2,80}}?(?:参加|出席|参与)的(?P<name>[^，。；;：:\n]{{2,40}}?{_MEETING_WORD})"
    r"(?=[，。；;,\n（(]|$)"
)
# anchored on the verb and read backwards: a lazy name group tried at every position is slow
_NAME_BEFORE_END = re.compile(
    rf"{_MEETING_WORD}(?=(?:于[^，。；在]{{2,16}})?(?:在[^，。；]{{2,30}})?(?:隆重|顺利|成功)?(?:召开|举行|举办))"
)
_VENUE = [
    # 在成雅两校区以视频会议形式召开: the place, then how the meeting was held
    re.compile(
        r"在(?P<v>[^，。；;在由]{2,30}?)(?:以[^，。；;]{1,12}?(?:形式|方式)|通过[^，。；;]{1,12}?)?"
        r"(?:成功|隆重|顺利)?(?:主持|组织)?(?:召开|举行|举办|组织召开)"
    ),
    re.compile(r"地点(?:为|在|是|：|:)\s*(?P<v>[^，。；;\n]{2,30})"),
    re.compile(r"于(?P<v>[^，。；;]{2,20}?(?:会议室|报告厅|礼堂|多功能厅|会堂|大厅|教室))(?:召开|举行)"),
    # 前往新校区，召开现场工作会议: the place the leaders went to
    re.compile(r"(?:前往|赴|来到)(?P<v>[^，。；;]{2,20}?)[，,]?(?:召开|举行)"),
    # an online meeting: 以视频会议形式召开 / 通过腾讯会议召开 / 采取线上方式举行
    _ONLINE := re.compile(
        r"(?:以|通过|采取|采用)(?P<v>(?:线上|网络|视频|电视电话|远程)(?:会议)?|(?:腾讯|钉钉|飞书|Zoom|zoom)(?:会议)?)"
        r"(?:的)?(?:形式|方式)?(?:召开|举行|进行)"
    ),
]
# 会议 inside a venue only as part of a place: 国际会议中心, 第一会议室; 在…会议上 is no venue
_MEETING_IN_VENUE = re.compile(r"召开|会议(?![室中厅楼]|报告厅)")
_DATE_LIKE = re.compile(r"\d+月|[上下]午|晚上|星期")
_LIST_AFTER = re.compile(
    r"(?:出席|参加|列席)(?:会议|本次会议|座谈会|大会)?的(?:领导|人员|同志)?(?:还)?有[：:]?|"
    r"(?:参会|参加|出席|与会|列席)(?:人员|领导|对象)[：:]|"
    # minutes written as fields: 出席：A、B，C。 on a line of its own
    r"(?m:^[ \t]*(?:出席|列席|参会|参加|与会)[：:])"
)
_GROUPISH = re.compile(
    r"各|全体|代表|人员|负责人|负责同志|干部|职工|成员|委员|骨干|学生|教师|师生|等|们|以上"
)
# the verb must be about the meeting itself: 各单位要积极参加培训 names no group present
_GROUP_VERB = re.compile(
    r"(?:参加|出席|列席|参会|参与)(?=了?(?:本次|此次)?(?:会议|大会|座谈|会|活动|学习|培训|约谈|仪式|典礼|[。，,；]|$))"
    # …出席表彰大会: the meeting named by its kind (邀请…出席 is not yet presence)
    r"|(?<![请邀要将])(?:出席(?=了?)|参加(?=了))(?=了?(?:(?!出席|参加|列席)[\u4e00-\u9fff]){2,8}(?:大会|会议|座谈会|例会)(?:[。，,；]|$))"
)
_CONNECTIVES = frozenset(
    ["同时", "此外", "另外", "然后", "随后", "最后", "首先", "其次", "会后", "之后", "接着"]
)
_NOT_YET = re.compile(r"邀请|争取|计划|拟|将|需要|应当|应该|必须|务必")
_LED_TO = re.compile(
    r"带领(?P<g>[^，。；;、]{2,30}?(?:[、及和][^，。；;]{2,30}?)*?)(?:共|等)?(?:[\d一二三四五六七八九十两]+余?[名人位])?"
    r"(?:前往|赴|来到|深入)(?P<place>[^，。；;]{2,20}?)(?=[，,]?(?:召开|举行|现场))"
)
_MEETING_AFTER = re.compile(r"[^。；;]{0,25}?(?:召开|举行)")
_GROUP_TAIL = re.compile(
    r"(?:等|共|约|计|近|逾|超过)*(?:\d+余?[名人位个]?(?:人|同志)?)?(?:积极|踊跃|按时|准时|一同|共同)?$"
)
_GROUP_IN_TURN = re.compile(
    r"(?:^|(?<=[，,。；;、及和\n]))(?P<g>(?:各|全体)[^，,。；;、及和\n]{1,10}?"
    r"(?:主任|处长|科长|部长|经理|院长|主管|书记|负责人|负责同志|站长|队长))"
    r"(?=(?:依次|逐一|轮流)(?:作|进行|汇报|述职|发言))"
)
_GROUP_HEAD = re.compile(r"^(?:以及|及|和|与|还有|另有)")
_GROUP_PARTICIPANT_NAME = re.compile(
    r"^(?P<g>.{2,20}?(?:以上)?(?:干部|职工|员工|代表|负责人|人员))(?:工作)?" + _MEETING_WORD + "$"
)


def find_venue(simp: str, start: int) -> tuple[int, int] | None:
    """Span of the venue (在科学馆207召开 → 科学馆207)."""
    best = None
    for rx in _VENUE:
        m = rx.search(simp, start)
        if m and not _DATE_LIKE.search(m.group("v")) and (best is None or m.start() < best[0]):
            v = m.group("v").strip()
            # a bracketed platform is part of an online venue: 线上（腾讯会议）
            if (
                rx is not _ONLINE
                and _MEETING_IN_VENUE.search(re.sub(r"[（(][^）)]{1,12}[）)]", "", v))
                or len(v) < 2
            ):
                continue
            vs = m.start("v") + (2 if v.startswith(("我校", "本校", "该校")) and len(v) > 4 else 0)
            best = (vs, m.start("v") + len(m.group("v").rstrip()))
    return best


_QUOTES = {"“": "”", "「": "」"}


def find_name(simp: str, body_start: int) -> tuple[int, int] | None:
    """Span of the meeting's own name (召开后勤干部大会 → 后勤干部大会), from the body only: the title line
    is the report's headline, not the meeting's name, so a body that never names the meeting gives None."""
    cands = []
    m = _NAME_AFTER.search(simp, body_start)
    by = _NAME_AFTER_BY.search(simp, body_start)
    if by and (m is None or by.start() <= m.start()):
        m = by  # 召开了由…参加的座谈会: a long list of who came before the name
    if m:
        ns, ne = m.span("name")
        opening = simp[ns - 1 : ns]
        if opening and opening in _QUOTES and _QUOTES[opening] in simp[ns:ne]:
            ns -= 1  # 召开“大后勤”新学期工作部署会: the quotation marks belong to the name
        cands.append((ns, ne))
    m = _NAME_BEFORE_END.search(simp, body_start)
    if m:
        e = m.end()
        s = e
        while s > body_start and simp[s - 1] not in "，。；;：:\n在" and e - s < 40:
            s -= 1
        # strip a leading date such as "11月6日下午"
        dm = re.match(r"^.*?\d{1,2}[日号](?:[（(][^）)]*[）)])?(?:上午|下午|晚上)?", simp[s:e])
        if dm:
            s += dm.end()
        if e - s >= 2 + len(m.group(0)) - 1 and simp[s - 1 : s] != "在":  # 在处会议举行…: a place
            cands.append((s, e))
    if not cands:
        return None
    s, e = min(cands)
    # 召开新学期首次后勤工作例会: which one it was is no part of the name
    by = _NAME_ATTENDED_BY.match(simp, s, e)
    if by:
        s = by.end()  # 召开了由处领导、班组长等50多人参加的廉洁教育大会: who came is no part of the name
    lead = _NAME_ORDINAL.match(simp, s, e)
    return (lead.end(), e) if lead and e - lead.end() >= 4 else (s, e)


_NAME_ATTENDED_BY = re.compile(r"由(?P<g>[^，。；;]{2,80}?)(?:参加|出席|参与)的")
_NAME_ORDINAL = re.compile(r"关于|(?:本学期|新学期|本年度|今年|本年)?(?:的)?(?:首次|第一次)")


def find_chair(simp: str, mentions: list[Mention]) -> Mention | None:
    """Who chaired: 由X主持, X主持召开, X在…主持召开, 主持人：X, 由A、B共同主持 (the first)."""
    for pm in re.finditer(r"主持(?!人)", simp):
        cs = pm.start()
        while cs > 0 and simp[cs - 1] not in "，,。；;！？\n":
            cs -= 1
        inside = [m for m in mentions if cs <= m.start and m.end <= pm.start()]
        if not inside:
            continue
        you = simp.rfind("由", cs, pm.start())
        if you >= 0:
            after = [m for m in inside if m.start > you]
            if after:
                return after[0]
        last = inside[-1]
        gap = simp[last.after_title[1] if last.after_title else last.end : pm.start()]
        if re.fullmatch(r"\s*(?:同志|老师)?\s*(?:在[^，。；]{1,24}?)?(?:共同|亲自|专门)?", gap):
            k = len(inside) - 1
            while k > 0:  # 副处长A、B主持会议: two chairs, the first named
                prev = inside[k - 1]
                joint = simp[prev.after_title[1] if prev.after_title else prev.end : inside[k].start]
                if joint not in ("、", "和", "与", "及"):
                    break
                k -= 1
            return inside[k]
    m = re.search(r"主持人[：:为是]?", simp)
    if m:
        for x in mentions:
            if m.end() <= x.start <= m.end() + 12:
                return x
    return None


def find_groups(
    simp: str, mentions: list[Mention], body_start: int
) -> tuple[list[tuple[int, int]], list[str]]:
    """Unnamed groups present (参加/出席) and the people listed with them."""
    groups: list[tuple[int, int]] = []
    present: list[str] = []
    # 出席会议的有：A、B及各中心主任 — the list follows the verb
    for lm in _LIST_AFTER.finditer(simp, body_start):
        end = lm.end()
        while end < len(simp) and simp[end] not in "。；;\n":
            end += 1
        pos = lm.end()
        field_style = len(lm.group(0).strip()) <= 3
        sep = ""
        last_group = False  # whether the previous piece was added as a group
        for piece in re.split(r"([，,、]|以及|及|和)", simp[lm.end() : end]):
            a, b = pos, pos + len(piece)
            pos = b
            if piece in ("，", ",", "、", "以及", "及", "和"):
                sep = piece
                continue
            if not piece.strip():
                continue
            inside = [m for m in mentions if a <= m.start < b]
            added = False
            if inside:
                present.extend(m.key for m in inside)
            elif last_group and sep in ("、", "及", "以及", "和") and TITLE_PHRASE.fullmatch(piece.strip()):
                # 各服务公司经理、副经理: a bare title after a group's holders is more of that group
                groups[-1] = (groups[-1][0], b)
                added = True
            elif not _GROUPISH.search(piece) and (field_style or TITLE_PHRASE.match(piece)):
                # 处长助理唐宁 in a field list is a person the name finder missed, and a lone title
                # (校党委副书记、副校长冯建国) belongs to the name after it: neither is a group
                pass
            else:
                t = _GROUP_TAIL.search(piece)
                e = b - (len(t.group(0)) if t else 0)
                if e - a >= 2:
                    if last_group and sep in ("、", "及", "以及", "和"):
                        # groups joined by 、 are one group as written: 各支部书记、组织委员
                        groups[-1] = (groups[-1][0], e)
                    else:
                        groups.append((a, e))
                    added = True
            last_group, sep = added, ""
    for vm in _GROUP_VERB.finditer(simp, body_start):
        if _LIST_AFTER.match(simp, vm.start()):
            continue
        clause = simp[max(simp.rfind(c, 0, vm.start()) for c in "，,。；;！？\n") + 1 : vm.start()]
        if _NOT_YET.search(clause):
            continue  # 争取邀请分管领导参加表彰大会: who is to come, not who came
        s = vm.start()
        sent_start = s
        while sent_start > 0 and simp[sent_start - 1] not in "。；;！？\n":
            sent_start -= 1
        # pieces back from the verb, split at commas and 及/和
        pieces = []
        pos = s
        for piece in reversed(re.split(r"([，,])", simp[sent_start:s])):
            a = pos - len(piece)
            pieces.append((a, pos, piece))
            pos = a
        seen_person = False
        joined = None  # the group just added, when only a comma lies between it and this piece
        for a, b, piece in pieces:
            if piece in ("，", ",", "以及", "及", "和", "与") or not piece.strip():
                continue
            inside = [m for m in mentions if a <= m.start < b]
            if inside:
                present.extend(m.key for m in inside)
                seen_person = True
                last = inside[-1]
                after = last.after_title[1] if last.after_title else last.end
                rest = re.match(r"(?:同志)?(?:以及|及|和|与|、)(.{2,})$", simp[after:b])
                if rest and not re.search(r"召开|主持|宣读|讲话", rest.group(1)):
                    groups.append((b - len(rest.group(1)), b))
                continue
            # another verb's clause (its own group, found from its own verb) or an instruction
            # (各单位要积极参加培训) ends the search
            if re.search(
                r"召开|主持|举行|会议由|\d+月\d+日|^会上|宣读|讲话|参加|出席|列席|参会|(?<![主重纪])要|应当|务必",
                piece,
            ):
                break
            if seen_person:
                continue
            t = _GROUP_TAIL.search(piece)
            e = b - (len(t.group(0)) if t else 0)
            e = a + len(simp[a:e].rstrip())
            h = _GROUP_HEAD.match(simp[a:e])
            if h:
                a += h.end()
            if joined is not None and not (_GROUPISH.search(simp[a:e]) or TITLE_PHRASE.fullmatch(simp[a:e])):
                # 专题部署寒假安全工作，全处副科级以上干部参加: what the meeting was for, not a group
                break
            if simp[a:e] in _CONNECTIVES:
                break  # 同时，参加培训的人员…: a connective opens the sentence, no group
            if e - a >= 2:
                if joined is not None and groups[joined][0] == b + 1 and e == b:
                    # a list of groups written with commas is one group as written: 后勤管理处、
                    # 基建处全体科级以上干部，中层管理人员，各党支部支委参加会议
                    groups[joined] = (a, groups[joined][1])
                else:
                    groups.append((a, e))
                    joined = len(groups) - 1
                continue
            joined = None

    # unnamed holders who take their turn (各中心主任依次作述职, 各科室负责人分别汇报) were present
    for gm in _GROUP_IN_TURN.finditer(simp, body_start):
        if not any(a <= gm.start("g") < b for a, b in groups):
            groups.append(gm.span("g"))
    # 总经理A、书记B带领各部门负责人共三十余人前往新校区，召开现场会: the leaders and those they led
    for lm in _LED_TO.finditer(simp, body_start):
        sent_start = max(simp.rfind(c, 0, lm.start()) for c in "。；;！？\n") + 1
        leaders = [m for m in mentions if sent_start <= m.start < lm.start()]
        if not leaders or not _MEETING_AFTER.match(simp, lm.end()):
            continue
        present.extend(m.key for m in leaders)
        if not any(a <= lm.start("g") < b for a, b in groups):
            groups.append(lm.span("g"))
    return groups, present


def group_before_name(simp: str, name_span: tuple[int, int] | None) -> tuple[int, int] | None:
    """召开了由处领导、班组长等50多人参加的大会 → the group 处领导、班组长等50多人."""
    if not name_span:
        return None
    by = re.search(
        r"由(?P<g>[^，。；;由]{2,80}?)(?:参加|出席|参与)的$", simp[max(0, name_span[0] - 86) : name_span[0]]
    )
    if not by:
        return None
    start = name_span[0] - len(by.group(0)) + 1
    return (start, start + len(by.group("g")))


def group_from_name(simp: str, name_span: tuple[int, int] | None) -> tuple[int, int] | None:
    """后勤部门副处长以上干部工作会议 → the group 后勤部门副处长以上干部."""
    if not name_span:
        return None
    m = _GROUP_PARTICIPANT_NAME.match(simp[name_span[0] : name_span[1]])
    if m and "以上" in m.group("g"):
        return (name_span[0], name_span[0] + len(m.group("g")))
    return None
