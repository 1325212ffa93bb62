"""Appointments (任命…为…, 聘任…为…, …担任…, 宣读…任职决定, elections) and removals (免去…职务)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import TITLE_PHRASE
from .people import Mention

_APPOINT = re.compile(
    r"(任命|聘任|聘请|选举|推选|提名)([^，。；为]{2,40}?)(?:同志)?为([^，。；、《》]{2,30}?)(?:同志)?"
    r"(?=的(?:决定|通知|任命|批复)|职务|》|[，。；、]|$)"
)
_SERVE = re.compile(r"(担任|出任|兼任)([^，。；]{2,30}?)(?:职务|一职)?(?=[，。；]|$)")
_REMOVE = re.compile(r"免去([^，。；]{2,40}?)(?:同志)?的?([^，。；]{0,30}?)职务")
_ROLE_OF_THE_DAY = re.compile(
    r"(?:本次|此次|这次|会议|培训|讲座)?的?(?:主讲|主讲人|主持|主持人|讲师|评委|嘉宾|司仪|监票|计票)"
)
_NAMED_SERVES = re.compile(r"(?:同志)?(?:任|担任)(?P<post>[^，。；、\n]{1,16}?)(?=[，。；\n]|$)")
# elections: 选举产生了新一届支部委员会委员7人：A、B、C / 新一届委员会由A、B等六位同志组成 /
# 选举产生了…，A为联合会理事长 / A当选为工会主席
_ELECTED_LIST = re.compile(
    r"(?:选举产生|选举|选出|推选出|推选产生)了?[^。：:\n]{0,40}?"
    r"(?P<post>副?(?:委员|代表|理事长|理事|监事|主任|主席|书记|组长))"
    r"(?:[\d一二三四五六七八九十]+[人名位])?[：:](?P<list>[^。\n]{2,200})"
)
_COMPOSED = re.compile(
    r"(?P<body>委员会|领导班子|理事会)由(?P<list>[^。；\n]{2,200}?)"
    r"(?:等)?(?:[\d一二三四五六七八九十]+(?:位|名|人))?(?:同志)?组成"
)
_ELECTED_SENTENCE = re.compile(r"(?:选举产生|选举|选出|推选出|推选产生)了?[^。\n]{0,200}")
_NAMED_AS = re.compile(r"(?:同志)?(?:为|当选为|当选)(?P<post>[^，。；、等\n]{2,20}?)(?=等|[，。；、]|$)")
_ELECTED = re.compile(r"(?:同志)?当选(?:为)?(?P<post>[^，。；、\n]{2,20}?)(?=[，。；、]|$)")
_RENZHI = re.compile(r"的?(?:职务)?任(?:职|免)的?(?:决定|通知|文件)")


@dataclass
class AppointmentHit:
    """An appointment in Simplified offsets."""

    person: str
    post_span: tuple[int, int] | None
    start: int
    end: int
    removal: bool = False
    elected: bool = False  # an election's result: nobody announces it


def find_appointments(simp: str, mentions: list[Mention]) -> list[AppointmentHit]:
    """Appointments and removals in text order (one per person named)."""
    out: list[AppointmentHit] = []

    def people_in(a: int, b: int) -> list[Mention]:
        return [m for m in mentions if a <= m.start and m.end <= b]

    if not any(w in simp for w in ("任命", "聘", "选", "推选", "提名", "任", "免去", "组成")):
        return []
    for m in _ELECTED_LIST.finditer(simp):
        for p in people_in(m.start("list"), m.end("list")):
            out.append(AppointmentHit(p.key, m.span("post"), m.start(), m.end(), elected=True))
    for m in _COMPOSED.finditer(simp):
        post = (m.start("body"), m.start("body") + 2) if m.group("body") == "委员会" else None
        for p in people_in(m.start("list"), m.end("list")):
            out.append(AppointmentHit(p.key, post, m.start(), m.end(), elected=True))
    for m in _ELECTED_SENTENCE.finditer(simp):
        for p in people_in(m.start(), m.end()):
            tm = _NAMED_AS.match(simp, p.end)
            if tm and TITLE_PHRASE.search(tm.group("post")):
                out.append(AppointmentHit(p.key, tm.span("post"), p.start, tm.end(), elected=True))
    for k, p in enumerate(mentions) if "当选" in simp else ():
        tm = _ELECTED.match(simp, p.end)
        if tm and TITLE_PHRASE.search(tm.group("post")):
            first = k  # 杨超、杨铎当选为副会长: everyone in the list
            while first > 0 and simp[mentions[first - 1].end : mentions[first].start] in (
                "、",
                "和",
                "及",
                "与",
            ):
                first -= 1
            for q in mentions[first : k + 1]:
                out.append(AppointmentHit(q.key, tm.span("post"), q.start, tm.end(), elected=True))
    for m in _APPOINT.finditer(simp):
        for p in people_in(m.start(2), m.end(2)):
            out.append(AppointmentHit(p.key, (m.start(3), m.end(3)), m.start(), m.end()))
    for m in _SERVE.finditer(simp):
        if _ROLE_OF_THE_DAY.match(m.group(2)):
            continue  # 担任主讲, 担任主持人: a part in the meeting, not a post
        s = m.start()
        while s > 0 and simp[s - 1] not in "，。；\n":
            s -= 1
        for p in people_in(s, m.start())[-1:]:
            out.append(AppointmentHit(p.key, (m.start(2), m.end(2)), s, m.end()))
    # 会议成立协调组，杨某任组长，卢某任副组长: a person named, then 任 and the post
    for p in mentions:
        tm = _NAMED_SERVES.match(simp, p.end)
        if tm and TITLE_PHRASE.match(tm.group("post")):
            out.append(AppointmentHit(p.key, tm.span("post"), p.start, tm.end()))
    for m in _RENZHI.finditer(simp):
        a = m.start()
        while a > 0 and simp[a - 1] not in "，。；\n" and m.start() - a < 40:
            a -= 1
        starts = [a + km.end() for km in re.finditer(r"关于|宣读了?|宣布了?|以及", simp[a : m.start()])]
        a = starts[-1] if starts else a  # only the people the decision is about
        for p in people_in(a, m.start()):
            out.append(AppointmentHit(p.key, None, m.start(), m.end()))
    for m in _REMOVE.finditer(simp) if "免去" in simp else ():
        for p in people_in(m.start(1), m.end(1)):
            out.append(
                AppointmentHit(
                    p.key, (m.start(2), m.end(2)) if m.group(2) else None, m.start(), m.end(), removal=True
                )
            )
    for a in out:  # 当选为新一届膳委会会长: the post without the term
        if a.post_span and simp.startswith(("新一届", "新任"), a.post_span[0]):
            skip = 3 if simp.startswith("新一届", a.post_span[0]) else 2
            a.post_span = (a.post_span[0] + skip, a.post_span[1])
    seen = set()
    uniq = []
    for a in sorted(out, key=lambda x: x.start):
        k = (a.person, a.removal)
        if k not in seen:
            seen.add(k)
            uniq.append(a)
    return uniq
