"""The meeting page reads its decisions and tasks together (one query for both): each is shown
as before, in its order, with who read it, the unit and the deadline, the follow-up status and a
link to its words in the source text."""

import datetime

import pytest

from minutes.models import FollowUp
from tests import factories as f

TEXT = "後勤工作會議\n會議宣讀了膳食管理辦法。會議要求維修宿舍。"


@pytest.fixture
def meeting(db):
    report = f.SourceReportFactory(text=TEXT)
    meeting = f.MeetingFactory(source_report=report)
    reader = f.PersonFactory(name="趙軍武")
    start = TEXT.index("膳食")
    f.DecisionFactory(meeting=meeting, order=2, title="宿舍管理規定")
    first = f.DecisionFactory(
        meeting=meeting,
        order=1,
        title="膳食管理辦法",
        read_by=reader,
        read_by_label="趙處長",
        span_start=start,
        span_end=start + 6,
    )
    unit = f.OrgUnitFactory(name="後勤保障處")
    start = TEXT.index("維修")
    task = f.TaskFactory(
        meeting=meeting,
        order=1,
        text="維修宿舍",
        owner_unit=unit,
        due_date=datetime.date(2024, 8, 31),
        due_text="8月底",
        status=FollowUp.DONE,
        span_start=start,
        span_end=start + 4,
    )
    f.TaskFactory(meeting=meeting, order=2, text="檢查食堂", owner_unit=None, due_text="盡快")
    return meeting, first, task, reader, unit


def test_decisions_and_tasks_are_shown_with_everything(client, meeting):
    meeting, decision, task, reader, unit = meeting
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert html.index("膳食管理辦法") < html.index("宿舍管理規定")  # in their order
    assert f'<a href="{reader.get_absolute_url()}">趙處長</a>' in html
    assert f'data-src="src-decision-{decision.pk}"' in html
    assert f'id="src-decision-{decision.pk}"' in html  # marked in the source text
    assert f'<a href="{unit.get_absolute_url()}">後勤保障處</a>' in html
    assert '<time datetime="2024-08-31">2024年8月31日</time> <span class="muted">（8月底）</span>' in html
    assert f'id="src-task-{task.pk}"' in html
    assert "status--done" in html
    assert html.index("維修宿舍") < html.index("檢查食堂")
    assert '<td data-label="期限">盡快</td>' in html
