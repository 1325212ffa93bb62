"""Behaviour tests for the report parser (plain pytest, no database, no Django)."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest

from minutes.parsing import (
    ReportInputError,
    extraction_document,
    iter_report_files,
    parse_bytes,
    parse_path,
    parse_text,
)
from minutes.parsing.cleaning import clean
from minutes.parsing.dates import resolve_due

ROOT = Path(__file__).resolve().parents[2]

TRAD = """2022後勤工作會議紀要 篇1
3月8日上午，學校在行政樓301會議室召開後勤工作會議。副校長歐陽振華，黨委常委、組織部部長程建設，各處室負責人參加會議。會議由後勤管理處處長周全主持。
會上，物業處、膳食中心負責人分別就近期工作作了匯報。
歐陽振華在講話中指出，後勤工作事關全局。他強調，各單位要把安全放在首位，嚴防事故發生。歐陽副校長提出三點要求：一要加強隊伍建設；二要提高服務質量；三要嚴格經費管理。
程建設宣讀了《關於調整後勤管理處內設機構的決定》。
預計到6月底將全面完成學生公寓改造、食堂排煙系統改造等項目。
"""

SIMP = """二〇二四年九月二日下午，基建处在科技楼报告厅召开暑期工程总结会。
基建处处长李明主持会议，副处长张华、王丽及各施工单位负责人参加会议。
会上，张华、王丽两位同志分别作了表态发言。
李明在总结讲话中要求，各施工单位要认真做好收尾工作。
北区食堂改造须在国庆节前完工，南区供水管网更换力争年内完成。
"""


def _doc(pf):
    return extraction_document([pf])["reports"]


def test_traditional_report_fields():
    r = _doc(parse_text(TRAD, "trad.txt"))[0]
    m = r["meeting"]
    assert r["source"]["title"] == "2022後勤工作會議紀要 篇1"
    assert m["date"] == "2022-03-08" and m["year_inferred"] is True
    assert m["time_of_day"] == "morning"
    assert m["venue"] == "行政樓301會議室"
    assert m["name"] == "後勤工作會議"
    assert m["chair"] == "周全"
    people = {p["name"]: p["titles"] for p in r["people"]}
    assert people["歐陽振華"] == ["副校長"]
    assert people["程建設"] == ["黨委常委", "組織部部長"]  # a name that is an ordinary word
    assert people["周全"] == ["後勤管理處處長"]
    assert "各處室負責人" in r["attendee_groups"]
    assert {"物業處", "膳食中心", "後勤管理處", "組織部"} <= set(r["org_units"])


def test_traditional_speeches_directives_decisions_tasks():
    r = _doc(parse_text(TRAD, "trad.txt"))[0]
    who = [(s["speaker"] or s["speaker_unit"], s["kind"]) for s in r["speeches"]]
    assert who[:2] == [("物業處", "report"), ("膳食中心", "report")]
    assert ("歐陽振華", "address") in who and ("程建設", "announcement") in who
    numbered = [d for d in r["directives"] if d["number"]]
    assert [d["number"] for d in numbered] == [1, 2, 3]
    assert all(d["issuer"] == "歐陽振華" for d in r["directives"])  # 他 and 歐陽副校長 resolve
    assert numbered[0]["text"].startswith("加強隊伍建設")
    assert any(d["number"] is None and d["text"].startswith("各單位要") for d in r["directives"])
    assert r["decisions"] == [{"title": "關於調整後勤管理處內設機構的決定", "read_by": "程建設"}]
    assert [(t["text"], t["due"]) for t in r["tasks"]] == [
        ("學生公寓改造", "6月底"),
        ("食堂排煙系統改造", "6月底"),
    ]


def test_simplified_report_with_chinese_numeral_date():
    r = _doc(parse_text(SIMP, "simp.txt"))[0]
    m = r["meeting"]
    assert m["date"] == "2024-09-02" and m["year_inferred"] is False
    assert m["time_of_day"] == "afternoon" and m["chair"] == "李明"
    assert m["venue"] == "科技楼报告厅"
    assert set(r["attendees"]) == {"李明", "张华", "王丽"}
    kinds = [(s["speaker"], s["kind"]) for s in r["speeches"]]
    assert kinds == [("张华", "statement"), ("王丽", "statement"), ("李明", "closing")]
    assert [(t["text"], t["due"]) for t in r["tasks"]] == [
        ("北区食堂改造", "国庆节前"),
        ("南区供水管网更换", "年内"),
    ]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-16"])
def test_encodings_decode_to_the_same_extraction(encoding):
    ref = _doc(parse_text(SIMP, "simp.txt"))
    pf = parse_bytes(SIMP.encode(encoding), "simp.txt")
    assert _doc(pf) == ref
    assert "\ufeff" not in pf.text


def test_big5_and_crlf():
    data = TRAD.replace("\n", "\r\n").encode("big5")
    pf = parse_bytes(data, "trad-big5.txt")
    assert pf.encoding.replace("_", "").lower().startswith("big5")
    assert "\r" not in pf.text
    assert _doc(pf)[0]["meeting"]["chair"] == "周全"


def test_several_reports_split_at_title_lines_and_spans_point_into_text():
    text = TRAD + "\n" + "后勤保障处召开安全工作会议\n" + SIMP
    pf = parse_text(text, "two.txt")
    assert [r.index for r in pf.reports] == [1, 2]
    assert pf.reports[1].title == "后勤保障处召开安全工作会议"
    # Every mention, in the report's own text: the full name, or surname and title (歐陽副校長).
    assert {p.name: [r.text[s:e] for s, e in p.spans] for r in pf.reports for p in r.people} == {
        "歐陽振華": ["歐陽振華", "歐陽振華", "歐陽副校長"],
        "程建設": ["程建設", "程建設"],
        "周全": ["周全"],
        "李明": ["李明", "李明"],
        "张华": ["张华", "张华"],
        "王丽": ["王丽", "王丽"],
    }
    assert pf.reports[1].start_line == TRAD.count("\n") + 2


def test_file_without_title_line_is_one_report():
    pf = parse_text(SIMP, "notitle.txt")
    assert len(pf.reports) == 1 and pf.reports[0].title is None


def test_noise_is_removed_but_offsets_map_back():
    noisy = "会议总结(jié)&nbsp;张\u200b华👍主持"
    ct = clean(noisy)
    assert ct.text == "会议总结张华主持"  # the space &nbsp; gave sits between Chinese characters
    s, e = ct.span(ct.text.index("张华"), ct.text.index("张华") + 2)
    assert noisy[s] == "张" and noisy[e - 1] == "华"


def test_noisy_report_still_parses():
    noisy = SIMP.replace("李明主持", "李明&nbsp;主持").replace("会议。", "会议。🎉").replace("总结(", "总结(")
    r = _doc(parse_text(noisy, "noisy.txt"))[0]
    assert r["meeting"]["chair"] == "李明"


def test_input_errors_name_file_and_line(tmp_path):
    with pytest.raises(ReportInputError, match="empty.txt.*empty"):
        parse_bytes(b"  \n", "empty.txt")
    with pytest.raises(ReportInputError, match=r"bin.dat, line 2: binary"):
        parse_bytes(b"abc\n\x00\x01\x02", "bin.dat")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ReportInputError, match="larger than 10 MB"):
        parse_path(big)


def test_report_with_nothing_recognisable_gets_a_warning():
    pf = parse_text("这是一段没有任何会议信息的文字内容而已。\n", "plain.txt")
    assert len(pf.reports) == 1
    assert "plain.txt 第 1 行：這份報告中沒有可辨識的內容" in pf.warnings


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("8月底", datetime.date(2023, 8, 31)),
        ("9月1日前", datetime.date(2023, 9, 1)),
        ("6月底前", datetime.date(2024, 6, 30)),  # said in July: next June
        ("年內", datetime.date(2023, 12, 31)),
        ("明年8月底", datetime.date(2024, 8, 31)),
        ("下周", datetime.date(2023, 7, 30)),
        ("開學前", None),
    ],
)
def test_resolve_due(due, expected):
    assert resolve_due(due, 2023, 7, 19) == expected


def test_resolve_due_without_year_is_none():
    assert resolve_due("8月底", None, 7, 19) is None


def test_iter_report_files_walks_folders(tmp_path):
    (tmp_path / "b.txt").write_text(SIMP, encoding="utf-8")
    (tmp_path / "a.txt").write_text(TRAD, encoding="utf-8")
    (tmp_path / "img.png").write_bytes(b"\x89PNG\x00\x00")
    assert [p.name for p in iter_report_files([tmp_path])] == ["a.txt", "b.txt"]


def test_command_line_prints_only_json(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(SIMP, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "minutes.parsing", str(f)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    doc = json.loads(out.stdout)
    assert doc["format"] == "minutes-extraction/1" and doc["reports"][0]["source"]["file"] == "r.txt"


def test_package_does_not_import_django():
    code = "import sys, minutes.parsing as p; p.parse_text('x', 'x'); print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("上半年", datetime.date(2024, 6, 30)),
        ("明年第一季度", datetime.date(2025, 3, 31)),
        ("本月内", datetime.date(2024, 3, 31)),
        ("本周五前", datetime.date(2024, 3, 8)),  # the meeting was on Tuesday 5 March
        ("下星期一", datetime.date(2024, 3, 11)),
    ],
)
def test_resolve_due_periods(due, expected):
    assert resolve_due(due, 2024, 3, 5) == expected
