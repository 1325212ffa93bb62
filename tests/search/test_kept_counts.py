"""A frequent word's capped count (the meeting list) and a search's counts and page are kept per
archive revision: the same request again counts nothing, and every write — a publish, a
withdrawal, an import, a delete, an edit — shows in the list, the search and their counts on the
next request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes import workflow
from minutes.importing import import_report_text
from minutes.models import Meeting
from tests import factories as f

REPORT = """宿舍管理工作例會
2024年3月5日下午，後勤處在行政樓301會議室召開宿舍管理工作例會。處長馬文遠主持會議。
"""


@pytest.fixture
def frequent(monkeypatch):
    """The list counts 宿舍 with a cap, as PostgreSQL does for a frequent word."""
    monkeypatch.setattr("search.query.words_are_frequent", lambda words: True)


@pytest.fixture
def dormitories(db):
    for i in range(3):
        meeting = f.MeetingFactory(name=f"第{i}次工作會議", year=2023, month=1 + i, day=1)
        f.SpeechFactory(meeting=meeting, text="會議研究宿舍管理")
    f.SpeechFactory(meeting=f.MeetingFactory(name="預算會", year=2020), text="財務預算")


def listed(client) -> tuple[str, list[str]]:
    response = client.get(reverse("minutes:meeting_list"), {"q": "宿舍"})
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert hasattr(page.paginator, "capped")  # counted with the cap
    html = response.content.decode()
    return re.search(r"共 (\d+) 次會議", html).group(1), [m.name for m in page.object_list]


def searched(client) -> tuple[str, list[str]]:
    response = client.get(reverse("search:results"), {"q": "宿舍"})
    assert response.status_code == 200
    results = response.context["results"]
    names = sorted({hit.entry.meeting.name for hit in results.hits})
    return re.search(r"共 (\d+) 條結果", response.content.decode()).group(1), names


def test_the_same_list_again_is_not_counted_again(client, dormitories, frequent):
    assert listed(client)[0] == "3"
    with CaptureQueriesContext(connection) as queries:
        assert listed(client)[0] == "3"
    assert not [q for q in queries.captured_queries if q["sql"].upper().startswith("SELECT COUNT(")]


def test_the_same_search_again_reads_only_its_page(client, dormitories, django_assert_max_num_queries):
    first = searched(client)
    # the revision, the page's index rows (with their meetings), the unit dropdown: nothing counted
    with django_assert_max_num_queries(3):
        assert searched(client) == first


def test_list_and_search_follow_every_write(client, dormitories, frequent, editor):
    meetings = ["第2次工作會議", "第1次工作會議", "第0次工作會議"]
    assert listed(client) == ("3", meetings)
    assert searched(client) == ("3", sorted(meetings))

    added = f.MeetingFactory(name="第3次工作會議", year=2023, month=6, day=1, status=Meeting.Status.DRAFT)
    f.SpeechFactory(meeting=added, text="檢查學生宿舍")
    assert listed(client) == ("3", meetings)  # a draft is nowhere
    workflow.publish_meetings(meetings=[added], user=editor)
    assert listed(client) == ("4", ["第3次工作會議", *meetings])
    assert searched(client)[0] == "4"

    workflow.withdraw_meetings(meetings=[Meeting.objects.get(pk=added.pk)], user=editor, reason="重複")
    assert listed(client) == ("3", meetings)
    assert searched(client) == ("3", sorted(meetings))

    result = import_report_text(REPORT, file_name="r.txt", status=Meeting.Status.PUBLISHED)
    assert result.error is None
    count, names = listed(client)
    assert count == "4" and "宿舍管理工作例會" in names[0]
    count, names = searched(client)
    assert count == "4" and names[0].startswith("宿舍管理工作例會")

    Meeting.objects.get(name="第0次工作會議").delete()
    count, names = listed(client)
    assert "第0次工作會議" not in names and count == str(len(names))
    assert "第0次工作會議" not in searched(client)[1]

    speech = f.SpeechFactory(meeting=Meeting.objects.get(name="預算會"), text="宿舍")
    assert "預算會" in listed(client)[1]
    speech.text = "財務"
    speech.save()
    assert "預算會" not in listed(client)[1]
