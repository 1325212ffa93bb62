"""What an import run does when it ends: it says how to publish the drafts it made, and after a
large import on PostgreSQL it refreshes the planner's statistics (ANALYZE)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from minutes.importing import analyze
from minutes.models import Meeting

pytestmark = pytest.mark.django_db


def report(n):
    return f"後勤工作會議紀要{n}\n2024年3月{n}日上午，學校召開後勤工作會議。會議由副校長張國臣主持。\n"


def write_reports(tmp_path, count, name="reports.txt"):
    path = tmp_path / name
    path.write_text("\n".join(report(n + 1) for n in range(count)), encoding="utf-8")
    return path


def run(*args, **options):
    out = io.StringIO()
    call_command("import_reports", *[str(a) for a in args], stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_the_drafts_note_counts_them_and_names_the_publish_action(tmp_path):
    with translation.override("en"):
        out = run(write_reports(tmp_path, 3))
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT).count() == 3
    assert (
        "3 meetings were imported as drafts; readers cannot see them yet. To publish them, tick them in "
        "the admin's meeting list (/admin/minutes/meeting/?status__exact=draft) and run "
        "“Publish selected meetings”" in out
    )
    with translation.override("zh-hans"):
        out = run(write_reports(tmp_path, 3))  # the same reports again: nothing new
    assert "草稿" not in out


@pytest.mark.parametrize("options", [{"dry_run": True}, {"status": "published"}])
def test_no_drafts_note_when_nothing_stays_a_draft(tmp_path, options):
    out = run(write_reports(tmp_path, 2), **options)
    assert "draft" not in out.lower() and "草稿" not in out


def analyze_statements(queries):
    return [q["sql"] for q in queries if q["sql"].upper().startswith("ANALYZE")]


def test_a_large_import_ends_with_analyze_on_postgresql(tmp_path, monkeypatch):
    monkeypatch.setattr(analyze, "ANALYZE_AFTER_REPORTS", 3)
    with CaptureQueriesContext(connection) as ctx:
        out = run(write_reports(tmp_path, 3))
    statements = analyze_statements(ctx.captured_queries)
    if connection.vendor != "postgresql":
        assert statements == [] and "ANALYZE" not in out
        return
    assert len(statements) == 1
    for table in ("minutes_meeting", "minutes_speech", "people_person", "search_searchentry"):
        assert f'"{table}"' in statements[0]
    assert ctx.captured_queries[-1]["sql"] == statements[0]  # the last thing the import does
    assert f"Database statistics updated (ANALYZE) for {len(analyze.FILLED_MODELS)} table(s)." in out


def test_a_small_import_or_a_dry_run_does_not_analyze(tmp_path, monkeypatch):
    monkeypatch.setattr(analyze, "ANALYZE_AFTER_REPORTS", 3)
    with CaptureQueriesContext(connection) as ctx:
        run(write_reports(tmp_path, 2))
        run(write_reports(tmp_path, 4, name="more.txt"), dry_run=True)
    assert analyze_statements(ctx.captured_queries) == []
