"""Appointments (任命…为…, 聘任…为…, …担任…, 宣读…任职决定) and removals (免去…职务)."""

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
_NAMED_SERVES = re.compile(r"(?:同志)?(?:任|担任)(?P<post>[^，。；、\n]{1,16}?)(?=[，。；\n]|$)")
_RENZHI = re.compile(r"的?(?:职务)?任(?:职|免)的?(?:决定|通知|文件)")


@dataclass
class AppointmentHit:
    """An appointment in Simplified offsets."""

    person: str
    post_span: tuple[int, int] | None
    start: int
    end: int
    removal: bool = False


def find_appointments(simp: str, mentions: list[Mention]) -> list[AppointmentHit]:
    """Appointments and removals in text order (one per person named)."""
    out: list[AppointmentHit] = []

    def people_in(a: int, b: int) -> list[Mention]:
        return [m for m in mentions if a <= m.start and m.end <= b]

    if not any(w in simp for w in ("任命", "聘", "选举", "推选", "提名", "任", "免去")):
        return []
    for m in _APPOINT.finditer(simp):
        for p in people_in(m.start(2), m.end(2)):
            out.append(AppointmentHit(p.key, (m.start(3), m.end(3)), m.start(), m.end()))
    for m in _SERVE.finditer(simp):
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
    seen = set()
    uniq = []
    for a in sorted(out, key=lambda x: x.start):
        k = (a.person, a.removal)
        if k not in seen:
            seen.add(k)
            uniq.append(a)
    return uniq
