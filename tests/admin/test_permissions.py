"""Viewers read, editors write, nobody deletes a published meeting."""

import pytest
from django.urls import reverse

from minutes.models import Meeting
from people.models import Person
from tests import factories


@pytest.mark.django_db
def test_viewer_can_view_but_not_change(client, viewer):
    meeting = factories.MeetingFactory(name="原名")
    person = factories.PersonFactory()
    client.force_login(viewer)
    assert client.get(reverse("admin:minutes_meeting_changelist")).status_code == 200
    page = client.get(reverse("admin:minutes_meeting_change", args=[meeting.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:minutes_meeting_add")).status_code == 403
    assert client.get(reverse("admin:people_person_add")).status_code == 403
    assert client.get(reverse("admin:minutes_meeting_from_text")).status_code == 403
    response = client.post(
        reverse("admin:minutes_meeting_change", args=[meeting.pk]), {"name": "改名", "kind": "work"}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:people_person_change", args=[person.pk]), {"name": "某人"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"}).status_code
        == 403
    )
    meeting.refresh_from_db()
    assert meeting.name == "原名"
    assert Person.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
def test_viewer_gets_no_bulk_actions_that_write(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("admin:minutes_meeting_changelist"))
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "publish_selected" not in actions
    assert "delete_selected" not in actions
    assert "export_csv" in actions


@pytest.mark.django_db
def test_editor_cannot_delete_a_published_meeting(client, editor):
    published = factories.MeetingFactory(status=Meeting.Status.PUBLISHED)
    client.force_login(editor)
    assert client.get(reverse("admin:minutes_meeting_delete", args=[published.pk])).status_code == 403
    assert (
        client.post(reverse("admin:minutes_meeting_delete", args=[published.pk]), {"post": "yes"}).status_code
        == 403
    )
    response = client.post(
        reverse("admin:minutes_meeting_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert Meeting.objects.filter(pk=published.pk).exists()
    assert "已發佈的會議不能刪除" in response.content.decode()


@pytest.mark.django_db
def test_editor_can_delete_a_draft(client, editor):
    draft = factories.MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(editor)
    response = client.post(reverse("admin:minutes_meeting_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_editor_may_not_delete_people_or_units(client, editor):
    person = factories.PersonFactory()
    unit = factories.OrgUnitFactory()
    client.force_login(editor)
    assert (
        client.post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert (
        client.post(reverse("admin:orgunits_orgunit_delete", args=[unit.pk]), {"post": "yes"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_source_reports_are_read_only_even_for_editors(client, editor):
    report = factories.SourceReportFactory()
    client.force_login(editor)
    page = client.get(reverse("admin:minutes_sourcereport_change", args=[report.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(reverse("admin:minutes_sourcereport_add")).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("admin:minutes_meeting_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
