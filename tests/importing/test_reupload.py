"""Uploading a report whose draft was deleted makes the draft again (it used to do nothing, silently)."""

import pytest
from django.conf import settings
from django.urls import reverse

from minutes.importing import import_report_text
from minutes.models import Meeting, SourceReport
from minutes.parsing import parse_text


@pytest.fixture(scope="module")
def report_text():
    seed = settings.MINUTES_SEED_REPORTS.read_text(encoding="utf-8")
    return parse_text(seed, "seed-reports.txt").reports[0].text


@pytest.mark.django_db
def test_a_deleted_draft_comes_back_when_its_report_is_uploaded_again(client, superuser, report_text):
    client.force_login(superuser)
    url = reverse("admin:minutes_meeting_from_text")
    client.post(url, {"text": report_text})
    draft = Meeting.objects.get()
    source = draft.source_report
    speeches = draft.speeches.count()
    response = client.post(reverse("admin:minutes_meeting_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Meeting.objects.exists()

    response = client.post(url, {"text": report_text}, follow=True)
    again = Meeting.objects.get()
    assert again.pk != draft.pk
    assert again.status == Meeting.Status.DRAFT
    assert again.name == draft.name and again.speeches.count() == speeches > 0
    assert again.source_report == source  # the report text is kept once
    assert SourceReport.objects.count() == 1
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "its meeting was deleted; a new draft was created" in shown

    # A third upload finds the meeting again: unchanged.
    result = import_report_text(report_text, user=superuser)
    assert (result.created, result.unchanged) == ([], [source.pk])


@pytest.mark.django_db
def test_an_earlier_revision_uploaded_again_is_not_made_a_meeting(superuser, report_text):
    first = import_report_text(report_text, file_name="r.txt", user=superuser)
    revised = import_report_text(
        report_text + "\n補記：會議還研究了其他事項。", file_name="r.txt", user=superuser
    )
    assert revised.revised == first.created
    old_source = SourceReport.objects.order_by("pk").first()
    assert not old_source.meetings.exists()  # the meeting moved on to the revision

    again = import_report_text(report_text, file_name="r.txt", user=superuser)
    assert again.created == [] and again.unchanged == [old_source.pk]
    assert Meeting.objects.count() == 1


@pytest.mark.django_db
def test_a_deleted_report_twice_in_one_file_comes_back_once(superuser, report_text):
    import_report_text(report_text, user=superuser)
    Meeting.objects.all().delete()
    result = import_report_text(report_text + "\n\n" + report_text, user=superuser)
    assert Meeting.objects.count() == 1
    assert len(result.created) == 1


@pytest.mark.django_db
def test_a_report_unlinked_from_a_meeting_that_still_exists_is_not_imported_again(superuser, report_text):
    first = import_report_text(report_text, user=superuser)
    Meeting.objects.filter(pk__in=first.created).update(source_report=None)
    again = import_report_text(report_text, user=superuser)
    assert again.created == [] and len(again.unchanged) == 1
    assert Meeting.objects.count() == 1
