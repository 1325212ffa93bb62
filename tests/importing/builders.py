"""Hand-built ParsedFile/ParsedReport objects, so the writer is tested apart from the parser.

``ReportBuilder`` finds each extracted item's text in the report, so every span is real.
"""

from __future__ import annotations

from minutes.parsing.model import (
    ParsedAppointment,
    ParsedDecision,
    ParsedDirective,
    ParsedFile,
    ParsedMeeting,
    ParsedPerson,
    ParsedReport,
    ParsedSpeech,
    ParsedTask,
)


def span_of(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    pos = text.index(needle, start)
    return pos, pos + len(needle)


class ReportBuilder:
    """Builds one ParsedReport over ``text``; each add_* finds its needle in the text."""

    def __init__(self, text: str, *, file: str = "reports.txt", index: int = 1, start_line: int = 1):
        self.text = text
        title = text.split("\n", 1)[0] if "\n" in text else None
        self.report = ParsedReport(
            file=file, index=index, title=title, text=text, start_offset=0, start_line=start_line
        )

    def meeting(
        self,
        name=None,
        *,
        year=None,
        month=None,
        day=None,
        year_source=None,
        date_text=None,
        time_of_day=None,
        clock_time=None,
        venue=None,
        chair=None,
        organizer=None,
    ):
        t = self.text
        self.report.meeting = ParsedMeeting(
            name=name,
            name_span=span_of(t, name) if name else None,
            year=year,
            month=month,
            day=day,
            year_source=year_source,
            date_text=date_text,
            date_span=span_of(t, date_text) if date_text else None,
            time_of_day=time_of_day,
            clock_time=clock_time,
            venue=venue,
            venue_span=span_of(t, venue) if venue else None,
            chair=chair,
            chair_span=span_of(t, chair) if chair else None,
            organizer=organizer,
        )
        if chair:
            self.report.attendees.append(chair)
        return self

    def person(self, name, *titles, attended=True):
        self.report.people.append(
            ParsedPerson(name=name, titles=list(titles), spans=[span_of(self.text, name)])
        )
        if attended and name not in self.report.attendees:
            self.report.attendees.append(name)
        return self

    def group(self, label):
        self.report.attendee_groups.append(label)
        self.report.attendee_group_spans.append(span_of(self.text, label))
        return self

    def unit(self, name, alias=None):
        self.report.org_units.append(name)
        if alias:
            self.report.org_units.append(alias)
            self.report.unit_aliases.append((name, alias))
        return self

    def speech(self, speaker, said, *, kind="address", label=None, unit=None, title=None):
        self.report.speeches.append(
            ParsedSpeech(
                speaker=speaker,
                speaker_label=label or speaker or "",
                speaker_unit=unit,
                kind=kind,
                text=said,
                span=span_of(self.text, said),
                title=title,
            )
        )
        return self

    def directive(self, issuer, number, text, *, speech_index=None):
        self.report.directives.append(
            ParsedDirective(
                issuer=issuer,
                number=number,
                text=text,
                span=span_of(self.text, text),
                speech_index=speech_index,
            )
        )
        return self

    def appointment(self, person, post, unit=None, *, announced_by=None, removal=False, needle=None):
        self.report.appointments.append(
            ParsedAppointment(
                person=person,
                post=post,
                unit=unit,
                announced_by=announced_by,
                span=span_of(self.text, needle or person),
                removal=removal,
            )
        )
        return self

    def decision(self, title, read_by=None):
        self.report.decisions.append(
            ParsedDecision(title=title, read_by=read_by, span=span_of(self.text, title))
        )
        return self

    def task(self, text, due=None, owner_unit=None):
        self.report.tasks.append(
            ParsedTask(text=text, due=due, span=span_of(self.text, text), owner_unit=owner_unit)
        )
        return self

    def build(self) -> ParsedReport:
        return self.report


def parsed_file(*reports: ParsedReport, file: str | None = None, encoding: str = "utf-8") -> ParsedFile:
    name = file or (reports[0].file if reports else "reports.txt")
    for n, r in enumerate(reports, 1):
        r.file = name
        r.index = n
    return ParsedFile(
        file=name, encoding=encoding, text="\n".join(r.text for r in reports), reports=list(reports)
    )


CADRE_TEXT = (
    "2023大學後勤幹部工作會議總結\n"
    "1月14日下午，學校在科學館207召開後勤幹部大會。校黨委書記張邁曾，黨委常委、組織部部長張定紅，"
    "後勤系統各支部書記、主管以上幹部參加大會。會議由校黨委常委趙軍武主持。"
    "會上，趙軍武同志宣讀了學校關於成立後勤保障部的決定，張定紅同志宣讀了任命程建設為後勤保障部副部長的決定。"
    "物業處就全年工作進行了總結匯報。"
    "張邁曾書記指出，後勤工作是學校發展的有機組成部分。他要求：一是認真學習後勤改革方案；二是嚴格要求自己。"
    "學生第十宿舍建設要在8月底前完成。"
)


def cadre_report(
    day: int = 14, date_text: str = "1月14日下午", time_of_day: str = "afternoon", **kw
) -> ParsedReport:
    """The seed's first report, shortened, with everything a reader would extract from it
    (``date_text`` replaces 1月14日下午 in the text: a revised report)."""
    text = CADRE_TEXT.replace("1月14日下午", date_text)
    return (
        ReportBuilder(text, **kw)
        .meeting(
            "後勤幹部大會",
            year=2023,
            month=1,
            day=day,
            year_source="inferred",
            date_text=date_text,
            time_of_day=time_of_day,
            venue="科學館207",
            chair="趙軍武",
        )
        .person("張邁曾", "校黨委書記")
        .person("張定紅", "黨委常委", "組織部部長")
        .person("趙軍武", "校黨委常委")
        .person("程建設", attended=False)
        .group("後勤系統各支部書記、主管以上幹部")
        .unit("後勤保障部")
        .unit("物業處")
        .speech("趙軍武", "宣讀了學校關於成立後勤保障部的決定", kind="announcement", label="趙軍武同志")
        .speech("張定紅", "宣讀了任命程建設為後勤保障部副部長的決定", kind="announcement", label="張定紅同志")
        .speech(None, "就全年工作進行了總結匯報", kind="report", label="物業處", unit="物業處")
        .speech("張邁曾", "後勤工作是學校發展的有機組成部分", label="張邁曾書記", title="校黨委書記")
        .directive("張邁曾", 1, "認真學習後勤改革方案", speech_index=3)
        .directive("張邁曾", 2, "嚴格要求自己", speech_index=3)
        .appointment(
            "程建設", "副部長", "後勤保障部", announced_by="張定紅", needle="任命程建設為後勤保障部副部長"
        )
        .decision("學校關於成立後勤保障部的決定", read_by="趙軍武")
        .task("學生第十宿舍建設", due="8月底")
        .build()
    )
