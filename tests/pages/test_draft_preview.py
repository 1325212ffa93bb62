"""Staff preview an unpublished meeting on its public page (the admin's "view on site" opens
``?preview=1``); the plain page, and the preview for anyone else, stay a 404."""

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import factories

BANNER = "草稿 — 未發佈"


@pytest.fixture
def draft(db):
    return factories.MeetingFactory(name="未發佈的會議", status=Meeting.Status.DRAFT)


def edit_link(meeting):
    return f'href="{reverse("admin:minutes_meeting_change", args=[meeting.pk])}"'


def test_the_preview_url_is_the_page_with_preview_for_unpublished_meetings_only(draft):
    assert draft.get_preview_url() == f"{draft.get_absolute_url()}?preview=1"
    published = factories.MeetingFactory()
    assert published.get_preview_url() == published.get_absolute_url()


@pytest.mark.django_db
def test_anonymous_readers_and_other_users_get_404(client, draft):
    assert client.get(draft.get_preview_url()).status_code == 404
    client.force_login(factories.UserFactory(username="reader"))
    assert client.get(draft.get_preview_url()).status_code == 404
    client.force_login(factories.StaffFactory(username="staff-without-group"))
    assert client.get(draft.get_preview_url()).status_code == 404


@pytest.mark.django_db
def test_staff_get_the_draft_only_when_they_ask_for_the_preview(client, draft, editor):
    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"{draft.get_absolute_url()}?preview=yes").status_code == 404


@pytest.mark.django_db
def test_a_viewer_previews_the_draft_under_a_banner_without_an_edit_link(client, draft, viewer):
    client.force_login(viewer)
    response = client.get(draft.get_preview_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert BANNER in html and "未發佈的會議" in html
    assert edit_link(draft) not in html


@pytest.mark.django_db
def test_an_editor_previews_the_draft_with_an_edit_link(client, draft, editor):
    client.force_login(editor)
    html = client.get(draft.get_preview_url()).content.decode()
    assert BANNER in html and edit_link(draft) in html


@pytest.mark.django_db
def test_view_on_site_in_the_admin_opens_the_preview_for_a_superuser(client, draft, superuser):
    client.force_login(superuser)
    change = client.get(reverse("admin:minutes_meeting_change", args=[draft.pk])).content.decode()
    assert f'href="{draft.get_absolute_url()}?preview=1"' in change
    response = client.get(draft.get_preview_url())
    assert response.status_code == 200
    assert BANNER in response.content.decode()


@pytest.mark.django_db
def test_a_withdrawn_meeting_is_marked_as_such(client, editor):
    withdrawn = factories.MeetingFactory(status=Meeting.Status.WITHDRAWN)
    assert client.get(withdrawn.get_preview_url()).status_code == 404
    client.force_login(editor)
    html = client.get(withdrawn.get_preview_url()).content.decode()
    assert "已撤回 — 不公開" in html and BANNER not in html


@pytest.mark.django_db
def test_published_pages_offer_the_edit_link_to_editors_only(client, editor, viewer):
    meeting = factories.MeetingFactory()
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert edit_link(meeting) not in html and BANNER not in html
    client.force_login(viewer)
    assert edit_link(meeting) not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(editor)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert edit_link(meeting) in html and BANNER not in html


@pytest.mark.django_db
def test_the_banner_is_translated(client, draft, editor):
    client.force_login(editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(draft.get_preview_url()).content.decode()
    assert "Draft — not published" in html and "Edit in the admin" in html


@pytest.mark.django_db
def test_the_preview_costs_the_permission_lookups_only(client, editor, django_assert_max_num_queries):
    from tests.pages.test_query_counts import DETAIL_MAX, busy_meeting

    meeting = busy_meeting(100)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    meeting.refresh_from_db()
    client.force_login(editor)
    # The page's own queries, the session and the user, and the user's and groups' permissions.
    with django_assert_max_num_queries(DETAIL_MAX + 4):
        response = client.get(meeting.get_preview_url())
    assert BANNER in response.content.decode()
    assert len(response.context["speeches"]) == 100
