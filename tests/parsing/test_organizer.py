"""The unit that convened a meeting, when the report says so (``ParsedMeeting.organizer``).

Every text here is made up for the test; none is copied from a corpus.
"""

from __future__ import annotations

import pytest

from minutes.parsing import parse_text


def _organizer(text: str) -> str | None:
    return parse_text(text, "x.txt").reports[0].meeting.organizer


@pytest.mark.parametrize(
    ("text", "organizer"),
    [
        # the unit is the subject of 召开
        ("物业处召开冬季工作会\n11月2日上午，物业处召开冬季供暖工作会。处长林海波主持会议。\n", "物业处"),
        # the meeting's own name starts with a unit
        (
            "談話會\n7月9日，校長助理張力新主持召開後勤保障部中層幹部談話會，全體中層幹部參加會議。\n",
            "後勤保障部",
        ),
        # 由…组织召开
        (
            "座谈会\n5月6日下午，由膳食服务中心组织召开的学生伙食座谈会在第二食堂举行。副校长王建国出席。\n",
            "膳食服务中心",
        ),
    ],
)
def test_organizer_is_read_from_the_report(text, organizer):
    assert _organizer(text) == organizer


def test_a_unit_leading_a_decision_is_not_the_organizer():
    text = (
        "党委会纪要\n3月2日，学校召开党委常委会。会议由书记王建国主持。\n"
        "会议原则同意学生公寓物业服务项目招标方案，由国有资产管理处牵头组织实施。\n"
    )
    assert _organizer(text) is None


def test_no_organizer_when_the_report_names_none():
    text = "干部大会\n1月14日下午，学校在科学馆207召开后勤干部大会。会议由校党委书记张迈主持。\n"
    assert _organizer(text) is None
