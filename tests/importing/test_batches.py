"""Import batches: every admin upload is recorded; a large one is queued and run outside the request."""

import os
import stat
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from benchmarks.management.commands.bench_import import _Generator
from minutes import import_batches
from minutes.models import ImportBatch, Meeting


def reports(n: int, seed: int = 7) -> str:
    generator = _Generator(seed)
    return "\n\n".join(generator.report(k + 1) for k in range(n)) + "\n"


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def popen():
    with mock.patch("minutes.import_batches.subprocess.Popen") as fake:
        yield fake


def upload(client, text: str, name: str = "報道.txt"):
    return client.post(
        reverse("admin:minutes_meeting_from_text"), {"file": SimpleUploadedFile(name, text.encode("utf-8"))}
    )


# --- small uploads: in the request, recorded ------------------------------------------------------


@pytest.mark.django_db
def test_a_small_upload_is_imported_at_once_and_linked_by_its_batch(client, editor, var_dir, popen):
    client.force_login(editor)
    response = upload(client, reports(3))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    # A short link to the batch instead of every meeting id.
    assert response["Location"] == reverse("admin:minutes_meeting_changelist") + f"?import_batch={batch.pk}"
    assert (batch.state, batch.user, batch.file_name) == ("done", editor, "報道.txt")
    assert (batch.reports_total, batch.reports_done, batch.written, batch.unchanged, batch.failed) == (
        3,
        3,
        3,
        0,
        0,
    )
    assert set(batch.meetings.values_list("pk", flat=True)) == set(
        Meeting.objects.values_list("pk", flat=True)
    )
    popen.assert_not_called()

    listed = client.get(response["Location"])
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 3


@pytest.mark.django_db
def test_the_batch_filter_lists_only_that_batchs_meetings(client, editor, var_dir):
    client.force_login(editor)
    upload(client, reports(2, seed=1), "a.txt")
    upload(client, reports(3, seed=2), "b.txt")
    first, second = ImportBatch.objects.order_by("pk")
    url = reverse("admin:minutes_meeting_changelist")
    assert client.get(f"{url}?import_batch={first.pk}").context["cl"].result_count == 2
    assert client.get(f"{url}?import_batch={second.pk}").context["cl"].result_count == 3
    for bad in ("999999", "x", "²", "9" * 40):
        response = client.get(url, {"import_batch": bad})
        assert response.status_code == 200
        assert response.context["cl"].result_count == 0


@pytest.mark.django_db
def test_a_failed_small_upload_is_recorded_as_failed(client, editor, var_dir):
    client.force_login(editor)
    response = client.post(
        reverse("admin:minutes_meeting_from_text"), {"text": "隨便寫點什麼\n今天天氣很好。"}
    )
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert batch.state == "failed"
    assert "no meeting report recognised" in batch.messages


# --- large uploads: queued, run by the command ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_queued_and_the_command_started(client, editor, var_dir, popen):
    client.force_login(editor)
    response = upload(client, reports(import_batches.BACKGROUND_REPORTS + 1))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:minutes_importbatch_progress", args=[batch.pk])
    assert batch.state == "queued"
    assert not Meeting.objects.exists()  # nothing imported while the request waited

    popen.assert_called_once()
    args, kwargs = popen.call_args
    assert args[0][-2:] == ["run_import_batch", str(batch.pk)]
    assert args[0][1].endswith("manage.py")
    assert kwargs["start_new_session"] is True
    log = var_dir / "log" / f"import-batch-{batch.pk}.log"
    assert log.exists() and stat.S_IMODE(log.stat().st_mode) == 0o600
    saved = var_dir / "uploads" / f"batch-{batch.pk}.upload"
    assert batch.upload_path == str(saved)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600

    page = client.get(response["Location"])
    body = page.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body
    assert "排隊中" in body


@pytest.mark.django_db
def test_an_upload_over_a_megabyte_is_queued_whatever_its_count(client, editor, var_dir, popen):
    client.force_login(editor)
    text = reports(1) + "\n" + "後勤保障部召開工作會議。" * (import_batches.BACKGROUND_BYTES // 30)
    upload(client, text)
    assert ImportBatch.objects.get().state == "queued"


@pytest.mark.django_db
def test_run_batch_imports_in_chunks_and_counts_as_it_goes(editor, var_dir, monkeypatch):
    monkeypatch.setattr(import_batches, "CHUNK_REPORTS", 10)
    text = reports(25)
    batch = import_batches.queue_upload(
        user=editor, file_name="大批.txt", data=text.encode("utf-8"), launch=False
    )
    seen = []
    real_save = ImportBatch.save

    def watching_save(self, *args, **kwargs):
        seen.append((self.state, self.reports_done))
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(ImportBatch, "save", watching_save)
    done = import_batches.run_batch(batch.pk)
    assert (done.state, done.reports_total, done.reports_done, done.written, done.failed) == (
        "done",
        25,
        25,
        25,
        0,
    )
    assert ("running", 10) in seen and ("running", 20) in seen
    assert done.meetings.count() == 25 == Meeting.objects.filter(status="draft").count()
    assert not os.path.exists(var_dir / "uploads" / f"batch-{batch.pk}.upload")
    assert done.upload_path == ""
    assert done.finished_at is not None

    # A second start of the same batch does nothing.
    assert import_batches.run_batch(batch.pk).written == 25
    assert Meeting.objects.count() == 25


@pytest.mark.django_db
def test_the_same_file_again_is_counted_unchanged(editor, var_dir):
    data = reports(22).encode("utf-8")
    first = import_batches.queue_upload(user=editor, file_name="x.txt", data=data, launch=False)
    import_batches.run_batch(first.pk)
    again = import_batches.queue_upload(user=editor, file_name="x.txt", data=data, launch=False)
    again = import_batches.run_batch(again.pk)
    assert (again.state, again.written, again.unchanged) == ("done", 0, 22)
    assert again.meetings.count() == 22


@pytest.mark.django_db
def test_an_unreadable_upload_fails_the_batch_with_a_message(editor, var_dir):
    batch = import_batches.queue_upload(
        user=editor, file_name="bad.txt", data=b"\x00\x01\x02" * 100, launch=False
    )
    batch = import_batches.run_batch(batch.pk)
    assert batch.state == "failed"
    assert batch.messages
    assert batch.finished_at is not None


@pytest.mark.django_db
def test_the_command_runs_the_batch(editor, var_dir, capsys):
    batch = import_batches.queue_upload(
        user=editor, file_name="c.txt", data=reports(2).encode(), launch=False
    )
    call_command("run_import_batch", str(batch.pk))
    assert "done" in capsys.readouterr().out
    assert ImportBatch.objects.get().written == 2


@pytest.mark.django_db
def test_the_progress_page_when_done_links_to_the_meetings_and_stops_refreshing(client, editor, var_dir):
    batch = import_batches.queue_upload(
        user=editor, file_name="d.txt", data=reports(2).encode(), launch=False
    )
    import_batches.run_batch(batch.pk)
    client.force_login(editor)
    body = client.get(reverse("admin:minutes_importbatch_progress", args=[batch.pk])).content.decode()
    assert 'http-equiv="refresh"' not in body
    assert f"?import_batch={batch.pk}" in body
    assert "已處理 2／2 篇報道" in body


# --- the batch admin: read-only, each staff member's own ---------------------------------------------


@pytest.mark.django_db
def test_staff_see_their_own_batches_read_only(client, editor, viewer, superuser, var_dir):
    mine = import_batches.queue_upload(user=editor, file_name="mine.txt", data=b"x", launch=False)
    theirs = import_batches.queue_upload(user=superuser, file_name="theirs.txt", data=b"x", launch=False)
    client.force_login(editor)
    listing = client.get(reverse("admin:minutes_importbatch_changelist")).content.decode()
    assert "mine.txt" in listing and "theirs.txt" not in listing
    assert client.get(reverse("admin:minutes_importbatch_change", args=[mine.pk])).status_code == 200
    assert client.get(reverse("admin:minutes_importbatch_change", args=[theirs.pk])).status_code == 302
    assert client.get(reverse("admin:minutes_importbatch_progress", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:minutes_importbatch_add")).status_code == 403
    change = client.post(reverse("admin:minutes_importbatch_change", args=[mine.pk]), {"file_name": "x"})
    assert change.status_code == 403
    assert ImportBatch.objects.get(pk=mine.pk).file_name == "mine.txt"
    client.force_login(superuser)
    listing = client.get(reverse("admin:minutes_importbatch_changelist")).content.decode()
    assert "mine.txt" in listing and "theirs.txt" in listing


@pytest.mark.django_db
def test_the_progress_page_of_a_running_batch_counts_reports(client, editor, var_dir):
    batch = ImportBatch.objects.create(user=editor, file_name="e.txt", state="running")
    client.force_login(editor)
    url = reverse("admin:minutes_importbatch_progress", args=[batch.pk])
    body = client.get(url).content.decode()
    assert "正在讀取並解析檔案" in body and 'http-equiv="refresh"' in body
    ImportBatch.objects.filter(pk=batch.pk).update(
        reports_total=120, reports_done=50, written=48, unchanged=2
    )
    body = client.get(url).content.decode()
    assert "已處理 50／120 篇報道" in body
    assert '<progress max="120" value="50">' in body
    assert f"?import_batch={batch.pk}" not in body  # the meetings link comes when the batch is done
