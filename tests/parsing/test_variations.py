"""Phrasing variations the parser must generalise over (written for these tests, not from the corpus)."""

from __future__ import annotations

from minutes.parsing import extraction_document, parse_bytes, parse_text

ROUTINE = """2024年后勤处工作例会纪要
2024年3月5日早8:30，后勤处在图书馆三楼第二会议室召开第一季度工作例会，会议由处长欧阳建华主持。副校长姜统华、刘德胜，后勤处各科室科长及各中心主任参加会议。
会议首先由综合科科长马晓东通报了2月份重点工作完成情况。随后，膳食科、物业科、基建科负责同志依次汇报了本科室工作进展。
姜校在讲话中对后勤处前一阶段工作给予了肯定，并提出以下要求：
1. 加强食品安全管理，确保师生饮食安全。
2. 抓紧推进学生宿舍维修改造，确保9月1日前全部完工。
3. 做好春季校园绿化工作。
刘德胜副校长强调，各单位要以问题为导向，切实解决师生急难愁盼问题。
会上，欧阳处长宣读了学校《关于聘任后勤处科级干部的通知》，聘任张小红为膳食科科长，免去李大伟的物业科科长职务。
最后，欧阳建华作总结讲话，要求各科室在下周完成整改方案的报送。
"""

SAFETY_TRAD = """校園安全工作會議召開
2023年10月12日（週四）下午2時，校園安全工作會議在行政樓一樓報告廳舉行。會議由黨委副書記、副校長上官文靜主持，保衛處、後勤集團、資產與實驗室管理處主要負責人及各學院分管安全工作的副院長參加會議。
保衛處處長諸葛明首先通報了今年以來校園安全形勢。他指出，一是電動自行車違規充電問題突出；二是實驗室危化品管理仍有漏洞；三是校園周邊交通秩序有待改善。
後勤集團總經理司徒強、資產與實驗室管理處處長萬里先後作表態發言。
上官文靜在講話中強調：
（一）要壓緊壓實安全責任，做到守土有責。
（二）要開展拉網式隱患排查，11月底前完成全部實驗樓消防設施檢測。
（三）要加強宣傳教育，提高師生安全意識。
上官副校長最後要求，各單位務必於本週五前上報安全自查報告。
"""

CANTEEN = """膳食服务中心召开食品安全工作推进会
12月3日晚上，膳食服务中心召开食品安全工作推进会，地点为第一食堂二楼会议室。主持人：中心副主任韩雪梅。各食堂经理、厨师长等30余人参加会议。
中心主任郝建国宣读了《关于任命郑浩同志为第一食堂经理的决定》。郑浩同志作了表态发言。
随后，第一食堂、第二食堂负责人分别汇报了本月食品安全检查情况。
郝建国指出，食品安全无小事。他要求，一是各食堂要严格执行进货查验制度；二是要加强从业人员健康管理；三是要在元旦前完成全部后厨监控改造。
郝主任最后强调，要把食品安全责任落实到每一个岗位、每一个环节。
"""


def _one(text, name="x.txt"):
    return extraction_document([parse_text(text, name)])["reports"][0]


def test_compound_surnames_references_and_arabic_list():
    r = _one(ROUTINE)
    m = r["meeting"]
    assert (m["date"], m["time_of_day"], m["chair"]) == ("2024-03-05", "morning", "欧阳建华")
    assert m["venue"] == "图书馆三楼第二会议室"
    people = {p["name"]: p["titles"] for p in r["people"]}
    assert people["姜统华"] == ["副校长"] and people["刘德胜"] == ["副校长"]  # 副校长A、B
    assert "李大伟" in people  # named only in 免去…职务
    assert [d["issuer"] for d in r["directives"] if d["number"]] == ["姜统华"] * 3  # 姜校 → 姜统华
    assert r["decisions"] == [{"title": "关于聘任后勤处科级干部的通知", "read_by": "欧阳建华"}]  # 欧阳处长
    assert [a["person"] for a in r["appointments"]] == ["张小红"]  # the 免去 is not an appointment
    kinds = [(s["speaker"] or s["speaker_unit"], s["kind"]) for s in r["speeches"]]
    assert kinds[:4] == [
        ("马晓东", "report"),
        ("膳食科", "report"),
        ("物业科", "report"),
        ("基建科", "report"),
    ]
    assert kinds[-2:] == [("欧阳建华", "announcement"), ("欧阳建华", "closing")]
    assert ("学生宿舍维修改造", "9月1日前") in [(t["text"], t["due"]) for t in r["tasks"]]


def test_traditional_big5_crlf_parenthesised_list_and_findings():
    pf = parse_bytes(SAFETY_TRAD.replace("\n", "\r\n").encode("big5"), "safety.txt")
    r = extraction_document([pf])["reports"][0]
    m = r["meeting"]
    assert m["name"] == "校園安全工作會議" and m["venue"] == "行政樓一樓報告廳"
    assert m["time_of_day"] == "afternoon" and pf.reports[0].meeting.clock_time == "14:00"
    people = {p["name"]: p["titles"] for p in r["people"]}
    assert people["上官文靜"] == ["黨委副書記", "副校長"]
    assert people["萬里"] == ["資產與實驗室管理處處長"]  # a name that is a dictionary word, 與 inside a unit
    assert "資產與實驗室管理處" in r["org_units"]
    speeches = [(s["speaker"], s["kind"]) for s in r["speeches"]]
    assert speeches == [
        ("諸葛明", "report"),
        ("司徒強", "statement"),
        ("萬里", "statement"),
        ("上官文靜", "address"),
    ]
    # 一是…二是… listing problems in a report is not a requirement
    assert {d["issuer"] for d in r["directives"]} == {"上官文靜"}
    assert [d["number"] for d in r["directives"]] == [1, 2, 3, None]
    assert ("安全自查報告", "本週五前") in [(t["text"], t["due"]) for t in r["tasks"]]


def test_gb18030_unknown_year_and_appointment_in_a_document_title():
    pf = parse_bytes(CANTEEN.encode("gb18030"), "canteen.txt")
    r = extraction_document([pf])["reports"][0]
    assert r["meeting"]["date"] == "--12-03" and r["meeting"]["year_inferred"] is False
    assert r["meeting"]["chair"] == "韩雪梅" and r["meeting"]["time_of_day"] == "evening"
    assert r["attendee_groups"] == ["各食堂经理、厨师长"]
    assert [(a["person"], a["post"], a["announced_by"]) for a in r["appointments"]] == [
        ("郑浩", "第一食堂经理", "郝建国")
    ]
    units = [s["speaker_unit"] for s in r["speeches"] if s["speaker"] is None]
    assert units == ["第一食堂", "第二食堂"]
    yi_shi = [d for d in r["directives"] if d["number"]]
    assert [d["text"][:4] for d in yi_shi] == ["各食堂要", "要加强从", "要在元旦"]
    assert ("全部后厨监控改造", "元旦前") in [(t["text"], t["due"]) for t in r["tasks"]]


def test_section_heading_inside_a_report_does_not_split_it():
    text = "后勤工作会议纪要\n3月1日，后勤处召开工作会议，处长王明主持。\n会议要求\n一、各科室要抓好落实。\n"
    pf = parse_text(text, "h.txt")
    assert len(pf.reports) == 1


def test_preamble_without_meeting_content_is_skipped_with_a_warning():
    text = (
        "本文件汇总了近期的会议情况，供参考。\n后勤党委理论学习中心组学习会\n"
        "6月18日上午，后勤党委书记冯志远主持并领学。\n冯志远强调，要把学习成果转化为实际成效。\n"
    )
    pf = parse_text(text, "p.txt")
    assert [r.title for r in pf.reports] == ["后勤党委理论学习中心组学习会"]
    # the body never names the meeting: the title line is a headline, not the meeting's own name
    assert pf.reports[0].meeting.name is None
    assert any(w.startswith("p.txt 第 1 行：") and "已略過" in w for w in pf.warnings)


def test_common_words_after_a_surname_are_not_people():
    text = (
        "5月6日，后勤处召开会议。文件指出，要关心、体贴职工。会议对师生工作生活作了安排。"
        "查总经理强调，要守住底线。\n"
    )
    names = [p["name"] for p in _one(text)["people"]]
    assert names == []


def test_prepositions_before_names_and_appointment_forms():
    text = (
        "3月2日，后勤处召开干部大会，处长王芳主持。会上，副处长李强宣布了学校关于张伟等同志职务任免的决定。"
        "经研究决定，由刘洋同志担任物业中心主任。"
    )
    r = _one(text)
    assert {p["name"] for p in r["people"]} == {"王芳", "李强", "张伟", "刘洋"}
    assert {a["person"] for a in r["appointments"]} == {"张伟", "刘洋"}
    assert r["decisions"][0]["read_by"] == "李强"


def test_meeting_date_after_yu_and_reference_dates_skipped():
    r = _one("截至3月1日，已完成八成。后勤处于3月5日在综合楼召开推进会。\n")
    assert r["meeting"]["date"] == "--03-05" and r["meeting"]["venue"] == "综合楼"


def test_headline_title_with_colon_splits_reports():
    text = (
        "后勤动态：物业中心召开保洁工作会\n4月1日，物业中心召开保洁工作会，主任赵明主持。\n"
        "后勤动态：膳食中心召开食品安全会\n4月2日，膳食中心召开食品安全会，主任钱红主持。\n"
    )
    pf = parse_text(text, "news.txt")
    assert [r.meeting.chair for r in pf.reports] == ["赵明", "钱红"]


def test_adjective_before_chu_is_not_a_unit():
    assert _one("9月2日，学校召开会议。会议指出，要于细微处见真章。\n")["org_units"] == []


def test_attendee_list_after_the_verb_and_heard_reports():
    text = (
        "5月6日上午，后勤处召开安全工作会议。出席会议的有：副校长张伟、处长王芳及各科室负责人。"
        "会议听取了物业科关于消防设施检查情况的汇报，听取了王芳的工作报告。\n"
    )
    r = _one(text)
    assert set(r["attendees"]) == {"张伟", "王芳"} and r["attendee_groups"] == ["各科室负责人"]
    assert [(s["speaker"] or s["speaker_unit"], s["kind"]) for s in r["speeches"]] == [
        ("物业科", "report"),
        ("王芳", "report"),
    ]


def test_byline_before_the_next_title_stays_with_the_previous_report():
    text = (
        "物业中心召开保洁工作会\n4月1日，物业中心召开保洁工作会，主任赵明主持。\n物业中心供稿\n"
        "膳食中心召开食品安全会\n4月2日，膳食中心召开食品安全会，主任钱红主持。\n"
    )
    pf = parse_text(text, "b.txt")
    assert [r.title for r in pf.reports] == ["物业中心召开保洁工作会", "膳食中心召开食品安全会"]
    assert pf.reports[0].text.endswith("物业中心供稿")


def test_chair_and_name_phrasings():
    cases = [
        (
            "2024年后勤安全工作会议于3月5日下午在综合楼301会议室召开，副校长张伟主持。",
            "2024年后勤安全工作会议",
            "张伟",
            "综合楼301会议室",
        ),
        ("3月6日，处长李强在后勤楼主持召开物业工作推进会。", "物业工作推进会", "李强", "后勤楼"),
        ("3月7日上午，膳食中心召开会议，会议由主任王芳、副主任刘洋共同主持。", None, "王芳", None),
    ]
    for text, name, chair, venue in cases:
        m = _one(text)["meeting"]
        assert (m["name"], m["chair"], m["venue"]) == (name, chair, venue), text


def test_speech_text_is_what_was_said():
    text = (
        "3月2日，后勤处召开会议。会上，处长王芳宣读了学校关于成立膳食中心的决定，副处长李强、刘洋分别作了表态发言。"
        "他们表示，将珍惜机会、勤勉履职。王芳在讲话中指出，后勤工作关系师生切身利益。\n"
    )
    texts = {(s["speaker"], s["kind"]): s["text"] for s in _one(text)["speeches"]}
    assert texts[("王芳", "announcement")] == "宣读了学校关于成立膳食中心的决定"
    assert texts[("李强", "statement")] == "将珍惜机会、勤勉履职。"
    assert texts[("王芳", "address")] == "后勤工作关系师生切身利益。"


def test_numbered_team_is_a_unit():
    r = _one("4月1日，物业中心召开会议。会上，保洁一队队长葛红英作了表态发言。\n")
    assert "保洁一队" in r["org_units"]
    assert r["people"] == [{"name": "葛红英", "titles": ["保洁一队队长"]}]


FIELDS = """后勤处2024年第3次处务会会议纪要
时间：2024年4月10日（星期三）下午3:00
地点：后勤处305会议室
主持人：处长王建明
参会人员：副处长李芳、张国庆，各科科长
记录人：陈晓
会议议题及决定事项：
一、听取了维修科关于暑期维修计划的汇报。会议原则同意该计划，要求维修科于5月底前完成招标工作。
二、研究了食堂价格调整问题。会议决定由膳食科牵头，征求师生意见后报学校审批。
王建明最后强调，各科室要按照会议要求抓好落实。
"""


def test_minutes_written_as_fields():
    pf = parse_text(FIELDS, "fields.txt")
    assert len(pf.reports) == 1  # 地点：…会议室 is a field, not a new report's title
    r = extraction_document([pf])["reports"][0]
    m = r["meeting"]
    assert (m["date"], m["time_of_day"], m["venue"], m["chair"]) == (
        "2024-04-10",
        "afternoon",
        "后勤处305会议室",
        "王建明",
    )
    assert pf.reports[0].meeting.clock_time == "15:00"
    assert set(r["attendees"]) == {"王建明", "李芳", "张国庆"} and r["attendee_groups"] == ["各科科长"]
    assert "陈晓" in [p["name"] for p in r["people"]]
    assert [(s["speaker"] or s["speaker_unit"], s["kind"]) for s in r["speeches"]] == [
        ("维修科", "report"),
        ("王建明", "address"),
    ]
    assert r["tasks"] == [{"text": "招标工作", "due": "5月底前"}]
