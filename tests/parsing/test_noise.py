"""A report copied from a web page extracts exactly like its clean original, one kind of noise at a time.

The texts are written for these tests; each noisy copy adds one kind of noise that re-hosted news
items carry (markup, bylines, captions, footers, glosses, emoji, lost characters, stray spaces).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from minutes.parsing import extraction_document, parse_text

CLEAN = """后勤处召开新学期物业工作推进会
9月3日上午，后勤处在行政楼205会议室召开新学期物业工作推进会。会议由后勤处处长蔺志远主持，物业管理中心、饮食服务中心负责人及各楼栋管理员参加会议。
会上，物业管理中心主任阎红梅汇报了暑期维修完成情况。
蔺志远强调，各中心要把安全放在首位，严格落实巡查制度。他提出两点要求：一是要加强宿舍设施巡检；二是要在国庆节前完成全部消防器材更换。
"""


def _extraction(text: str) -> list[dict]:
    reports = extraction_document([parse_text(text, "report.txt")])["reports"]
    for r in reports:
        r.pop("source")
    return reports


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


NOISY = {
    "html paragraphs": "".join(f'<p style="text-indent:2em">{ln}&nbsp;</p>' for ln in _lines(CLEAN)),
    "html one paragraph per line": "\n".join(f"<p>{ln}</p>" for ln in _lines(CLEAN)) + "\n",
    "editor credits in brackets": CLEAN.rstrip("\n") + "（撰稿：宋晓 审核：蔺志远 编辑：李雪）\n",
    "credit line after the body": CLEAN + "文/宋晓  图/王琳\n责任编辑：李雪\n",
    "photo captions between paragraphs": CLEAN.replace("\n会上，", "\n图为会议现场\n会议现场\n会上，", 1),
    "site footer": CLEAN
    + "\n版权所有 © 某某大学后勤处  地址：学府路1号 邮编：100000 电话：010-12345678\n京ICP备05001612号-1\n",
    "pinyin glosses": CLEAN.replace("推进会。", "推(tuī)进(jìn)会。").replace("巡检", "巡(xún)检"),
    "emoji": CLEAN.replace("推进会\n", "推进会🔥🔥\n", 1).replace("参加会议。", "参加会议。👏"),
    "lost characters": CLEAN.replace("参加会议。", "参加会议。???").replace("巡查", "巡?查"),
    "stray spaces": CLEAN.replace("后勤处在", "后勤处 在").replace("物业管理中心主任", "物业管理中心 主任"),
    "full-width comma and ideographic space": CLEAN.replace("，", "，\u3000"),
    "indented paragraphs": "\n".join("\u3000\u3000" + ln for ln in _lines(CLEAN)) + "\n",
    "windows line ends and trailing spaces": CLEAN.replace("\n", "  \r\n"),
}


@pytest.mark.parametrize("kind", list(NOISY))
def test_noisy_copy_extracts_like_the_clean_original(kind):
    assert _extraction(NOISY[kind]) == _extraction(CLEAN)


def test_clean_original_is_read_in_full():
    (r,) = _extraction(CLEAN)
    assert r["meeting"]["chair"] == "蔺志远" and r["meeting"]["date"] == "--09-03"
    assert [s["speaker"] for s in r["speeches"]] == ["阎红梅", "蔺志远"]
    assert [d["number"] for d in r["directives"]] == [None, 1, 2]


def test_byline_and_dateline_lines_are_dropped_but_the_dateline_dates_the_meeting():
    noisy = CLEAN.replace(
        "\n9月3日", "\n发布时间：2024-09-05 10:21:33  作者：后勤处  浏览次数：318\n\n9月3日", 1
    )
    (r,) = _extraction(noisy)
    assert (r["meeting"]["date"], r["meeting"]["year_inferred"]) == ("2024-09-03", True)
    (clean,) = _extraction(CLEAN)
    r["meeting"]["date"], r["meeting"]["year_inferred"] = (
        clean["meeting"]["date"],
        clean["meeting"]["year_inferred"],
    )
    assert r.pop("review") == [{"code": "year_inferred", "field": "meeting.date", "detail": "2024"}]
    assert r == clean


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2022829日", "2022-08-29"),
        ("1021日上午", "--10-21"),
        ("320日", "--03-20"),
        ("10月21日 星期二", "--10-21"),
    ],
)
def test_garbled_and_weekday_dates(written, iso):
    (r,) = _extraction(CLEAN.replace("9月3日", written, 1))
    assert r["meeting"]["date"] == iso


def test_ambiguous_digit_run_is_not_a_date():
    (r,) = _extraction(CLEAN.replace("9月3日", "111日", 1))
    assert r["meeting"]["date"] is None


def test_seed_pasted_as_html_paragraphs_keeps_its_three_reports():
    seed = (Path(__file__).resolve().parents[2] / "fixtures" / "seed-reports.txt").read_text(encoding="utf-8")
    html = "".join(f"<p>{ln}&nbsp;</p>" for ln in seed.split("\n") if ln.strip())
    assert _extraction(html) == _extraction(seed)
    assert len(_extraction(html)) == 3


def test_seed_with_full_width_commas_and_ideographic_spaces_keeps_every_decision():
    seed = (Path(__file__).resolve().parents[2] / "fixtures" / "seed-reports.txt").read_text(encoding="utf-8")
    spaced = seed.replace(",", "，\u3000")
    assert [r["decisions"] for r in _extraction(spaced)] == [r["decisions"] for r in _extraction(seed)]
