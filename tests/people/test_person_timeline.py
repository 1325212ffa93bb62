"""A person's timeline is shown a page of meetings at a time, newest first; the head's counts and
the activity charts cover every meeting the reader may see, and hidden meetings appear nowhere."""

import pytest

from minutes.models import Attendance, Meeting
from people import views as people_views
from tests import factories as f


@pytest.fixture
def busy(db, monkeypatch):
    monkeypatch.setattr(people_views, "TIMELINE_PAGE", 3)
    person = f.PersonFactory()
    meetings = [f.MeetingFactory(year=2023, month=1 + i, day=1, name=f"第{i}次例會") for i in range(7)]
    for meeting in meetings[:4]:
        f.SpeechFactory(meeting=meeting, person=person)
    f.AttendanceFactory(meeting=meetings[0], person=person, category=Attendance.Category.CHAIRED)
    f.AttendanceFactory(meeting=meetings[6], person=person, role="組長")
    f.DirectiveFactory(meeting=meetings[1], issuer=person, status="done")
    f.DirectiveFactory(meeting=meetings[5], issuer=person)
    f.AppointmentFactory(meeting=meetings[2], person=person, post="科長")
    f.AppointmentFactory(meeting=meetings[4], person=person, post="副科長")  # appointed in absence
    f.AppointmentFactory(meeting=meetings[5], person=f.PersonFactory(), announced_by=person)
    f.DecisionFactory(meeting=meetings[3], read_by=person, title="膳食管理辦法")
    hidden = [
        f.MeetingFactory(year=2024, month=1, day=1, name="內部會議", visibility=Meeting.Visibility.INTERNAL),
        f.MeetingFactory(year=2024, month=2, day=1, name="草稿會議", status=Meeting.Status.DRAFT),
    ]
    for meeting in hidden:
        f.SpeechFactory(meeting=meeting, person=person)
        f.DirectiveFactory(meeting=meeting, issuer=person)
    return person, meetings


def pages(client, person):
    return [client.get(person.get_absolute_url(), {"page": n}) for n in (1, 2, 3)]


def test_pages_go_back_in_time_and_count_the_whole_record(client, busy):
    person, meetings = busy
    first, second, third = pages(client, person)
    shown = [[e["meeting"].pk for e in r.context["timeline"]] for r in (first, second, third)]
    newest_first = [m.pk for m in reversed(meetings)]
    assert shown == [newest_first[:3], newest_first[3:6], newest_first[6:]]
    for response in (first, second, third):
        counts = response.context["role_counts"]
        assert counts["meetings"] == response.context["activity"].total == 7
        assert (counts["present"], counts["chaired"], counts["spoke"], counts["read"]) == (6, 1, 4, 1)
        assert (counts["appointed"], counts["announced"], counts["directive"]) == (2, 1, 2)
        person_shown = response.context["person"]
        assert (person_shown.n_speeches, person_shown.n_directives, person_shown.n_open_directives) == (
            4,
            2,
            1,
        )
        assert person_shown.n_appointments == 2
        months = response.context["activity"].charts[0].table.rows
        assert sum(row[1][0] for row in months) == 7
        html = response.content.decode()
        assert "內部會議" not in html and "草稿會議" not in html
    assert first.context["page_obj"].paginator.num_pages == 3
    assert "?page=2" in first.content.decode()


def test_rows_in_each_role_stay_with_their_meeting(client, busy):
    person, meetings = busy
    first, second, third = pages(client, person)
    entries = {e["meeting"].pk: e for r in (first, second, third) for e in r.context["timeline"]}
    assert entries[meetings[0].pk]["roles"] == ["chaired", "spoke"]
    assert entries[meetings[6].pk]["roles"] == ["attended"]
    assert [a.role for a in entries[meetings[6].pk]["attendance"]] == ["組長"]
    assert entries[meetings[5].pk]["roles"] == ["announced", "directive"]
    assert "appointments" not in entries[meetings[5].pk]
    assert [a.post for a in entries[meetings[2].pk]["appointments"]] == ["科長"]
    assert [d.title for d in entries[meetings[3].pk]["decisions"]] == ["膳食管理辦法"]
    assert entries[meetings[4].pk]["roles"] == ["appointed"]
    assert "組長" in first.content.decode() and "副科長" in first.content.decode()
    assert "科長" in second.content.decode()
    assert "膳食管理辦法" in second.content.decode()


def test_signed_in_reader_sees_internal_meetings_never_drafts(client, busy):
    person, _meetings = busy
    client.force_login(f.UserFactory())
    first = client.get(person.get_absolute_url())
    assert first.context["role_counts"]["meetings"] == 8
    assert first.context["person"].n_speeches == 5
    html = first.content.decode()
    assert "內部會議" in html and "草稿會議" not in html


def test_a_page_past_the_end_is_the_last_page(client, busy):
    person, meetings = busy
    response = client.get(person.get_absolute_url(), {"page": 99})
    assert response.status_code == 200
    assert [e["meeting"].pk for e in response.context["timeline"]] == [meetings[0].pk]
    assert client.get(person.get_absolute_url(), {"page": "abc"}).context["page_obj"].number == 1
