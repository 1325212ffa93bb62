"""Seed-like data for the page tests and the screenshot script.

Builds what importing fixtures/seed-reports.txt is expected to produce (three meetings, one without a
known year, with people, units, speeches, directives, appointments, decisions and tasks, every item
with its span in the source text), plus an internal and a draft meeting to test visibility.
"""

import datetime
from pathlib import Path

from minutes.models import Meeting
from tests import factories as f

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed-reports.txt"


def _reports() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    parts = text.split("2023大學後勤幹部工作會議總結 篇")
    return ["2023大學後勤幹部工作會議總結 篇" + part for part in parts if part.strip()]


def span(text: str, needle: str, after: int = 0) -> dict:
    start = text.index(needle, after)
    return {"span_start": start, "span_end": start + len(needle)}


def paragraph(text: str, starts_with: str) -> dict:
    start = text.index(starts_with)
    end = text.find("\n", start)
    return {"span_start": start, "span_end": end if end != -1 else len(text)}


def build_seed_like_archive() -> dict:
    """Create the archive and return the interesting objects by name."""
    reports = _reports()
    unit = {}
    unit["校"] = f.OrgUnitFactory(name="東北大學", kind="university")
    unit["保障部"] = f.OrgUnitFactory(name="後勤保障部", kind="department", parent=unit["校"])
    f.OrgUnitAliasFactory(unit=unit["保障部"], alias="保障部")
    for name in ["物業處", "住房處", "後勤管理處", "基建管理處", "後勤服務中心"]:
        unit[name] = f.OrgUnitFactory(name=name, kind="office", parent=unit["保障部"])
    unit["校醫院"] = f.OrgUnitFactory(name="校醫院", kind="hospital", parent=unit["保障部"])
    f.OrgUnitAliasFactory(unit=unit["基建管理處"], alias="新校區建設辦公室")

    people = {}
    for name in [
        "張邁曾",
        "張定紅",
        "趙軍武",
        "程建設",
        "張西亞",
        "柴渭",
        "張力新",
        "董鵬懷",
        "李繼平",
        "張國臣",
    ]:
        people[name] = f.PersonFactory(name=name)
    f.PostFactory(person=people["張邁曾"], title="校黨委書記", unit=unit["校"])
    f.PostFactory(person=people["張定紅"], title="黨委常委、組織部部長", unit=unit["校"])
    f.PostFactory(person=people["張國臣"], title="副校長", unit=unit["校"])
    f.PostFactory(
        person=people["李繼平"], title="部長", unit=unit["保障部"], start_date=datetime.date(2023, 1, 14)
    )

    # Report 1: the cadre meeting, year inferred from the title.
    text = reports[0]
    report1 = f.SourceReportFactory(
        file_name="seed-reports.txt", position=1, title=text.splitlines()[0], text=text
    )
    m1 = f.MeetingFactory(
        name="後勤幹部大會",
        kind=Meeting.Kind.CADRE,
        year=2023,
        month=1,
        day=14,
        year_source=Meeting.YearSource.INFERRED,
        date_text="1月14日下午",
        time_of_day="afternoon",
        venue="科學館207",
        chair=people["趙軍武"],
        chair_label="校黨委常委趙軍武",
        organizer=unit["校"],
        source_report=report1,
        source_spans={
            "date": [text.index("1月14日"), text.index("1月14日") + 7],
            "venue": [text.index("科學館207"), text.index("科學館207") + 6],
        },
    )
    f.AttendanceFactory(
        meeting=m1, person=people["張邁曾"], role="校黨委書記", **span(text, "校黨委書記張邁曾")
    )
    f.AttendanceFactory(
        meeting=m1,
        person=people["張定紅"],
        role="黨委常委、組織部部長",
        **span(text, "黨委常委、組織部部長張定紅"),
    )
    f.AttendanceFactory(
        meeting=m1,
        person=None,
        group_label="後勤系統各支部書記、主管以上幹部",
        **span(text, "後勤系統各支部書記、主管以上幹部"),
    )
    f.AttendanceFactory(
        meeting=m1,
        person=people["趙軍武"],
        category="chaired",
        role="校黨委常委",
        **span(text, "會議由校黨委常委趙軍武主持"),
    )
    f.DecisionFactory(
        meeting=m1,
        title="學校關於成立後勤保障部的決定",
        read_by=people["趙軍武"],
        read_by_label="趙軍武",
        order=1,
        **span(text, "學校關於成立後勤保障部的決定"),
    )
    f.DecisionFactory(
        meeting=m1,
        title="校黨委關於成立後勤保障部黨委、紀委的決定",
        read_by=people["張定紅"],
        read_by_label="張定紅",
        order=2,
        **span(text, "校黨委關於成立後勤保障部黨委、紀委的決定"),
    )
    for i, name in enumerate(["程建設", "張西亞", "柴渭"]):
        f.AppointmentFactory(
            meeting=m1,
            person=people[name],
            post="副部長",
            unit=unit["保障部"],
            announced_by=people["張定紅"],
            order=i,
            **span(text, name),
        )
    order = 1
    statement = f.SpeechFactory(
        meeting=m1,
        order=order,
        person=None,
        speaker_label="程建設、張西亞、柴渭",
        speaker_title="後勤保障部副部長",
        kind="statement",
        text=text[text.index("他們談到") : text.index("張邁曾書記代表")].strip(),
        **paragraph(text, "會上,趙軍武同志宣讀"),
    )
    order += 1
    zhang = f.SpeechFactory(
        meeting=m1,
        order=order,
        person=people["張邁曾"],
        speaker_label="張邁曾",
        speaker_title="校黨委書記",
        kind="address",
        text=text[text.index("張邁曾書記代表") : text.index("隨後,物業處")].strip(),
        span_start=text.index("張邁曾書記代表"),
        span_end=text.index("隨後,物業處"),
    )
    for number, head in enumerate(["一、認真學習", "二、從政治", "三、投入工作", "四、嚴格要求"], start=1):
        f.DirectiveFactory(
            meeting=m1,
            speech=zhang,
            issuer=people["張邁曾"],
            issuer_label="張書記",
            number=number,
            order=number,
            text=text[text.index(head) + 2 : text.index("\n", text.index(head))].strip(),
            status=["done", "in_progress", "open", "open"][number - 1],
            **paragraph(text, head),
        )
    for name in ["物業處", "住房處", "校醫院"]:
        order += 1
        f.SpeechFactory(
            meeting=m1,
            order=order,
            person=None,
            speaker_label="",
            unit=unit[name],
            kind="report",
            text="就20xx年工作進行了總結匯報，就20xx年主要工作進行了安排布置。",
            **paragraph(text, "隨後,物業處"),
        )
    order += 1
    f.SpeechFactory(
        meeting=m1,
        order=order,
        person=people["趙軍武"],
        speaker_label="趙軍武",
        speaker_title="校黨委常委",
        kind="closing",
        text=text[text.index("趙軍武常委在布置") :].strip(),
        **paragraph(text, "趙軍武常委在布置"),
    )
    _ = statement

    # Report 2: the talk with middle cadres; the year is not known.
    text = reports[1]
    report2 = f.SourceReportFactory(
        file_name="seed-reports.txt", position=2, title=text.splitlines()[0], text=text
    )
    m2 = f.MeetingFactory(
        name="後勤保障部中層幹部談話會",
        kind=Meeting.Kind.TALK,
        year=None,
        month=7,
        day=9,
        date_text="7月9日",
        venue="",
        chair=people["張力新"],
        chair_label="校長助理張力新",
        organizer=unit["保障部"],
        source_report=report2,
    )
    f.AttendanceFactory(
        meeting=m2, person=None, group_label="保障部全體中層幹部", **span(text, "保障部全體中層幹部")
    )
    zhang_lixin = f.SpeechFactory(
        meeting=m2,
        order=1,
        person=people["張力新"],
        speaker_label="張力新",
        speaker_title="校長助理",
        kind="address",
        text=text[text.index("會上,張力新") : text.index("隨後,保障部")].strip(),
        span_start=text.index("會上,張力新"),
        span_end=text.index("隨後,保障部"),
    )
    for number, head in enumerate(["一要", "二要", "三要", "四要", "五要"], start=1):
        start = text.index(head)
        end = text.index("。", start) + 1
        f.DirectiveFactory(
            meeting=m2,
            speech=zhang_lixin,
            issuer=people["張力新"],
            issuer_label="張力新",
            number=number,
            order=number,
            text=text[start + 2 : end],
            span_start=start,
            span_end=end,
        )
    for i, name in enumerate(["董鵬懷", "李繼平"], start=2):
        f.SpeechFactory(
            meeting=m2,
            order=i,
            person=people[name],
            speaker_label=name,
            speaker_title="保障部黨委書記" if i == 2 else "部長",
            kind="statement",
            text="代表保障部全體中層幹部明確表態，認真履職，做好後勤保障部各項工作。",
            **span(text, name),
        )

    # Report 3: 張國臣's working meeting with the summer deadlines.
    text = reports[2]
    report3 = f.SourceReportFactory(
        file_name="seed-reports.txt", position=3, title=text.splitlines()[0], text=text
    )
    m3 = f.MeetingFactory(
        name="後勤部門副處長以上幹部工作會議",
        kind=Meeting.Kind.WORK,
        year=2023,
        month=7,
        day=19,
        year_source=Meeting.YearSource.INFERRED,
        date_text="7月19日",
        venue="",
        chair=people["張國臣"],
        chair_label="副校長張國臣",
        source_report=report3,
    )
    for i, name in enumerate(["後勤管理處", "基建管理處", "後勤服務中心"], start=1):
        f.SpeechFactory(
            meeting=m3,
            order=i,
            person=None,
            speaker_label="",
            unit=unit[name],
            kind="report",
            text="就分管的下一階段主要工作做了匯報。",
            **span(text, name),
        )
    guo = f.SpeechFactory(
        meeting=m3,
        order=4,
        person=people["張國臣"],
        speaker_label="張國臣",
        speaker_title="副校長",
        kind="address",
        text=text[text.index("張國臣在講話中") :].strip(),
        span_start=text.index("張國臣在講話中"),
        span_end=len(text.rstrip()),
    )
    f.DirectiveFactory(
        meeting=m3,
        speech=guo,
        issuer=people["張國臣"],
        issuer_label="張國臣",
        number=None,
        order=1,
        text="後勤系統的幹部要加強自身學習和能力培養，要講團結、講大局。",
        **span(text, "後勤系統的幹部要加強自身學習和能力培養"),
    )
    for i, item in enumerate(
        [
            "學生第十宿舍建設",
            "4#實驗室主體工程",
            "學生浴池改造",
            "供電系統增容改造",
            "校園環境整治一期工程",
            "學生食堂維修改造",
        ],
        start=1,
    ):
        f.TaskFactory(
            meeting=m3,
            text=item,
            due_text="8月底",
            due_date=datetime.date(2023, 8, 31),
            owner_unit=unit["基建管理處"] if i < 3 else unit["後勤管理處"],
            order=i,
            status="done" if i == 1 else "open",
            **span(text, item),
        )
    f.TaskFactory(
        meeting=m3,
        text="一期主體建築封頂",
        due_text="明年8月底",
        due_date=datetime.date(2024, 8, 31),
        owner_unit=unit["基建管理處"],
        order=7,
        **span(text, "一期主體建築封頂"),
    )

    internal = f.MeetingFactory(
        name="後勤內部預算會議",
        visibility=Meeting.Visibility.INTERNAL,
        year=2023,
        month=7,
        day=25,
        chair=people["李繼平"],
    )
    f.SpeechFactory(meeting=internal, order=1, person=people["李繼平"], text="內部預算安排。")
    f.DirectiveFactory(meeting=internal, issuer=people["李繼平"], text="內部要求事項。")
    draft = f.MeetingFactory(
        name="尚未發佈的草稿會議", status=Meeting.Status.DRAFT, year=2023, month=7, day=26
    )
    secret = f.PersonFactory(name="草稿中人")
    f.SpeechFactory(meeting=draft, order=1, person=secret, text="草稿發言。")
    return {
        "units": unit,
        "people": people,
        "meetings": [m1, m2, m3],
        "internal": internal,
        "draft": draft,
        "draft_person": secret,
    }
