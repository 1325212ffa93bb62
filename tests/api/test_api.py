"""The read-only API: its schema, its agreement with the pages, visibility, bounded work."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as settings_module
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token

from minutes.models import FollowUpLink, Meeting
from tests import factories


def api(client, name, *args, query=""):
    response = client.get(reverse(f"api:{name}", args=args) + query)
    assert response.status_code == 200, (name, args, query, response.status_code, response.content[:300])
    return response.json()


def ids(payload) -> list[int]:
    return [row["id"] for row in payload["results"]]


# --- the schema ---------------------------------------------------------------------------------


def test_the_schema_generates_without_warnings_and_validates(db):
    out = io.StringIO()
    # --fail-on-warn: a filter or field whose type drf-spectacular has to guess fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
    assert '"/api/v1/meetings/"' in out.getvalue()


def test_the_served_schema_is_valid_openapi_3(client):
    response = client.get(reverse("api:schema") + "?format=json")
    schema = response.json()
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/meetings/", "/api/v1/meetings/{id}/", "/api/v1/people/", "/api/v1/units/"} <= set(
        schema["paths"]
    )
    parameters = {p["name"] for p in schema["paths"]["/api/v1/meetings/"]["get"]["parameters"]}
    assert {"q", "person", "unit", "date_from", "date_to", "year_unknown", "page", "page_size"} <= parameters


def test_the_documentation_page_loads_its_scripts_from_this_site(client):
    response = client.get(reverse("api:docs"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in text  # no inline script: the CSP allows only 'self'
    assert "cdn" not in text.lower()
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


# --- the same meetings as the list page ---------------------------------------------------------


@pytest.fixture
def archive(db):
    """Two people, two units, meetings over a year (some without a year), a few words."""
    zhang = factories.PersonFactory(name="張國臣")
    li = factories.PersonFactory(name="李明華")
    works = factories.OrgUnitFactory(name="後勤保障部")
    canteen = factories.OrgUnitFactory(name="飲食服務中心", parent=works)
    meetings = []
    for n in range(14):
        meeting = factories.MeetingFactory(
            name=f"工作例會{n}",
            year=None if n % 5 == 0 else 2023,
            month=n % 12 + 1,
            day=n + 1,
            chair=zhang if n % 2 else li,
            organizer=works if n % 3 else canteen,
            visibility="internal" if n % 7 == 3 else "public",
        )
        factories.SpeechFactory(
            meeting=meeting,
            person=li if n % 4 == 0 else zhang,
            text="宿舍維修要抓緊。" if n % 3 == 0 else "食堂價格保持穩定。",
        )
        factories.TaskFactory(meeting=meeting, owner_unit=canteen if n % 2 else works)
        factories.DirectiveFactory(meeting=meeting, issuer=zhang)
        meetings.append(meeting)
    factories.MeetingFactory(name="草稿會議", status="draft", chair=zhang, organizer=works)
    from search.indexing import rebuild_index

    rebuild_index()
    return {"zhang": zhang, "li": li, "works": works, "canteen": canteen, "meetings": meetings}


QUERIES = [
    "",
    "?person={zhang}&role=chaired",
    "?person={li}&role=spoke",
    "?person_name=李明華",
    "?unit={canteen}",
    "?date_from=2023-03-01&date_to=2023-09-30",
    "?year_unknown=on",
    "?q=抓緊",
    "?q=食堂 7月",
    "?kind=work&sort=name",
    "?sort=date&unit={works}",
]


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "viewer"])
@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_the_meetings_the_list_page_lists(archive, viewer, signed_in, query):
    client = Client()
    if signed_in:
        client.force_login(viewer)
    query = query.format(**{key: value.pk for key, value in archive.items() if key != "meetings"})

    page = client.get(reverse("minutes:meeting_list") + query)
    payload = api(client, "meeting-list", query=query)

    assert page.status_code == 200
    on_page = [meeting.pk for meeting in page.context["meetings"]]
    assert page.context["page_obj"].paginator.count == payload["count"]
    assert ids(payload) == on_page  # fewer than a page (25) each: the whole list, in the page's order
    if query and "sort" not in query:  # a filter that narrows nothing would prove little
        assert len(on_page) < Meeting.objects.visible_to(viewer if signed_in else None).count()


def test_a_filter_the_page_refuses_is_a_400_not_an_empty_list(archive, client):
    hidden = factories.PersonFactory(name="祁內員")
    factories.AttendanceFactory(meeting=archive["meetings"][3], person=hidden)  # internal meeting

    for query in (f"?person={hidden.pk}", "?date_from=2023-09-01&date_to=2023-01-01", "?year=abc"):
        response = client.get(reverse("api:meeting-list") + query)
        assert response.status_code == 400, query
        assert "祁內員" not in response.content.decode()


def test_a_query_past_the_bound_is_cut_as_on_the_page(archive, client):
    long_query = "?q=" + " ".join(["宿舍"] * 40)
    page = client.get(reverse("minutes:meeting_list") + long_query)
    payload = api(client, "meeting-list", query=long_query)
    assert ids(payload) == [m.pk for m in page.context["meetings"]]


# --- the other endpoints ------------------------------------------------------------------------


def test_meeting_detail_has_every_part(db, client):
    chair = factories.PersonFactory(name="張國臣")
    unit = factories.OrgUnitFactory(name="後勤保障部")
    meeting = factories.MeetingFactory(chair=chair, organizer=unit, summary="會議研究了宿舍維修。")
    factories.AttendanceFactory(meeting=meeting, person=chair, category="chaired")
    factories.SpeechFactory(meeting=meeting, person=chair, unit=unit)
    directive = factories.DirectiveFactory(meeting=meeting, issuer=chair)
    factories.AppointmentFactory(meeting=meeting, unit=unit)
    factories.DecisionFactory(meeting=meeting, read_by=chair)
    task = factories.TaskFactory(meeting=meeting, owner_unit=unit)

    data = api(client, "meeting-detail", meeting.pk)

    assert data["name"] == meeting.name and data["summary"] == "會議研究了宿舍維修。"
    assert data["chair"] == {"id": chair.pk, "name": "張國臣"}
    assert data["page"] == meeting.get_absolute_url()
    for part in ("attendances", "speeches", "directives", "appointments", "decisions", "tasks"):
        assert len(data[part]) == 1, part
    assert data["directives"][0]["id"] == directive.pk
    assert data["tasks"][0]["id"] == task.pk
    assert "review_flags" not in data and "locked_fields" not in data


def test_people_with_their_posts_and_units_with_their_family(db, client):
    parent = factories.OrgUnitFactory(name="後勤保障部")
    unit = factories.OrgUnitFactory(name="飲食服務中心", parent=parent)
    hidden_child = factories.OrgUnitFactory(name="內勤秘書科", parent=unit)
    factories.OrgUnitAliasFactory(unit=unit, alias="飲食中心")
    person = factories.PersonFactory(name="張國臣")
    public = factories.MeetingFactory(chair=person, organizer=unit)
    factories.AttendanceFactory(meeting=public, person=person, unit=parent)
    internal = factories.MeetingFactory(visibility="internal", organizer=hidden_child)
    factories.PostFactory(person=person, title="主任", unit=unit, source="meeting", source_meeting=public)
    factories.PostFactory(
        person=person, title="科長", unit=hidden_child, source="meeting", source_meeting=internal
    )

    people = api(client, "person-list")
    units = {row["name"]: row for row in api(client, "unit-list")["results"]}

    [row] = people["results"]
    assert row["name"] == "張國臣"
    assert [post["title"] for post in row["posts"]] == ["主任"]  # the internal meeting's post is not shown
    assert set(units) == {"後勤保障部", "飲食服務中心"}
    assert units["飲食服務中心"]["aliases"] == ["飲食中心"]
    assert units["飲食服務中心"]["parent"] == parent.pk
    assert units["飲食服務中心"]["children"] == []  # the internal child stays unknown
    assert units["後勤保障部"]["children"] == [unit.pk]
    assert api(client, "unit-detail", unit.pk)["parent"] == parent.pk
    assert api(client, "person-list", query="?q=zhangguochen")["count"] == 1
    assert api(client, "unit-list", query="?q=饮食")["count"] == 1


def test_directives_and_tasks_with_state_due_date_and_visible_chain(db, client, viewer):
    unit = factories.OrgUnitFactory()
    first = factories.MeetingFactory(year=2023, month=1, day=5, organizer=unit)
    second = factories.MeetingFactory(year=2023, month=7, day=5, visibility="internal", organizer=unit)
    third = factories.MeetingFactory(year=2023, month=9, day=5, organizer=unit)
    import datetime

    tasks = [
        factories.TaskFactory(
            meeting=meeting, owner_unit=unit, due_date=datetime.date(2023, 12, 31), status="in_progress"
        )
        for meeting in (first, second, third)
    ]
    FollowUpLink.objects.create(later_task=tasks[1], earlier_task=tasks[0])
    FollowUpLink.objects.create(later_task=tasks[2], earlier_task=tasks[1])
    FollowUpLink.objects.create(later_task=tasks[2], earlier_task=tasks[0], state="suggested")

    anonymous = api(client, "task-detail", tasks[0].pk)
    signed_in = Client()
    signed_in.force_login(viewer)
    staff = api(signed_in, "task-detail", tasks[0].pk)

    assert anonymous["status"] == "in_progress" and anonymous["due_date"] == "2023-12-31"
    # The chain passes through the internal task: anonymous readers see neither it nor what it links.
    assert [item["id"] for item in anonymous["chain"]] == [tasks[0].pk]
    assert [item["id"] for item in staff["chain"]] == [t.pk for t in tasks]
    assert ids(api(client, "task-list", query="?status=in_progress")) == [tasks[0].pk, tasks[2].pk]
    assert api(client, "task-list", query="?status=done")["count"] == 0
    assert api(client, "directive-list")["count"] == 0


# --- hidden records -----------------------------------------------------------------------------


@pytest.fixture
def hidden(db):
    """A public meeting, and an internal and a draft one, each with a person, a unit, a directive
    and a task of its own."""
    records = {}
    for key, status, visibility in (
        ("public", "published", "public"),
        ("internal", "published", "internal"),
        ("draft", "draft", "public"),
    ):
        person = factories.PersonFactory(name=f"{key}人員")
        unit = factories.OrgUnitFactory(name=f"{key}單位")
        meeting = factories.MeetingFactory(
            name=f"{key}會議", status=status, visibility=visibility, chair=person, organizer=unit
        )
        records[key] = {
            "meeting": meeting,
            "person": person,
            "unit": unit,
            "directive": factories.DirectiveFactory(meeting=meeting, issuer=person, text=f"{key}要求"),
            "task": factories.TaskFactory(meeting=meeting, owner_unit=unit, text=f"{key}任務"),
        }
    return records


ENDPOINTS = {
    "meeting": "meeting",
    "person": "person",
    "unit": "unit",
    "directive": "directive",
    "task": "task",
}


def _sees(client, records, key) -> dict[str, bool]:
    seen = {}
    for kind, name in ENDPOINTS.items():
        pk = records[key][kind].pk
        detail = client.get(reverse(f"api:{name}-detail", args=[pk]))
        listed = pk in ids(api(client, f"{name}-list", query="?page_size=100"))
        assert (detail.status_code == 200) == listed, (kind, key, detail.status_code, listed)
        assert detail.status_code in {200, 404}
        seen[kind] = listed
    return seen


def test_anonymous_readers_get_only_public_published_records(hidden, client):
    assert _sees(client, hidden, "public") == dict.fromkeys(ENDPOINTS, True)
    assert _sees(client, hidden, "internal") == dict.fromkeys(ENDPOINTS, False)
    assert _sees(client, hidden, "draft") == dict.fromkeys(ENDPOINTS, False)
    everything = "".join(
        client.get(reverse(f"api:{name}-list")).content.decode() for name in ENDPOINTS.values()
    )
    assert (
        "internal" not in everything.replace('"visibility": "public"', "") or "internal會議" not in everything
    )
    for key in ("internal", "draft"):
        assert f"{key}人員" not in everything and f"{key}單位" not in everything


@pytest.mark.parametrize("how", ["session", "token"])
def test_signed_in_readers_see_internal_records_never_drafts(hidden, viewer, how):
    client = Client()
    if how == "session":
        client.force_login(viewer)
    else:
        token = Token.objects.create(user=viewer)
        client = Client(headers={"Authorization": f"Token {token.key}"})

    assert _sees(client, hidden, "internal") == dict.fromkeys(ENDPOINTS, True)
    assert _sees(client, hidden, "draft") == dict.fromkeys(ENDPOINTS, False)


def test_a_wrong_token_is_refused_not_treated_as_anonymous(hidden):
    client = Client(headers={"Authorization": "Token not-a-token"})
    response = client.get(reverse("api:meeting-list"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


def test_the_api_is_read_only(hidden, superuser):
    client = Client()
    client.force_login(superuser)
    url = reverse("api:meeting-detail", args=[hidden["public"]["meeting"].pk])
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(url, {}, content_type="application/json").status_code in {403, 405}
    assert Meeting.objects.filter(pk=hidden["public"]["meeting"].pk).exists()


# --- bounded work -------------------------------------------------------------------------------


def test_anonymous_readers_are_throttled(hidden, client, settings, viewer):
    settings.API_ANON_RATE = "3/min"
    cache.clear()
    statuses = [client.get(reverse("api:meeting-list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    signed_in = Client()
    signed_in.force_login(viewer)
    assert {signed_in.get(reverse("api:meeting-list")).status_code for _ in range(5)} == {200}
    cache.clear()


def test_page_size_is_capped_at_100(db, client):
    for _ in range(3):
        factories.MeetingFactory()
    assert len(api(client, "meeting-list", query="?page_size=2")["results"]) == 2
    assert client.get(reverse("api:meeting-list") + "?page=99").status_code == 404


def _build(n: int):
    units = [factories.OrgUnitFactory() for _ in range(3)]
    for i in range(n):
        chair = factories.PersonFactory()
        meeting = factories.MeetingFactory(chair=chair, organizer=units[i % 3])
        factories.AttendanceFactory(meeting=meeting, person=chair, unit=units[(i + 1) % 3])
        factories.SpeechFactory(meeting=meeting, person=chair)
        directive = factories.DirectiveFactory(meeting=meeting, issuer=chair)
        task = factories.TaskFactory(meeting=meeting, owner_unit=units[i % 3])
        factories.AppointmentFactory(meeting=meeting, person=chair, unit=units[i % 3])
        factories.DecisionFactory(meeting=meeting, read_by=chair)
        factories.PostFactory(person=chair, unit=units[i % 3], source="meeting", source_meeting=meeting)
        factories.OrgUnitAliasFactory(unit=factories.OrgUnitFactory(parent=units[i % 3]))
        if i:
            FollowUpLink.objects.create(later_directive=directive, earlier_task=task)
    return Meeting.objects.order_by("pk").first()


LISTS = ["meeting-list", "person-list", "unit-list", "directive-list", "task-list"]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "viewer"])
def test_query_counts_do_not_grow_with_rows(db, django_assert_max_num_queries, signed_in, viewer):
    client = Client()
    if signed_in:
        client.force_login(viewer)
    _build(5)
    small = {name: _count(client, reverse(f"api:{name}")) for name in LISTS}
    first = _build(50)
    large = {}
    for name in LISTS:
        with django_assert_max_num_queries(small[name]):
            large[name] = _count(client, reverse(f"api:{name}"))
    # A full page of 50 costs the same as a page of 5.
    assert large == small
    assert len(api(client, "meeting-list")["results"]) == 50
    with django_assert_max_num_queries(12):
        api(client, "meeting-detail", first.pk)


def test_a_rate_drf_could_not_read_is_refused_at_start():
    env = {**os.environ, "API_ANON_RATE": "lots"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=env,
        cwd=settings_module.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: API_ANON_RATE='lots'" in result.stderr


@pytest.mark.parametrize("query", ["", "?q=張", "?q=zhangguochen", "?q=lmh", "?q=國"])
def test_the_api_lists_the_people_the_people_page_lists(archive, client, query):
    factories.AttendanceFactory(meeting=archive["meetings"][0], person=factories.PersonFactory(name="張國慶"))

    page = client.get(reverse("people:person_list") + query)

    on_page = [person.pk for person in page.context["people"]]
    assert ids(api(client, "person-list", query=query)) == on_page
    assert on_page


@pytest.mark.parametrize("query", ["", "?q=中心", "?q=后勤", "?q=飲食中心"])
def test_the_api_lists_the_units_the_unit_page_lists(archive, client, query):
    factories.OrgUnitAliasFactory(unit=archive["canteen"], alias="飲食中心")

    page = client.get(reverse("orgunits:unit_list") + query)

    on_page = {unit.pk for unit, _ in page.context["rows"]}
    # The page shows a tree without a query, so only the set is the same (the API lists by name).
    assert set(ids(api(client, "unit-list", query=query))) == on_page
    assert on_page


# --- bounded lists: orders an index can walk, capped counts, late pages ids first ---------------


@pytest.fixture
def items(db):
    """Meetings with and without a date (two with a month and day but no year, created in the
    opposite of the list's order: the month orders them, not the id), and directives and tasks
    whose order differs from their ids."""
    import datetime

    dates = [(2023, 3, 1), (2024, 1, 9), (None, 11, 2), (None, 5, 2), (2023, 3, 1), (None, None, None)]
    meetings = []
    for year, month, day in dates:
        meeting = factories.MeetingFactory(
            year=year,
            month=month,
            day=day,
            year_source="text" if year else "unknown",
            organizer=factories.OrgUnitFactory(),
        )
        for order in (2, 0, 1):
            factories.DirectiveFactory(meeting=meeting, order=order)
        meetings.append(meeting)
    for n, meeting in enumerate(reversed(meetings)):
        for order in (1, 0):
            due = datetime.date(2024, 6, n + 1) if n % 2 else None
            factories.TaskFactory(meeting=meeting, order=order, due_date=due)
    factories.DirectiveFactory(meeting=factories.MeetingFactory(visibility="internal"))
    return meetings


def test_directives_follow_the_meeting_list_order_then_their_own(items, client):
    from minutes.models import Directive

    meeting_order = ids(api(client, "meeting-list"))
    expected = [
        directive.pk
        for meeting_id in meeting_order
        for directive in Directive.objects.filter(meeting_id=meeting_id).order_by("order", "pk")
    ]
    assert ids(api(client, "directive-list")) == expected
    assert len(expected) == 18  # not the internal meeting's


def test_tasks_are_listed_soonest_due_first_undated_last(items, client):
    from minutes.models import Task

    expected = sorted(
        Task.objects.all(),
        key=lambda task: (task.due_date is None, task.due_date or 0, task.meeting_id, task.order, task.pk),
    )
    assert ids(api(client, "task-list")) == [task.pk for task in expected]


@pytest.mark.parametrize("name", ["directive-list", "task-list"])
def test_directives_and_tasks_are_counted_up_to_the_cap(items, client, monkeypatch, name):
    monkeypatch.setattr("api.filters._ItemFilter.count_cap", 5)

    first = api(client, name, query="?page_size=2")
    assert (first["count"], first["capped"]) == (5, True)
    assert len(ids(api(client, name, query="?page_size=2&page=3"))) == 1
    assert client.get(reverse(f"api:{name}") + "?page_size=2&page=4").status_code == 404
    narrowed = api(client, name, query=f"?meeting={items[0].pk}")
    assert (narrowed["count"], narrowed["capped"]) == (3 if name == "directive-list" else 2, False)
    assert api(client, "meeting-list")["capped"] is False


@pytest.mark.parametrize("name", LISTS)
def test_later_pages_list_the_rows_of_the_whole_list_in_its_order(items, client, name):
    whole = ids(api(client, name, query="?page_size=100"))
    paged = []
    page = 1
    while True:
        response = client.get(reverse(f"api:{name}") + f"?page_size=4&page={page}")
        if response.status_code == 404:
            break
        paged += ids(response.json())
        page += 1
    assert paged == whole and len(whole) > 4


def test_a_later_filtered_page_lists_what_the_list_page_lists(archive, client):
    query = f"?person={archive['zhang'].pk}"
    page = client.get(reverse("minutes:meeting_list") + query)  # all of them: fewer than 25
    payload = api(client, "meeting-list", query=query + "&page=2&page_size=5")
    assert ids(payload) == [meeting.pk for meeting in page.context["meetings"]][5:10]
    assert payload["count"] == page.context["page_obj"].paginator.count > 5


def test_one_persons_meetings_are_not_counted_but_read_from_the_kept_count(archive, client):
    query = f"?person={archive['zhang'].pk}"
    with CaptureQueriesContext(connection) as queries:
        payload = api(client, "meeting-list", query=query)
    assert not [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert payload["count"] == len(ids(payload)) > 0


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "viewer"])
def test_a_later_page_costs_the_same_queries_however_many_rows(db, signed_in, viewer):
    client = Client()
    if signed_in:
        client.force_login(viewer)
    _build(6)
    query = "?page=2&page_size=2"
    small = {name: _count(client, reverse(f"api:{name}") + query) for name in LISTS}
    _build(40)
    large = {name: _count(client, reverse(f"api:{name}") + query) for name in LISTS}
    assert large == small
    first = {name: _count(client, reverse(f"api:{name}") + "?page_size=2") for name in LISTS}
    # Ids first: one query more than the first page, never more.
    assert all(large[name] == first[name] + 1 for name in LISTS)


def test_a_years_directives_follow_the_meeting_list_order_of_that_year(items, client):
    from minutes.models import Directive

    meeting_order = ids(api(client, "meeting-list", query="?year=2023"))
    expected = [
        directive.pk
        for meeting_id in meeting_order
        for directive in Directive.objects.filter(meeting_id=meeting_id).order_by("order", "pk")
    ]
    assert ids(api(client, "directive-list", query="?year=2023")) == expected
    assert len(meeting_order) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only indexes")
def test_the_list_order_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('minutes_meeting', 'minutes_task')"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {
        "meeting_list_order_idx",
        "meeting_list_order_in_idx",
        "meeting_year_order_idx",
        "meeting_year_order_in_idx",
        "task_due_order_idx",
    } <= names
