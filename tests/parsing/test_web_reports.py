"""Phrasings of published web reports the parser reads (texts written for these tests, not taken from
tests/corpus/real, so each rule is tested apart from the corpus it was found on)."""

from __future__ import annotations

from minutes.parsing import extraction_document, parse_text


def _reports(text: str) -> list[dict]:
    return extraction_document([parse_text(text, "web.txt")])["reports"]


def _one(text: str) -> dict:
    (report,) = _reports(text)
    return report


def _speakers(r: dict) -> list[tuple[str | None, str]]:
    return [(s["speaker"] or s["speaker_unit"], s["kind"]) for s in r["speeches"]]


def test_section_label_and_a_headline_printed_twice_are_one_report():
    text = (
        "工作动态\n\n后勤处召开冬季供暖工作会议\n\n发布日期：2024-11-02  作者：孔丽\n\n"
        "后勤处召开冬季供暖工作会议\n\n11月1日上午，后勤处召开冬季供暖工作会议。会议由处长韦振东主持。\n"
    )
    (r,) = _reports(text)
    assert r["source"]["title"] == "后勤处召开冬季供暖工作会议"
    assert (r["meeting"]["date"], r["meeting"]["chair"]) == ("2024-11-01", "韦振东")
    assert [p["name"] for p in r["people"]] == ["韦振东"]  # 孔丽 signs the byline only


def test_half_width_punctuation_reads_like_full_width():
    full = "3月2日上午，总务处召开例会。会议由处长袁立新主持。袁立新强调，各科室要抓好安全。\n"
    assert _one(full.replace("，", ",")) | {"source": None} == _one(full) | {"source": None}


def test_topic_before_the_verb_even_past_a_comma():
    r = _one(
        "5月6日，物业中心召开例会。会上，副主任柯文涛就近期保洁检查中的不足，进行了点评。"
        "主任梅少华对下一阶段工作进行强调与安排，要求各班组加强巡查。\n"
    )
    assert _speakers(r) == [("柯文涛", "address"), ("梅少华", "address")]
    assert [(d["issuer"], d["text"]) for d in r["directives"]] == [("梅少华", "各班组加强巡查。")]


def test_a_unit_before_a_speaker_and_unnamed_units_reporting():
    r = _one(
        "7月2日上午，学校召开后勤工作会议。各科室负责人分别汇报了上半年工作。"
        "后勤管理处詹国梁处长、后勤集团总经理鲍晓春对上半年工作作了说明。\n"
    )
    assert _speakers(r) == [("詹国梁", "report"), ("鲍晓春", "report")]


def test_the_same_speaker_after_another_takes_a_new_turn():
    r = _one(
        "8月30日，后勤处召开处务会。处长聂文斌对开学准备工作进行了部署。随后，副处长甘海燕对相关工作进行了补充说明。"
        "最后，聂文斌对大家提出了几点要求：一是要提高认识；二是要团结协作。\n"
    )
    assert _speakers(r) == [("聂文斌", "address"), ("甘海燕", "report"), ("聂文斌", "address")]


def test_deadlines_written_before_their_work():
    r = _one(
        "8月1日，后勤处召开暑期工作会议。处长汤卫国要求，一是各中心要做好开学前的各项准备工作；"
        "二是力保在8月20日前将所有迎新维修工作保质保量完成；三是未完成的工作应尽快在开学初完成。\n"
    )
    tasks = [(t["text"], t["due"]) for t in r["tasks"]]
    assert ("各项准备工作", "开学前") in tasks
    assert ("所有迎新维修工作", "8月20日前") in tasks
    # after a verb, 的工作 says which work: kept (项目的建设 → 项目)
    assert ("未完成的工作", "开学初") in tasks


def test_a_time_before_a_noun_is_no_deadline():
    r = _one("1月5日，后勤处召开会议。处长汤卫国要求各科室做好今年的工作，做好开学初的考勤工作。\n")
    assert r["tasks"] == []


def test_names_in_lists_after_titles_units_and_with_ranks():
    r = _one(
        "4月8日，后勤集团召开干部大会。出席会议的人员有龚振华院长、蒋一鸣助理、侯建军总经理、吕晓松副总经理。"
        "会上，侯建军总经理总结了一季度工作；饮食服务中心殷秀兰主任作了发言。共同建设美丽、和谐、文明、安全的校园。\n"
    )
    people = {p["name"]: p["titles"] for p in r["people"]}
    assert people == {
        "龚振华": ["院长"],
        "蒋一鸣": ["助理"],
        "侯建军": ["总经理"],
        "吕晓松": ["副总经理"],
        "殷秀兰": ["主任"],
    }


def test_requirements_after_yaoqiu_and_in_following_sentences():
    r = _one(
        "3月1日，后勤处召开安全会议。处长汪志坚要求大家加快推进隐患整改。"
        "副处长佟欣强调，各科室要守牢安全底线。要加强协同合作。要完善应急机制。\n"
    )
    assert [(d["issuer"], d["text"]) for d in r["directives"]] == [
        ("汪志坚", "大家加快推进隐患整改。"),
        ("佟欣", "各科室要守牢安全底线。"),
        ("佟欣", "要加强协同合作。"),
        ("佟欣", "要完善应急机制。"),
    ]


def test_no_directive_from_noun_requirements_or_a_speakers_own_pledges():
    r = _one(
        "9月2日，后勤服务公司召开交接会。新任经理鲁文海表示，一要加强学习；二要尽快熟悉新岗位；三要尽心服务师生。"
        "经理鲁文海严格按要求落实了交接手续。\n"
    )
    assert r["directives"] == []


def test_meeting_requirements_without_a_chair_have_no_issuer():
    r = _one("6月3日，后勤管理处召开处务会。会议要求，全体班子成员要提高政治站位。\n")
    assert [(d["issuer"], d["number"]) for d in r["directives"]] == [(None, None)]


def test_photo_captions_after_the_report_stay_in_it():
    text = (
        "后勤集团召开年度总结表彰大会\n\n3月15日晚，后勤集团召开年度总结表彰大会。大会由副总经理邬家明主持。\n\n"
        "邬家明副总经理主持\n\n总经理郑晓岚讲话\n\n会场\n"
    )
    (r,) = _reports(text)
    assert r["meeting"]["chair"] == "邬家明"
    assert parse_text(text, "web.txt").reports[0].text.endswith("会场")  # nothing of the file is lost


def test_a_headline_repeated_as_a_caption_mid_report_does_not_split_it():
    text = (
        "5月7日下午，膳食管理委员会召开2018年上半年工作会议，各餐厅负责人参加了会议。\n"
        "会上，膳委会会长孙洋对2017年度的工作进行了总结。\n"
        "膳委会召开2018年上半年工作会议\n"
        "随后，综合管理处处长赵金表示，膳委会起到了积极推动作用。\n"
    )
    (r,) = _reports(text)
    assert [s["speaker"] for s in r["speeches"]] == ["孙洋", "赵金"]
    # a second report of another meeting, dated, is still a report of its own
    other = text + "后勤处召开安全工作会议\n5月9日上午，后勤处召开安全工作会议，处长王平主持。\n"
    assert len(_reports(other)) == 2


def test_appointed_by_ren_after_the_name():
    r = _one(
        "11月20日，后勤处召开食堂开业协调会。会议成立开业工作协调组，庞立新任组长，卓文彬任副组长。"
        "庞立新任后勤处处长以来多次到食堂检查。\n"
    )
    assert [(a["person"], a["post"]) for a in r["appointments"]] == [("庞立新", "组长"), ("卓文彬", "副组长")]


def test_decisions_without_book_marks():
    r = _one(
        "5月8日，后勤党总支召开党员大会。大会表决通过了监票人名单。会议决定，后勤处每月召开一次安全例会。"
        "会上宣读了计票人名单。\n"
    )
    assert [d["title"] for d in r["decisions"]] == ["监票人名单", "后勤处每月召开一次安全例会", "计票人名单"]


def test_a_garbled_day_is_read_the_way_that_comes_before_the_dateline():
    text = "后勤处召开安全工作会议\n发布时间：2019-01-18\n117日上午，后勤处召开安全工作会议。\n"
    m = _one(text)["meeting"]
    assert (m["date"], m["year_inferred"], m["time_of_day"]) == ("2019-01-17", True, "morning")


def test_a_day_after_the_dateline_was_in_the_year_before():
    m = _one("后勤处召开年终会议\n发布日期：2024-01-03\n12月28日，后勤处召开年终工作会议。\n")["meeting"]
    assert m["date"] == "2023-12-28"


def test_the_year_in_the_meetings_own_name_unless_it_looks_back():
    assert _one("9月8日上午，学校召开2025年迎新工作部署会。\n")["meeting"]["date"] == "2025-09-08"
    assert _one("1月9日，后勤党委召开2024年度述职评议会。\n")["meeting"]["date"] == "--01-09"


def test_venue_before_an_adverb_and_a_lecture_hall_named_for_meetings():
    assert _one("5月6日，后勤论坛在书香剧场成功举办。\n")["meeting"]["venue"] == "书香剧场"
    assert _one("5月7日，秘书长会议在国际学术会议报告厅召开。\n")["meeting"]["venue"] == "国际学术会议报告厅"


def test_a_speech_in_the_clause_after_the_speakers_first():
    r = _one(
        "3月2日，总务部召开安全会议。副书记邝文涛主持会议，传达了学校安全工作会议精神。"
        "处长晏志平通过视频形式，向大家宣讲了上级文件精神。\n"
    )
    assert _speakers(r) == [("邝文涛", "announcement"), ("晏志平", "announcement")]


def test_titles_start_after_and_or_our_school_and_a_cut_byline_is_dropped():
    r = _one(
        "2月25日上午，后勤保障处召开部署会。副处长鄢红和副处长窦志军对假期工作进行了总结。"
        "我校副校长莫振华出席会议并讲话。\n（撰稿人：钮小雨 校对人：蓟文 /钮小雨 摄\n"
    )
    people = {p["name"]: p["titles"] for p in r["people"]}
    assert people == {"鄢红": ["副处长"], "窦志军": ["副处长"], "莫振华": ["副校长"]}


def test_yu_after_a_title_is_a_surname_and_a_unit_between_two_speakers():
    r = _one(
        "8月28日，后勤集团召开会议。会议由集团总经理于立新主持。班子成员庄明华作了发言。"
        "教室管理中心宁小平主任、环卫绿化中心邹文分别代表获奖人员发言。\n"
    )
    assert r["meeting"]["chair"] == "于立新"
    assert {p["name"]: p["titles"] for p in r["people"]}["庄明华"] == ["班子成员"]
    assert [s["speaker"] for s in r["speeches"]] == ["庄明华", "宁小平", "邹文"]


def test_meeting_names_followed_by_what_was_done_or_held_at_a_place_named_meeting():
    assert _one("2月23日下午，后勤处召开专题会议学习校长工作报告。\n")["meeting"]["name"] == "专题会议"
    assert _one("4月20日，后勤管理处举办第八届后勤管理论坛。\n")["meeting"]["name"] == "第八届后勤管理论坛"
    r = _one("8月30日上午，后勤处在处会议举行新学期开学前处务工作例会。\n")  # a copy that lost 室
    assert r["meeting"]["name"] == "新学期开学前处务工作例会"


def test_a_dateline_above_the_headline_belongs_to_the_report():
    text = "2025-03-06 10:00\n后勤处召开例会\n3月5日上午，后勤处召开例会。会议由处长欧阳明主持。\n"
    (report,) = parse_text(text, "web.txt").reports
    assert report.text.startswith("2025-03-06") and report.title == "后勤处召开例会"
    assert (report.meeting.year, report.meeting.month, report.meeting.day) == (2025, 3, 5)


def test_the_headline_under_a_dateline_still_gives_the_year():
    (r,) = parse_text(
        "2024-05-02 09:00\n2023年后勤处召开例会\n3月5日上午，后勤处召开安全例会。\n", "web.txt"
    ).reports
    assert (r.meeting.year, r.meeting.year_source, r.meeting.name) == (2023, "inferred", "安全例会")
