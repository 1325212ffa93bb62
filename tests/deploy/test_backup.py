"""Backup and restore: a varied archive survives a round trip with every row, id and link intact."""

import datetime
import gzip
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from simple_history.utils import update_change_reason

from minutes import backup
from minutes.models import Meeting, SourceReport
from orgunits.models import OrgUnit
from search.models import SearchEntry
from tests import factories

BASE_DIR = Path(__file__).resolve().parents[2]

# Installed models a backup leaves out on purpose (see minutes/backup.py's docstring).
NOT_BACKED_UP_APPS = {"contenttypes", "sessions", "axes", "search", "authtoken"}
# The archive revision is derived state (minutes.revision), renewed by a restore.
NOT_BACKED_UP_MODELS = {"auth.permission", "minutes.archiverevision"}


def build_archive(editor) -> dict:
    """Meetings with every kind of child record, an unknown-year meeting, history with reasons."""
    parent = factories.OrgUnitFactory(name="後勤保障部", kind=OrgUnit.Kind.DEPARTMENT)
    office = factories.OrgUnitFactory(name="基建管理處", parent=parent)
    factories.OrgUnitAliasFactory(unit=office, alias="新校區建設辦公室")
    factories.OrgUnitAliasFactory(unit=parent, alias="保障部")
    chair, speaker, appointee = factories.PersonFactory.create_batch(3)
    post = factories.PostFactory(
        person=appointee, title="副處長", unit=office, start_date=datetime.date(2023, 7, 19)
    )
    # A report whose previous revision has a higher id: a forward reference in the file.
    later = factories.SourceReportFactory(text="後勤工作會議紀要（修訂）\n全文……")
    report = factories.SourceReportFactory(
        text="後勤工作會議紀要\n7月19日，學校召開後勤工作會議。張國臣主持。",
        warnings=[{"line": 3, "message": "未能識別的發言人"}],
        imported_by=editor,
    )
    later.previous_revision = report
    later.save()
    report.previous_revision = later  # a cycle staff could create by hand
    report.save()

    meeting = factories.MeetingFactory(
        name="後勤工作會議",
        chair=chair,
        chair_label="張書記",
        organizer=parent,
        source_report=report,
        source_spans={"name": [0, 8], "date": [9, 14]},
        locked_fields=["venue"],
        start_time=datetime.time(14, 30, 15, 123456),
        time_of_day=Meeting.TimeOfDay.AFTERNOON,
        published_by=editor,
        published_at=datetime.datetime(2023, 7, 20, 8, 1, 2, 345678, tzinfo=datetime.UTC),
    )
    factories.AttendanceFactory(meeting=meeting, person=chair, category="chaired", span_start=20, span_end=23)
    factories.AttendanceFactory(meeting=meeting, person=None, group_label="後勤系統各支部書記、主管以上幹部")
    speech = factories.SpeechFactory(meeting=meeting, order=1, person=speaker, speaker_title="處長")
    factories.SpeechFactory(meeting=meeting, order=2, person=None, speaker_label="物業處領導", unit=office)
    factories.DirectiveFactory(meeting=meeting, speech=speech, issuer=speaker, number=1, status="in_progress")
    factories.DirectiveFactory(meeting=meeting, speech=None, issuer=None, issuer_label="", number=None)
    factories.AppointmentFactory(
        meeting=meeting, person=appointee, unit=office, announced_by=chair, post_held=post
    )
    factories.DecisionFactory(meeting=meeting, read_by=speaker, read_by_label="李處長")
    factories.TaskFactory(meeting=meeting, owner_unit=office, due_date=datetime.date(2023, 8, 31))

    undated = factories.MeetingFactory(
        name="學生宿舍維修座談會",
        year=None,
        month=3,
        day=5,
        date_text="3月5日",
        status=Meeting.Status.DRAFT,
        visibility=Meeting.Visibility.INTERNAL,
    )
    # History with who and why.
    meeting.venue = "行政樓會議室"
    meeting._history_user = editor
    meeting.save()
    update_change_reason(meeting, "更正會議地點")
    undated.name = "學生宿舍維修改造座談會"
    undated.save()
    update_change_reason(undated, "補全會議名稱")
    LogEntry.objects.log_actions(
        user_id=editor.pk,
        queryset=[meeting],
        action_flag=ADDITION,
        change_message="[]",
        single_object=True,
    )
    return {"meeting": meeting, "undated": undated}


def snapshot() -> dict:
    """Every row of every backed-up table, field by field, ordered by id; groups by name."""
    tables = {}
    for model in backup.backup_models():
        label = model._meta.label_lower
        if model is Group:
            tables[label] = {
                group.name: sorted(group.permissions.values_list("pk", flat=True))
                for group in Group.objects.all()
            }
            continue
        tables[label] = list(model._base_manager.order_by("pk").values())
    user_model = get_user_model()
    tables["auth.user.groups"] = sorted(
        user_model.groups.through.objects.values_list("user_id", "group__name")
    )
    tables["auth.user.user_permissions"] = sorted(
        user_model.user_permissions.through.objects.values_list("user_id", "permission_id")
    )
    return tables


def assert_same_tables(after: dict, before: dict) -> None:
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], f"{label} differs after the round trip"


@pytest.mark.parametrize("file_name", ["archive.json", "archive.json.gz"])
def test_round_trip_restores_every_row_and_link(db, editor, viewer, tmp_path, file_name):
    built = build_archive(editor)
    before = snapshot()
    assert len(before["minutes.historicalmeeting"]) >= 4
    assert all(
        before[label]
        for label in (
            "minutes.attendance",
            "minutes.speech",
            "minutes.directive",
            "minutes.appointment",
            "minutes.decision",
            "minutes.task",
            "orgunits.orgunitalias",
            "people.post",
            "admin.logentry",
        )
    )
    path = tmp_path / file_name

    written = backup.write_backup(path)
    backup.clear_archive()
    assert backup.archive_row_counts() == {}
    result = backup.restore_backup(path)

    assert_same_tables(snapshot(), before)
    assert result.counts["minutes.meeting"] == written["minutes.meeting"] == 2
    meeting = Meeting.objects.for_detail().get(pk=built["meeting"].pk)
    assert meeting.source_report.text.startswith("後勤工作會議紀要\n7月19日")
    assert meeting.source_report.previous_revision.previous_revision == meeting.source_report
    assert [s.speaker_display for s in meeting.speeches.all()] == [
        built["meeting"].speeches.first().person.name,
        "物業處領導",
    ]
    assert meeting.start_time == datetime.time(14, 30, 15, 123456)
    undated = Meeting.objects.get(pk=built["undated"].pk)
    assert (undated.year, undated.month, undated.day, undated.date) == (None, 3, 5, None)
    assert undated.year_source == Meeting.YearSource.UNKNOWN
    reasons = set(Meeting.history.values_list("history_change_reason", flat=True))
    assert {"更正會議地點", "補全會議名稱"} <= reasons
    assert Meeting.history.filter(history_change_reason="更正會議地點").get().history_user == editor
    assert set(get_user_model().objects.get(username="viewer").groups.values_list("name", flat=True)) == {
        "viewers"
    }
    if file_name.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            assert handle.readline().startswith('{"format": "minutes-archive", "version": 1')


def test_sequences_continue_after_the_restored_ids(db, editor, tmp_path):
    build_archive(editor)
    highest = Meeting.objects.order_by("-pk").values_list("pk", flat=True).first()
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    backup.clear_archive()
    backup.reset_sequences()  # on empty tables: back to 1, as in a freshly created database
    backup.restore_backup(path)

    new = factories.MeetingFactory(name="恢復後新增的會議")
    assert new.pk > highest
    assert new.history.count() == 1


def test_backup_file_is_one_valid_json_document_with_counts(db, editor, tmp_path):
    build_archive(editor)
    path = tmp_path / "archive.json"
    backup.write_backup(path)

    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "minutes-archive" and document["version"] == 1
    assert document["counts"]["minutes.sourcereport"] == SourceReport.objects.count() == 2
    assert len(document["objects"]) == sum(document["counts"].values())
    labels = {obj["model"] for obj in document["objects"]}
    assert {"auth.user", "auth.group", "minutes.historicalmeeting", "people.personpinyinkey"} <= labels
    assert not labels & {
        "sessions.session",
        "axes.accessattempt",
        "auth.permission",
        "contenttypes.contenttype",
    }
    # Microseconds are kept: Django's JSON encoder would round them to milliseconds.
    meeting = next(
        o for o in document["objects"] if o["model"] == "minutes.meeting" and o["fields"]["start_time"]
    )
    assert meeting["fields"]["start_time"] == "14:30:15.123456"


def test_pretty_printed_backup_still_restores(db, editor, tmp_path):
    build_archive(editor)
    before = snapshot()
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    pretty = tmp_path / "pretty.json"
    pretty.write_text(json.dumps(json.loads(path.read_text("utf-8")), indent=2, ensure_ascii=False), "utf-8")
    backup.clear_archive()

    backup.restore_backup(pretty)

    assert_same_tables(snapshot(), before)


def test_every_installed_model_is_backed_up_or_deliberately_left_out():
    included = {model._meta.label_lower for model in backup.backup_models()}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in NOT_BACKED_UP_APPS or label in NOT_BACKED_UP_MODELS:
            assert label not in included
        else:
            assert label in included, f"{label} is neither backed up nor listed as left out"


def test_restore_refuses_a_database_that_is_not_empty(db, editor, tmp_path):
    build_archive(editor)
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    Meeting.objects.filter(name="後勤工作會議").update(venue="改過的地點")
    before = snapshot()

    with pytest.raises(
        CommandError, match=r"The target database is not empty \(.*2 minutes\.meeting.*--force"
    ):
        call_command("restore_archive", str(path), verbosity=0)

    assert_same_tables(snapshot(), before)


def test_force_replaces_what_is_there(db, editor, tmp_path):
    build_archive(editor)
    backed_up = snapshot()
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    factories.MeetingFactory(name="備份之後才錄入的會議")
    factories.UserFactory(username="latecomer")

    call_command("restore_archive", str(path), "--force", verbosity=0)

    assert_same_tables(snapshot(), backed_up)
    assert not Meeting.objects.filter(name="備份之後才錄入的會議").exists()


def test_truncated_file_is_refused_and_nothing_is_written(db, editor, tmp_path):
    build_archive(editor)
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: len(lines) // 2]), "utf-8")
    backup.clear_archive()

    with pytest.raises(backup.BackupError, match="truncated"):
        backup.restore_backup(path)

    assert backup.archive_row_counts() == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": 2}, "version 2 is not supported"),
        ({"format": "something-else"}, "Not a minutes-archive backup"),
        (
            {"migrations": {"minutes": ["9999_from_the_future"]}},
            "newer database schema.*minutes.9999_from_the_future",
        ),
    ],
)
def test_incompatible_backups_are_refused(db, tmp_path, change, message):
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    document = json.loads(path.read_text("utf-8"))
    document.update(change)
    path.write_text(json.dumps(document), "utf-8")

    with pytest.raises(backup.BackupError, match=message):
        backup.restore_backup(path)


def test_restore_reports_what_happened_to_the_search_index(db, editor, tmp_path):
    build_archive(editor)
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    backup.clear_archive()

    assert not SearchEntry.objects.exists()

    result = backup.restore_backup(path)

    assert result.search_index.startswith("rebuilt")
    meeting = Meeting.objects.get(name="後勤工作會議")
    assert SearchEntry.objects.filter(meeting=meeting, kind=SearchEntry.Kind.MEETING).exists()


def test_commands_print_progress_to_stderr(db, editor, tmp_path, capsys):
    build_archive(editor)
    path = tmp_path / "archive.json.gz"
    call_command("backup_archive", str(path))
    out = capsys.readouterr()
    assert "minutes.meeting: 2" in out.err
    assert f"to {path}" in out.out


# --- a really empty database, in another process ----------------------------------------------


# Where the backup travels, one fresh database after the other, each in another process: a
# SQLite run only through SQLite files, so it never needs (or touches) a PostgreSQL server; a
# PostgreSQL run from PostgreSQL into SQLite and back into PostgreSQL (both directions across
# engines), and into PostgreSQL directly, on the suite's own server, failing (not skipping)
# without one.
SUITE_ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
RESTORE_ROUTES = [("sqlite", "postgresql"), ("postgresql",)] if SUITE_ON_POSTGRESQL else [("sqlite",)]


def _fresh_database_url(vendor: str, tmp_path: Path):
    """A new, empty database of ``vendor`` and a function that drops it; PostgreSQL on the server
    the suite runs against."""
    if vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}", lambda: None
    import psycopg

    db = connection.settings_dict
    server = {"host": db["HOST"] or "127.0.0.1", "port": int(db["PORT"] or 5432), "user": db["USER"]}
    name = f"minutes_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}", drop


def _manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MINUTES_ENV": "development"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.parametrize("route", RESTORE_ROUTES, ids="-".join)
def test_restore_into_a_freshly_migrated_database_in_another_process(db, editor, tmp_path, route):
    """Each hop restores the previous backup, refuses a second restore, and backs up again: every
    backup holds the same objects as the first."""
    build_archive(editor)
    first = tmp_path / "0.json"
    backup.write_backup(first)
    one = json.loads(first.read_text("utf-8"))
    previous = first
    for hop, target in enumerate(route, 1):
        folder = tmp_path / str(hop)
        folder.mkdir()
        url, drop = _fresh_database_url(target, folder)
        try:
            assert _manage(url, "migrate", "--noinput", "-v0").returncode == 0
            restored = _manage(url, "restore_archive", str(previous))
            assert restored.returncode == 0, restored.stderr
            assert "Restored" in restored.stdout
            again = _manage(url, "restore_archive", str(previous))
            assert again.returncode != 0 and "not empty" in again.stderr
            previous = tmp_path / f"{hop}.json"
            assert _manage(url, "backup_archive", str(previous), "-v0").returncode == 0
        finally:
            drop()
        two = json.loads(previous.read_text("utf-8"))
        assert two["database_vendor"] == target
        assert two["counts"] == one["counts"]
        assert two["objects"] == one["objects"]
