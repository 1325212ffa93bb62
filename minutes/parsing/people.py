"""Person names, their titles as written, and later mentions (张书记, 姜校, 他).

Names are found from context, not from a name recogniser: a title before the name
(副校长张国臣), a title or honorific after it (赵军武常委, 程建设同志), a count
(程建设、张西亚、柴渭三位同志), or a speech verb after a name that starts a clause
(覃丽宣读了…).  jieba's dictionary vetoes common words that only look like names
(文件指出, 关心、体贴) unless a title vouches for them; names that are ordinary
words (程建设, 周全) pass because a title or a list vouches for them.
All offsets are into the Simplified text (same length as the text as written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .chinese import word_freq, word_tag
from .lexicon import (
    AFTER_NAME,
    BEFORE_NAME,
    COMPOUND_SURNAMES,
    HONORIFICS,
    NAME_CHAR_BEFORE_TITLE,
    NOT_NAME_CHAR,
    NOT_NAME_END,
    PUNCT,
    REF_TITLES,
    SURNAMES,
    TITLE_HEADS,
    TITLE_PHRASE,
    WEAK_SURNAMES,
    ends_with_title,
    is_han,
    starts_with_title,
)

_COUNT_RE = re.compile(r"[一二三四五六七八九十两\d]+[位名个]?(?:同志|人|位)")
_AFTER_SORTED = sorted(set(AFTER_NAME), key=len, reverse=True)
_AFTER_AT_START = re.compile("|".join(_AFTER_SORTED))
_BEFORE_SET = frozenset(BEFORE_NAME)
_FIELD_LABEL = re.compile(r"(?:主持人|记录人|记录|汇报人|发言人|联系人|主讲人)[：:]$")
_LEFT_LAST = frozenset(
    w[-1]
    for w in list(BEFORE_NAME)
    + list(TITLE_HEADS)
    + ["任命", "聘任", "聘请", "免去", "提拔", "推荐", "选举", "提名"]
)
# positions worth a look: a surname character (compound surnames start with one too, or are listed)
_FUNCTION_SURNAMES = set("由和与及对经同请于")
_APPOINT_WORDS = frozenset(["任命", "聘任", "聘请", "免去", "提拔", "推荐", "选举", "提名"])
_SURNAME_START = re.compile("[" + "".join(sorted(SURNAMES | {c[0] for c in COMPOUND_SURNAMES})) + "]")
_TITLE_CUT = re.compile(
    r".*(?:由|会上|以及|及|了|在|请|邀请|对|向|是|其中|随后|最后|首先|听取|陪同|包括|会议|大会|任命|聘任|"
    r"免去|决定|宣布|出席|参加|同志|(?<![国所拥具含])有|为|和|我校|本校|会中|负责[^，。；、]{1,12}?的|特邀|邀请)"
)
# 杨慧因公请假: 因公/因病/因事/因故 follow a two-character name, not a third character
_ABSENCE_CAUSE = frozenset(["因公", "因病", "因事", "因故", "因私"])
_CHUNK_DELIM = set('，,。；;：:！!？?\n（()）“”"《》 \t')


@dataclass
class Mention:
    """One mention of a person in the Simplified text."""

    start: int
    end: int
    key: str  # the person's full name in Simplified
    kind: str = "name"  # name | ref (张书记) | pronoun (他)
    left: str | None = None
    right: str | None = None
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    after_title: tuple[int, int] | None = None  # 赵军武常委 → span of 常委


@dataclass
class PersonRecord:
    """A person as collected from a report (key is the Simplified name)."""

    key: str
    first: tuple[int, int]
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    after_titles: list[tuple[int, int]] = field(default_factory=list)


def _surname_lengths(simp: str, i: int) -> list[int]:
    out = []
    if simp[i : i + 2] in COMPOUND_SURNAMES:
        if _TITLE_ENDING.search(simp, max(0, i - 4), i + 1):
            return []  # 副处长孙永玲: the 长 of 处长 before 孙, not the surname 长孙
        return [2]  # 欧阳主任 must not read as a name 欧阳 + title
    if simp[i] in SURNAMES:
        out.append(1)
    return out


_TITLE_ENDING = re.compile(
    "(?:" + "|".join(sorted((h for h in TITLE_HEADS if len(h) > 1), key=len, reverse=True)) + ")$"
)


def _starts_title(s: str) -> str | None:
    return starts_with_title(s)


_UNIT_BEFORE = re.compile(r"[\u4e00-\u9fff]{2}(?:中心|集团|公司|办公室|党支部|党总支|[处科室部办])$")
_UNIT_TITLE_AHEAD = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:处|部|科|中心|办公室|团委|工会|集团|公司)(?:副)?(?:书记|处长|部长|科长|主任|主席|经理)"
)


def _left_context(simp: str, i: int, accepted_ends: set[int]) -> str | None:
    if i == 0:
        return "punct"
    prev = simp[i - 1]
    if prev == "、" and (i - 1) in accepted_ends:
        return "list"
    if prev in "：:" and _FIELD_LABEL.search(simp, max(0, i - 6), i):
        return "title"  # 主持人：王建明, 记录人：陈晓 — the label vouches for a name
    if prev.isdigit():
        return "digit"
    if prev in PUNCT or not is_han(prev):
        return "punct"
    if _UNIT_BEFORE.search(simp, max(0, i - 8), i):
        return "word"  # 环卫绿化中心薛晔: a unit written before the name, as a title would be
    if prev not in _LEFT_LAST:
        return None  # no title head or name-introducing word ends with this character
    before = simp[max(0, i - 8) : i]
    title = ends_with_title(before)
    if title:
        # 各部门负责人全面总结: after 负责人 comes what the heads did far more often than a name
        return "word" if title == "负责人" else "title"
    if before[-2:] in _APPOINT_WORDS:
        return "appoint"
    if before[-1:] in _BEFORE_SET or before[-2:] in _BEFORE_SET or before[-3:] in _BEFORE_SET:
        return "word"
    return None


def _right_context(simp: str, j: int, strong_left: bool = False) -> tuple[str | None, int]:
    """Kind of what follows a candidate name, and the length of the title/honorific there."""
    if j >= len(simp):
        return "punct", 0
    ch = simp[j]
    if ch == "、":
        if strong_left:
            return "list", 0
        nxt = simp[j + 1 : j + 3]
        if nxt[:1] in SURNAMES or nxt in COMPOUND_SURNAMES or _starts_title(simp[j + 1 : j + 8]):
            return "list", 0
        if _UNIT_TITLE_AHEAD.match(simp, j + 1):
            return "list", 0  # 副处长尹某、韩某、团委书记吕某: the next item is a unit's post
        return None, 0
    if ch in PUNCT or not is_han(ch):
        return "punct", 0
    t = _starts_title(simp[j : j + 8])
    if t:
        return "title", len(t)
    for h in HONORIFICS:
        if simp.startswith(h, j):
            return "honor", len(h)
    if _COUNT_RE.match(simp, j):
        return "count", 0
    if _AFTER_AT_START.match(simp, j):
        return "verb", 0
    if ch in "的为":
        return "of", 0  # 免去李大伟的…职务, 任命张三为…
    # after a title, any dictionary word may follow (司马岚到会指导)
    if word_freq(simp[j : j + 2]) > 0 or word_freq(simp[j : j + 3]) > 0:
        return "word", 0
    return None, 0


# Verbs that end a clause after a speaker's name (王明主持。 张华强调，…); any other verb right
# before a comma follows an adverb that only looks like a name (周密部署，精心组织).
_VERBS_ENDING_A_SPEAKER = frozenset(
    [
        "主持",
        "发言",
        "讲话",
        "致辞",
        "指出",
        "强调",
        "要求",
        "说",
        "表示",
        "认为",
        "补充",
        "点评",
        "主讲",
        "汇报",
        "报告",
        "出席",
        "参加",
        "列席",
        "陪同",
        "到会",
        "等",
        "一行",
        "总结",
        "介绍",
        "通报",
        "宣布",
    ]
)


def _ends_clause_unspoken(simp: str, j: int, name: str) -> bool:
    """A dictionary word before a verb that closes the clause, the verb not one a speaker ends on."""
    if not word_tag(name) or word_freq(name) < 100:
        return False
    vm = _AFTER_AT_START.match(simp, j)
    if vm is None or vm.group() in _VERBS_ENDING_A_SPEAKER:
        return False
    nxt = simp[vm.end() : vm.end() + 1]
    return not nxt or nxt in PUNCT


def _is_common_word(name: str) -> bool:
    """A frequent dictionary word that jieba does not tag as a person name (or tags so, but which is
    far more often the word: 文明, 师生)."""
    tag = word_tag(name)
    if tag is None:
        return False
    return word_freq(name) >= (500 if tag.startswith("nr") else 3)


def _is_verbish(name: str) -> bool:
    """强调, 关心: frequent verbs, adverbs or function words are never names, whatever the context."""
    tag = word_tag(name) or ""
    return bool(tag) and tag[0] in "vdpcuaf" and word_freq(name) >= 100


def _conjunction_then_noun(name: str, surname_len: int) -> bool:
    """各支部书记和支部代表: 和/与/及 before a common noun joins two groups; it is not a surname."""
    rest = name[surname_len:]
    tag = word_tag(rest) or ""
    return (
        surname_len == 1
        and name[0] in "和与及同"
        and len(rest) >= 2
        and (tag.startswith("n") or name[0] != "同")  # 白处长和相关科室: any common word after 和/与/及
        and not tag.startswith("nr")
        and word_freq(rest) >= 100
    )


def _accept(name: str, surname_len: int, left: str | None, right: str | None) -> bool:
    if _conjunction_then_noun(name, surname_len):
        return False
    if surname_len == 1 and name[0] in _FUNCTION_SURNAMES and left != "title" and word_freq(name[1:]) >= 100:
        return False  # 由食品安全员汇报: 由 and a common word, not a name
    if left != "title" and word_freq(name) >= 5000 and not (word_tag(name) or "").startswith("nr"):
        return False  # 全体同志, 大家: a very common word before 同志 is no name
    if left == "title" and right in ("word", "of"):
        return not _is_verbish(name) and not (right == "word" and _is_common_word(name))
    if left == "appoint" and right in ("punct", "verb", "honor", "list", "title", "count", "of"):
        return not _is_common_word(name) or right in ("honor", "count")
    if left is None or right is None or right in ("word", "of"):
        return False
    strong_left = left == "title"
    strong_right = right in ("title", "honor", "count")
    if _is_verbish(name) and not (strong_left and right in ("verb", "title", "honor", "count", "list")):
        return False
    # a title after a common word is no evidence (党委书记, 项目经理)
    if (
        not strong_left
        and right not in ("honor", "count")
        and (_is_common_word(name) or (len(name) == 3 and surname_len == 1 and _is_common_word(name[:2])))
    ):
        return False
    if left == "digit" and not strong_right:
        return False
    if len(name) - surname_len == 1 and name[0] in WEAK_SURNAMES and surname_len == 1:
        # 维修中心安杰主任: between a unit and a title
        return strong_left or right in ("honor", "count") or (left == "word" and right == "title")
    if strong_left:
        return True
    if name[0] in WEAK_SURNAMES and surname_len == 1 and not (strong_right or left == "list"):
        return False
    if strong_right:
        return True
    if right in ("verb", "list"):
        return True
    return left == "list" and right == "punct"


_LISTED = re.compile(
    r"((?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4}?)(?:等)?(?:[一二三四五六七八九十两\d]+[位名])?同志"
)


def _listed_names(simp: str) -> set[tuple[int, int]]:
    """Spans of names in a list closed by 同志 (金华、石磊等15名同志): each item is a name."""
    spans = set()
    for m in _LISTED.finditer(simp):
        pos = m.start(1)
        for part in m.group(1).split("、"):
            s, e = pos, pos + len(part)
            pos = e + 1
            slen = 2 if part[:2] in COMPOUND_SURNAMES else 1 if part[0] in SURNAMES else 0
            if slen and 1 <= len(part) - slen <= 2:
                spans.add((s, e))
    return spans


def find_names(simp: str) -> list[Mention]:
    """Name mentions found from context (first pass); each is a full name."""
    out: list[Mention] = []
    listed = _listed_names(simp)
    ends: set[int] = set()
    title_ends: set[int] = set()  # where a title written after a found name ends
    n = len(simp)
    i = 0
    for sm in _SURNAME_START.finditer(simp):
        if sm.start() < i:
            continue
        i = sm.start()
        left = _left_context(simp, i, ends)
        if left == "title" and i in title_ends:
            left = "word"  # 李玉强总经理简要总结: 总经理 is 李玉强's, it does not introduce 简要
        if left == "word" and i > 0:
            pair = simp[i - 1 : i + 1]
            if word_freq(pair) >= 1000 and not (word_tag(pair) or "").startswith("nr"):
                continue  # 等有关事项, 由于, 及时: the surname character ends a word with the one before it
        if simp[i] in _FUNCTION_SURNAMES and _SURNAME_START.match(simp, i + 1) and left != "title":
            continue  # 由刘洋同志担任: 由 is the preposition; after a title (总经理于利) it is a surname
        if (
            left is None
            and (i, i + 2) not in listed
            and (i, i + 3) not in listed
            and (i, i + 4) not in listed
        ):
            continue
        lens = _surname_lengths(simp, i)
        if not lens:
            continue
        best = None
        if _starts_title(simp[i : i + 8]):
            continue
        for slen in lens:
            if _starts_title(simp[i + slen : i + slen + 8]) or simp[i + slen : i + slen + 1] in (
                "校",
                "总",
                "处",
            ):
                continue  # 张书记, 姜校: a later mention, not a name
            options = []
            for glen in (2, 1):
                j = i + slen + glen
                if j > n:
                    continue
                given = simp[i + slen : j]
                odd = {c for c in given if not is_han(c) or c in NOT_NAME_CHAR}
                if odd == {"年"} and glen == 2 and given[1] == "年" and word_freq(given) == 0:
                    odd = set()  # 郭锡年, 李延年: 年 ends a given name unless the pair is a word (今年, 多年)
                # 总经理尹三洪, 科长王向阳: after a title, a numeral or 向 may start a two-character given
                # name (a numeral only where the pair is no word: 王二次)
                numeral = (
                    left == "title"
                    and glen == 2
                    and bool(odd)
                    and (
                        (odd <= set("二三四五六七八九") and not word_freq(given))
                        or (odd == {"向"} and given[0] == "向")
                    )
                )
                if odd and not numeral and not (odd <= NAME_CHAR_BEFORE_TITLE and given[0] not in odd):
                    continue
                if _starts_title(given) or any(given.startswith(h) for h in HONORIFICS):
                    continue
                right, tlen = _right_context(simp, j, left == "title")
                if right == "verb" and left == "punct" and _ends_clause_unspoken(simp, j, simp[i:j]):
                    continue
                if odd and right not in ("title", "honor") and not (numeral and right):
                    continue  # 周经日经理 is a name; 6月25日后 is a date
                if (
                    glen == 2
                    and left != "title"
                    and right not in ("honor", "count", "title")
                    and word_freq(simp[j - 1 : j + 1]) >= 10000
                ):
                    continue  # 对师生工作: the last character begins a common word
                if (i, j) in listed and not _is_verbish(simp[i:j]):
                    options.append((glen, j, left or "punct", right or "list", tlen))
                    continue
                if _accept(simp[i:j], slen, left, right):
                    options.append((glen, j, left, right, tlen))
            if options:
                if len(options) == 2 and (
                    simp[i + slen + 1] in NOT_NAME_END
                    or simp[i + slen + 1 : i + slen + 3] in _ABSENCE_CAUSE
                    or simp[i + slen + 1 : i + slen + 3] in ("以及", "以来", "以上", "以下")
                ):
                    options = [o for o in options if o[0] == 1]
                elif len(options) == 2 and (
                    (word_tag(simp[i + slen + 1 : i + slen + 3]) or "") == "p"
                    or simp[i + slen + 1 : i + slen + 3] in ("担任", "主讲", "作为")
                ):
                    options = [o for o in options if o[0] == 1]  # 部长余健针对…, 教员周明担任主讲
                elif len(options) == 2 and options[0][3] == "word" and options[1][3] != "word":
                    options = [options[1]]
                elif len(options) == 2 and options[1][3] == "title" and options[1][4] > options[0][4]:
                    options = [options[1]]  # 赵贞总经理: 总经理 is the title, not 贞总 + 经理
                best = (slen, *options[0])
                break
        if best is None:
            continue
        _slen, _glen, j, left, right, tlen = best
        m = Mention(i, j, simp[i:j], "name", left, right)
        if right == "title":
            m.after_title = (j, j + tlen)
        out.append(m)
        ends.add(j)
        if m.after_title:  # 蔺东伟总经理、郑小能副总经理: the list goes on after the title
            ends.add(m.after_title[1])
            title_ends.add(m.after_title[1])
        i = j
    return out


def title_spans_before(simp: str, start: int, name_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Titles written before a name (党委常委、组织部部长张定红 → two spans), nearest last."""
    b = start
    while b > 0 and simp[b - 1] not in _CHUNK_DELIM and start - b < 40:
        b -= 1
    chunk = simp[b:start]
    m = _TITLE_CUT.match(chunk)
    if m:
        b += m.end()
        chunk = simp[b:start]
    spans: list[tuple[int, int]] = []
    end = start
    pieces = chunk.split("、")
    pos = start
    for piece in reversed(pieces):
        seg_start = pos - len(piece)
        inside = [e for s, e in name_spans if s < pos and e > seg_start]
        if inside:
            # 张三和副处长李四: the title is what follows the other person and the conjunction
            rest = re.match(r"(?:同志)?(?:和|与|及)", simp[max(inside) : pos])
            if rest and TITLE_PHRASE.match(simp[max(inside) + rest.end() : pos]):
                spans.append((max(inside) + rest.end(), pos))
            break
        if piece[:1] in ("和", "与") or not piece or not TITLE_PHRASE.match(piece):
            break
        spans.append((seg_start, pos))
        pos = seg_start - 1  # skip the 、
        end = pos
    del end
    spans.reverse()
    return spans


def resolve_reference(
    surname: str, ref: str, people: dict[str, PersonRecord], simp: str, before: int
) -> str | None:
    """The full name behind 张书记 / 姜校 / 王处: a unique person with that surname (and title)."""
    cands = [p for p in people.values() if p.key.startswith(surname) and len(p.key) > len(surname)]
    if surname not in COMPOUND_SURNAMES:
        cands = [p for p in cands if p.key[:2] not in COMPOUND_SURNAMES]
    if len(cands) <= 1:
        return cands[0].key if cands else None
    want = {"校": "校长", "处": "处长", "总": "总"}.get(
        ref, ref.lstrip("副") if ref.startswith("副") else ref
    )

    def has(p: PersonRecord) -> bool:
        titles = [simp[s:e] for s, e in p.title_spans + p.after_titles]
        return any(want in t for t in titles)

    good = [p for p in cands if has(p)]
    if len(good) == 1:
        return good[0].key
    pool = good or cands
    # several still fit: the one mentioned most recently before this point
    pool = [p for p in pool if p.first[0] < before] or pool
    return max(pool, key=lambda p: p.first[0]).key if len(pool) == 1 else None


_ADVERB = re.compile(r"(?:特别|再次|还|又|也|最后|首先|随后|进一步|同时|重点|着重|并)?")


def find_references(
    simp: str, people: dict[str, PersonRecord], taken: list[tuple[int, int]]
) -> list[Mention]:
    """Later mentions by surname + short title (张书记) and bare full-name repeats."""
    out: list[Mention] = []
    occupied = sorted(taken)

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in occupied)

    # repeats of known full names anywhere
    for key in sorted(people, key=len, reverse=True):
        for m in re.finditer(re.escape(key), simp):
            if free(m.start(), m.end()):
                out.append(Mention(m.start(), m.end(), key, "name"))
                occupied.append((m.start(), m.end()))
    surnames = {p.key[:2] if p.key[:2] in COMPOUND_SURNAMES else p.key[0] for p in people.values()}
    ref_alt = "|".join(REF_TITLES)
    for sn in surnames:
        for m in re.finditer(rf"{re.escape(sn)}({ref_alt})", simp):
            if not free(m.start(), m.end()):
                continue
            if m.start() > 0 and is_han(simp[m.start() - 1]) and not _left_context(simp, m.start(), set()):
                continue
            ref = m.group(1)
            if ref in ("校", "处", "总"):
                nxt = simp[m.end() : m.end() + 1]
                after = m.end() + len(_ADVERB.match(simp, m.end()).group())  # 孙总特别强调
                if nxt and is_han(nxt) and not any(simp.startswith(w, after) for w in _AFTER_SORTED):
                    continue
            key = resolve_reference(sn, ref, people, simp, m.start())
            if key:
                out.append(Mention(m.start(), m.end(), key, "ref"))
                occupied.append((m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out


def collect_people(simp: str) -> tuple[dict[str, PersonRecord], list[Mention]]:
    """All people of a report and all their mentions, in text order."""
    names = find_names(simp)
    spans = [(m.start, m.end) for m in names]
    people: dict[str, PersonRecord] = {}
    prev: Mention | None = None
    for m in names:
        p = people.setdefault(m.key, PersonRecord(m.key, (m.start, m.end)))
        if m.left == "title":
            m.title_spans = title_spans_before(simp, m.start, spans)
        elif (
            prev is not None
            and prev.title_spans
            and simp[prev.end : m.start] == "、"
            and m.right not in ("title", "honor")
        ):
            # 副校长姜统华、刘德胜: a title before a list of names belongs to each of them
            m.title_spans = prev.title_spans[-1:]
        for ts in m.title_spans:
            if simp[ts[0] : ts[1]] not in [simp[a:b] for a, b in p.title_spans]:
                p.title_spans.append(ts)
        if m.after_title:
            p.after_titles.append(m.after_title)
        prev = m
    refs = find_references(simp, people, spans)
    mentions = sorted(names + refs, key=lambda x: x.start)
    return people, mentions


# words that say which holder, not what the post is: 该校副校长, 新任的中心主任
# 该校/新任的/分管校领导 before a post describe the person; they are not the post
_TITLE_LEAD = re.compile(
    r"^(?:[该該](?:校|院|处|處)|新任的?|[现現]任的?|(?:分管)?(?:学校|學校|校|集团|集團)?(?:领导|領導)(?!小组|小組)(?=.)|各(?:部门|部門|单位|單位|科室)?(?=.))"
)


def person_titles(p: PersonRecord, clean: str) -> list[str]:
    """Titles as written; a title after the name only when no fuller title already ends with it."""
    titles: list[str] = []
    for s, e in p.title_spans:
        t = _TITLE_LEAD.sub("", clean[s:e]) or clean[s:e]
        if any(x.endswith(t) or _same_simplified(x, t) for x in titles):
            continue  # 集团总经理张文超 … 总经理张文超: the shorter form is the same post
        # and a fuller form met later replaces the shorter one met first
        titles = [x for x in titles if not (t.endswith(x) or _same_simplified(t, x))]
        titles.append(t)
    for s, e in p.after_titles:
        t = clean[s:e]
        if not any(x.endswith(t) or _same_simplified(x, t) for x in titles):
            titles.append(t)
    return titles


def _same_simplified(a: str, b: str) -> bool:
    from .chinese import to_simplified

    return to_simplified(a).endswith(to_simplified(b))
