"""Organisational units (物业处, 后勤保障部, 基建管理处[新校区建设办公室]).

A unit is found at a unit suffix (处 部 科 院 办 中心 办公室 …) and extended to
the left over jieba tokens until a verb, function word or punctuation; jieba runs
only on a short window of Simplified text, which keeps it fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chinese import cut, word_freq, word_tag
from .lexicon import is_han, starts_with_title

_SUFFIX_RE = re.compile(
    r"办公室|委员会|中心|公司|集团|协会|学会|研究会|分会|团委|工会|小组|[处部科院办所站队组]"
)
# Words ending in a unit suffix that are not units.
_NOT_UNITS = set(
    [
        "干部",
        "全部",
        "内部",
        "外部",
        "局部",
        "东部",
        "西部",
        "南部",
        "北部",
        "中部",
        "头部",
        "底部",
        "上部",
        "下部",
        "各部",
        "大部",
        "本部",
        "全院",
        "各院",
        "本院",
        "我院",
        "该院",
        "全处",
        "各处",
        "我处",
        "本处",
        "到处",
        "带队",
        "率队",
        "好处",
        "去处",
        "之处",
        "此处",
        "益处",
        "难处",
        "长处",
        "短处",
        "用处",
        "深处",
        "住处",
        "相处",
        "各科",
        "本科",
        "学科",
        "理科",
        "工科",
        "文科",
        "各办",
        "全所",
        "各所",
        "场所",
        "厕所",
        "住所",
        "处所",
        "各队",
        "球队",
        "团队",
        "军队",
        "排队",
        "车队",
        "部队",
        "站队",
        "车站",
        "网站",
        "各站",
        "全馆",
        "各中心",
        "中心",
        "学院",
        "医院",
        "研究院",
        "专科",
        "部",
        "处",
        "科",
        "院",
        "办",
        "馆",
        "所",
        "站",
        "队",
        "办公室",
        "委员会",
        "公司",
        "学校",
        "科室",
        "院系",
        "全校",
        "总部",
        "支部",
        "俱乐部",
        "党支部",
        "各部门",
        "组",
        "小组",
        "各组",
        "本组",
        "分组",
        "全组",
        "工会",
    ]
)
_LONG_NOT_UNITS = ("干部", "支部", "俱乐部", "全部", "内部", "外部", "局部", "班组")
_STOP_WORDS = set(
    [
        "的",
        "了",
        "在",
        "由",
        "和",
        "与",
        "及",
        "以及",
        "对",
        "向",
        "为",
        "是",
        "被",
        "将",
        "把",
        "从",
        "于",
        "各",
        "全",
        "本",
        "我",
        "我校",
        "学校",
        "全校",
        "成立",
        "召开",
        "关于",
        "就",
        "并",
        "等",
        "其",
        "该",
        "经",
        "请",
        "及其",
        "会同",
        "联合",
        "代表",
        "支持",
        "做好",
        "组建",
        "撤销",
        "设立",
        "调整",
        "加强",
        "推动",
        "督促",
        "配合",
        "协调",
        "牵头",
        "负责",
        "要求",
        "通知",
        "邀请",
        "参加",
        "出席",
        "听取",
        "宣读",
        "包括",
        "涉及",
        "指导",
        "服务于",
        "其中",
        "随后",
        "会上",
        "最后",
        "首先",
        "分别",
        "先后",
        "属于",
        "作为",
        "按照",
        "根据",
        "通过",
        "新",
        "原",
        "现",
        "这",
        "那",
        "每个",
        "所有",
        "新一届",
        "年度",
        "总结",
        "本届",
        "上一届",
        "首届",
        "新任",
    ]
)
# a one-character word that may begin a unit: 校团委, 院办公室, 处办公室 (the department's own office)
_UNIT_PREFIX_CHARS = set("校总市省区县院系处")
# verbs that do occur inside unit names (维修管理科, 预防保健科, 后勤保障部)
_UNIT_VERBS = set(
    [
        "收发",
        "维修",
        "保障",
        "管理",
        "建设",
        "服务",
        "预防",
        "检验",
        "招标",
        "采购",
        "审计",
        "监督",
        "保卫",
        "接待",
        "培训",
        "运行",
        "规划",
        "发展",
        "保健",
        "治理",
        "维护",
        "统战",
        "供应",
        "调度",
        "监察",
        "研究",
        "评估",
        "改革",
        "资助",
        "监控",
        "指挥",
        "保洁",
        "绿化",
        "安装",
        "修缮",
        # ad hoc working groups: 专项整改工作组, 疫情防控领导小组, 安全督查组
        "整改",
        "防控",
        "督查",
        "督导",
    ]
)
_BARE_SUFFIXES = {
    "委员会",
    "办公室",
    "中心",
    "公司",
    "集团",
    "协会",
    "工会",
    "小组",
    "工会小组",
    "工作组",
    "工作小组",
    "领导小组",
    "工作领导小组",
}
_UNIT_ADJECTIVES = {"基建", "综合", "公共", "离退休", "重点", "高等", "中心", "有限", "股份有限"}
_STOP_TAGS = ("p", "c", "u", "r", "d", "m", "q", "y", "e", "o", "t", "f", "x", "w", "zg")
_BRACKET_ALIAS = re.compile(r"[\[［【（(]([^\]］】）()]{2,20})[\]］】）)]")


_PARTICLE_SUO = re.compile(r"(?:作|做|取得|付出|开展|承担|提供|发挥|面临|遇到|作出|做出|进行)的")


@dataclass
class FoundUnit:
    """A unit found in the Simplified text; ``alias_of`` set for the bracketed second name."""

    start: int
    end: int
    alias_of: tuple[int, int] | None = None


def _ends_a_word(simp: str, e: int) -> bool:
    """A word of three or more characters ends at ``e``: 工作组|建立 (not 组建), 维修组|建设."""
    s = max(0, e - 4)
    pos = s
    for tok in cut(simp[s : e + 3]):
        pos += len(tok)
        if pos == e:
            return len(tok) >= 3
        if pos > e:
            return False
    return False


def _suffix_ok(simp: str, p: int, e: int) -> bool:
    """The suffix ends a word here: it does not start a longer word (部门, 处理, 所有) or a title."""
    rest = simp[p : p + 6]
    if e - p == 1 and starts_with_title(rest):
        return False
    # 所 and 办 as words of the sentence: 为事业所作的贡献, 所取得的成绩, 限时办结, 办理
    if simp[p:e] == "所" and _PARTICLE_SUO.match(simp, e) and not starts_with_title(simp, e):
        return False
    if simp[p:e] == "中心" and simp[e : e + 1] == "组" and simp[e : e + 2] not in ("组织", "组建"):
        return False  # 理论学习中心组: a study group, not a centre
    if simp[p:e] == "院" and simp[p - 1 : p] in ("东", "西", "南", "北"):
        return False  # 建设南院, 北院食堂: a part of a campus, not an institute
    if simp[p:e] == "办" and simp[e : e + 1] in ("结", "理", "好", "成", "事", "妥", "实"):
        return False
    if simp[e : e + 1] == "在" and simp[e + 1 : e + 2] != "于":
        return True  # 后勤保障处在二楼会议室召开: the unit, then 在 (not the verb 处在)
    if e < len(simp) and is_han(simp[e]) and not starts_with_title(simp, e):
        two = simp[p : e + 1]
        if two in ("处室", "科室", "部门"):
            return False  # 机关处室: a kind of office
        if word_freq(two) >= 20 and not starts_with_title(two) and not _ends_a_word(simp, e):
            tag = word_tag(two) or ""
            if not tag.startswith("n") or two in ("中心工作", "队伍", "所有"):
                return False
            if len(two) == 2 and two[1] not in "长":
                return False
    return True


def _extend_left(simp: str, e: int, suffix_start: int) -> int | None:
    window_start = max(0, suffix_start - 12)
    window = simp[window_start:e]
    tokens = cut(window)
    pos = e
    start = None
    taken = 0
    for k in range(len(tokens) - 1, -1, -1):
        tok = tokens[k]
        tstart = pos - len(tok)
        if pos == e:
            # the token holding the suffix: must end at the suffix and not be a plain word
            if tok in _NOT_UNITS and len(tok) > e - suffix_start:
                return None
            if tok.endswith(_LONG_NOT_UNITS) or tok[0] in "各全本该我此":
                return None
            numbered = re.fullmatch(r"[一二三四五六七八九十\d]{1,3}[队组班站所科]", tok)
            if numbered:
                # 保洁一队: a numbered team needs a named word before it
                if k == 0 or not all(is_han(c) for c in tokens[k - 1]) or tokens[k - 1] in _STOP_WORDS:
                    return None
                start = tstart
                pos = tstart
                taken += 1
                continue
            if len(tok) > e - suffix_start:
                tag = word_tag(tok) or ""
                head = tok[: len(tok) - (e - suffix_start)]
                if head in _STOP_WORDS:
                    return None  # 代表院(领导): jieba glued a verb to the suffix
                head_tag = word_tag(head) or ""
                if (
                    head_tag[:1] in ("a", "d", "p", "c", "r", "m")
                    and head not in _UNIT_ADJECTIVES
                    and head not in _UNIT_VERBS
                ):
                    return None  # 细微处: an adjective and 处 ("place"), not a unit
                # jieba tags some office names as set phrases (计财处, 招领处); four-character idioms
                # (一无是处, 所到之处) are not units
                phrase = tag == "l" and len(tok) == 3 and "之" not in head and tok[1:] not in _NOT_UNITS
                if (
                    tag
                    and not tag.startswith(("n", "j", "b"))
                    and not (len(tok) >= 3 and head in _UNIT_VERBS)
                    and not phrase
                ) or tag.startswith("nr"):
                    return None  # 查处, 到处, 甲等医院 (and 严肃查处, which jieba calls a name): a word
            start = tstart
            pos = tstart
            taken += 1
            continue
        if tok.endswith("会") and not tok.endswith(_MEETING_LIKE_UNITS):
            break  # 召开维修工作论证会学生处、国资处: a meeting's name printed against the unit
        if (
            tok == "与"
            and k > 0
            and (taken >= 2 or tokens[k - 1] in _UNIT_VERBS)
            and not tokens[k - 1].endswith(_PEOPLE)
        ):
            # 采购与招标管理中心: 与 inside a name, when the word before it is a plain noun
            prev = tokens[k - 1]
            if (
                len(prev) <= 4
                and ((word_tag(prev) or "").startswith(("n", "vn")) or prev in _UNIT_VERBS)
                and not _SUFFIX_RE.search(prev[-1])
                and prev not in _STOP_WORDS
            ):
                start = tstart
                pos = tstart
                continue
        if not all(is_han(c) or c.isalnum() for c in tok) or tok in _STOP_WORDS:
            break
        tag = word_tag(tok) or ""
        if tag.startswith(_STOP_TAGS) and tok not in ("东区", "西区", "南区", "北区"):
            break
        if len(tok) == 1 and tok not in _UNIT_PREFIX_CHARS:
            break
        if tag.startswith("v") and tag != "vn" and tok not in _UNIT_VERBS:
            break
        if tag in ("a", "ad") and tok not in _UNIT_ADJECTIVES and tok not in _UNIT_VERBS:
            break  # 于细微处见真章, 明确集团…
        if tok.isdigit() or e - tstart > 12 or taken >= 5:
            break
        start = tstart
        pos = tstart
        taken += 1
        if tok in _CAMPUS_WORDS and k > 0:
            # 应天校区后勤服务部: a campus is named by a word or two jieba may not know
            place = tokens[k - 1] if len(tokens[k - 1]) <= 2 else ""
            if (
                place
                and all(is_han(c) for c in place)
                and place not in _STOP_WORDS
                and place[0] not in "各全本该我此"
            ):
                start = pos - len(place)
            break
    return start


# words ending in 会 that are units, not meetings
_MEETING_LIKE_UNITS = (
    "协会",
    "学会",
    "研究会",
    "分会",
    "工会",
    "委员会",
    "联合会",
    "理事会",
    "管委会",
    "董事会",
)
# 干部职工与行政后勤处: people before 与 are not the first half of a unit's name
_PEOPLE = (
    "职工",
    "干部",
    "师生",
    "学生",
    "教师",
    "领导",
    "人员",
    "员工",
    "代表",
    "同志",
    "老师",
    "家长",
    "党员",
)
_CAMPUS_WORDS = {"校区", "园区", "分校"}
# party bodies are not units (the spec's org_units leave out 党委, 党总支, 纪委); 党委宣传部 is a unit
_PARTY_BODY = re.compile(
    r"(?:党委|党支部|党总支|总支部|支部委员会|总支委员会|纪律检查委员会|纪委|中心组)$|^(?:中共|部门|单位)"
)
# a kind of outside firm named by its trade alone (物业公司, 餐饮服务公司) is not a unit
_GENERIC_FIRM = re.compile(
    r"(?:校区|该|本|外包|第三方)?(?:物业|物业管理|物业服务|餐饮|餐饮服务|保洁|绿化|安保|保安|施工|监理|维修|劳务|外包|服务|管理)公司"
)


# 集团 and 公司 also stand alone for "the group" and "the company" (通过研讨集团明确了…, 弘扬集团正能量)
_STANDALONE_SUFFIXES = ("集团", "公司")


def _acts_on_bare_name(name: str) -> bool:
    """A verb and then 集团/公司 used alone: the verb acts on the group, it does not name one."""
    if not name.endswith(_STANDALONE_SUFFIXES):
        return False
    tokens = cut(name[:-2])
    head = tokens[-1] if tokens else ""
    tag = word_tag(head) or ""
    return head not in _UNIT_VERBS and (tag in ("v", "vn") or (tag == "nr" and word_freq(head) >= 100))


def find_units(simp: str, exclude: list[tuple[int, int]] = ()) -> list[FoundUnit]:
    """Units in text order (deduplicated by text later); spans inside ``exclude`` (the venue) are skipped."""
    found: list[FoundUnit] = []
    known: dict[str, int] = {}  # unit text -> length, to skip jieba for repeats
    for m in _SUFFIX_RE.finditer(simp):
        p, e = m.start(), m.end()
        if not _suffix_ok(simp, p, e):
            continue
        if m.group() == "团委" and (p == 0 or not is_han(simp[p - 1])):
            found.append(FoundUnit(p, e))  # 学生处、团委、保卫处: the Youth League committee, named alone
            continue
        if p == 0 or not is_han(simp[p - 1]) or simp[p - 1] in "的了在和与及":
            continue  # nothing (or only a function word) before the suffix
        s = next(
            (e - ln for k, ln in sorted(known.items(), key=lambda kv: -kv[1]) if simp.startswith(k, e - ln)),
            None,
        )
        if s is None:
            s = _extend_left(simp, e, p)
        if s is None or e - s < 2:
            continue
        name = simp[s:e]
        if name in _NOT_UNITS or name[0] in "各全本该我此" or name.startswith(("有关", "相关", "所属")):
            continue
        if name in _BARE_SUFFIXES or name.startswith(
            ("部分", "模范", "先进", "优秀", "示范", "充分", "发挥", "积极")
        ):
            continue  # 委员会委员, 部分工会委员, 模范工会小组, 充分发挥工会组织: no unit named
        if name.startswith("分管") and len(name) <= 4:
            continue  # 分管处领导: the office's leader in charge, no unit named
        if not name.strip("处室科部办所站队组院"):
            continue  # 各处室科: kinds of office, listed
        if simp[max(0, s - 1) : s] in ("各", "全") or simp[max(0, s - 2) : s] in (
            "相关",
            "有关",
            "所有",
            "每个",
        ):
            continue  # 各学院办公室: a kind of office, not one unit
        if any(a < e and s < b for a, b in exclude):
            continue
        if e - s == 2 and word_freq(name) >= 20 and name != "团委":
            continue  # a plain word such as 专科 or 本科
        if _acts_on_bare_name(name) or _PARTY_BODY.search(name) or _GENERIC_FIRM.fullmatch(name):
            continue
        if found and found[-1].start <= s < found[-1].end:
            # 行政后勤处培训服务中心, 党政办综合科: a unit inside the one just found; the part after it
            # is a unit of its own when it still has a name before the suffix
            inner = simp[found[-1].end : e]
            if inner in _BARE_SUFFIXES:
                if inner != "办公室":
                    continue  # 后勤工会委员会: the union's committee, not a second unit
                # 后勤处办公室: the office of the unit just found, named as a whole
            else:
                s = found[-1].end
                name = inner
                if e - s < 3 or simp[s] in "的和与及、" or name.startswith(("有关", "相关", "所属")):
                    continue
        unit = FoundUnit(s, e)
        found.append(unit)
        known[name] = e - s
        am = _BRACKET_ALIAS.match(simp, e)
        if am and _SUFFIX_RE.search(am.group(1)[-3:]) and am.group(1) not in _BARE_SUFFIXES:
            found.append(FoundUnit(am.start(1), am.end(1), alias_of=(s, e)))
    return found


def unit_names(found: list[FoundUnit], simp: str, clean: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Distinct unit names as written (shorter names contained in longer ones dropped) and alias pairs."""
    keys: list[str] = []
    shown: dict[str, str] = {}
    aliases: list[tuple[str, str]] = []
    for u in found:
        k = simp[u.start : u.end]
        if k not in shown:
            keys.append(k)
            shown[k] = clean[u.start : u.end]
        if u.alias_of:
            aliases.append((clean[u.alias_of[0] : u.alias_of[1]], clean[u.start : u.end]))
    keep = [k for k in keys if not any(k != o and k in o for o in keys)]
    # 后勤管理处 … 后勤处, 餐饮服务事业部 … 餐饮事业部: a short form of a unit already named is that unit
    short = {k: o for k in keep for o in keep if _abbreviates(k, o)}
    for k, o in short.items():
        if (shown[o], shown[k]) not in aliases:
            aliases.append((shown[o], shown[k]))
    return [shown[k] for k in keep if k not in short], aliases


def _abbreviates(short: str, full: str) -> bool:
    """``short`` is ``full`` without a word that only says what kind of office it is (后勤处 ← 后勤管理处,
    后勤中心 ← 后勤服务中心); 工程部 is not 工程建设指挥部."""
    if len(short) < 3 or len(short) >= len(full):
        return False
    return any(
        full.startswith(w, i) and full[:i] + full[i + len(w) :] == short
        for w in _FILLERS
        for i in range(1, len(full) - len(w))
    )


_FILLERS = ("管理", "服务", "保障", "工作", "事务", "综合", "管理服务", "服务管理", "保障服务")


# 由后勤保障部组织召开 / 由物业处主办的座谈会: the unit between 由 and one of these convened the
# meeting when the clause goes on to a meeting (由…牵头组织实施 is a decision's owner, not one).
_CONVENED_BY = re.compile(r"(?:负责)?(?:组织|主办|承办|牵头|召集)[^，。；！？\n]{0,20}?(?:召开|举行|会)")


def find_organizer(simp: str, found: list[FoundUnit], name: tuple[int, int] | None) -> FoundUnit | None:
    """The unit that convened the meeting, when the report says so: ``物业处召开…`` (or ``在…召开``),
    ``由物业处组织``, or the meeting's own name starting with a unit (``后勤保障部中层干部谈话会``)."""
    units = [u for u in found if not u.alias_of]
    for u in units:
        if simp[u.end : u.end + 1] == "在" or simp.startswith(("召开", "举行", "主持召开"), u.end):
            return u
    for u in units:
        if simp[u.start - 1 : u.start] == "由" and _CONVENED_BY.match(simp, u.end):
            return u
    if name:
        for u in units:
            if u.start == name[0] and u.end < name[1]:
                return u
    return None
