"""A meeting's lists (attendances, speeches, directives, appointments, decisions, tasks) built from
one report, as unsaved rows."""

from __future__ import annotations

import datetime

from minutes.chinese import to_simplified
from minutes.importing.fields import cut, span
from minutes.importing.posts import Posts
from minutes.importing.resolver import Resolver
from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task
from minutes.parsing.dates import resolve_due
from minutes.parsing.model import ParsedPerson, ParsedReport

CHILD_RELATIONS = {
    "attendances": Attendance,
    "speeches": Speech,
    "directives": Directive,
    "appointments": Appointment,
    "decisions": Decision,
    "tasks": Task,
}


class ChildRows:
    """Builds the rows of the relations asked for; what it skips goes into ``warnings``."""

    def __init__(
        self,
        meeting: Meeting,
        report: ParsedReport,
        *,
        resolver: Resolver,
        posts: Posts,
        where: str,
        warnings: list[str],
    ):
        self.meeting = meeting
        self.report = report
        self.r = resolver
        self.posts = posts
        self.where = where
        self.warnings = warnings
        self.people_by_key: dict[str, ParsedPerson] = {}
        # A person's first title in the report (校黨委書記 for 校黨委書記張邁曾), for the speech's
        # speaker title and the attendance's role when the report gives nothing closer.
        self.first_title: dict[str, str] = {}
        for p in report.people:
            key = to_simplified(p.name)
            self.people_by_key.setdefault(key, p)
            if p.titles:
                self.first_title.setdefault(key, p.titles[0])

    def build(self, relations: set[str]) -> dict[str, list]:
        """Rows by relation name, in CHILD_RELATIONS order (directives need their speeches)."""
        out: dict[str, list] = {}
        speeches: list[Speech | None] = []
        for relation in CHILD_RELATIONS:
            if relation not in relations:
                continue
            if relation == "speeches":
                speeches = self.speeches()
                out[relation] = [s for s in speeches if s is not None]
            elif relation == "directives":
                out[relation] = self.directives(speeches)
            else:
                out[relation] = getattr(self, relation)()
        return out

    def title_of(self, name: str | None) -> str:
        return self.first_title.get(to_simplified(name), "") if name else ""

    def attendances(self) -> list[Attendance]:
        meeting, report, rows, seen = self.meeting, self.report, [], set()
        names = ([report.meeting.chair] if report.meeting.chair else []) + list(report.attendees)
        for name in names:
            person = self.r.person(name)
            if person is None or person.pk in seen:
                continue
            seen.add(person.pk)
            parsed = self.people_by_key.get(to_simplified(name))
            start, end = span(parsed.spans[0] if parsed and parsed.spans else None)
            if person is meeting.chair and report.meeting.chair_span:
                start, end = span(report.meeting.chair_span)
            rows.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    role=cut(Attendance, "role", self.title_of(name)),
                    category=(
                        Attendance.Category.CHAIRED
                        if person is meeting.chair
                        else Attendance.Category.ATTENDED
                    ),
                    order=len(rows) + 1,
                    span_start=start,
                    span_end=end,
                )
            )
        spans = list(report.attendee_group_spans)
        for i, label in enumerate(report.attendee_groups):
            label = cut(Attendance, "group_label", label)
            if not label:
                continue
            start, end = span(spans[i] if i < len(spans) else None)
            rows.append(
                Attendance(
                    meeting=meeting, group_label=label, order=len(rows) + 1, span_start=start, span_end=end
                )
            )
        return rows

    def speeches(self) -> list[Speech | None]:
        """One per parsed speech, None for one skipped (directives point at speeches by index)."""
        out: list[Speech | None] = []
        order = 0
        for s in self.report.speeches:
            person, unit = self.r.person(s.speaker), self.r.unit(s.speaker_unit)
            label = cut(Speech, "speaker_label", s.speaker_label or s.speaker)
            if person is None and unit is None and not label:
                self.warnings.append(f"{self.where}: a speech without a speaker; skipped")
                out.append(None)
                continue
            order += 1
            start, end = span(s.span)
            out.append(
                Speech(
                    meeting=self.meeting,
                    order=order,
                    person=person,
                    speaker_label=label,
                    unit=unit,
                    speaker_title=cut(Speech, "speaker_title", s.title or self.title_of(s.speaker)),
                    kind=s.kind if s.kind in Speech.Kind.values else Speech.Kind.OTHER,
                    text=s.text or "",
                    span_start=start,
                    span_end=end,
                )
            )
        return out

    def directives(self, speeches: list[Speech | None]) -> list[Directive]:
        rows = []
        for d in self.report.directives:
            if not (d.text or "").strip():
                continue
            speech = None
            if speeches and d.speech_index is not None and 0 <= d.speech_index < len(speeches):
                speech = speeches[d.speech_index]
            start, end = span(d.span)
            rows.append(
                Directive(
                    meeting=self.meeting,
                    speech=speech,
                    issuer=self.r.person(d.issuer),
                    issuer_label=cut(Directive, "issuer_label", d.issuer),
                    number=d.number if d.number and d.number >= 1 else None,
                    order=len(rows) + 1,
                    text=d.text.strip(),
                    span_start=start,
                    span_end=end,
                )
            )
        return rows

    def appointments(self) -> list[Appointment]:
        rows = []
        for a in self.report.appointments:
            person = self.r.person(a.person)
            if person is None:
                continue
            start, end = span(a.span)
            appointment = Appointment(
                meeting=self.meeting,
                person=person,
                post=cut(Appointment, "post", a.post),
                unit=self.r.unit(a.unit),
                announced_by=self.r.person(a.announced_by),
                is_removal=bool(a.removal),
                order=len(rows) + 1,
                span_start=start,
                span_end=end,
            )
            appointment.post_held = self.posts.for_appointment(self.meeting, appointment, self.where)
            rows.append(appointment)
        return rows

    def decisions(self) -> list[Decision]:
        rows = []
        for d in self.report.decisions:
            title = cut(Decision, "title", d.title)
            if not title:
                continue
            start, end = span(d.span)
            rows.append(
                Decision(
                    meeting=self.meeting,
                    title=title,
                    read_by=self.r.person(d.read_by),
                    read_by_label=cut(Decision, "read_by_label", d.read_by),
                    order=len(rows) + 1,
                    span_start=start,
                    span_end=end,
                )
            )
        return rows

    def tasks(self) -> list[Task]:
        rows = []
        for t in self.report.tasks:
            text = cut(Task, "text", t.text)
            if not text:
                continue
            start, end = span(t.span)
            rows.append(
                Task(
                    meeting=self.meeting,
                    text=text,
                    due_text=cut(Task, "due_text", t.due),
                    due_date=_due_date(t.due, self.meeting),
                    owner_unit=self.r.unit(t.owner_unit),
                    order=len(rows) + 1,
                    span_start=start,
                    span_end=end,
                )
            )
        return rows


def _due_date(due: str | None, meeting: Meeting) -> datetime.date | None:
    if not due or not meeting.year:
        return None
    try:
        return resolve_due(due, meeting.year, meeting.month, meeting.day)
    except (ValueError, OverflowError):
        return None
