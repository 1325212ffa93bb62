"""Who sees what: anonymous readers, viewers, editors and administrators × every page.

Public pages are checked twice over. First by name: a published public meeting shows, an internal one
only to signed-in users, drafts and withdrawn meetings to nobody. Then for leaks of any kind — counts,
facets, search hits, feed entries, export rows: each page is rendered, the meetings the user may not see
are deleted, and the page is rendered again; the two must be identical. Whatever a hidden meeting
contributes to a page, it shows up as a difference.
"""

import csv
import difflib
import io
import json
import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from minutes.models import Meeting
from tests import factories

ROLES = ["anonymous", "viewer", "editor", "superuser"]

NAMES = {
    "public": "公開會議甲甲",
    "internal": "內部會議乙乙",
    "internal_undated": "內部會議戊戊",
    "draft": "草稿會議丙丙",
    "withdrawn": "撤回會議丁丁",
}
SEEN_BY = {
    "anonymous": {"public"},
    "viewer": {"public", "internal", "internal_undated"},
    "editor": {"public", "internal", "internal_undated"},
    "superuser": {"public", "internal", "internal_undated"},
}


@pytest.fixture
def archive(db):
    """One meeting of each status/visibility, all chaired by one person and organised by one unit."""
    chair = factories.PersonFactory(name="張國臣")
    unit = factories.OrgUnitFactory(name="後勤保障部")
    states = {
        "public": ("published", "public", 2023, 19),
        "internal": ("published", "internal", 2023, 20),
        "internal_undated": ("published", "internal", None, 22),
        "draft": ("draft", "public", 2023, 21),
        "withdrawn": ("withdrawn", "public", 2023, 23),
    }
    meetings = {}
    for key, (status, visibility, year, day) in states.items():
        meeting = factories.MeetingFactory(
            name=NAMES[key],
            status=status,
            visibility=visibility,
            year=year,
            month=7,
            day=day,
            chair=chair,
            organizer=unit,
        )
        factories.AttendanceFactory(meeting=meeting, person=chair, category="chaired")
        factories.SpeechFactory(
            meeting=meeting, order=1, person=chair, text=f"{NAMES[key]}的講話，專屬詞彙。"
        )
        factories.DirectiveFactory(meeting=meeting, issuer=chair, text=f"{NAMES[key]}的工作要求")
        factories.TaskFactory(meeting=meeting, owner_unit=unit, text=f"{NAMES[key]}的任務")
        meetings[key] = meeting
    try:  # the index is kept by signals; rebuild in case a test database missed one
        from search.indexing import rebuild_index
    except ImportError:
        pass
    else:
        rebuild_index()
    return {"meetings": meetings, "chair": chair, "unit": unit}


@pytest.fixture(params=ROLES)
def role(request):
    return request.param


@pytest.fixture
def user_client(request, role, db):
    client = Client()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def url_or_skip(name: str, *args, query: str = "") -> str:
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        pytest.skip(f"URL {name!r} does not resolve yet")


# --- public pages -------------------------------------------------------------------------------

# (URL name, positional-argument builder, query string)
LISTING_PAGES = [
    ("minutes:home", None, ""),
    ("minutes:meeting_list", None, ""),
    ("minutes:meeting_archive", None, ""),
    ("minutes:meeting_year", lambda a: [2023], ""),
    ("minutes:meeting_month", lambda a: [2023, 7], ""),
    ("minutes:meeting_unknown_year", None, ""),
    ("people:person_detail", lambda a: [a["chair"].pk], ""),
    ("people:person_list", None, ""),
    ("orgunits:unit_detail", lambda a: [a["unit"].pk], ""),
    ("orgunits:unit_list", None, ""),
    ("search:results", None, "?q=會議"),
    ("search:results", None, "?q=專屬詞彙"),
    ("search:results", None, "?q=zhangguochen"),
    ("search:people_autocomplete", None, "?q=張"),
    ("minutes:meeting_atom", None, ""),
    ("minutes:meeting_ics", None, ""),
    ("minutes:person_ics", lambda a: [a["chair"].pk], ""),
    ("minutes:unit_ics", lambda a: [a["unit"].pk], ""),
    ("minutes:meeting_export_csv", None, ""),
    ("minutes:meeting_export_json", None, ""),
]
# Pages that list meetings by name (the others show people, units or counts only).
NAMING_MEETINGS = {
    "minutes:meeting_list",
    "minutes:meeting_year",
    "minutes:meeting_month",
    "people:person_detail",
    "orgunits:unit_detail",
    "search:results",
    "minutes:meeting_atom",
    "minutes:meeting_ics",
    "minutes:person_ics",
    "minutes:unit_ics",
    "minutes:meeting_export_csv",
    "minutes:meeting_export_json",
}
VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r"^DTSTAMP:.*$", re.MULTILINE),
    re.compile(r'"generated_at": "[^"]*"'),
]


def page_text(response) -> str:
    """The body as text, with escapes and folding undone so names can be found in any format."""
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    text = body.decode("utf-8-sig")
    content_type = response.headers.get("Content-Type", "")
    if "json" in content_type:
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True)
    if "calendar" in content_type:
        text = text.replace("\r\n ", "").replace("\n ", "")
    for pattern in VOLATILE:
        text = pattern.sub("", text)
    return text


def visible_names(text: str) -> set[str]:
    return {key for key, name in NAMES.items() if name in text}


@pytest.mark.parametrize(
    ("url_name", "args", "query"), LISTING_PAGES, ids=[f"{p[0]}{p[2]}" for p in LISTING_PAGES]
)
def test_public_pages_show_each_role_what_it_may_see_and_leak_nothing_else(
    archive, role, user_client, url_name, args, query
):
    url = url_or_skip(url_name, *(args(archive) if args else []), query=query)
    response = user_client.get(url)
    assert response.status_code == 200, url
    full = page_text(response)

    shown = visible_names(full)
    assert shown <= SEEN_BY[role], f"{role} sees {shown - SEEN_BY[role]} on {url}"
    if url_name in NAMING_MEETINGS and "zhangguochen" not in query:
        expected = SEEN_BY[role]
        if url_name.endswith("_ics") or url_name in {"minutes:meeting_year", "minutes:meeting_month"}:
            expected = expected - {"internal_undated"}  # no year: in no year page and no calendar
        assert shown == expected, f"{role} on {url}: {shown}"
    if url_name == "minutes:meeting_unknown_year":
        assert shown == SEEN_BY[role] & {"internal_undated"}

    # Nothing a hidden meeting contributes may remain: delete them and compare.
    hidden = [m for key, m in archive["meetings"].items() if key not in SEEN_BY[role]]
    for meeting in hidden:
        meeting.delete()
    without_hidden = page_text(user_client.get(url))
    if full != without_hidden:
        diff = "\n".join(
            list(difflib.unified_diff(without_hidden.splitlines(), full.splitlines(), lineterm="", n=1))[:40]
        )
        pytest.fail(f"{url} as {role} changes when meetings it may not see are deleted:\n{diff}")


@pytest.mark.parametrize("key", list(NAMES))
def test_meeting_detail_pages(archive, role, user_client, key):
    meeting = archive["meetings"][key]
    url = url_or_skip("minutes:meeting_detail", meeting.pk)
    response = user_client.get(url)

    if key in SEEN_BY[role]:
        assert response.status_code == 200
        assert NAMES[key] in page_text(response)
    else:
        assert response.status_code == 404, f"{role} gets {response.status_code} for the {key} meeting"


def test_exports_have_exactly_the_visible_rows(archive, role, user_client):
    url = url_or_skip("minutes:meeting_export_csv")
    rows = list(csv.reader(io.StringIO(page_text(user_client.get(url)))))
    names = {cell for row in rows[1:] for cell in row} & set(NAMES.values())
    assert names == {NAMES[key] for key in SEEN_BY[role]}


# --- the admin ----------------------------------------------------------------------------------


def admin_urls(archive):
    public, draft = archive["meetings"]["public"], archive["meetings"]["draft"]
    return {
        "index": reverse("admin:index"),
        "changelist": reverse("admin:minutes_meeting_changelist"),
        "add": reverse("admin:minutes_meeting_add"),
        "change_published": reverse("admin:minutes_meeting_change", args=[public.pk]),
        "change_draft": reverse("admin:minutes_meeting_change", args=[draft.pk]),
        "delete_published": reverse("admin:minutes_meeting_delete", args=[public.pk]),
        "delete_draft": reverse("admin:minutes_meeting_delete", args=[draft.pk]),
        "history": reverse("admin:minutes_meeting_history", args=[public.pk]),
    }


# role → page → expected status; None: not asserted (a policy for that role not fixed by the issue).
ADMIN_MATRIX = {
    "anonymous": dict.fromkeys(
        [
            "index",
            "changelist",
            "add",
            "change_published",
            "change_draft",
            "delete_published",
            "delete_draft",
            "history",
        ],
        302,
    ),
    "viewer": {
        "index": 200,
        "changelist": 200,
        "add": 403,
        "change_published": 200,
        "change_draft": 200,
        "delete_published": 403,
        "delete_draft": 403,
        "history": 200,
    },
    "editor": {
        "index": 200,
        "changelist": 200,
        "add": 200,
        "change_published": 200,
        "change_draft": 200,
        "delete_published": 403,
        "delete_draft": None,
        "history": 200,
    },
    "superuser": {
        "index": 200,
        "changelist": 200,
        "add": 200,
        "change_published": 200,
        "change_draft": 200,
        "delete_published": 403,
        "delete_draft": 200,
        "history": 200,
    },
}


@pytest.mark.parametrize("page", list(ADMIN_MATRIX["viewer"]))
def test_admin_pages(archive, role, user_client, page):
    expected = ADMIN_MATRIX[role][page]
    if expected is None:
        pytest.skip(f"no fixed rule for {role} on {page}")
    url = admin_urls(archive)[page]
    response = user_client.get(url)

    assert response.status_code == expected, f"{role} on admin {page}: {response.status_code}"
    if expected == 302:
        assert response.url.startswith(reverse("admin:login"))
    if page.startswith("change_") and expected == 200:
        can_save = 'name="_save"' in response.content.decode()
        assert can_save == (role in {"editor", "superuser"}), f"{role} on {page}: save button {can_save}"


def test_drafts_are_listed_in_the_admin_for_editors(archive, editor):
    client = Client()
    client.force_login(editor)
    text = client.get(reverse("admin:minutes_meeting_changelist")).content.decode()
    assert {NAMES["draft"], NAMES["public"], NAMES["internal"]} <= {n for n in NAMES.values() if n in text}


def test_viewer_cannot_change_or_delete_by_posting(archive, viewer):
    client = Client()
    client.force_login(viewer)
    public = archive["meetings"]["public"]

    change = client.post(reverse("admin:minutes_meeting_change", args=[public.pk]), {"name": "改名"})
    delete = client.post(reverse("admin:minutes_meeting_delete", args=[public.pk]), {"post": "yes"})

    assert (change.status_code, delete.status_code) == (403, 403)
    assert Meeting.objects.get(pk=public.pk).name == NAMES["public"]


def test_editor_cannot_delete_a_published_meeting_by_posting(archive, editor):
    client = Client()
    client.force_login(editor)
    public = archive["meetings"]["public"]

    response = client.post(reverse("admin:minutes_meeting_delete", args=[public.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Meeting.objects.filter(pk=public.pk).exists()


def test_only_administrators_manage_users(archive, role, user_client):
    response = user_client.get(reverse("admin:auth_user_changelist"))
    expected = {"anonymous": 302, "viewer": 403, "editor": 403, "superuser": 200}[role]
    assert response.status_code == expected
