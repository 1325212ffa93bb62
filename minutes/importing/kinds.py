"""The kind a new meeting or unit gets, guessed from its name; staff correct it in the admin."""

from __future__ import annotations

from minutes.chinese import to_simplified
from minutes.models import Meeting
from orgunits.models import OrgUnit

_MEETING_KINDS = (
    (("干部大会",), Meeting.Kind.CADRE),
    (("谈话会", "座谈会"), Meeting.Kind.TALK),
    (("推进会", "部署会"), Meeting.Kind.PROMOTION),
    (("总结", "表彰"), Meeting.Kind.SUMMARY),
    (("学习",), Meeting.Kind.STUDY),
    (("会议",), Meeting.Kind.WORK),
)
_UNIT_KINDS = (
    (("医院",), OrgUnit.Kind.HOSPITAL),
    (("委员会", "委"), OrgUnit.Kind.COMMITTEE),
    (("中心",), OrgUnit.Kind.CENTER),
    (("办公室", "处"), OrgUnit.Kind.OFFICE),
    (("部",), OrgUnit.Kind.DEPARTMENT),
    (("科", "室"), OrgUnit.Kind.SECTION),
    (("大学", "学校", "学院"), OrgUnit.Kind.UNIVERSITY),
)


def guess_meeting_kind(name: str) -> str:
    """The meeting kind its name suggests (幹部大會 → cadre …), ``other`` when none does."""
    simple = to_simplified(name or "")
    for needles, kind in _MEETING_KINDS:
        if any(n in simple for n in needles):
            return kind
    return Meeting.Kind.OTHER


def guess_unit_kind(name: str) -> str:
    """The unit kind its name's ending suggests (物業處 → office, 校醫院 → hospital …)."""
    simple = to_simplified(name or "")
    for endings, kind in _UNIT_KINDS:
        if simple.endswith(endings):
            return kind
    return OrgUnit.Kind.OTHER
