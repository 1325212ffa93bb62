"""A report's meeting: whether there is one, its field values, and the writer's own review flags."""

from __future__ import annotations

import datetime
import re

from minutes.importing.fields import cut
from minutes.importing.kinds import guess_meeting_kind
from minutes.importing.resolver import Resolver
from minutes.models import Meeting
from minutes.parsing.model import ParsedReport
from minutes.review import SPEAKER_UNKNOWN, UNIT_UNKNOWN, review_flag

_YEAR_SOURCES = {"text": Meeting.YearSource.TEXT, "inferred": Meeting.YearSource.INFERRED}
_CLOCK_RE = re.compile(r"^(\d{1,2}):(\d{2})")


def recognisable(report: ParsedReport) -> bool:
    m = report.meeting
    return bool(
        m.name
        or (m.month and m.day)
        or m.venue
        or m.chair
        or report.people
        or report.speeches
        or report.directives
        or report.appointments
        or report.decisions
        or report.tasks
    )


def meeting_values(report: ParsedReport, resolver: Resolver, *, where: str, warnings: list[str]) -> dict:
    """The values of ``MEETING_FIELDS`` the report gives, checked and cut to fit."""
    pm = report.meeting
    name = pm.name or report.title
    if not pm.name:
        warnings.append(
            f"{where}: meeting name not found; "
            + ("used the title line" if report.title else "named it 未命名會議")
        )
    name = cut(Meeting, "name", name) or "未命名會議"
    month = pm.month if pm.month and 1 <= pm.month <= 12 else None
    day = pm.day if month and pm.day and 1 <= pm.day <= 31 else None
    year = pm.year if pm.year and 1900 <= pm.year <= 2100 else None
    start_time = None
    if pm.clock_time and (m := _CLOCK_RE.match(pm.clock_time)):
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour < 24 and minute < 60:
            start_time = datetime.time(hour, minute)
    spans = {
        key: list(span)
        for key, span in (
            ("name", pm.name_span),
            ("date", pm.date_span),
            ("venue", pm.venue_span),
            ("chair", pm.chair_span),
        )
        if span
    }
    return {
        "name": name,
        "kind": guess_meeting_kind(name),
        "year": year,
        "month": month,
        "day": day,
        "year_source": (
            _YEAR_SOURCES.get(pm.year_source, Meeting.YearSource.TEXT) if year else Meeting.YearSource.UNKNOWN
        ),
        "date_text": cut(Meeting, "date_text", pm.date_text),
        "time_of_day": pm.time_of_day if pm.time_of_day in Meeting.TimeOfDay.values else "",
        "start_time": start_time,
        "venue": cut(Meeting, "venue", pm.venue),
        "chair": resolver.person(pm.chair),
        "chair_label": cut(Meeting, "chair_label", pm.chair),
        "organizer": resolver.unit(pm.organizer),
        "source_spans": spans,
    }


def writer_flags(report: ParsedReport, resolver: Resolver) -> list[dict]:
    """The writer's own guesses: units and speakers this file had to create (once each)."""
    r, flags, seen = resolver, [], set()
    unit_names = [
        report.meeting.organizer,
        *report.org_units,
        *(s.speaker_unit for s in report.speeches),
        *(a.unit for a in report.appointments),
        *(t.owner_unit for t in report.tasks),
    ]
    for name in unit_names:
        unit = r.unit(name)
        if unit is not None and id(unit) in r.created and id(unit) not in seen:
            seen.add(id(unit))
            flags.append(review_flag(UNIT_UNKNOWN, "org_units", unit.name))
    for i, speech in enumerate(report.speeches):
        person = r.person(speech.speaker)
        if person is not None and id(person) in r.created and id(person) not in seen:
            seen.add(id(person))
            flags.append(review_flag(SPEAKER_UNKNOWN, f"speeches[{i}]", person.name))
    return flags
