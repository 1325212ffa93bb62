"""The benchmark's page timings: every representative page is picked, rendered and reported."""

import pytest
from django.urls import reverse

from benchmarks import pages as bench_pages
from minutes import views as minutes_views
from minutes.models import Meeting
from orgunits import views as orgunit_views
from orgunits.models import OrgUnit
from people import views as people_views
from people.models import Person
from tests import factories as f
from tests.pages.factories import build_seed_like_archive


@pytest.mark.django_db
def test_time_pages_reports_every_page_with_status_and_queries():
    build_seed_like_archive()
    lines = []
    results = bench_pages.time_pages(lines.append, repeats=2)

    names = [t.name for t in results]
    assert {t.reader for t in results} == {"anonymous", "signed-in"}
    assert any(t.name.startswith("hostile list 1300 words") for t in results)
    assert "× list" in "\n".join(lines) and "p95 ms" in "\n".join(lines)
    for expected in (
        "home",
        "meeting list",
        "meeting detail",
        "person detail",
        "unit detail",
        "search 張國臣",
    ):
        assert expected in names
    table = "\n".join(lines)
    for t in results:
        assert t.status == 200, (t.url, t.statuses)
        assert len(t.times) == 2 and all(ms > 0 for ms in t.times)
        assert min(t.queries) > 0
        assert 0 < max(t.slowest_ms) <= max(t.sql_ms)
        row = next(line for line in lines if line.startswith(f"{t.name:28} {t.reader:9}"))
        assert " 200 " in row and row.endswith(t.url[:120])
    assert "p50 ms" in table and "queries" in table


@pytest.mark.django_db
def test_picks_the_busiest_objects():
    build_seed_like_archive()
    visible = list(Meeting.objects.visible_to(None))
    meeting = bench_pages.busiest_meeting()
    person = bench_pages.busiest_person()
    unit = bench_pages.busiest_unit()

    speeches = {m.pk: m.speeches.count() for m in visible}
    assert speeches[meeting.pk] == max(speeches.values())
    visible_ids = {m.pk for m in visible}

    def meetings_of(queryset):
        return len(visible_ids & set(queryset.values_list("pk", flat=True)))

    people = {p.pk: meetings_of(Meeting.objects.involving_person(p)) for p in Person.objects.all()}
    assert people[person.pk] == max(people.values()) > 0
    units = {u.pk: meetings_of(Meeting.objects.involving_unit(u)) for u in OrgUnit.objects.all()}
    assert units[unit.pk] == max(units.values()) > 0

    pages = dict(bench_pages.representative_pages())
    assert pages["meeting detail"] == meeting.get_absolute_url()
    assert pages["person detail"] == person.get_absolute_url()
    assert pages["unit detail"] == unit.get_absolute_url()


# ---------------------------------------------------------------- pages bounded for a large archive
# The benchmark found these pages growing with the archive; they now show a page or a preview.


@pytest.mark.django_db
def test_list_counts_on_a_later_page_and_under_a_filter(client):
    person = f.PersonFactory()
    for i in range(27):
        meeting = f.MeetingFactory(year=2023, month=1 + i % 12, day=1 + i % 28)
        for order in range(1, i % 3 + 2):
            f.SpeechFactory(meeting=meeting, order=order, person=person)
        f.TaskFactory(meeting=meeting)
    for params in ({"page": 2}, {"person": person.pk, "page": 2}):
        rows = client.get(reverse("minutes:meeting_list"), params).context["meetings"]
        assert len(rows) == 2
        for row in rows:
            assert (row.n_speeches, row.n_tasks, row.n_directives) == (row.speeches.count(), 1, 0)


@pytest.mark.django_db
def test_person_list_counts_only_visible_meetings(client):
    person = f.PersonFactory(name="甄岑")
    visible = f.MeetingFactory()
    draft = f.MeetingFactory(status=Meeting.Status.DRAFT)
    f.SpeechFactory(meeting=visible, person=person)
    f.SpeechFactory(meeting=visible, person=person)
    f.SpeechFactory(meeting=draft, person=person)
    f.AttendanceFactory(meeting=visible, person=person)
    f.AttendanceFactory(meeting=draft, person=f.PersonFactory(name="只在草稿"))
    people = list(client.get(reverse("people:person_list")).context["people"])
    assert [(p.name, p.n_speeches, p.n_meetings) for p in people] == [("甄岑", 2, 1)]
    assert client.get(reverse("minutes:home")).context["counts"]["people"] == 1


@pytest.mark.django_db
def test_year_page_previews_each_month(client, monkeypatch):
    monkeypatch.setattr(minutes_views, "MONTH_PREVIEW", 2)
    for day in (3, 1, 2):
        f.MeetingFactory(year=2023, month=7, day=day)
    f.MeetingFactory(year=2023, month=8, day=1)
    response = client.get(reverse("minutes:meeting_year", args=[2023]))
    rows = {month: (len(shown), total, more) for month, shown, total, more in response.context["month_rows"]}
    assert rows[7] == (2, 3, 1) and rows[8] == (1, 1, 0) and rows[1] == (0, 0, 0)
    assert [m.day for m in response.context["meetings"]] == [1, 2, 1]
    assert response.context["total"] == 4
    html = response.content.decode()
    assert "共 4 次會議" in html and "共 3 次會議" in html
    assert reverse("minutes:meeting_month", args=[2023, 7]) in html


@pytest.mark.django_db
def test_unit_page_pages_meetings_and_previews_tasks(client, monkeypatch):
    monkeypatch.setattr(orgunit_views, "UNIT_ITEMS", 2)
    unit = f.OrgUnitFactory()
    meetings = [f.MeetingFactory(organizer=unit, year=2023, month=1, day=1 + i % 28) for i in range(26)]
    for meeting in meetings[:3]:
        f.TaskFactory(meeting=meeting, owner_unit=unit)
    first = client.get(unit.get_absolute_url())
    second = client.get(unit.get_absolute_url(), {"page": 2})
    assert len(first.context["meetings"]) == 25 and len(second.context["meetings"]) == 1
    assert first.context["page_obj"].paginator.count == 26
    assert len(first.context["tasks"]) == 2 and first.context["n_tasks"] == 3
    assert "共 26 次會議" in first.content.decode() and "3 項任務" in first.content.decode()


@pytest.mark.django_db
def test_person_timeline_is_paged_and_counted_whole(client, monkeypatch):
    monkeypatch.setattr(people_views, "TIMELINE_PAGE", 2)
    person = f.PersonFactory()
    for day in (1, 2, 3):
        f.AttendanceFactory(meeting=f.MeetingFactory(day=day), person=person)
    first = client.get(person.get_absolute_url())
    last = client.get(person.get_absolute_url(), {"page": 2})
    assert [e["meeting"].day for e in first.context["timeline"]] == [3, 2]
    assert [e["meeting"].day for e in last.context["timeline"]] == [1]
    assert first.context["role_counts"]["present"] == 3
