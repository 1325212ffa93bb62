"""``manage.py import_reports``: files and folders through the real parser, bad input, json output."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from minutes.models import Meeting, SourceReport, Speech
from people.models import Person

pytestmark = pytest.mark.django_db

REPORT_SIMPLIFIED = (
    "后勤工作推进会纪要\n"
    "2024年3月5日上午，学校在行政楼301召开后勤工作推进会。会议由副校长张国臣主持。"
    "物业处处长王建明汇报了工作。张国臣指出，一是要抓好安全；二是要做好服务。\n"
)
REPORT_TRADITIONAL = (
    "後勤幹部座談會紀要\n"
    "2024年4月2日下午，學校在科學館207召開後勤幹部座談會。會議由副校長張國臣主持。"
    "膳食科科長李志偉匯報了工作。張國臣指出，一是要抓好食品安全；二是要做好師生服務。\n"
)


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_reports", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_reports", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return str(excinfo.value), out.getvalue(), err.getvalue()


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_a_file_is_imported_and_summarised(tmp_path):
    path = write(tmp_path / "report.txt", REPORT_SIMPLIFIED)

    with translation.override("zh-hant"):
        out, _err = run(path)

    assert out.splitlines() == [
        "1 file(s), 1 report(s): 1 meeting(s) created, 0 unchanged, 0 revised; 2 people created, "
        "1 unit(s) created, 0 warning(s), 0 file(s) failed.",
        "1 次會議以草稿匯入，讀者還看不到。發佈：在管理後台的會議列表（/admin/minutes/meeting/?status__exact=draft）"
        "勾選它們，執行「發佈所選的會議」（須有發佈權限）。",
        # The speaker and the unit were new to the archive: the importer created them.
        "1 次會議有匯入時推定的內容，需要核對：管理後台的會議列表（/admin/minutes/meeting/?review=yes）"
        "逐一打開，核對後儲存。",
    ]
    meeting = Meeting.objects.get()
    assert (meeting.name, meeting.status, meeting.chair.name) == ("后勤工作推进会", "draft", "张国臣")


def test_importing_the_same_file_again_says_unchanged(tmp_path, django_assert_max_num_queries):
    path = write(tmp_path / "report.txt", REPORT_SIMPLIFIED + "\n" + REPORT_TRADITIONAL)
    run(path)
    rows = (Meeting.objects.count(), Person.objects.count(), Speech.objects.count())

    with django_assert_max_num_queries(4):
        out, _err = run(path)

    assert "0 meeting(s) created, 2 unchanged, 0 revised; 0 people created" in out
    assert (Meeting.objects.count(), Person.objects.count(), Speech.objects.count()) == rows


def test_people_are_one_across_scripts_and_files(tmp_path):
    run(write(tmp_path / "a.txt", REPORT_SIMPLIFIED), write(tmp_path / "b.txt", REPORT_TRADITIONAL))

    assert Person.objects.with_name("張國臣").count() == 1
    assert Meeting.objects.filter(chair__name="张国臣").count() == 2


@pytest.mark.parametrize(("encoding", "text"), [("gb18030", REPORT_SIMPLIFIED), ("big5", REPORT_TRADITIONAL)])
def test_gb18030_and_big5_files(tmp_path, encoding, text):
    run(write(tmp_path / f"{encoding}.txt", text, encoding))

    report = SourceReport.objects.get()
    assert report.encoding == encoding
    assert report.text == text.rstrip("\n")
    meeting = report.meetings.get()
    assert meeting.chair.name in ("张国臣", "張國臣")
    start, end = meeting.source_spans["venue"]
    assert report.text[start:end] == meeting.venue


def test_spans_of_parsed_records_point_into_the_report(tmp_path):
    run(write(tmp_path / "a.txt", REPORT_TRADITIONAL))

    meeting = Meeting.objects.get()
    text = meeting.source_report.text
    speech = meeting.speeches.get(person__name="張國臣")
    assert (
        "張國臣" in text[speech.span_start - 10 : speech.span_end]
        or speech.speaker_label in speech.source_excerpt()
    )
    for directive in meeting.directives.all():
        assert directive.text.rstrip("。") in directive.source_excerpt()


def test_a_dry_run_writes_nothing(tmp_path):
    out, _err = run(write(tmp_path / "a.txt", REPORT_SIMPLIFIED), dry_run=True)

    assert out.startswith("Dry run (nothing written): 1 file(s), 1 report(s): 1 meeting(s) created")
    assert not Meeting.objects.exists() and not Person.objects.exists() and not SourceReport.objects.exists()


def test_dry_run_json_prints_only_the_extraction_document(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.txt", REPORT_SIMPLIFIED)
    write(folder / "b.txt", REPORT_TRADITIONAL, "big5")

    call_command("import_reports", str(folder), dry_run=True, format="json", verbosity=2)

    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["format"] == "minutes-extraction/1"
    assert [(r["source"]["file"], r["meeting"]["name"]) for r in document["reports"]] == [
        ("a.txt", "后勤工作推进会"),
        ("b.txt", "後勤幹部座談會"),
    ]
    assert captured.err.splitlines()[:2] == ["[1/2] a.txt", "[2/2] b.txt"]
    assert "Dry run (nothing written): 2 file(s), 2 report(s)" in captured.err
    assert not Meeting.objects.exists()


# ---- bad input: every message names the file (and line)


def test_an_empty_file(tmp_path):
    message, _out, err = run_failing(write(tmp_path / "empty.txt", "\n  \n"))

    assert message == "Nothing could be read: empty.txt, line 1: file is empty"
    assert err.splitlines() == ["Failed:", "  empty.txt, line 1: file is empty"]


def test_a_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    message, _out, _err = run_failing(path)

    assert message == (
        "Nothing could be read: photo.txt, line 3: binary file (contains NUL bytes); expected a text report"
    )


def test_undecodable_bytes(tmp_path):
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)

    message, _out, _err = run_failing(path)

    assert message == (
        "Nothing could be read: garbled.txt, line 1: cannot decode the file as UTF-8, GB18030 or Big5 "
        "(first bad byte at offset 0)"
    )


def test_a_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(REPORT_SIMPLIFIED.encode() * (10 * 1024 * 1024 // len(REPORT_SIMPLIFIED.encode()) + 1))
    size = path.stat().st_size

    message, _out, _err = run_failing(path)

    assert (
        message == f"Nothing could be read: huge.txt: file is larger than 10 MB ({size} bytes); not imported"
    )
    assert not SourceReport.objects.exists()


def test_the_size_limit_comes_from_the_settings(tmp_path, settings):
    settings.MINUTES_MAX_REPORT_BYTES = 200
    path = write(tmp_path / "big.txt", REPORT_SIMPLIFIED)

    message, _out, _err = run_failing(path)

    assert (
        message == "Nothing could be read: big.txt: file is larger than 200 bytes (248 bytes); not imported"
    )


def test_a_folder_with_no_reports(tmp_path):
    folder = tmp_path / "empty-folder"
    folder.mkdir()
    (folder / ".hidden.txt").write_text(REPORT_SIMPLIFIED)

    message, _out, _err = run_failing(folder)

    assert message == f"Nothing could be read: {folder}: folder contains no report files"


def test_a_path_that_does_not_exist(tmp_path):
    message, _out, _err = run_failing(tmp_path / "missing.txt")

    assert message == f"Nothing could be read: {tmp_path / 'missing.txt'}: no such file or folder"


def test_a_report_with_nothing_recognisable(tmp_path):
    message, _out, _err = run_failing(write(tmp_path / "note.txt", "hello world, nothing to see here\n"))

    assert message == (
        "Nothing could be read: note.txt, line 1: no meeting report recognised "
        "(no meeting name, date, people or speeches found)"
    )
    assert not SourceReport.objects.exists()


def test_good_files_import_while_bad_ones_are_reported_and_the_exit_is_non_zero(tmp_path):
    good = write(tmp_path / "good.txt", REPORT_SIMPLIFIED)
    empty = write(tmp_path / "empty.txt", "")

    message, out, err = run_failing(good, empty)

    assert message == "1 of 2 file(s) could not be imported (see above)."
    assert out.splitlines()[0].startswith("2 file(s), 1 report(s): 1 meeting(s) created")
    assert "  empty.txt, line 1: file is empty" in err.splitlines()
    assert Meeting.objects.count() == 1


def test_no_path_at_all():
    with pytest.raises(CommandError, match=r"^Give at least one report file or folder \(or --seed\)\.$"):
        call_command("import_reports")


# ---- the seed


def test_seed_imports_once_published_then_never_again():
    out, _err = run(seed=True)

    assert out.startswith("1 file(s), 3 report(s): 3 meeting(s) created")
    assert Meeting.objects.published().count() == 3
    assert sum(m.speeches.count() for m in Meeting.objects.all()) > 0

    out, _err = run(seed=True)

    assert out == "Seed reports already imported; nothing to do.\n"
    assert SourceReport.objects.count() == 3


def test_warnings_name_the_file_and_line_on_stderr(tmp_path):
    text = "后勤工作会议纪要\n学校在行政楼301召开后勤工作会议。会议由副校长张国臣主持。\n"

    out, err = run(write(tmp_path / "nodate.txt", text))

    assert "1 meeting(s) created" in out
    lines = err.splitlines()
    assert lines[0] == "Warnings:"
    assert len(lines) > 1 and all(re.match(r"  nodate\.txt 第 \d+ 行：", line) for line in lines[1:])


# ---- the demo (`make demo`)


def test_demo_imports_the_written_examples_published_and_again_adds_nothing():
    from minutes.management.commands.import_reports import DEMO_REPORTS

    files = sorted(DEMO_REPORTS.glob("*.txt"))
    assert len(files) >= 20  # the written corpus, not an empty folder

    out, _err = run(demo=True)

    created = int(re.search(r"(\d+) meeting\(s\) created", out).group(1))
    assert out.startswith(f"{len(files)} file(s), ")
    assert created == Meeting.objects.published().count() == Meeting.objects.count() > len(files)
    assert {s.file_name for s in SourceReport.objects.all()} == {f.name for f in files}

    out, _err = run(demo=True)

    assert "0 meeting(s) created" in out and f"{created} unchanged" in out
    assert Meeting.objects.count() == created


def test_demo_takes_no_paths(tmp_path):
    message, _out, _err = run_failing(write(tmp_path / "a.txt", REPORT_SIMPLIFIED), demo=True)
    assert message == "--demo takes no PATH and no --seed"
    assert not Meeting.objects.exists()
