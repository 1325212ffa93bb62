"""Where a speech's text starts and ends: shown on the meeting page and highlighted in the report.

Every text here is made up for the test (Simplified and Traditional).
"""

from __future__ import annotations

from minutes.parsing import parse_text

SPANS_SIMP = """物业中心召开春季工作会议
3月6日上午，物业中心在综合楼召开春季工作会议。会议由中心主任严立平主持。
会上，副主任钟海燕宣读了中心关于调整保洁班组的通知，副主任石建峰宣读了中心关于设立报修热线的通知。
万俊、邱敏两位同志分别作了表态发言。他们表示，要把服务做细做实。在日常工作中，要多听师生意见。
副校长潘长青在讲话中指出，春季是设备检修的关键时期，各班组不能松懈。去年的经验说明检修越早越主动。
潘长青强调，安全是底线，要把隐患消灭在萌芽状态。
潘长青对下一步工作提出两点要求：
一、抓好设备检修。
二、抓好队伍建设。
他说，中心的工作离不开每一位员工。
随后，各班组长交流了工作体会。
严立平在总结时说，会议开得很成功。
"""

SPANS_TRAD = """膳食中心召開秋季工作會議
9月3日下午，膳食中心在第二食堂召開秋季工作會議。會議由中心主任范文濤主持。
會上，副主任龔麗萍宣讀了中心關於調整早餐供應時間的通知，副主任嚴志遠宣讀了中心關於食材驗收的規定。
副校長杜春明在講話中指出，開學在即，食堂是師生最關心的地方。去年的做法證明提前準備最重要。
杜春明強調，食品安全是底線，要嚴把採購關。
杜書記說，中心的成績來之不易。
隨後，各班組長交流了工作體會。
"""


def _texts(text):
    r = parse_text(text, "x.txt").reports[0]
    return r, {(s.speaker, s.kind): s for s in r.speeches}


def _check_span(r, s):
    assert r.text[s.span[0] : s.span[1]] == s.text
    assert s.text[:1] not in "，,。；：:、"


def test_speech_text_runs_through_the_speakers_following_paragraphs_simplified():
    r, sp = _texts(SPANS_SIMP)
    addr = sp[("潘长青", "address")]
    _check_span(r, addr)
    assert addr.text.startswith("春季是设备检修的关键时期")  # after 在讲话中指出，
    assert "去年的经验说明" in addr.text  # the next sentence is still his
    assert "潘长青强调，安全是底线" in addr.text  # his next paragraph
    assert "二、抓好队伍建设。" in addr.text  # the list he announced with a colon
    assert addr.text.endswith("中心的工作离不开每一位员工。")  # 他说… goes on; 随后 ends it
    assert "随后" not in addr.text


def test_announcements_end_where_the_next_speaker_starts_simplified():
    r, sp = _texts(SPANS_SIMP)
    first, second = sp[("钟海燕", "announcement")], sp[("石建峰", "announcement")]
    _check_span(r, first)
    assert first.text == "宣读了中心关于调整保洁班组的通知"
    assert first.span[1] <= second.span[0]


def test_group_statement_shares_one_span_after_the_lead_in_simplified():
    r, sp = _texts(SPANS_SIMP)
    a, b = sp[("万俊", "statement")], sp[("邱敏", "statement")]
    assert a.span == b.span
    _check_span(r, a)
    assert a.text.startswith("要把服务做细做实")  # after 他们表示，
    assert a.text.endswith("要多听师生意见。")


def test_spans_of_different_speakers_never_overlap_traditional():
    r, sp = _texts(SPANS_TRAD)
    spans = sorted(s.span for s in r.speeches)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    addr = sp[("杜春明", "address")]
    _check_span(r, addr)
    assert addr.text.startswith("開學在即")
    assert "杜春明強調，食品安全是底線" in addr.text
    assert addr.text.endswith("中心的成績來之不易。")
    assert sp[("龔麗萍", "announcement")].text == "宣讀了中心關於調整早餐供應時間的通知"
