"""The staff workflow: report text → draft, publish/withdraw with roles, exports, duplicates."""

import csv
import io
import json

import docx
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from minutes import workflow
from minutes.models import Meeting
from minutes.parsing import parse_text
from tests import factories


@pytest.fixture(scope="module")
def first_report_text():
    seed = settings.MINUTES_SEED_REPORTS.read_text(encoding="utf-8")
    return parse_text(seed, "seed-reports.txt").reports[0].text


def changelist_action(client, action, meetings, **extra):
    data = {"action": action, "_selected_action": [m.pk for m in meetings], "index": 0, **extra}
    return client.post(reverse("admin:minutes_meeting_changelist"), data, follow=True)


# --- from text to a draft -------------------------------------------------------------------------


@pytest.mark.django_db
def test_pasted_report_becomes_a_draft_with_everything_filled_in(client, editor, first_report_text):
    client.force_login(editor)
    response = client.post(reverse("admin:minutes_meeting_from_text"), {"text": first_report_text})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("admin:minutes_meeting_change", args=[meeting.pk])
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.name == "後勤幹部大會"
    assert (meeting.year, meeting.month, meeting.day) == (2023, 1, 14)
    assert meeting.venue == "科學館207"
    assert meeting.chair.name == "趙軍武"
    assert meeting.speeches.count() >= 8
    assert meeting.directives.exists()
    assert meeting.decisions.exists()
    assert meeting.attendances.filter(person__name="張邁曾").exists()
    assert meeting.speeches.filter(span_start__isnull=False).count() == meeting.speeches.count()

    page = client.get(response["Location"])
    body = page.content.decode()
    speech = meeting.speeches.first()
    assert f'id="span-speech-{speech.pk}"' in body
    assert f'href="#span-speech-{speech.pk}"' in body
    assert not Meeting.objects.visible_to(None).exists()  # nothing public before publishing


@pytest.mark.django_db
def test_parser_warnings_become_admin_messages(client, editor, first_report_text):
    client.force_login(editor)
    # No date in the text: the draft is still made, and the parser says what it could not find.
    text = first_report_text.replace("1月14日下午,", "")
    expected = parse_text(text, "pasted.txt").warnings
    assert expected
    response = client.post(reverse("admin:minutes_meeting_from_text"), {"text": text}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert all(any(w in s for s in shown) for w in expected), (expected, shown)
    assert Meeting.objects.get().status == Meeting.Status.DRAFT


@pytest.mark.django_db
def test_text_with_no_meeting_in_it_is_refused_with_the_reasons(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:minutes_meeting_from_text"), {"text": "隨便寫點什麼\n今天天氣很好。"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "no meeting report recognised" in body
    assert "沒有可辨識的內容" in body
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_docx_upload_becomes_a_draft(client, editor, first_report_text, tmp_path):
    document = docx.Document()
    for line in first_report_text.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "報道.docx"
    document.save(path)
    client.force_login(editor)
    upload = SimpleUploadedFile("報道.docx", path.read_bytes())
    response = client.post(reverse("admin:minutes_meeting_from_text"), {"file": upload})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.name == "後勤幹部大會"
    assert meeting.source_report.file_name == "報道.docx"
    assert meeting.speeches.count() >= 8


@pytest.mark.django_db
def test_import_form_needs_text_or_file_and_refuses_other_files(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:minutes_meeting_from_text"), {"text": "  "})
    assert response.status_code == 200
    assert "請貼上報道文字或上傳檔案" in response.content.decode()
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4")
    response = client.post(reverse("admin:minutes_meeting_from_text"), {"file": upload})
    assert "只接受 .txt 或 .docx 檔案" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_the_same_report_twice_opens_the_existing_meeting(client, editor, first_report_text):
    client.force_login(editor)
    client.post(reverse("admin:minutes_meeting_from_text"), {"text": first_report_text})
    response = client.post(reverse("admin:minutes_meeting_from_text"), {"text": first_report_text})
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("admin:minutes_meeting_change", args=[meeting.pk])


@pytest.mark.django_db
def test_changelist_links_to_the_text_import(client, editor, viewer):
    client.force_login(editor)
    link = reverse("admin:minutes_meeting_from_text")
    assert link in client.get(reverse("admin:minutes_meeting_changelist")).content.decode()
    client.force_login(viewer)
    assert link not in client.get(reverse("admin:minutes_meeting_changelist")).content.decode()


# --- publishing --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_publishes_and_who_and_when_are_recorded(client, editor):
    drafts = factories.MeetingFactory.create_batch(2, status=Meeting.Status.DRAFT)
    client.force_login(editor)
    response = changelist_action(client, "publish_selected", drafts)
    assert response.status_code == 200
    for meeting in drafts:
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PUBLISHED
        assert meeting.published_by == editor
        assert meeting.published_at is not None
        assert meeting.history.latest().history_user == editor
    assert set(Meeting.objects.visible_to(None)) == set(drafts)


@pytest.mark.django_db
def test_viewer_and_anonymous_cannot_publish(client, viewer):
    draft = factories.MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(viewer)
    response = changelist_action(client, "publish_selected", [draft])
    assert response.status_code == 200
    client.logout()
    response = changelist_action(client, "publish_selected", [draft])
    assert reverse("admin:login") in response.redirect_chain[-1][0]
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.DRAFT
    with pytest.raises(PermissionDenied):
        workflow.publish_meetings(meetings=[draft], user=viewer)


@pytest.mark.django_db
def test_staff_without_publish_permission_cannot_publish_through_the_form(client):
    from django.contrib.auth.models import Permission

    clerk = factories.StaffFactory(username="clerk")
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["change_meeting", "view_meeting"]))
    draft = factories.MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(clerk)
    from tests.admin.test_history import meeting_form_data

    response = client.post(
        reverse("admin:minutes_meeting_change", args=[draft.pk]),
        meeting_form_data(draft, status=Meeting.Status.PUBLISHED),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.DRAFT  # the status field is disabled for them


@pytest.mark.django_db
def test_withdraw_needs_a_reason_and_records_it(client, editor):
    published = factories.MeetingFactory(status=Meeting.Status.PUBLISHED)
    client.force_login(editor)
    response = changelist_action(client, "withdraw_selected", [published])
    assert "撤回會議必須填寫原因" in response.content.decode()
    published.refresh_from_db()
    assert published.status == Meeting.Status.PUBLISHED

    changelist_action(client, "withdraw_selected", [published], reason="日期有誤，待核")
    published.refresh_from_db()
    assert published.status == Meeting.Status.WITHDRAWN
    record = published.history.latest()
    assert record.history_change_reason == "撤回：日期有誤，待核"
    assert record.history_user == editor
    assert not Meeting.objects.visible_to(editor).filter(pk=published.pk).exists()


# --- exports -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_csv_of_selected_meetings(client, editor):
    chair = factories.PersonFactory(name="趙軍武")
    meeting = factories.MeetingFactory(name="後勤幹部大會", chair=chair, year=None, month=1, day=14)
    factories.AttendanceFactory(meeting=meeting, person=factories.PersonFactory(name="張邁曾"))
    factories.SpeechFactory(meeting=meeting, order=1)
    factories.MeetingFactory(name="不匯出的會議")
    client.force_login(editor)
    response = client.post(
        reverse("admin:minutes_meeting_changelist"),
        {"action": "export_csv", "_selected_action": [meeting.pk], "index": 0},
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["name"] == "後勤幹部大會"
    assert rows[0]["date"] == "'--01-14"  # guarded: Excel reads --01-14 as a formula
    assert rows[0]["chair"] == "趙軍武"
    assert rows[0]["attendees"] == "張邁曾"
    assert rows[0]["speeches"] == "1"


@pytest.mark.django_db
def test_export_json_is_the_extraction_format_built_from_records(client, editor, first_report_text):
    client.force_login(editor)
    client.post(reverse("admin:minutes_meeting_from_text"), {"text": first_report_text})
    meeting = Meeting.objects.get()
    meeting.venue = "科學館208"  # a staff correction shows in the export
    meeting.save()
    response = client.post(
        reverse("admin:minutes_meeting_changelist"),
        {"action": "export_json", "_selected_action": [meeting.pk], "index": 0},
    )
    document = json.loads(response.content)
    assert document["format"] == "minutes-extraction/1"
    (report,) = document["reports"]
    assert report["source"]["index"] == 1
    assert report["meeting"]["name"] == "後勤幹部大會"
    assert report["meeting"]["date"] == "2023-01-14"
    assert report["meeting"]["year_inferred"] is True
    assert report["meeting"]["venue"] == "科學館208"
    assert report["meeting"]["chair"] == "趙軍武"
    assert len(report["speeches"]) == meeting.speeches.count()
    assert {"speaker", "speaker_unit", "kind", "text"} <= set(report["speeches"][0])
    assert "張邁曾" in report["attendees"]
    assert any(d["title"].startswith("學校關於成立後勤保障部") for d in report["decisions"])


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_meetings(client, editor, django_assert_max_num_queries):
    client.force_login(editor)

    def export(meetings):
        return client.post(
            reverse("admin:minutes_meeting_changelist"),
            {"action": "export_json", "_selected_action": [m.pk for m in meetings], "index": 0},
        )

    few = factories.MeetingFactory.create_batch(2)
    for m in few:
        factories.SpeechFactory(meeting=m, order=1)
    with django_assert_max_num_queries(30) as small:
        export(few)
    many = factories.MeetingFactory.create_batch(10)
    for m in many:
        factories.SpeechFactory(meeting=m, order=1)
        factories.TaskFactory(meeting=m)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(json.loads(export(few + many).content)["reports"]) == 12


# --- possible duplicates -----------------------------------------------------------------------


@pytest.mark.django_db
def test_same_day_and_chair_is_flagged_on_save_and_in_the_list(client, editor):
    chair = factories.PersonFactory(name="趙軍武")
    existing = factories.MeetingFactory(name="後勤幹部大會", chair=chair, year=2023, month=1, day=14)
    unrelated = factories.MeetingFactory(name="別的會", year=2023, month=1, day=14)
    client.force_login(editor)
    from tests.admin.test_history import meeting_form_data

    data = meeting_form_data(existing, name="後勤幹部會議", status=Meeting.Status.DRAFT, chair=chair.pk)
    response = client.post(reverse("admin:minutes_meeting_add"), data, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("可能重複" in m and str(existing) in m for m in messages), messages
    assert Meeting.objects.count() == 3  # a warning, not a block

    listing = client.get(reverse("admin:minutes_meeting_changelist"))
    flags = {m.pk: m.possible_duplicate for m in listing.context["cl"].result_list}
    new = Meeting.objects.get(name="後勤幹部會議")
    assert flags[existing.pk] and flags[new.pk]
    assert not flags[unrelated.pk]


@pytest.mark.django_db
def test_shared_attendee_on_a_day_with_unknown_year_is_a_possible_duplicate():
    person = factories.PersonFactory()
    a = factories.MeetingFactory(year=None, month=7, day=19)
    b = factories.MeetingFactory(year=2023, month=7, day=19)
    c = factories.MeetingFactory(year=2023, month=7, day=20)
    for m in (a, b, c):
        factories.AttendanceFactory(meeting=m, person=person)
    assert workflow.possible_duplicates(a) == [b]
    assert workflow.possible_duplicates(b) == [a]
    flags = dict(workflow.with_duplicate_flag(Meeting.objects.all()).values_list("pk", "possible_duplicate"))
    assert flags == {a.pk: True, b.pk: True, c.pk: False}


@pytest.mark.django_db
def test_near_identical_source_text_is_a_possible_duplicate(first_report_text):
    original = factories.MeetingFactory(
        source_report=factories.SourceReportFactory(text=first_report_text), year=2023, month=1, day=14
    )
    retyped = first_report_text.replace("，", ",").replace("科學館", "科学馆") + "\n（完）"
    copy = factories.MeetingFactory(
        source_report=factories.SourceReportFactory(text=retyped), year=None, month=3, day=1
    )
    other = factories.MeetingFactory(
        source_report=factories.SourceReportFactory(text="物業處工作會議\n" * 50)
    )
    assert workflow.possible_duplicates(copy) == [original]
    assert workflow.possible_duplicates(other) == []


# --- follow-up ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_marks_directives_done_with_a_note(client, editor):
    directives = factories.DirectiveFactory.create_batch(2)
    client.force_login(editor)
    response = client.post(
        reverse("admin:minutes_directive_changelist"),
        {
            "action": "mark_done",
            "_selected_action": [d.pk for d in directives],
            "index": 0,
            "note": "已於8月完成",
        },
        follow=True,
    )
    assert response.status_code == 200
    for d in directives:
        d.refresh_from_db()
        assert (d.status, d.status_note) == ("done", "已於8月完成")
        assert d.history.latest().history_user == editor
    open_list = client.get(reverse("admin:minutes_directive_changelist"), {"status__exact": "open"})
    assert list(open_list.context["cl"].result_list) == []


@pytest.mark.django_db
def test_task_status_is_editable_in_the_list(client, editor):
    task = factories.TaskFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:minutes_task_changelist"),
        {
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": task.pk,
            "form-0-status": "in_progress",
            "_save": "保存",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress"


@pytest.mark.django_db
def test_viewer_cannot_mark_follow_up(client, viewer):
    directive = factories.DirectiveFactory()
    client.force_login(viewer)
    client.post(
        reverse("admin:minutes_directive_changelist"),
        {"action": "mark_done", "_selected_action": [directive.pk], "index": 0},
    )
    directive.refresh_from_db()
    assert directive.status == "open"
