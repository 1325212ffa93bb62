"""The statistics are counted once per archive revision: a second request reads them from the
cache, and any change to the records — a save, a delete, an import, a restore — is counted on the
next request, so a withdrawn meeting's people leave the charts at once."""

import pytest
from django.urls import reverse

from minutes import revision, workflow
from minutes.importing import import_report_text
from minutes.models import Meeting
from tests import factories

URL = reverse("minutes:stats")

REPORT = """後勤處工作例會
2024年3月5日下午，後勤處在行政樓301會議室召開工作例會。處長馬文遠主持會議。
"""


def chairs(client) -> list[str]:
    charts = {chart.key: chart for chart in client.get(URL).context["charts"]}
    return charts["chairs"].table.labels


@pytest.fixture
def meeting(db):
    chair = factories.PersonFactory(name="張國臣")
    return factories.MeetingFactory(year=2024, chair=chair)


def test_a_second_request_counts_nothing_again(client, meeting, django_assert_max_num_queries):
    client.get(URL)
    # The revision, the year span (two lookups) and the unit dropdown: no aggregate is run.
    with django_assert_max_num_queries(5):
        assert client.get(URL).status_code == 200


def test_a_withdrawn_meeting_leaves_the_charts_on_the_next_request(client, meeting, editor):
    factories.MeetingFactory(year=2024, chair=factories.PersonFactory(name="李明"))
    assert chairs(client) == ["張國臣", "李明"]
    workflow.withdraw_meetings(meetings=[meeting], user=editor, reason="重複")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.WITHDRAWN
    assert chairs(client) == ["李明"]


def test_deleting_and_editing_records_change_the_revision(meeting):
    before = revision.current()
    factories.SpeechFactory(meeting=meeting)
    after_save = revision.current()
    meeting.delete()
    assert len({before, after_save, revision.current()}) == 3


def test_an_import_changes_the_revision_once_per_file(db):
    before = revision.current()
    result = import_report_text(REPORT, file_name="r.txt", status=Meeting.Status.PUBLISHED)
    assert result.error is None
    assert revision.current() != before
