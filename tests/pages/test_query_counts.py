"""Query counts stay flat as rows grow (list of 50, a meeting with 100 speeches, a busy person).

Each test renders the page twice, with few and with many rows, and checks both against one bound.
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes import revision
from tests import factories as f

# Measured: list 3, detail 7, person 7, unit 7 (anonymous; the same on SQLite and PostgreSQL).
# The list reads the archive's revision first (it is kept per revision), then counts afresh.
LIST_MAX = 5
# The meeting page signed in (the user lookup adds one): issue 15's eight, and the archive's
# revision read first (the page is kept per revision).
DETAIL_MAX = 9
# The person page, signed in too (the user lookup adds one): issue 15's eight.
PERSON_MAX = 8
UNIT_MAX = 8
# Once its record and timeline page are kept for the archive's revision: the revision (and the
# signed-in reader's user).
PERSON_WARM_MAX = 2
# Once its charts, reports and tasks are kept for the archive's revision (minutes.revision.cached).
UNIT_WARM_MAX = 5
# The meeting list, the meeting page, a unit's page and a month's page once kept as markup for the
# archive's revision (minutes.views.kept_content): the revision (and the session and user).
KEPT_MAX = 3


def busy_meeting(n_speeches, *, chair=None, unit=None, with_source=True):
    text = "".join(f"第{i}段發言。" for i in range(n_speeches))
    report = f.SourceReportFactory(text=text) if with_source else None
    meeting = f.MeetingFactory(chair=chair, organizer=unit, source_report=report)
    offset = 0
    for i in range(n_speeches):
        length = len(f"第{i}段發言。")
        speech = f.SpeechFactory(meeting=meeting, order=i + 1, span_start=offset, span_end=offset + length)
        f.DirectiveFactory(
            meeting=meeting, speech=speech, issuer=speech.person, span_start=offset, span_end=offset + 2
        )
        offset += length
    f.AttendanceFactory(meeting=meeting, unit=unit)
    f.AppointmentFactory(meeting=meeting, announced_by=chair)
    f.DecisionFactory(meeting=meeting, read_by=chair)
    f.TaskFactory(meeting=meeting, owner_unit=unit)
    return meeting


def without_tokens(response):
    """The page without its per-request CSRF token and script nonce."""
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", response.content.decode())


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.django_db
def test_list_of_50_meetings(client, django_assert_max_num_queries):
    unit = f.OrgUnitFactory()
    for _ in range(3):
        busy_meeting(2, chair=f.PersonFactory(), unit=unit, with_source=False)
    url = reverse("minutes:meeting_list") + "?has_directives=on&sort=-date"
    few = count_queries(client, url)
    for _ in range(47):
        busy_meeting(2, chair=f.PersonFactory(), unit=unit, with_source=False)
    with django_assert_max_num_queries(LIST_MAX):
        response = client.get(url + "&page=1")
    assert response.context["page_obj"].paginator.count == 50
    assert count_queries(client, url) == few
    print(f"\nmeeting list: {few} queries for 3 rows and for 50 rows")


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_meeting_with_100_speeches(client, django_assert_max_num_queries, signed_in):
    if signed_in:
        client.force_login(f.UserFactory())
    small = busy_meeting(3, chair=f.PersonFactory(), unit=f.OrgUnitFactory())
    big = busy_meeting(100, chair=f.PersonFactory(), unit=f.OrgUnitFactory())
    f.DecisionFactory(meeting=big, read_by=f.PersonFactory())
    f.TaskFactory(meeting=big, owner_unit=f.OrgUnitFactory())
    few = count_queries(client, small.get_absolute_url())
    with django_assert_max_num_queries(DETAIL_MAX if signed_in else DETAIL_MAX - 1):
        response = client.get(big.get_absolute_url())
    assert len(response.context["speeches"]) == 100
    assert len(response.context["decisions"]) == len(response.context["tasks"]) == 2
    revision.bump()  # counted afresh: as many queries as with 3 speeches
    assert count_queries(client, big.get_absolute_url()) == few
    with django_assert_max_num_queries(KEPT_MAX if signed_in else KEPT_MAX - 2):
        kept = client.get(big.get_absolute_url())
    assert without_tokens(kept) == without_tokens(response)
    assert len(kept.context["speeches"]) == 100
    print(f"\nmeeting detail: {few} queries for 3 and for 100 speeches")


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_person_page(client, django_assert_max_num_queries, monkeypatch, signed_in):
    from people import views as people_views

    # Two pages of timeline at 32 meetings: the rows are read for one page, the counts for all.
    monkeypatch.setattr(people_views, "TIMELINE_PAGE", 20)
    person_user = f.UserFactory()
    if signed_in:
        client.force_login(person_user)
    person = f.PersonFactory()
    f.PostFactory(person=person)
    unit = f.OrgUnitFactory()

    def involve(n):
        for _ in range(n):
            meeting = busy_meeting(1, chair=person, unit=unit, with_source=False)
            f.SpeechFactory(meeting=meeting, order=99, person=person)
            f.DirectiveFactory(meeting=meeting, issuer=person)
            f.AppointmentFactory(meeting=meeting, person=person)
            f.AttendanceFactory(meeting=meeting, person=person)

    involve(2)
    few = count_queries(client, person.get_absolute_url())
    involve(30)
    with django_assert_max_num_queries(PERSON_MAX):
        response = client.get(person.get_absolute_url())
    assert len(response.context["timeline"]) == 20
    assert response.context["role_counts"]["meetings"] == response.context["activity"].total == 32
    assert response.context["person"].n_speeches == 32
    with django_assert_max_num_queries(PERSON_WARM_MAX if signed_in else PERSON_WARM_MAX - 1):
        kept = client.get(person.get_absolute_url())
    assert without_tokens(kept) == without_tokens(response)
    cache.clear()  # counted afresh: as many queries as with 2 meetings
    if signed_in:
        client.force_login(person_user)  # the session was kept in the cache too
    assert count_queries(client, person.get_absolute_url()) == few
    print(f"\nperson page: {few} queries for 2 and for 32 meetings")


@pytest.mark.django_db
def test_unit_page_and_home(client, django_assert_max_num_queries):
    unit = f.OrgUnitFactory()
    busy_meeting(2, chair=f.PersonFactory(), unit=unit)
    client.get(unit.get_absolute_url())  # its charts, reports and tasks kept for this revision
    few_unit = count_queries(client, unit.get_absolute_url())
    assert few_unit <= UNIT_WARM_MAX
    few_home = count_queries(client, reverse("minutes:home"))
    for _ in range(20):
        busy_meeting(2, chair=f.PersonFactory(), unit=unit)
    with django_assert_max_num_queries(UNIT_MAX):
        client.get(unit.get_absolute_url())
    assert count_queries(client, unit.get_absolute_url()) == few_unit
    assert count_queries(client, reverse("minutes:home")) == few_home
    print(f"\nunit page: {few_unit} queries; home: {few_home} queries")


# Issue 15: every public page in at most 8 queries for an anonymous and a signed-in reader (the
# session and user lookups count), once per-revision caches are warm (the home page's totals).
PUBLIC_PAGE_MAX = 8
# Not there yet (signed-in, where the user lookup adds one): the meeting page reads its six kinds of
# records, one query each.
OVER_THE_TARGET = {"meeting detail": 9}


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_every_public_page_of_the_benchmark(client, signed_in):
    from benchmarks.pages import representative_pages
    from tests.pages.factories import build_seed_like_archive

    build_seed_like_archive()
    if signed_in:
        client.force_login(f.UserFactory())
    over = []
    for name, url in representative_pages():
        client.get(url)
        queries = count_queries(client, url)
        allowed = OVER_THE_TARGET.get(name, PUBLIC_PAGE_MAX) if signed_in else PUBLIC_PAGE_MAX
        if queries > allowed:
            over.append((name, queries, allowed))
    assert not over


@pytest.mark.django_db
def test_lists_of_one_person_or_unit_are_counted_from_the_kept_columns(client):
    person, unit = f.PersonFactory(), f.OrgUnitFactory()
    internal = f.MeetingFactory(visibility="internal", chair=person, organizer=unit)
    for _ in range(3):
        busy_meeting(1, chair=person, unit=unit, with_source=False)
    f.MeetingFactory(status="draft", chair=person, organizer=unit)
    reader = f.UserFactory()
    for user, expected in ((None, 3), (reader, 4)):
        if user:
            client.force_login(user)
        for params in ({"person": person.pk}, {"unit": unit.pk}):
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("minutes:meeting_list"), params)
            assert response.context["page_obj"].paginator.count == expected
            assert not any("__count" in q["sql"] for q in ctx.captured_queries)  # the paginator's
        response = client.get(unit.get_absolute_url())
        assert response.context["page_obj"].paginator.count == expected
        assert internal in response.context["meetings"] or user is None


@pytest.mark.django_db
def test_unit_page_kept_parts_follow_the_archive(client):
    unit = f.OrgUnitFactory()
    meeting = f.MeetingFactory(organizer=unit)
    f.TaskFactory(meeting=meeting, owner_unit=unit, text="第一項任務")
    assert client.get(unit.get_absolute_url()).context["n_tasks"] == 1
    f.TaskFactory(meeting=meeting, owner_unit=unit, text="第二項任務")
    response = client.get(unit.get_absolute_url())
    assert response.context["n_tasks"] == 2
    assert response.context["activity"].total == 1
    f.MeetingFactory(organizer=unit, visibility="internal")
    assert client.get(unit.get_absolute_url()).context["activity"].total == 1
    client.force_login(f.UserFactory())
    assert client.get(unit.get_absolute_url()).context["activity"].total == 2


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_home_and_date_archives_read_once_per_revision(client, signed_in, django_assert_max_num_queries):
    if signed_in:
        client.force_login(f.UserFactory())
    f.MeetingFactory(name="舊會議", year=2023, month=5, day=1)
    urls = [
        reverse("minutes:home"),
        reverse("minutes:meeting_archive"),
        reverse("minutes:meeting_year", args=[2023]),
    ]
    for url in urls:
        client.get(url)
        # The revision (and the session and user when signed in).
        with django_assert_max_num_queries(3 if signed_in else 1):
            assert client.get(url).status_code == 200
    f.MeetingFactory(name="新會議", year=2023, month=6, day=1)
    assert [m.name for m in client.get(urls[0]).context["latest"]][:2] == ["新會議", "舊會議"]
    assert client.get(urls[1]).context["years"] == [{"year": 2023, "n": 2}]
    assert client.get(urls[2]).context["total"] == 2
    hidden = f.MeetingFactory(name="內部會議", year=2023, month=7, day=1, visibility="internal")
    assert (hidden in client.get(urls[0]).context["latest"]) == signed_in
    assert client.get(urls[2]).context["total"] == (3 if signed_in else 2)
