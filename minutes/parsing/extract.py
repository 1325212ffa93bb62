"""Extraction of one report: runs every finder on the Simplified text and fills ParsedReport."""

from __future__ import annotations

import re

from .appointments import find_appointments
from .chinese import full_width_punctuation, to_simplified
from .cleaning import clean, publication_date
from .dates import meeting_date, relative_day
from .decisions import find_decisions
from .directives import find_directives
from .errors import at_line
from .meeting import find_chair, find_groups, find_name, find_venue, group_before_name, group_from_name
from .model import (
    REVIEW_DATE_REPAIRED,
    REVIEW_NO_DATE,
    REVIEW_NUMBERING_BROKEN,
    REVIEW_SPEAKER_UNMATCHED,
    REVIEW_YEAR_INFERRED,
    YEAR_FROM_TEXT,
    YEAR_INFERRED,
    ParsedAppointment,
    ParsedDecision,
    ParsedDirective,
    ParsedMeeting,
    ParsedPerson,
    ParsedReport,
    ParsedSpeech,
    ParsedTask,
    ReviewFlag,
)
from .people import collect_people, person_titles
from .speeches import DOCUMENT_OF, find_speeches
from .tasks import find_tasks
from .units import find_organizer, find_units, unit_names

# what follows the name of a leader whose words are studied, not one who took part
_STUDIED = re.compile(
    r"(?:同志)?(?:总书记|总理|主席|委员长)?(?:同志)?(?:等[^，。；]{0,12})?"
    r"(?:在[^。；]{1,60}?)?(?:上|时|中)?的?(?:重要|系列)?(?:讲话|指示|批示|论述|贺信|回信)"
)
_ISSUER = re.compile(
    r"(?:(?<=[，,。；和与及\n])|^)([\u4e00-\u9fff、]{2,20}?)关于"
    r"(?=《|[^。；\n]{1,40}?的(?:通知|决定|意见|规定|精神|文件))"
)
_NARRATIVE_LEAD = re.compile(
    r"^\s*(?:(?:随后|接着|然后|最后|同时|会上|会议上|此外)[，,]?\s*)*|(?:并|还|也|又|再)?$"
)
# 2025年迎新工作部署会; 2021-2022年供暖工作协调会 and 2023-2024冬季供暖工作协调会 meet in the first year
_NAME_YEAR = re.compile(r"((?:19|20)\d{2})(?:年|[-—–~至](?:19|20)?\d{2}(?!\d))")
_LOOKS_BACK = re.compile(r"年度|总结|表彰|述职|考核|评议")


def extract_report(report: ParsedReport) -> ParsedReport:
    """Fill ``report`` (whose text, title and position are set) with everything found in it."""
    ct = clean(report.text)
    c = ct.text
    s = full_width_punctuation(to_simplified(c))
    span = ct.span

    title_len = 0
    if report.title is not None:
        # the title is the first line with text (a dateline cleaned away above it leaves blank lines)
        first = len(c) - len(c.lstrip())
        title_len = c.find("\n", first) if "\n" in c[first:] else len(c)
    body_start = title_len

    def line_of(pos: int) -> int:
        return report.start_line + report.text.count("\n", 0, span(pos, pos + 1)[0])

    # --- meeting
    mt = ParsedMeeting()
    d, source = meeting_date(
        s, body_start, s[:title_len] if report.title else None, publication_date(report.text)
    )
    if d:
        mt.month, mt.day = d.month, d.day
        mt.year = d.year
        mt.year_source = {"text": YEAR_FROM_TEXT, "inferred": YEAR_INFERRED}.get(source)
        mt.date_text = c[d.start : d.end].strip()
        mt.date_span = span(d.start, d.end)
        mt.time_of_day, mt.clock_time = d.time_of_day, d.clock_time
    else:
        rel = relative_day(s, body_start)
        if rel:
            mt.date_text, mt.date_span, mt.time_of_day = c[rel[0] : rel[1]], span(rel[0], rel[1]), rel[2]
        report.warnings.append(
            at_line(line_of(min(len(c) - 1, body_start + 1) if c else 0), "找不到會議日期")
        )
    venue = find_venue(s, body_start)
    if venue:
        mt.venue, mt.venue_span = c[venue[0] : venue[1]], span(*venue)
    name = None
    if d and d.start > body_start:
        # 为推进整改，每周五召开工作例会。7月20日，召开首次整改工作例会: the dated sentence names this meeting
        sent = max(s.rfind(ch, body_start, d.start) for ch in "。！？\n") + 1
        name = find_name(s, max(sent, body_start))
        if name and re.search(r"[。！？\n]", s[d.end : name[0]]):
            name = None
    name = name or find_name(s, body_start)
    if name:
        mt.name, mt.name_span = c[name[0] : name[1]], span(*name)
        year = _NAME_YEAR.search(s, *name)
        if d and not mt.year and year and not _LOOKS_BACK.search(s, *name):
            # 召开2025年迎新工作部署会: the meeting's own name gives its year
            mt.year, mt.year_source = int(year.group(1)), YEAR_INFERRED

    # --- people
    people, mentions = collect_people(s)
    shown = {k: c[p.first[0] : p.first[1]] for k, p in people.items()}
    chair = find_chair(s, mentions)
    if chair:
        mt.chair, mt.chair_span = shown[chair.key], span(chair.start, chair.end)

    # --- units
    person_spans = [(m.start, m.end) for m in mentions]
    # 传达了交通部党委书记杨某关于…的通知: the author's own office took no part either
    person_spans += [t for m in mentions if DOCUMENT_OF.match(s, m.end) for t in m.title_spans]
    # 教育部、公安部关于《…》 and anything inside a document's name (《省教育厅办公室关于…的通知》,
    # 《公共场所卫生管理条例》): who issued a document, or what it is about, took no part
    issuers = [m.span(1) for m in _ISSUER.finditer(s)]
    issuers += [m.span() for m in re.finditer(r"《[^》\n]{1,60}》", s)]
    units = find_units(s, exclude=([venue] if venue else []) + person_spans + issuers)
    report.org_units, report.unit_aliases = unit_names(units, s, c)
    organizer = find_organizer(s, units, name)
    if organizer:
        mt.organizer = c[organizer.start : organizer.end]
    report.meeting = mt

    # --- speeches
    hits, clauses = find_speeches(s, mentions, units)
    for h in hits:
        report.speeches.append(
            ParsedSpeech(
                speaker=shown.get(h.speaker) if h.speaker else None,
                speaker_label=c[h.label_span[0] : h.label_span[1]],
                speaker_unit=c[h.unit_span[0] : h.unit_span[1]] if h.unit_span else None,
                kind=h.kind,
                text=c[h.text_span[0] : h.text_span[1]].strip(),
                span=span(*h.text_span),
                title=c[h.title_span[0] : h.title_span[1]] if h.title_span else None,
            )
        )

    # --- directives
    for dh in find_directives(s, hits, clauses, chair.key if chair else None):
        idx = max((i for i, h in enumerate(hits) if h.start < dh.start), default=None)
        report.directives.append(
            ParsedDirective(
                shown.get(dh.issuer, dh.issuer),
                dh.number,
                c[dh.text_start : dh.end].strip(),
                span(dh.start, dh.end),
                idx,
            )
        )

    # --- decisions and appointments: the reader is the speaker of the 宣读 clause
    def reader_at(pos: int | None) -> str | None:
        if pos is None:
            return None
        before = [h for h in hits if h.start <= pos and h.speaker]
        sent = max(s.rfind(ch, 0, pos) for ch in "。！？\n") + 1
        if before and not any(sent <= m.start < pos for m in mentions):
            # 随后，视频宣读了…名单: a sentence with a subject of its own that is no speaker
            lead = _NARRATIVE_LEAD.sub("", s[sent:pos])
            if len(re.findall(r"[\u4e00-\u9fff]", lead)) >= 2 and not lead.lstrip().startswith(("他", "她")):
                return None
        return shown.get(before[-1].speaker) if before else None

    for dc in find_decisions(s):
        report.decisions.append(
            ParsedDecision(c[dc.start : dc.end], reader_at(dc.read_pos), span(dc.start, dc.end))
        )
    for ap in find_appointments(s, mentions):
        unit = None
        if ap.post_span:
            post = c[ap.post_span[0] : ap.post_span[1]]
            unit = next((u for u in report.org_units if u in post), None)
            if unit and post.startswith(unit) and len(post) > len(unit):
                post = post[len(unit) :]  # 任命X为后勤服务公司总经理: the post 总经理 of that unit
        else:
            post = None
        announced = not ap.elected and "宣" in s[max(0, ap.start - 40) : ap.start + 5]
        announcer = reader_at(ap.start) if announced else None
        report.appointments.append(
            ParsedAppointment(shown[ap.person], post, unit, announcer, span(ap.start, ap.end), ap.removal)
        )

    # --- tasks
    for t in find_tasks(s):
        report.tasks.append(ParsedTask(c[t.start : t.end], c[t.due_start : t.due_end], span(t.start, t.end)))

    # --- groups and attendees
    groups, present = find_groups(s, mentions, body_start)
    by = group_before_name(s, name)
    if by and not any(a <= by[0] < b for a, b in groups):
        groups.insert(0, by)
    if not groups:
        g = group_from_name(s, name)
        if g:
            groups = [g]
    for a, b in groups:
        txt = c[a:b]
        if txt not in report.attendee_groups:
            report.attendee_groups.append(txt)
            report.attendee_group_spans.append(span(a, b))
    attend: list[str] = []
    if chair:
        attend.append(chair.key)
    attend.extend(present)
    attend.extend(h.speaker for h in hits if h.speaker)
    for key in attend:
        if shown[key] not in report.attendees:
            report.attendees.append(shown[key])

    attended = set(report.attendees)
    for key, p in people.items():
        own = [m for m in mentions if m.key == key]
        if (
            shown[key] not in attended
            and own
            and all(_STUDIED.match(s, m.end) or DOCUMENT_OF.match(s, m.end) for m in own)
        ):
            continue  # 学习了李克强在…座谈会上的重要讲话精神: a leader whose speech is studied
        spans = [span(m.start, m.end) for m in own]
        report.people.append(ParsedPerson(shown[key], person_titles(p, c), spans))

    _flag_guesses(report, d)
    if not (report.people or report.speeches or d or report.org_units):
        report.warnings.append(at_line(report.start_line, "這份報告中沒有可辨識的內容"))
    return report


def _flag_guesses(report: ParsedReport, found_date) -> None:
    """Record where the importer guessed, so staff know what to check (see REVIEW_CODES)."""
    mt, flags = report.meeting, report.review
    if found_date is None:
        flags.append(ReviewFlag(REVIEW_NO_DATE, "meeting.date", mt.date_text))
    else:
        if found_date.repaired:
            flags.append(ReviewFlag(REVIEW_DATE_REPAIRED, "meeting.date", mt.date_text))
        if mt.year_source == YEAR_INFERRED:
            flags.append(ReviewFlag(REVIEW_YEAR_INFERRED, "meeting.date", str(mt.year)))
    for i, sp in enumerate(report.speeches):
        if not sp.speaker and not sp.speaker_unit:
            flags.append(ReviewFlag(REVIEW_SPEAKER_UNMATCHED, f"speeches[{i}]", sp.speaker_label))
    runs: list[list[int]] = []
    for dv in report.directives:  # a list starts at its 1 or after an unnumbered directive
        if dv.number is None or dv.number == 1 or not runs or runs[-1] == []:
            runs.append([])
        if dv.number is not None:
            runs[-1].append(dv.number)
    for run in runs:
        if run and run != list(range(1, len(run) + 1)):
            flags.append(ReviewFlag(REVIEW_NUMBERING_BROKEN, "directives", "、".join(map(str, run))))
