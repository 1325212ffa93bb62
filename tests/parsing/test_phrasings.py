"""Phrasing families added after an independent annotator's corpus showed gaps.

Every text here is made up for the test (Simplified and Traditional); none is copied from a corpus.
"""

from __future__ import annotations

import pytest

from minutes.parsing import extraction_document, parse_text


def _one(text, name="x.txt"):
    return extraction_document([parse_text(text, name)])["reports"][0]


def _kinds(r):
    return [(s["speaker"] or s["speaker_unit"], s["kind"]) for s in r["speeches"]]


KINDS_SIMP = """物业中心召开冬季工作会议
11月2日上午，物业中心在综合楼204会议室召开冬季工作会议。会议由中心主任林海波主持。
会议首先由林海波传达了全市高校安全工作会议精神。
副主任高雅琴就《冬季除雪预案（草案）》作了说明。
维修班班长贺志明代表一线员工发言。
环卫班班长苗春燕介绍了本班组节能降耗的经验做法。
鲍立军代表中心领导班子作了题为《守牢底线 服务师生》的工作报告。
最后，林海波作会议总结。
"""

KINDS_TRAD = """膳食中心召開年終工作會議
12月28日下午，膳食中心在第三食堂二樓召開年終工作會議。會議由中心主任龐德勝主持。
龐德勝傳達了學校後勤工作會議的精神。
採購科科長閆淑芬就年度採購計劃作了簡要說明。
“今年很不容易。”麵點班班長喬美玲作為先進個人代表發言。
宋嘉豪在講話中通報了食品安全抽檢情況，並提出要求。
龐主任在總結時表示，中心將認真抓好落實。
"""


def test_speech_kind_phrasings_simplified():
    assert _kinds(_one(KINDS_SIMP)) == [
        ("林海波", "announcement"),  # 由X传达了…精神
        ("高雅琴", "report"),  # 就…作了说明
        ("贺志明", "other"),  # 代表…发言
        ("苗春燕", "other"),  # sharing experience
        ("鲍立军", "report"),  # 代表…作了题为《…》的工作报告
        ("林海波", "closing"),  # 作会议总结
    ]


def test_speech_kind_phrasings_traditional():
    assert _kinds(_one(KINDS_TRAD)) == [
        ("龐德勝", "announcement"),
        ("閆淑芬", "report"),
        ("喬美玲", "other"),  # after a closing quote
        ("宋嘉豪", "address"),  # 在講話中通報了…
        ("龐德勝", "closing"),  # 在總結時表示
    ]


PERIOD_SUMMARIES = """膳食中心召开年中工作会议
7月5日上午，膳食中心在二楼会议室召开年中工作会议。会议由中心主任魏振华主持。
会议听取并审议了副主任邵立华所作的题为《坚守初心，保障有力，服务暖心》工作报告。
副主任谭晓梅对上半年的膳食保障工作进行了全面总结。
采购科科长窦立新总结了2023年度的采购工作。
魏振华最后作会议总结。
"""


def test_looking_back_on_a_periods_work_is_a_report():
    assert _kinds(_one(PERIOD_SUMMARIES)) == [
        ("邵立华", "report"),  # 听取并审议了<title><name>所作的题为《…》的工作报告
        ("谭晓梅", "report"),  # 对上半年的…工作进行了全面总结
        ("窦立新", "report"),  # 总结了2023年度的…工作
        ("魏振华", "closing"),  # 作会议总结 stays the meeting's closing
    ]


DIRECTIVES_SIMP = """基建处召开工程推进会议
4月8日下午，基建处在基建楼三楼会议室召开工程推进会议。会议由处长裴永刚主持。
会议听取了各项目组的进展汇报。会议要求：
（1）项目组要倒排工期，确保质量；
（2）监理单位要加强旁站监督。
会议强调，全处干部要把安全放在首位。
副处长芦晓光在讲话中通报了上月检查情况，并就雨季施工提出要求：各工地要做好排水准备。
副校长甄立国对下一步工作提出三点要求：首先，要抓进度；其次，要抓质量；最后，要抓廉政。
"""

DIRECTIVES_TRAD = """後勤處召開節能工作會議
5月6日上午，後勤處在行政樓二樓會議室召開節能工作會議。會議由處長祁永安主持。
副處長柏雪梅就節能改造提出要求，強調要在月底前完成全部路燈改造。
會議要求，各科室要把節能指標分解到人。
副校長卜立新要求：
1. 提高認識，把節能作為常態工作。
2. 完善制度，建立能耗公示機制。
"""


def _dirs(r):
    return [(d["issuer"], d["number"], d["text"][:8]) for d in r["directives"]]


def test_directive_phrasings_simplified():
    assert _dirs(_one(DIRECTIVES_SIMP)) == [
        ("裴永刚", 1, "项目组要倒排工期"),  # 会议要求：（1）… issued by the chair
        ("裴永刚", 2, "监理单位要加强旁"),
        ("裴永刚", None, "全处干部要把安全"),  # 会议强调，…要…
        ("芦晓光", None, "各工地要做好排水"),  # the requirement after a first clause
        ("甄立国", 1, "要抓进度"),  # 首先/其次/最后
        ("甄立国", 2, "要抓质量"),
        ("甄立国", 3, "要抓廉政。"),
    ]


def test_directive_phrasings_traditional():
    assert _dirs(_one(DIRECTIVES_TRAD)) == [
        ("柏雪梅", None, "要在月底前完成全"),  # 提出要求，強調要…: text starts after 強調
        ("祁永安", None, "各科室要把節能指"),
        ("卜立新", 1, "提高認識，把節能"),
        ("卜立新", 2, "完善制度，建立能"),
    ]


DIRECTIVES_MORE = """保卫处召开消防工作会议
10月9日上午，保卫处在综合楼会议室召开消防工作会议。
会议通报了上月消防检查情况，要求各楼宇管理员每周巡查一次消防通道。
会议还强调了全体值班人员要熟练掌握灭火器的使用方法。
副校长祝晓峰肯定了上半年的工作，强调消防工作的极端重要性，指出今后的方向，即要加大投入；要求各学院落实主体责任。
副处长董立平对冬季防火提出了新要求，加快老旧线路改造，按时完成隐患整改。
会议强调：立足当前，排查隐患；各单位要建立台账。
"""


def test_directive_phrasings_without_a_named_chair_and_after_other_verbs():
    assert _dirs(_one(DIRECTIVES_MORE)) == [
        (None, None, "各楼宇管理员每周"),  # 会议…，要求 + who must act; no chair named, no issuer
        (None, None, "全体值班人员要熟"),  # 强调了…: the particle is not part of the text
        ("祝晓峰", None, "各学院落实主体责"),  # 指出… ends what 强调 said; 要求 opens its own
        ("董立平", None, "加快老旧线路改造"),  # 提出了新要求，…: the requirement needs no 要
        (None, None, "立足当前，排查隐"),  # a colon opens the requirement; its 要 comes later
    ]


TASKS_SIMP = """总务处召开维修工作会议
6月3日上午，总务处在综合楼102室召开维修工作会议。会议由处长庞立业主持。
会议审议通过了《校园维修管理细则》和《维修材料采购办法（试行）》，审议了《维修工时定额（征求意见稿）》。
庞立业要求，推进东区浴室改造，确保8月底前完成并投入使用；留学生公寓空调更换要在本月底前完成；
教学楼窗户检修要在本学期末前完工；要做好毕业生离校工作，确保7月5日前清退到位。
"""

TASKS_TRAD = """物業中心召開工程調度會
9月2日下午，物業中心在中心會議室召開工程調度會。會議由中心主任駱永年主持。
駱永年通報，目前，圖書館外牆清洗已完成60%，計劃五一前完工；學生活動中心裝修力爭10月開學前完工，
實驗樓電梯更換下月初前完成。
"""


def _tasks(r):
    return [(t["text"], t["due"]) for t in r["tasks"]]


def test_task_deadline_phrasings_simplified():
    r = _one(TASKS_SIMP)
    assert _tasks(r) == [
        ("东区浴室改造", "8月底前"),  # 完成并投入使用: the item is the previous clause's object
        ("留学生公寓空调更换", "本月底前"),
        ("教学楼窗户检修", "本学期末前"),
        ("毕业生离校工作", "7月5日前"),  # …到位
    ]
    # 《A》和《B》 adopted together; a draft only put to the meeting is not a decision
    assert [d["title"] for d in r["decisions"]] == ["校园维修管理细则", "维修材料采购办法（试行）"]


def test_task_deadline_phrasings_traditional():
    assert _tasks(_one(TASKS_TRAD)) == [
        ("圖書館外牆清洗", "五一前"),  # the subject of 已完成60% is the item
        ("學生活動中心裝修", "10月開學前"),
        ("實驗樓電梯更換", "下月初前"),
    ]


def test_warnings_are_traditional_chinese_with_file_and_line():
    pf = parse_text(
        "后勤工作会议纪要\n学校在行政楼301召开后勤工作会议。会议由副校长张国臣主持。\n", "nodate.txt"
    )
    assert pf.warnings == ["nodate.txt 第 2 行：找不到會議日期"]


FIELDS_SIMP = """资产处处务会议纪要
2024年4月9日下午，资产处在行政楼210会议室召开处务会议。会议由处长车永明主持。
出席：副处长申丽娟、黄国华，综合科科长郭志强。
列席：财务处副处长穆海燕。
请假：设备科科长邰建新（出差）。
"""

FIELDS_TRAD = """資產處處務會議紀要
2024年4月9日下午，資產處在行政樓210會議室召開處務會議。會議由處長車永明主持。
出席：副處長申麗娟、黃國華，各科室負責人。
列席：財務處副處長穆海燕。
請假：設備科科長邰建新。
"""


def test_minutes_field_lists_are_attendees_simplified():
    r = _one(FIELDS_SIMP)
    assert r["attendees"] == ["车永明", "申丽娟", "黄国华", "郭志强", "穆海燕"]  # 请假 people are absent
    assert "邰建新" in [p["name"] for p in r["people"]]
    assert r["attendee_groups"] == []


def test_minutes_field_lists_are_attendees_traditional():
    r = _one(FIELDS_TRAD)
    assert r["attendees"] == ["車永明", "申麗娟", "黃國華", "穆海燕"]
    assert r["attendee_groups"] == ["各科室負責人"]


def test_venue_phrasings_simplified():
    cases = [
        ("5月8日，学校物业工作推进会在线上（钉钉会议）召开。", "线上（钉钉会议）"),
        ("5月9日下午，后勤处以视频会议形式召开防汛工作会议。", "视频会议"),
        ("5月10日，膳食中心第三次职工大会在学术会议中心报告厅召开。", "学术会议中心报告厅"),
        ("5月11日，后勤处召开安全例会。\n地点：行政楼二楼会议室\n", "行政楼二楼会议室"),
    ]
    for text, venue in cases:
        assert _one("会议纪要\n" + text)["meeting"]["venue"] == venue, text


def test_venue_phrasings_traditional():
    cases = [
        ("6月3日，學校綠化工作會議在線上（騰訊會議）召開。", "線上（騰訊會議）"),
        ("6月4日，後勤處通過騰訊會議召開防汛工作會議。", "騰訊會議"),
        ("6月5日，維修中心年度大會在國際交流中心多功能廳召開。", "國際交流中心多功能廳"),
    ]
    for text, venue in cases:
        assert _one("會議紀要\n" + text)["meeting"]["venue"] == venue, text


def test_date_ranges_and_relative_days_simplified():
    m = _one("培训纪要\n2024年7月8日至10日，后勤处在培训中心举办班组长培训班。\n")["meeting"]
    assert (m["date"], m["date_text"]) == ("2024-07-08", "2024年7月8日至10日")
    m = _one("会议纪要\n上周五上午，物业中心在综合楼召开安全例会。\n")["meeting"]
    assert (m["date"], m["date_text"], m["time_of_day"]) == (None, "上周五上午", "morning")


def test_date_ranges_and_relative_days_traditional():
    m = _one("研討會紀要\n11月30日至12月1日，後勤處在賓館召開年度研討會。\n")["meeting"]
    assert (m["date"], m["date_text"]) == ("--11-30", "11月30日至12月1日")
    m = _one("會議紀要\n本週四晚上，膳食中心在第一食堂召開班組長會議，要求下週一前完成整改。\n")["meeting"]
    assert (m["date"], m["date_text"], m["time_of_day"]) == (None, "本週四晚上", "evening")


def test_words_ending_in_unit_suffixes_are_not_units():
    simp = _one(
        "会议纪要\n3月2日，物业中心召开例会。主任韩冬梅感谢大家为后勤服务所作的贡献，要求报修问题限时办结。\n"
    )
    assert simp["org_units"] == ["物业中心"]
    trad = _one(
        "會議紀要\n3月2日，膳食中心召開例會。主任鄧春華肯定了職工為食堂改造所付出的努力，要求投訴限時辦理。\n"
    )
    assert trad["org_units"] == ["膳食中心"]


@pytest.mark.parametrize(
    "text, name",
    [
        # the title line is only a headline: a body that never names the meeting gives no name
        (
            "绿化养护工作推进会\n5月9日上午，园林科科长罗国梁主持会议。\n罗国梁强调，各班组要做好夏季浇灌。\n",
            None,
        ),
        (
            "綠化養護工作推進會\n5月9日上午，園林科科長羅國樑主持會議。\n羅國樑強調，各班組要做好夏季澆灌。\n",
            None,
        ),
        # ceremonies are meetings too, named before 在…举行 or after 举行
        (
            "开学季\n9月2日上午，2024年新员工入职培训开班仪式在行政楼报告厅举行。\n",
            "2024年新员工入职培训开班仪式",
        ),
        (
            "開學季\n9月2日上午，餐飲中心在一食堂舉行「光盤行動」宣傳周啟動儀式。\n",
            "「光盤行動」宣傳周啟動儀式",
        ),
    ],
)
def test_meeting_name_comes_from_the_body_only(text, name):
    assert parse_text(text, "n.txt").reports[0].meeting.name == name


def _groups(text):
    return parse_text(text, "g.txt").reports[0].attendee_groups


@pytest.mark.parametrize(
    "text, groups",
    [
        # holders who take their turn were present
        ("例会\n3月4日上午，后勤处召开年终考核会。副处长孔立及各科室科长依次作个人述职。\n", ["各科室科长"]),
        ("例會\n3月4日上午，後勤處召開年終考核會。副處長孔立及各科室科長依次作個人述職。\n", ["各科室科長"]),
        # groups joined by 、 after 参加会议的还有 stay one group
        (
            "例会\n3月4日上午，后勤处召开党建会。参加会议的还有各党小组组长、宣传委员。\n",
            ["各党小组组长、宣传委员"],
        ),
        (
            "例會\n3月4日上午，後勤處召開黨建會。參加會議的還有各黨小組組長、宣傳委員。\n",
            ["各黨小組組長、宣傳委員"],
        ),
        # a lone title before a named person in the list is that person's title, not a group
        ("例会\n3月4日上午，后勤处召开推进会。出席会议的有校党委常委、副校长邓志明，副校长袁方。\n", []),
        # a group before another verb's clause is not taken again with the text after it
        (
            "例会\n3月4日上午，后勤处召开推进会。全体班组长40余人参加会议，各科室骨干列席会议。\n",
            ["全体班组长", "各科室骨干"],
        ),
        # 参加培训 / 参加约谈 are the meeting too
        ("例會\n3月4日上午，後勤處舉行培訓班。各食堂廚師60餘名參加培訓。\n", ["各食堂廚師"]),
        # groups listed with commas before 参加 are one group as written
        (
            "例会\n3月4日上午，后勤处召开述职会。物业中心、膳食中心全体科级干部，班组长，各支部委员参加会议。\n",
            ["物业中心、膳食中心全体科级干部，班组长，各支部委员"],
        ),
        # what the meeting was for, before the group and a comma, is not a group
        (
            "例会\n3月4日上午，后勤处召开会议，专题研究冬季供暖工作，全处科级以上干部参加会议。\n",
            ["全处科级以上干部"],
        ),
        # the group after a named person with a title after the name
        (
            "例会\n3月4日上午，后勤处召开会议。邓志明副校长、后勤处科级以上人员、部分班组长参加了会议。\n",
            ["后勤处科级以上人员、部分班组长"],
        ),
        # a bare title after a group's holders is more of the group
        (
            "例会\n3月4日上午，后勤处召开会议。出席会议的有邓志明副校长、各中心主任、副主任及全体员工。\n",
            ["各中心主任、副主任及全体员工"],
        ),
        # 和 before a noun joins two groups; it is not a surname after a title
        ("例會\n3月4日上午，後勤處召開會議。各支部書記和支部代表參加會議。\n", ["各支部書記和支部代表"]),
    ],
)
def test_attendee_group_families(text, groups):
    assert _groups(text) == groups


def test_rare_surname_with_a_title_before_it():
    r = parse_text("例会\n3月4日上午，后勤处召开推进会。财务处副处长赖明出席。\n", "g.txt").reports[0]
    assert [p.name for p in r.people] == ["赖明"] and r.attendee_groups == []


@pytest.mark.parametrize(
    "text, name, titles",
    [
        # 因公/因病 after a two-character name is the reason for absence, not a third character
        ("例会\n3月4日上午，后勤处召开推进会。办公室主任梁静因病请假。\n", "梁静", ["办公室主任"]),
        ("例會\n3月4日上午，後勤處召開推進會。辦公室主任梁靜因公請假。\n", "梁靜", ["辦公室主任"]),
        # 国有 inside a unit name does not cut the title at 有
        (
            "例会\n3月4日上午，后勤处召开推进会。国有资产管理处处长韦刚出席会议。\n",
            "韦刚",
            ["国有资产管理处处长"],
        ),
        (
            "例會\n3月4日上午，後勤處召開推進會。國有資產管理處處長韋剛出席會議。\n",
            "韋剛",
            ["國有資產管理處處長"],
        ),
    ],
)
def test_name_and_title_edges(text, name, titles):
    people = {p.name: p.titles for p in parse_text(text, "t.txt").reports[0].people}
    assert people.get(name) == titles


@pytest.mark.parametrize(
    "text, name",
    [
        # 副 after a two-character name starts the title that follows it (杨柳副主任)
        (
            "例会\n3月4日上午，后勤处召开推进会。中心主任单远、副主任齐松出席。齐松副主任在讲话中作了部署。\n",
            "齐松",
        ),
        (
            "例會\n3月4日上午，後勤處召開推進會。中心主任單遠、副主任齊松出席。齊松副主任在講話中作了部署。\n",
            "齊松",
        ),
    ],
)
def test_fu_after_a_name_starts_a_title(text, name):
    r = parse_text(text, "t.txt").reports[0]
    assert name in [p.name for p in r.people] and not any(p.name.endswith("副") for p in r.people)


def test_meeting_names_ending_in_hui_and_held_successfully():
    unpunctuated = _one(
        "物业中心召开秋季开学保障工作会\n"
        "9月1日上午物业中心在综合楼三楼会议室召开秋季开学保障工作会会议由中心主任蔡立群主持各班组负责人参加会议\n"
    )
    assert unpunctuated["meeting"]["name"] == "秋季开学保障工作会"
    forum = _one(
        "后勤处举办管理论坛\n3月5日，后勤处第三届后勤管理论坛在图书馆报告厅成功举办。处长柯建平致辞。\n"
    )
    assert "第三届后勤管理论坛" in forum["meeting"]["name"]


def test_a_given_name_may_end_in_ri_before_a_title():
    report = _one(
        "食堂召开见面会\n7月14日晚，饮食中心在中心办公室召开见面会。本次会议由周经日经理主持。7月25日后勤处通报了情况。\n"
    )
    assert report["meeting"]["chair"] == "周经日"
    assert [p["name"] for p in report["people"]] == ["周经日"]


def test_adverbs_that_look_like_names_are_not_people():
    report = _one(
        "后勤处召开暑期工作会\n"
        "7月3日上午，后勤处召开暑期工作会。会议由处长邵启明主持。\n"
        "邵启明要求各科室主动作为，周密部署，确保暑期维修按时完成。\n"
        "服务中心主任范海涛简要通报了上半年的维修情况。\n"
    )
    assert [p["name"] for p in report["people"]] == ["邵启明", "范海涛"]
    assert [s["speaker"] for s in report["speeches"]] == ["邵启明", "范海涛"]


def test_unnamed_heads_inside_a_unit_name_give_no_speech():
    report = _one(
        "後勤處召開開學準備會\n8月30日上午，後勤處召開開學準備會。處長應偉明主持。"
        "後勤各科室負責人分別交流發言。應偉明作總結。\n"
    )
    assert _kinds(report) == [("應偉明", "closing")]


def test_a_verb_before_a_bare_group_is_not_a_unit():
    report = _one(
        "后勤集团召开年度研讨会\n1月9日，后勤集团召开年度研讨会。总经理石惠中主持。"
        "通过研讨集团明确了全年目标，会议要求大力弘扬集团正能量。\n"
    )
    assert not any(u.endswith("研讨集团") or u.endswith("弘扬集团") for u in report["org_units"])
    assert "后勤集团" in report["org_units"]


def test_reports_deliberated_are_not_decisions_but_resolutions_adopted_are():
    report = _one(
        "后勤集团召开二届三次职代会\n4月12日，后勤集团二届三次职代会在学术中心召开。"
        "大会书面审议了《集团年度财务预算执行情况的报告》。"
        "大会表决通过了总经理工作报告的决议和财务工作报告的决议。\n"
    )
    assert [d["title"] for d in report["decisions"]] == ["总经理工作报告的决议", "财务工作报告的决议"]


def test_page_chrome_without_colons_is_not_a_report_or_its_date():
    text = (
        "新闻中心\n\n您所在的位置:\n\n学校首页 新闻中心 校园动态 正文\n"
        "物业中心召开春季保洁工作会议\n时间   2019年04月02日 00:00\n作者    责任编辑   \n\n"
        "3月28日下午,物业中心召开春季保洁工作会议。中心主任路正航主持会议。\n"
    )
    reports = extraction_document([parse_text(text, "x.txt")])["reports"]
    assert len(reports) == 1
    meeting = reports[0]["meeting"]
    assert meeting["name"].endswith("春季保洁工作会议")
    assert (meeting["date"], meeting["year_inferred"]) == ("2019-03-28", True)
    assert meeting["chair"] == "路正航"


@pytest.mark.parametrize(
    "text, units",
    [
        # 与 inside a unit's name after a verb that unit names carry (管理, 服务)
        ("例会\n3月4日上午，后勤管理与基建处召开推进会。\n", ["后勤管理与基建处"]),
        ("例会\n3月4日上午，学校与后勤处召开推进会。\n", ["后勤处"]),
        # an office name jieba knows as a set phrase
        ("例会\n3月4日上午，后勤处召开推进会。计财处副处长王大明讲话。\n", ["后勤处", "计财处"]),
        # an idiom ending in 处 is no unit
        ("例会\n3月4日上午，后勤处召开推进会，查找工作中的不足之处。\n", ["后勤处"]),
        # a unit followed by 在 (not the verb 处在)
        ("例会\n3月4日上午，资产管理处在三楼会议室召开推进会。\n", ["资产管理处"]),
        ("例會\n3月4日上午，資產管理處在三樓會議室召開推進會。\n", ["資產管理處"]),
        # working groups (组, 小组) are units; a kind of group (等小组, 班组) is not
        (
            "例会\n3月4日上午，后勤处召开推进会，成立了物资保障组、水电维修组等小组。\n",
            ["后勤处", "物资保障组", "水电维修组"],
        ),
        ("例会\n3月4日上午，后勤处召开推进会，表彰了优秀维修班组。\n", ["后勤处"]),
        # a unit inside the one just named is a unit of its own
        ("例会\n3月4日上午，行政后勤处培训服务中心召开推进会。\n", ["行政后勤处", "培训服务中心"]),
        # the Youth League committee named alone, and a union with its owner
        (
            "例会\n3月4日上午，学生处、团委、后勤处召开协调会。集团工会主席王大明讲话。\n",
            ["学生处", "团委", "后勤处", "集团工会"],
        ),
        # a campus name jieba does not know
        ("例会\n3月4日上午，应天校区后勤服务部召开推进会。\n", ["应天校区后勤服务部"]),
        # a meeting's name printed against the first unit of a list
        ("例会\n3月4日上午，后勤处召开维修论证会资产处、基建处参加。\n", ["后勤处", "资产处", "基建处"]),
        # people before 与 are not part of the unit's name
        ("例会\n3月4日上午，物业中心的干部职工与行政后勤处领导座谈。\n", ["物业中心", "行政后勤处"]),
        # party bodies, a new term's committee and firms named by their trade are not units
        (
            "例会\n3月4日上午，后勤处党总支召开大会，选举产生新一届总支部委员会，物业公司经理列席。\n",
            ["后勤处"],
        ),
        (
            "例會\n3月4日上午，後勤處召開大會，選舉產生新一屆黨支部委員會，餐飲服務公司經理列席。\n",
            ["後勤處"],
        ),
        # kinds of office, offices named after 所属/有关, a place to go and 办 as "do" are not units
        (
            "例会\n3月4日上午，后勤处召开会议，各处室科负责人、有关中心负责人参加，要为师生办实事。\n",
            ["后勤处"],
        ),
        ("例会\n3月4日上午，后勤处召开会议，让食堂成为师生的好去处。\n", ["后勤处"]),
        ("例会\n3月4日上午，后勤研究会召开会议，讨论研究会所属专业部管理办法。\n", ["后勤研究会"]),
    ],
)
def test_unit_name_families(text, units):
    assert parse_text(text, "u.txt").reports[0].org_units == units


@pytest.mark.parametrize(
    "text, tasks",
    [
        # a check on a date: the task is the check, not what is checked
        (
            "例会\n3月4日上午，后勤处召开会议。会议定于2月10日对各中心工作进行检查。\n",
            [("对各中心工作进行检查", "2月10日")],
        ),
        # 的 after a verb says which work; the work is kept whole
        (
            "例会\n3月4日上午，后勤处召开会议。一些没完成的工作应尽快在开学初完成。\n",
            [("一些没完成的工作", "开学初")],
        ),
        # 的改造 after a noun is what is done to it: the item is the noun
        ("例会\n3月4日上午，后勤处召开会议。预计8月底完成学生宿舍的改造。\n", [("学生宿舍", "8月底")]),
    ],
)
def test_task_text_families(text, tasks):
    assert [(t.text, t.due) for t in parse_text(text, "t.txt").reports[0].tasks] == tasks


@pytest.mark.parametrize(
    "text, people",
    [
        # a given name may end in 年 (郭锡年) unless the pair is a word (多年)
        (
            "例会\n3月4日上午，后勤集团召开例会，副总经理张广成、郭锡年、徐风光参加了会议。张老师多年来坚持服务。\n",
            [("张广成", ["副总经理"]), ("郭锡年", ["副总经理"]), ("徐风光", ["副总经理"])],
        ),
        # the same post written shorter later is one title; a fuller form later replaces the shorter
        (
            "例会\n3月4日上午，后勤集团召开例会，总经理张文超主持。集团总经理张文超作报告。\n",
            [("张文超", ["集团总经理"])],
        ),
        # 该校 / 新任的 say which holder, not what the post is
        ("例會\n3月4日上午，後勤處召開會議，該校副校長陳明出席。\n", [("陳明", ["副校長"])]),
    ],
)
def test_people_and_title_families(text, people):
    assert [(p.name, p.titles) for p in parse_text(text, "p.txt").reports[0].people] == people


@pytest.mark.parametrize(
    "text, date",
    [
        # a copy that lost 月: two digits that cannot be a day, with or without the year before them
        ("例会\n发布时间：2017-05-09\n55日上午，后勤服务中心召开全体人员会议。\n", (2017, 5, 5)),
        ("例会\n202275日下午，基本建设处召开全处大会。\n", (2022, 7, 5)),
        # a bare run opening the sentence of a meeting held
        ("例会\n发布时间：2010-09-08\n96，后勤管理处召开会议，传达学校会议精神。\n", (2010, 9, 6)),
        # a day without its 日 right before the meeting
        ("例会\n后勤服务中心于6月19召开食品安全工作部署会。\n", (None, 6, 19)),
    ],
)
def test_garbled_and_unmarked_days(text, date):
    m = parse_text(text, "d.txt").reports[0].meeting
    assert (m.year, m.month, m.day) == date


def test_a_site_header_above_the_breadcrumb_is_not_the_headline():
    text = (
        "后勤基建处(2022)\n常用电话\n当前位置: 首页>>后勤文化>>正文\n"
        "后勤服务中心召开全体人员会议\n2017-05-09 后勤服务中心供稿\n"
        "5月5日上午，后勤服务中心主任卢进安主持召开全体人员会议。\n"
    )
    r = parse_text(text, "h.txt").reports
    assert len(r) == 1 and r[0].title == "后勤服务中心召开全体人员会议"


@pytest.mark.parametrize(
    "text, appointed",
    [
        # an election's result listed after a colon: each person elected, nobody announced it
        (
            "大会\n3月4日上午，后勤处党支部召开换届选举大会，支部书记王大明主持。王大明宣读了批复。"
            "大会选举产生了新一届支部委员会委员3人：王大明、李小红、张建国。\n",
            [("王大明", "委员", None), ("李小红", "委员", None), ("张建国", "委员", None)],
        ),
        (
            "大會\n3月4日上午，後勤處黨支部召開換屆選舉大會，支部書記王大明主持。"
            "大會選舉產生了新一屆支部委員會委員3人：王大明、李小紅、張建國。\n",
            [("王大明", "委員", None), ("李小紅", "委員", None), ("張建國", "委員", None)],
        ),
        # a committee composed of the people elected
        (
            "大会\n3月4日上午，后勤处召开换届选举大会。新一届委员会由王大明、李小红等两位同志组成。\n",
            [("王大明", "委员", None), ("李小红", "委员", None)],
        ),
        # one person named for a post in the sentence of the election, and 当选为
        (
            "大会\n3月4日上午，后勤协会召开年会，选举产生了新一届理事单位，王大明为协会理事长。"
            "李小红当选为协会秘书长。\n",
            [("王大明", "协会理事长", None), ("李小红", "协会秘书长", None)],
        ),
        # a post given with its unit: the post without the unit
        (
            "会议\n3月4日上午，后勤处召开干部大会，处长王大明宣读了学校决定，任命李小红为物业中心主任。\n",
            [("李小红", "主任", "王大明")],
        ),
    ],
)
def test_appointments_by_election_and_posts_with_units(text, appointed):
    r = _one(text)
    assert [(a["person"], a["post"], a["announced_by"]) for a in r["appointments"]] == appointed


def test_the_end_of_a_title_is_not_the_start_of_a_compound_surname():
    r = _one("会议\n3月4日下午，后勤处副处长孙永玲、周涛主持会议。\n")
    assert [(p["name"], p["titles"]) for p in r["people"]][0] == ("孙永玲", ["后勤处副处长"])
    assert r["meeting"]["chair"] == "孙永玲"  # two chairs: the first named
    assert _one("会议\n3月4日下午，长孙永玲主持会议。\n")["meeting"]["chair"] == "长孙永玲"


@pytest.mark.parametrize(
    "text, speeches",
    [
        # a topic running over several commas before its verb
        (
            "会议\n3月4日，后勤处召开学习会。陈一凡、姚群、赵忠祥三位同志就学习会议精神，结合本职工作，"
            "从提升服务质量等方面作了交流发言。\n",
            [("陈一凡", "other"), ("姚群", "other"), ("赵忠祥", "other")],
        ),
        (
            "會議\n3月4日，後勤處召開學習會。陳一凡、姚群、趙忠祥三位同志就學習會議精神，結合本職工作，"
            "從提升服務品質等方面作了交流發言。\n",
            [("陳一凡", "other"), ("姚群", "other"), ("趙忠祥", "other")],
        ),
        # a report the speaker expounds is not the speaker's own report
        (
            "会议\n3月4日，后勤处召开学习会。处长王兴伯解读了政府工作报告的重点内容。\n",
            [("王兴伯", "address")],
        ),
    ],
)
def test_topics_over_commas_and_expounded_reports(text, speeches):
    assert [(s["speaker"], s["kind"]) for s in _one(text)["speeches"]] == speeches


def test_a_list_the_meeting_lays_down_is_the_chairs_after_other_speakers():
    r = _one(
        "会议\n3月4日，后勤处召开学习会，会议由处长王兴伯主持。科长李明作了交流发言。"
        "会议对学习贯彻会议精神，提出了两个方面要求：一是各科室要认真学习；二是要结合实际工作。\n"
    )
    assert [(d["issuer"], d["number"]) for d in r["directives"]] == [("王兴伯", 1), ("王兴伯", 2)]


@pytest.mark.parametrize(
    "text, directives",
    [
        # a short mention (孙总) with an adverb before 强调
        (
            "会议\n3月4日，后勤总公司召开会议，总经理孙彦臣主持。孙彦臣首先传达了学校会议精神。"
            "孙总特别强调要牢固树立安全意识。\n",
            [("孙彦臣", "要牢固树立安全意识。")],
        ),
        # a sentence with no subject that opens on 强调 continues the last speaker
        (
            "会议\n3月4日，后勤处召开会议，书记尹承增主持。最后，尹书记对学习内容进行了部署。"
            "同时强调各单位要进一步重视政治安全。\n",
            [("尹承增", "各单位要进一步重视政治安全。")],
        ),
        (
            "會議\n3月4日，後勤處召開會議，書記尹承增主持。最後，尹書記對學習內容進行了部署。"
            "同時強調各單位要進一步重視政治安全。\n",
            [("尹承增", "各單位要進一步重視政治安全。")],
        ),
    ],
)
def test_requirements_after_short_mentions_and_without_a_subject(text, directives):
    assert [(d["issuer"], d["text"]) for d in _one(text)["directives"]] == directives


@pytest.mark.parametrize(
    "text, speech",
    [
        # 以《…》为题 names the talk; the verb comes after the comma
        (
            "会议\n3月4日，后勤处召开大会。党工委书记党远鸿以《春天的故事》为题，回顾了发展历程。\n",
            ("党远鸿", "address"),
        ),
        # looking back on a period's work is a work report
        ("会议\n3月4日，后勤处召开大会。处长王远鸿回顾了2019年的工作。\n", ("王远鸿", "report")),
    ],
)
def test_talks_named_by_their_title_and_looking_back(text, speech):
    assert [(s["speaker"], s["kind"]) for s in _one(text)["speeches"]] == [speech]


@pytest.mark.parametrize(
    "text, decisions",
    [
        (
            "会议\n3月4日，基建处召开全处大会。处长林忠元首先通报了学校关于基建处内设机构负责人职务任免的通知。\n",
            [("学校关于基建处内设机构负责人职务任免的通知", "林忠元")],
        ),
        (
            "會議\n3月4日，後勤集團召開幹部會議。總經理張霍勝傳達了集團關於部門負責人調整的文件精神。\n",
            [("集團關於部門負責人調整的文件", "張霍勝")],
        ),
        # a situation reported is no document
        ("会议\n3月4日，后勤处召开例会。处长林忠元通报了近期安全检查情况。\n", []),
    ],
)
def test_documents_reported_or_passed_on(text, decisions):
    assert [(d["title"], d["read_by"]) for d in _one(text)["decisions"]] == decisions


@pytest.mark.parametrize(
    "text, speeches",
    [
        # a quoted title between the verb and 报告 decides nothing; 宣讲报告 is a talk
        (
            "会议\n3月4日，后勤处召开大会。党委书记孙玉宗作了“新时代、新气象,提升后勤党建新水平”的专题宣讲报告。\n",
            [("孙玉宗", "address")],
        ),
        # 他 after the chair's clause in the same sentence is the chair
        (
            "会议\n3月4日，后勤部召开会议。主任唐万海、科长王树礼参加了会议。会议由王树礼主持，他首先通报了食堂工作情况。\n",
            [("王树礼", "report")],
        ),
        # a report heard, with words between 作的 and 报告
        (
            "会议\n3月4日，后勤处召开职代会，工会副主席刘涛主持。会议还听取了刘涛作的2022年度部门工会工作报告。\n",
            [("刘涛", "report")],
        ),
        # lectures and words of thanks; a numeral in a given name after a title
        (
            "会议\n3月4日，后勤处召开年会。随后，总经理尹三洪及总经理朱子申分别做了讲座。\n",
            [("尹三洪", "address"), ("朱子申", "address")],
        ),
        ("會議\n3月4日，後勤處召開表彰會。科長王國平發表了獲獎感言。\n", [("王國平", "other")]),
    ],
)
def test_talks_lectures_and_pronouns(text, speeches):
    assert [(s["speaker"], s["kind"]) for s in _one(text)["speeches"]] == speeches


def test_a_numeral_word_after_a_title_is_no_given_name():
    assert [p["name"] for p in _one("会议\n3月4日，后勤处召开大会。副处长王二次强调安全。\n")["people"]] != [
        "王二次"
    ]


@pytest.mark.parametrize(
    "text, speeches",
    [
        # 向 starting a given name after a title; 纷纷 after a list of names
        (
            "会议\n3月4日，总务处召开会议。综合科科长刘坤、应急管理科科长王向阳纷纷结合自身工作提出相关安排。\n",
            [("刘坤", "address"), ("王向阳", "address")],
        ),
        # a rank written short after the name
        ("会议\n3月4日，总务处召开会议。王平处调提出食堂要提供价格保证。\n", [("王平", "address")]),
        # a leader named without a post, after another speaker's clause
        (
            "会议\n3月4日，后勤集团召开会议。书记侯亚涛首先传达了学校会议精神，集团领导霍国元通报了安全检查情况。\n",
            [("侯亚涛", "announcement"), ("霍国元", "report")],
        ),
        # thanks first, then the speech itself
        (
            "會議\n3月4日，飲食中心召開會議。主任周吉對各食堂的辛勤工作表示感謝，並就暑假期間的工作重點進行了安排。\n",
            [("周吉", "address")],
        ),
    ],
)
def test_names_and_turns_found_in_new_reports(text, speeches):
    assert [(s["speaker"], s["kind"]) for s in _one(text)["speeches"]] == speeches


def test_a_preposition_after_a_title_and_surname_is_no_given_name():
    assert _one("会议\n3月4日，总务处召开会议。处长王向大家通报了情况。\n")["people"] == []


def test_everyone_in_a_list_elected_to_one_post():
    r = _one(
        "会议\n5月7日下午，膳食管理委员会召开工作会议。经投票选举，王洋当选为新一届膳委会会长，杨超、杨铎当选为副会长。\n"
    )
    assert [(a["person"], a["post"]) for a in r["appointments"]] == [
        ("王洋", "膳委会会长"),
        ("杨超", "副会长"),
        ("杨铎", "副会长"),
    ]


@pytest.mark.parametrize(
    "text, people",
    [
        # the surname character ends a word with the character before it
        ("会议\n3月4日，饮食中心召开会议，主任周吉就开关时间等有关事项进行了安排。\n", [("周吉", ["主任"])]),
        # a very common word before 同志 is no name
        (
            "会议\n3月4日，后勤集团召开推荐大会，处长李军主持。全体同志要认真负责地做好推荐工作。\n",
            [("李军", ["处长"])],
        ),
        # 分管校领导 describes the person; the post is what follows
        ("会议\n3月4日，后勤处召开会议，分管校领导党委委员吕贤军出席并讲话。\n", [("吕贤军", ["党委委员"])]),
        ("会议\n3月4日，后勤处召开会议，领导小组组长王大明主持。\n", [("王大明", ["领导小组组长"])]),
    ],
)
def test_words_that_only_look_like_names_or_posts(text, people):
    assert [(p["name"], p["titles"]) for p in _one(text)["people"]] == people


@pytest.mark.parametrize(
    "text, titles",
    [
        # plain lists adopted after the documents in book marks
        (
            "会议\n3月4日，后勤处召开党员大会。参会党员表决通过《工作报告》、《选举办法》、候选人名单及监票人名单后，进行选举。\n",
            ["工作报告", "选举办法", "候选人名单", "监票人名单"],
        ),
        # adopted, said the other way round
        (
            "会议\n3月4日，后勤管理处召开职代会。会上，后勤管理处2022年工作报告等相关议题顺利通过大会表决。\n",
            ["后勤管理处2022年工作报告"],
        ),
        (
            "會議\n3月4日，後勤管理處召開職代會。會上，後勤管理處2022年工作報告等相關議題順利通過大會表決。\n",
            ["後勤管理處2022年工作報告"],
        ),
    ],
)
def test_adopted_lists_and_items_passed_by_vote(text, titles):
    assert [d["title"] for d in _one(text)["decisions"]] == titles


@pytest.mark.parametrize(
    "text, speeches",
    [
        # an office reporting after an adverb
        ("会议\n3月4日，后勤处召开会议。会上，处办公室首先汇报了假期工作情况。\n", [("处办公室", "report")]),
        # titled people listed with commas, then 分别
        (
            "会议\n3月4日，后勤保障部召开会议。党委书记、副部长李坚，部长张基涛，纪委书记郭慧梅分别作点评。\n",
            [("李坚", "address"), ("张基涛", "address"), ("郭慧梅", "address")],
        ),
        # without 分别 a comma still ends a clause
        ("会议\n3月4日，后勤处召开会议，处长王明主持，副处长李华讲话。\n", [("李华", "address")]),
    ],
)
def test_offices_after_adverbs_and_lists_with_commas(text, speeches):
    assert [(s["speaker"] or s["speaker_unit"], s["kind"]) for s in _one(text)["speeches"]] == speeches


def test_leaders_whose_speeches_are_studied_are_not_people():
    r = _one(
        "会议\n3月4日，后勤处召开党委扩大会议，书记王明主持。会议学习了李克强在北京大学召开的座谈会上的重要讲话精神，"
        "刘云山在高校党建调研座谈会上的讲话。\n"
    )
    assert [p["name"] for p in r["people"]] == ["王明"]


@pytest.mark.parametrize(
    "text, people",
    [
        # 以及 after a one-character given name
        (
            "会议\n3月4日，后勤处召开职代会，处长李洋、副处长凌瑶以及45名代表出席会议。\n",
            [("李洋", ["处长"]), ("凌瑶", ["副处长"])],
        ),
        # 各部门 before a shared title is not part of it
        (
            "会议\n3月4日，基建处召开大会。各部门分管副处长傅加林、吴乾富分别汇报了工作。\n",
            [("傅加林", ["分管副处长"]), ("吴乾富", ["分管副处长"])],
        ),
    ],
)
def test_given_names_before_conjunctions_and_titles_after_each(text, people):
    assert [(p["name"], p["titles"]) for p in _one(text)["people"]] == people


@pytest.mark.parametrize(
    "text, tasks",
    [
        (
            "会议\n3月4日，后勤集团召开会议。副总经理李长明要求各部门务必在春节前进行全面整改，消除隐患。\n",
            [("进行全面整改", "春节前")],
        ),
        (
            "會議\n3月4日，後勤集團召開會議。處長王明要求各部門要在月底前開展一次安全檢查。\n",
            [("開展一次安全檢查", "月底前")],
        ),
        # what was done before a date is no task
        ("会议\n3月4日，后勤集团召开会议，通报在春节前进行了检查。\n", []),
    ],
)
def test_work_required_by_a_deadline(text, tasks):
    assert [(t["text"], t["due"]) for t in _one(text)["tasks"]] == tasks


@pytest.mark.parametrize(
    "text, venue",
    [
        ("会议\n10月21日，后勤管理处在成雅两校区以视频会议形式召开工作调度会。\n", "成雅两校区"),
        ("會議\n10月21日，後勤管理處在成雅兩校區以視頻會議形式召開工作調度會。\n", "成雅兩校區"),
        ("会议\n10月21日，后勤处在我校国际学术会议报告厅召开大会。\n", "国际学术会议报告厅"),
        ("会议\n10月21日，后勤处以视频会议形式召开工作调度会。\n", "视频会议"),
    ],
)
def test_the_place_before_how_the_meeting_was_held(text, venue):
    assert _one(text)["meeting"]["venue"] == venue


@pytest.mark.parametrize(
    "text",
    [
        "9月3日下午，后勤处召开供暖工作会议。动力科科长钱海林汇报了检修进度。处长邵明川听取了各科室的准备情况汇报。他强调，一是各科室要抓紧检修；二是要备足物资。",
        "9月3日下午，後勤處召開供暖工作會議。動力科科長錢海林匯報了檢修進度。處長邵明川聽取了各科室的準備情況匯報。他強調，一是各科室要抓緊檢修；二是要備足物資。",
    ],
)
def test_he_opening_a_sentence_is_the_last_sentences_subject(text):
    r = _one(text)
    assert [s["speaker"] for s in r["speeches"]][-1] == "邵明川"
    assert [(d["issuer"], d["number"]) for d in r["directives"]] == [("邵明川", 1), ("邵明川", 2)]


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "为推进整改，物业科建立了例会制度，每周一召开工作例会。\n\n3月6日上午，副处长霍立群组织召开首次物业整改工作例会。",
            "物业整改工作例会",
        ),
        (
            "為推進整改，物業科建立了例會制度，每週一召開工作例會。\n\n3月6日上午，副處長霍立群組織召開新學期第一次物業整改工作例會。",
            "物業整改工作例會",
        ),
    ],
)
def test_the_dated_sentence_names_the_meeting_without_its_ordinal(text, name):
    assert _one(text)["meeting"]["name"] == name


@pytest.mark.parametrize(
    "text, units",
    [
        ("5月8日，后勤处召开例会。食堂专项整改工作组建立了台账。", ["后勤处", "食堂专项整改工作组"]),
        ("5月8日，後勤處召開例會。校園疫情防控工作組建立了日報制度。", ["後勤處", "校園疫情防控工作組"]),
        # a kind of office and a part of a campus are not units
        ("5月8日，后勤处召开例会，研究学校机关处室和东院食堂的搬迁。", ["后勤处"]),
    ],
)
def test_working_groups_before_a_verb_and_kinds_of_office(text, units):
    assert _one(text)["org_units"] == units


def test_a_leader_who_spoke_at_the_meeting():
    r = _one(
        "6月2日下午，后勤处召开工作会议。副校长龚建华在会上讲了话，提出两点要求：一是要做好防汛；二是要保障用电。"
    )
    assert _kinds(r) == [("龚建华", "address")]
    assert [d["issuer"] for d in r["directives"]] == ["龚建华", "龚建华"]


@pytest.mark.parametrize(
    "text",
    [
        "4月9日下午，后勤集团召开安全工作会议，会议由总经理甘立新主持。副书记白秋萍指出安全形势严峻。"
        "针对当前形势，后勤集团着重提出了以下几点要求：一是要排查隐患；二是要完善预案。",
        "4月9日下午，後勤集團召開安全工作會議，會議由總經理甘立新主持。副書記白秋萍指出安全形勢嚴峻。"
        "針對當前形勢，後勤集團著重提出了以下幾點要求：一是要排查隱患；二是要完善預案。",
    ],
)
def test_a_list_the_convening_office_lays_down_is_the_chairs(text):
    assert [(d["issuer"], d["number"]) for d in _one(text)["directives"]] == [("甘立新", 1), ("甘立新", 2)]


@pytest.mark.parametrize(
    "text, convener",
    [
        (
            "4月9日下午，后勤处召开安全会议。处长甘立新传达了学校关于贯彻落实教育部部长助理邝海涛关于强化"
            "校园安全,做好汛期防范的通知精神，通报了近期检查情况。",
            "甘立新",
        ),
        (
            "4月9日下午，後勤處召開安全會議。處長甘立新傳達了學校關於貫徹落實教育部部長助理鄺海濤關於強化"
            "校園安全,做好汛期防範的通知精神，通報了近期檢查情況。",
            "甘立新",
        ),
    ],
)
def test_the_author_of_a_document_passed_on_takes_no_part(text, convener):
    r = _one(text)
    assert [p["name"] for p in r["people"]] == [convener]
    assert [(s["speaker"], s["kind"]) for s in r["speeches"]] == [(convener, "announcement")]
    assert len(r["org_units"]) == 1  # the convening office, not the author's ministry


def test_leaders_and_unnamed_groups_present_at_a_named_meeting():
    r = _one(
        "1月8日下午，后勤处召开年度表彰大会。副校长龙海舟以及与后勤工作相关的单位负责人出席表彰大会，"
        "会议由处长伍春生主持。龙海舟代表学校向大家送上新年祝福，对后勤工作给予了肯定。"
    )
    assert r["attendee_groups"] == ["与后勤工作相关的单位负责人"]
    assert _kinds(r) == [("龙海舟", "address")]


@pytest.mark.parametrize(
    "text, decisions",
    [
        (
            "1月8日下午，后勤处召开表彰大会，处长伍春生作工作报告。随后，视频宣读了2024年度先进个人、先进集体名单。",
            [("2024年度先进个人、先进集体名单", None)],
        ),
        (
            "1月8日下午，後勤處召開表彰大會，處長伍春生作工作報告。隨後，伍春生宣讀了2024年度先進個人名單。",
            [("2024年度先進個人名單", "伍春生")],
        ),
    ],
)
def test_lists_read_out_and_who_read_them(text, decisions):
    assert [(d["title"], d["read_by"]) for d in _one(text)["decisions"]] == decisions


@pytest.mark.parametrize(
    "text, date, name",
    [
        (
            "10月12日上午，总务处召开了2021-2022年供暖工作协调会。",
            "2021-10-12",
            "2021-2022年供暖工作协调会",
        ),
        (
            "10月24日，後勤中心召開了「2023-2024冬季供暖工作協調會」。",
            "2023-10-24",
            "2023-2024冬季供暖工作協調會",
        ),
        ("3月2日，后勤处召开“平安校园”建设推进会。", "--03-02", "“平安校园”建设推进会"),
    ],
)
def test_a_season_named_by_two_years_and_names_in_quotation_marks(text, date, name):
    meeting = _one(text)["meeting"]
    assert (meeting["date"], meeting["name"]) == (date, name)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("3月2日，后勤处召开协调会。处长卜文山介绍了本次会议召开的背景和目的。", "opening"),
        ("3月2日，後勤處召開協調會。處長卜文山介紹了此次會議的主要任務。", "opening"),
        ("3月2日，后勤处召开安全会议。处长卜文山首先对去年的安全工作进行了总结。", "report"),
        ("3月2日，后勤处召开供暖会议。科长何文清传达了“2025年冬季供暖方案”。", "announcement"),
    ],
)
def test_openings_reports_and_plans_passed_on(text, kind):
    assert [s["kind"] for s in _one(text)["speeches"]] == [kind]


@pytest.mark.parametrize(
    "text, units",
    [
        ("3月2日，总务处召开协调会，校区管委会办公室主任王云玲参会。", ["总务处", "校区管委会办公室"]),
        ("3月2日，總務處召開協調會，校區管委會辦公室主任王雲玲參會。", ["總務處", "校區管委會辦公室"]),
    ],
)
def test_an_office_of_a_management_committee(text, units):
    assert _one(text)["org_units"] == units


def test_a_long_office_before_a_title():
    r = _one("4月1日，后勤集团召开会议。综合办公室安全生产与质量监察部主任邵长杰对工作计划进行了说明。")
    assert [(p["name"], p["titles"]) for p in r["people"]] == [
        ("邵长杰", ["综合办公室安全生产与质量监察部主任"])
    ]


@pytest.mark.parametrize(
    "text, decisions",
    [
        (
            "4月1日，后勤集团召开安全会议。主任柏永东传达了我校《关于加强消防安全工作的通知》和教育部、公安部关于"
            "《高等学校消防安全管理规定》的精神，并要求各部门按照集团下发的《安全月活动方案》，签订责任书。",
            [("关于加强消防安全工作的通知", "柏永东"), ("高等学校消防安全管理规定", "柏永东")],
        ),
        (
            "4月1日，後勤集團召開安全會議。主任柏永東傳達了“2025年冬季供暖方案”。",
            [("2025年冬季供暖方案", "柏永東")],
        ),
    ],
)
def test_documents_passed_on_and_documents_referred_to(text, decisions):
    assert [(d["title"], d["read_by"]) for d in _one(text)["decisions"]] == decisions


def test_a_news_items_dateline_is_not_the_meeting_day():
    r = _one("后勤处（保卫处）6月14日讯（文/图 杨琼）6月13日上午，后勤处召开安全生产工作会议。")
    assert (r["meeting"]["date"], r["meeting"]["time_of_day"]) == ("--06-13", "morning")


@pytest.mark.parametrize(
    "text",
    [
        "6月13日上午，后勤处召开安全会议，会议由处长郑云山主持。会议指出，各科室要高度重视安全工作。"
        "一是开展安全大检查；二是做好防汛工作。",
        "6月13日上午，後勤處召開安全會議，會議由處長鄭雲山主持。會議指出，各科室要高度重視安全工作。"
        "一是開展安全大檢查；二是做好防汛工作。",
    ],
)
def test_a_list_opening_the_sentence_after_the_meetings_goes_on_it(text):
    r = _one(text)
    numbered = [(d["issuer"], d["number"]) for d in r["directives"] if d["number"]]
    assert numbered == [(r["meeting"]["chair"], 1), (r["meeting"]["chair"], 2)]
    assert r["meeting"]["chair"] in ("郑云山", "鄭雲山")


@pytest.mark.parametrize(
    "text, groups",
    [
        ("2月12日上午，后勤处召开工作例会。全体科级以上干部参加了工作例会。", ["全体科级以上干部"]),
        # who is to be invited is not present
        ("2月12日上午，后勤处召开工作例会，研究演练方案，并争取邀请分管领导参加表彰大会。", []),
    ],
)
def test_groups_who_attended_a_named_meeting(text, groups):
    assert _one(text)["attendee_groups"] == groups


@pytest.mark.parametrize(
    "text, kind",
    [
        ("9月6日下午，后勤处召开布置会。副处长姚文用表示，各部门必须做好防御台风的准备工作。", "address"),
        # the speaker's own pledge is a statement (README), not an instruction
        ("9月6日下午，後勤處召開布置會。副處長姚文用表示，本部門將全力配合。", "statement"),
        ("9月6日下午，後勤處召開布置會。副處長姚文用表示，今年的工作很不容易。", "other"),
        ("1月13日下午，餐饮部召开会议。副部长邱国祥传达了学校寒假食堂值班安排及工作要求。", "announcement"),
    ],
)
def test_telling_others_what_to_do_and_passing_on_arrangements(text, kind):
    assert [s["kind"] for s in _one(text)["speeches"]] == [kind]


@pytest.mark.parametrize(
    "text, units",
    [
        ("2月12日，后勤处召开例会。分管处领导对重点问题进行了强调。", ["后勤处"]),
        (
            "2月12日，后勤处召开例会，学习了《省教育厅办公室关于做好学生返校工作的通知》。",
            ["后勤处"],
        ),
        ("2月20日上午，后勤服务有限公司召开安全工作会议。", ["后勤服务有限公司"]),
    ],
)
def test_leaders_in_charge_issuers_of_documents_and_limited_companies(text, units):
    assert _one(text)["org_units"] == units


def test_what_a_speaker_proposes_after_passing_on_is_no_document():
    r = _one(
        "2月20日，后勤公司召开会议。主任郑伟东传达了学校相关会议精神，并提出了公司下阶段工作的指导性意见。"
    )
    assert r["decisions"] == []


def test_unnamed_related_offices_reporting_give_no_speech():
    r = _one("2月20日，后勤公司召开会议。随后，相关部门负责人分别围绕安全管理工作进行了汇报。")
    assert r["speeches"] == []


@pytest.mark.parametrize(
    "text, texts",
    [
        (
            "6月23日上午，后勤处召开保障工作会议，会议由书记楚利民主持。楚利民要求：水电科要做好用电保障工作。"
            "物业公司要做好校园卫生。物业科做好监督工作，一定要按时完成。\n会后各部门按照会议要求及时部署工作。",
            [
                "水电科要做好用电保障工作。",
                "物业公司要做好校园卫生。",
                "物业科做好监督工作，一定要按时完成。",
            ],
        ),
        (
            "1月13日，餐饮部召开会议。副部长邱国祥要求寒假值班食堂合理安排人手，保证伙食质量。",
            ["寒假值班食堂合理安排人手，保证伙食质量。"],
        ),
    ],
)
def test_requirements_after_a_colon_and_on_canteens(text, texts):
    assert [d["text"] for d in _one(text)["directives"]] == texts


def test_work_due_before_the_holidays():
    r = _one("1月13日，餐饮部召开会议。邱国祥要求停伙食堂在放假前要对全体员工进行一次安全教育。")
    assert [(t["text"], t["due"]) for t in r["tasks"]] == [("对全体员工进行一次安全教育", "放假前")]


def test_a_conjunction_before_a_common_word_is_no_name_and_about_is_no_part_of_a_name():
    r = _one("6月23日上午，后勤处召开关于大型活动保障工作会议，副处长白云峰和相关科室负责人参加。")
    assert [p["name"] for p in r["people"]] == ["白云峰"]
    assert r["attendee_groups"] == ["相关科室负责人"]
    assert r["meeting"]["name"] == "大型活动保障工作会议"


@pytest.mark.parametrize(
    "text, people",
    [
        ("9月22日，后勤处召开会议。总务处党支部张成东书记带领与会人员学习了准则。", [("张成东", ["书记"])]),
        ("9月22日，後勤處召開會議。紀檢監察室劉軍主任參加約談。", [("劉軍", ["主任"])]),
        ("9月22日，后勤处召开会议，会议由维修中心安杰主任主持。", [("安杰", ["主任"])]),
        (
            "9月22日，后勤处召开会议。中心委派专职负责美食街的经理陈学军作了部署。",
            [("陈学军", ["经理"])],
        ),
    ],
)
def test_names_between_an_office_and_a_title(text, people):
    assert [(p["name"], p["titles"]) for p in _one(text)["people"]] == people


@pytest.mark.parametrize(
    "text, units",
    [
        ("7月11日，总务部召开会议，选举产生了部分工会委员会委员。", ["总务部"]),
        ("7月11日，总务部召开会议，要求坚决严肃查处违纪行为。", ["总务部"]),
        ("7月11日，总务部召开会议，要求各商家遵守《公共场所卫生管理条例》。", ["总务部"]),
    ],
)
def test_no_unit_in_some_committees_a_verb_jieba_calls_a_name_or_a_documents_name(text, units):
    assert _one(text)["org_units"] == units


def test_reports_adopted_together():
    r = _one("7月11日，总务部召开教职工大会，通过了部行政工作、工会工作情况报告。")
    assert [d["title"] for d in r["decisions"]] == ["部行政工作、工会工作情况报告"]


def test_who_attended_written_into_the_meetings_name():
    r = _one("12月9日上午，后勤处召开了由处领导、班组长、采购员等50多人参加的廉洁自律教育大会。")
    assert r["meeting"]["name"] == "廉洁自律教育大会"
    assert r["attendee_groups"] == ["处领导、班组长、采购员等50多人"]


@pytest.mark.parametrize(
    "text, directives",
    [
        (
            "3月1日，后勤处召开会议。处长陈德明要求各中心要做好开学准备工作。同时，各科室也要树牢安全理念，做好衔接。",
            [("陈德明", "各中心要做好开学准备工作。"), ("陈德明", "各科室也要树牢安全理念，做好衔接。")],
        ),
        (
            "3月1日，后勤处召开会议。会上，副部长邱国祥传达了学校值班安排及工作要求，要求值班食堂合理安排人手；"
            "仓库人员要确保采购供应。",
            [("邱国祥", "值班食堂合理安排人手；仓库人员要确保采购供应。")],
        ),
        ("3月1日，后勤处召开会议。经理陈学军做了具体的工作要求及部署。", []),
    ],
)
def test_requirements_that_go_on_and_who_made_them(text, directives):
    assert [(d["issuer"], d["text"]) for d in _one(text)["directives"]] == directives


@pytest.mark.parametrize(
    "text",
    [
        "11月2日，后勤中心召开部署会。会上，王建民书记传达了全省会议精神。王建民强调：一要提高站位；二要压实责任。",
        "11月2日，後勤中心召開部署會。會上，王建民書記傳達了全省會議精神。王建民強調：一要提高站位；二要壓實責任。",
    ],
)
def test_passing_on_and_then_requiring_is_one_turn(text):
    r = _one(text)
    assert _kinds(r) == [("王建民", "announcement")]
    assert [d["number"] for d in r["directives"]] == [1, 2]


def test_a_long_list_of_who_came_before_the_meetings_name():
    r = _one(
        "11月17日，后勤管理处（集团）组织召开了由后勤处领导、饮食中心负责人、伙食管理委员会（简称“伙管会”）"
        "全体成员及各二级学院学生代表参加的饮食工作交流座谈会。"
    )
    assert r["meeting"]["name"] == "饮食工作交流座谈会"
    assert r["attendee_groups"] == [
        "后勤处领导、饮食中心负责人、伙食管理委员会（简称“伙管会”）全体成员及各二级学院学生代表"
    ]
    assert "集团" not in r["org_units"]


@pytest.mark.parametrize(
    "text, kind, directive",
    [
        (
            "11月17日，后勤处召开座谈会。副处长党天明就饮食工作的突出矛盾向学生代表做了说明，强调饮食服务工作必须提高质量。",
            "address",
            None,
        ),
        (
            "11月17日，后勤处召开座谈会。处长焦中武要求“伙管会”成员积极开拓思维，加大宣传。",
            "address",
            "“伙管会”成员积极开拓思维，加大宣传。",
        ),
    ],
)
def test_an_explanation_that_goes_on_to_require_and_members_named_in_quotes(text, kind, directive):
    r = _one(text)
    assert [s["kind"] for s in r["speeches"]] == [kind]
    assert [d["text"] for d in r["directives"]] == ([directive] if directive else [])


@pytest.mark.parametrize(
    "text, people",
    [
        (
            "9月1日，后勤处召开座谈会。处长卢灿明、副处长尹宝星、韩军、团委书记吕良参加了座谈会。",
            [("卢灿明", ["处长"]), ("尹宝星", ["副处长"]), ("韩军", ["副处长"]), ("吕良", ["团委书记"])],
        ),
        ("9月1日，后勤集团召开大会，政法学院党总支梁清书记莅临指导。", [("梁清", ["书记"])]),
        ("3月28日，物业中心召开绿化会议。部长余健针对考核情况作了部署。", [("余健", ["部长"])]),
    ],
)
def test_names_in_lists_after_party_offices_and_before_prepositions(text, people):
    assert [(p["name"], p["titles"]) for p in _one(text)["people"]] == people


def test_topics_with_verbs_in_them_and_people_whose_thoughts_are_expounded():
    r = _one(
        "3月15日，后勤保障部召开专题会。会上，副部长苏保玲从实施背景、组织保障等方面,介绍了《节能实施方案》。"
        "总经理祖庆明对校党委书记王志刚、校长李言明对学校发展的思考进行了深入解读。他强调各部门要深化改革。"
    )
    assert _kinds(r) == [("苏保玲", "report"), ("祖庆明", "address")]
    assert [d["issuer"] for d in r["directives"]] == ["祖庆明"]


def test_items_numbered_inline_after_a_colon():
    r = _one(
        "3月28日，物业中心召开绿化会议。会上，部长余健指出，要做好以下几个方面：一、及时罗列补种苗木清单；"
        "二、做好绿化工作计划安排；三、做好人员的安排。"
    )
    assert [(d["issuer"], d["number"]) for d in r["directives"]] == [("余健", 1), ("余健", 2), ("余健", 3)]


def test_leaders_who_led_staff_to_a_site_meeting():
    r = _one(
        "7月16日上午，后勤集团总经理胡爱平、党委书记王兴华带领各部门主要负责人共三十余人前往新校区，召开现场工作会议。"
    )
    assert r["meeting"]["venue"] == "新校区"
    assert r["attendees"] == ["胡爱平", "王兴华"]
    assert r["attendee_groups"] == ["各部门主要负责人"]


def test_whose_requirements_are_passed_on_and_study_groups():
    r = _one(
        "11月7日，后勤党总支理论学习中心组召开学习会，会议由书记张红军主持，中心组成员积极参与。"
        "张红军传达了学校会议精神，重点传达了校党委书记赵明远对近期学习工作的要求。"
    )
    assert _kinds(r) == [("张红军", "announcement")]
    assert r["org_units"] == []
    assert r["attendee_groups"] == ["中心组成员"]


@pytest.mark.parametrize(
    "text, kind",
    [
        ("6月20日，后勤党总支召开学习会。副总经理张建民领学了总书记重要讲话精神。", "announcement"),
        ("11月25日，后勤处召开全体会议。副处长刘学明就学校近期下发的文件进行解读传达。", "announcement"),
        ("7月2日，后勤集团召开会议。副经理李学文主持会议，并对迎新工作进行了布署。", "address"),
        (
            "1月5日，后勤工会召开会议。校工会副主席谢庆林向受表彰的部门表示祝贺，肯定了后勤工会的成绩，鼓励大家再接再厉。",
            "address",
        ),
    ],
)
def test_leading_a_study_explaining_documents_deploying_and_congratulating(text, kind):
    assert [s["kind"] for s in _one(text)["speeches"]] == [kind]


@pytest.mark.parametrize(
    "text, issuer",
    [
        (
            "4月22日，后勤基建处召开推进会，副处长吴育林主持会议，副院长陈修明出席会议。"
            "副处长吴育林就项目推进情况进行点评。陈修明副院长会上强调，一是要提高思想认识。二是要明确重点任务。",
            "陈修明",
        ),
        ("3月9日，后勤处召开会议。处长王孟明要求一是要认识学习的重要性；二是要加强学习的针对性。", "王孟明"),
    ],
)
def test_numbered_requirements_after_a_titled_speaker_at_the_meeting_or_straight_after_the_verb(text, issuer):
    assert [(d["issuer"], d["number"]) for d in _one(text)["directives"]] == [(issuer, 1), (issuer, 2)]


def test_as_many_sentences_as_the_requirements_counted():
    r = _one(
        "10月11日，后勤中心召开宿舍管理员工作会。主任宋江明向宿舍管理队伍提出三点要求：强化服务意识，优化服务。"
        "二压实岗位责任，做好日常巡查。三严守安全底线，抓好消防安全。"
    )
    assert [(d["number"], d["text"]) for d in r["directives"]] == [
        (1, "强化服务意识，优化服务。"),
        (2, "压实岗位责任，做好日常巡查。"),
        (3, "严守安全底线，抓好消防安全。"),
    ]


@pytest.mark.parametrize(
    "text, units",
    [
        ("12月1日，后勤中心召开会议。9个中心和9个机关科室负责人分别进行了汇报。", ["后勤中心"]),
        (
            "1月5日，后勤工会召开会议，后勤工会委员会委员参加会议。会议表彰了模范工会小组，希望充分发挥工会组织的职能。",
            ["后勤工会"],
        ),
    ],
)
def test_counted_kinds_of_office_committees_of_a_union_and_award_titles(text, units):
    r = _one(text)
    assert r["org_units"] == units
    assert r["speeches"] == []


@pytest.mark.parametrize(
    "text, people",
    [
        ("5月9日，后勤党总支召开会议。仉兴泉书记就下半年工作提出要求。", [("仉兴泉", ["书记"])]),
        ("5月9日，后勤处召开食品安全会议。之后，由食品安全员对日常检查中存在的问题进行汇报。", []),
        (
            "3月22日下午，后勤集团举办消防培训，特邀培训中心特级教员周明担任主讲。",
            [("周明", ["培训中心特级教员"])],
        ),
    ],
)
def test_a_rare_surname_a_preposition_before_a_post_and_the_speaker_of_the_day(text, people):
    r = _one(text)
    assert [(p["name"], p["titles"]) for p in r["people"]] == people
    assert r["appointments"] == []


def test_a_wire_dateline_is_not_the_meeting_day():
    r = _one("淮师新闻网3月23日电（记者赵倩）2017年3月22日下午，集团举办了消防安全培训。")
    assert (r["meeting"]["date"], r["meeting"]["time_of_day"]) == ("2017-03-22", "afternoon")


@pytest.mark.parametrize(
    "text, units, aliases",
    [
        (
            "9月1日，后勤管理处召开座谈会。会后，后勤处将意见汇总。",
            ["后勤管理处"],
            [("后勤管理处", "后勤处")],
        ),
        (
            "9月1日，後勤服務中心召開會議。後勤中心主任李明作了部署。",
            ["後勤服務中心"],
            [("後勤服務中心", "後勤中心")],
        ),
        # a part of a unit that only shares its first and last characters is a unit of its own
        (
            "10月12日，总务处召开协调会，工程建设指挥部工程部部长胡定国参会。",
            ["总务处", "工程建设指挥部", "工程部"],
            [],
        ),
        ("9月1日，后勤管理处召开座谈会。后勤处办公室将在一周内通报。", ["后勤管理处", "后勤处办公室"], []),
    ],
)
def test_a_short_form_of_a_unit_already_named_is_its_alias(text, units, aliases):
    r = parse_text(text, "x.txt").reports[0]
    assert (r.org_units, r.unit_aliases) == (units, aliases)


@pytest.mark.parametrize(
    "text",
    [
        "4月13日，后勤处召开节能布置会，宣读了关于成立节能工作领导小组的通知，介绍了工作小组的成员。",
        "11月7日，后勤集团党委理论学习中心组召开学习会。",
    ],
)
def test_working_groups_named_by_kind_and_study_groups_are_no_units(text):
    assert _one(text)["org_units"] in (["后勤处"], ["后勤集团"])


@pytest.mark.parametrize(
    "text, kinds",
    [
        (
            "3月2日，基建处召开干部大会。书记林忠明通报了学校关于基建处内设机构负责人职务任免的通知。",
            [("林忠明", "announcement")],
        ),
        (
            "3月2日，培训中心召开成立大会。主任谭登明代表中心领导班子发言表示，决不辜负全校职工的信任和重托。",
            [("谭登明", "statement")],
        ),
        ("3月2日，餐饮部召开会议。副部长邱国强随即表了态。", [("邱国强", "statement")]),
        (
            "10月12日，总务处召开供暖协调会。管委会、指挥部、学生处参会人员纷纷表示，将全力配合做好供暖工作。",
            [("管委会", "statement"), ("指挥部", "statement"), ("学生处", "statement")],
        ),
    ],
)
def test_documents_reported_pledges_and_offices_that_pledge(text, kinds):
    assert _kinds(_one(text)) == kinds


@pytest.mark.parametrize(
    "text, decisions",
    [
        (
            "2月5日，后勤集团召开安全工作会议。本次会议由李长林副总经理主持。他首先向与会人员宣读了集团安全工作文件，接着介绍了近期情况。",
            [("集团安全工作文件", "李长林")],
        ),
        (
            "5月4日，後勤處召開幹部大會。黨委組織部部長許靜文宣讀了2016年5月3日校黨委常委會決定。",
            [("2016年5月3日校黨委常委會決定", "許靜文")],
        ),
        ("5月4日，后勤处召开会议。处长王平宣读了相关文件。", []),
    ],
)
def test_named_documents_without_de_and_he_after_the_sentence_naming_one_person(text, decisions):
    assert [(d["title"], d["read_by"]) for d in _one(text)["decisions"]] == decisions


def test_a_connective_before_who_took_part_in_training_is_no_group():
    r = _one("3月22日，后勤集团召开会议。同时，参加培训的人员回去后要组织再培训。")
    assert r["attendee_groups"] == []
