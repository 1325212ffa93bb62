"""CSV, JSON and iCalendar exports of meeting lists, and the views that serve them.

Every export starts from ``Meeting.objects.visible_to(request.user)``: anonymous readers get
published public meetings, signed-in staff also internal ones, and drafts never leave the admin.
CSV, JSON and the archive calendar (``/meetings.ics``) take the list page's GET filters and sort
through ``MeetingFilter``, so an export gives what the reader is looking at, without pagination.
Per-person and per-unit calendars take no filters.

Large results stream: rows are read with ``QuerySet.iterator(chunk_size=…)``, whose prefetches
run once per chunk, so the number of queries grows with chunks, never with rows.

JSON shape (``minutes-archive-export/1``), chosen over the importer's extraction format because
it keeps database ids, links to people and units, follow-up states and due dates::

    {"format": "minutes-archive-export/1", "generated_at": ISO-8601, "meetings": [MEETING, …]}

MEETING = {id, url, name, kind, date ("YYYY-MM-DD", "--MM-DD" when the year is unknown, or null),
year, month, day, year_known, year_source, date_text, time_of_day, start_time, venue, chair,
chair_label, organizer, summary, visibility, published_at, attendees, speeches, directives,
appointments, decisions, tasks}; a person or unit is ``{"id", "name", "url"}`` or null.
"""

from __future__ import annotations

import csv
import datetime
import functools
import json
from collections.abc import Iterable, Iterator

import icalendar
from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from orgunits.models import OrgUnit
from people.models import Person

from . import calendars
from .filters import MeetingFilter
from .models import (
    Appointment,
    Attendance,
    Decision,
    Directive,
    Meeting,
    Speech,
    Task,
)

EXPORT_FORMAT = "minutes-archive-export/1"
# Rows fetched per round trip; each chunk costs one query plus one per prefetched relation.
CHUNK_SIZE = 500


# --------------------------------------------------------------------------- querysets


def filtered_meetings(request: HttpRequest) -> QuerySet[Meeting]:
    """The meetings the list page shows for this request's GET filters and sort, visible to its
    user, without pagination.

    Like the list page, a filter form with invalid values gives nothing rather than silently
    dropping the bad filter: an export should never claim to be a list it is not.
    """
    base = Meeting.objects.visible_to(request.user)
    filterset = MeetingFilter(request.GET or None, queryset=base, request=request)
    if filterset.is_bound and not filterset.form.is_valid():
        return base.none()
    return filterset.sorted(filterset.qs)


def with_export_relations(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Everything the JSON export writes per meeting, loaded in a fixed number of queries."""
    return qs.select_related("chair", "organizer").prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("person", "unit")),
        Prefetch("speeches", queryset=Speech.objects.select_related("person", "unit")),
        Prefetch("directives", queryset=Directive.objects.select_related("issuer")),
        Prefetch(
            "appointments", queryset=Appointment.objects.select_related("person", "unit", "announced_by")
        ),
        Prefetch("decisions", queryset=Decision.objects.select_related("read_by")),
        Prefetch("tasks", queryset=Task.objects.select_related("owner_unit")),
    )


def _count_of(model) -> Subquery:
    # A correlated subquery per relation instead of Count() over joins, which would multiply rows.
    return Coalesce(
        Subquery(
            model.objects.filter(meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def with_csv_relations(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Chair, organizer, attendees and the per-meeting counts the CSV writes."""
    return (
        qs.select_related("chair", "organizer")
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.select_related("person")))
        .annotate(
            n_speeches=_count_of(Speech),
            n_directives=_count_of(Directive),
            n_appointments=_count_of(Appointment),
            n_decisions=_count_of(Decision),
            n_tasks=_count_of(Task),
        )
    )


def calendar_meetings(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Meetings that can be placed on a calendar.

    Meetings with an unknown year (or without a full, valid day) are left out: a calendar event
    needs a date, and guessing the year would put them in the wrong place.
    """
    return (
        qs.filter(date__isnull=False)
        .select_related("chair", "organizer")
        .order_by("date", "start_time", "pk")
    )


# --------------------------------------------------------------------------- CSV


class _Echo:
    """A write-only file whose ``write`` hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


# Excel runs a cell that starts with one of these as a formula (CSV injection); a leading
# apostrophe makes it show the text instead. Only text cells are guarded, never numbers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The one CSV writer, public and admin: a UTF-8 byte-order mark, the header, then every row
    with each text cell guarded against formulas, line by line for streaming.

    Excel on Chinese Windows reads a CSV without BOM as GBK and garbles every character.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([_cell(str(title)) for title in header])
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


@functools.lru_cache(maxsize=64)
def _labels(choices: type[models.Choices], language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _label(choices: type[models.Choices], value: str) -> str:
    """A choice's label in the active language. get_FOO_display() hashes lazy strings on every
    call, which was a third of the CSV export's time."""
    return _labels(choices, get_language()).get(value, value) if value else ""


def _person_name(person: Person | None, label: str = "") -> str:
    return person.name if person is not None else label


def csv_header() -> list[str]:
    return [
        _("編號"),
        _("日期"),
        _("年"),
        _("月"),
        _("日"),
        _("原文日期"),
        _("時段"),
        _("開始時間"),
        _("會議名稱"),
        _("會議類型"),
        _("地點"),
        _("主持人"),
        _("主辦單位"),
        _("出席人員"),
        _("出席群體"),
        _("發言數"),
        _("工作要求數"),
        _("任免數"),
        _("決定數"),
        _("工作任務數"),
        _("網址"),
    ]


def csv_row(meeting: Meeting, *, url: str) -> list:
    """One meeting as a CSV row (see ``csv_header``); needs ``with_csv_relations``."""
    attendances = list(meeting.attendances.all())
    # The date column holds only full dates: "--07-19" would read as a formula in Excel, and
    # the year/month/day columns carry partial dates.
    return [
        meeting.pk,
        meeting.date.isoformat() if meeting.date else "",
        meeting.year or "",
        meeting.month or "",
        meeting.day or "",
        meeting.date_text,
        _label(Meeting.TimeOfDay, meeting.time_of_day),
        meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
        meeting.name,
        _label(Meeting.Kind, meeting.kind),
        meeting.venue,
        _person_name(meeting.chair, meeting.chair_label),
        meeting.organizer.name if meeting.organizer else "",
        "、".join(a.person.name for a in attendances if a.person_id),
        "、".join(a.group_label for a in attendances if not a.person_id and a.group_label),
        meeting.n_speeches,
        meeting.n_directives,
        meeting.n_appointments,
        meeting.n_decisions,
        meeting.n_tasks,
        url,
    ]


def csv_stream(meetings: Iterable[Meeting], *, base_url: str) -> Iterator[str]:
    """The public CSV file, line by line (see ``csv_lines``)."""
    rows = (csv_row(meeting, url=base_url + meeting.get_absolute_url()) for meeting in meetings)
    return csv_lines(csv_header(), rows)


# --------------------------------------------------------------------------- JSON


class _Refs:
    """``{"id", "name", "url"}`` for people and units, each URL reversed once per export: the
    same few people recur in every meeting, and reverse() was most of the JSON export's time."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self._urls: dict[tuple[type, int], str] = {}

    def __call__(self, obj) -> dict | None:
        if obj is None:
            return None
        key = (type(obj), obj.pk)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = self.base_url + obj.get_absolute_url()
        return {"id": obj.pk, "name": obj.name, "url": url}


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def meeting_as_dict(meeting: Meeting, *, base_url: str, ref: _Refs | None = None) -> dict:
    """One meeting with everything recorded about it; needs ``with_export_relations``."""
    ref = ref or _Refs(base_url)
    return {
        "id": meeting.pk,
        "url": base_url + meeting.get_absolute_url(),
        "name": meeting.name,
        "kind": meeting.kind,
        "date": meeting.iso_date,
        "year": meeting.year,
        "month": meeting.month,
        "day": meeting.day,
        "year_known": meeting.year_known,
        "year_source": meeting.year_source,
        "date_text": meeting.date_text,
        "time_of_day": meeting.time_of_day or None,
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
        "venue": meeting.venue,
        "chair": ref(meeting.chair),
        "chair_label": meeting.chair_label,
        "organizer": ref(meeting.organizer),
        "summary": meeting.summary,
        "visibility": meeting.visibility,
        "published_at": _iso(meeting.published_at),
        "attendees": [
            {
                "person": ref(a.person),
                "group": a.group_label or None,
                "unit": ref(a.unit),
                "role": a.role,
                "category": a.category,
            }
            for a in meeting.attendances.all()
        ],
        "speeches": [
            {
                "order": s.order,
                "speaker": ref(s.person),
                "speaker_label": s.speaker_label,
                "speaker_unit": ref(s.unit),
                "speaker_title": s.speaker_title,
                "kind": s.kind,
                "text": s.text,
            }
            for s in meeting.speeches.all()
        ],
        "directives": [
            {
                "number": d.number,
                "issuer": ref(d.issuer),
                "issuer_label": d.issuer_label,
                "text": d.text,
                "status": d.status,
                "status_note": d.status_note,
            }
            for d in meeting.directives.all()
        ],
        "appointments": [
            {
                "person": ref(a.person),
                "post": a.post,
                "unit": ref(a.unit),
                "announced_by": ref(a.announced_by),
                "is_removal": a.is_removal,
            }
            for a in meeting.appointments.all()
        ],
        "decisions": [
            {"title": d.title, "read_by": ref(d.read_by), "read_by_label": d.read_by_label}
            for d in meeting.decisions.all()
        ],
        "tasks": [
            {
                "text": t.text,
                "due_text": t.due_text,
                "due_date": _iso(t.due_date),
                "owner_unit": ref(t.owner_unit),
                "status": t.status,
                "status_note": t.status_note,
            }
            for t in meeting.tasks.all()
        ],
    }


def json_stream(meetings: Iterable[Meeting], *, base_url: str) -> Iterator[str]:
    """The JSON document in pieces: the envelope, then one meeting at a time."""
    head = json.dumps(
        {"format": EXPORT_FORMAT, "generated_at": timezone.now().isoformat()}, ensure_ascii=False
    )
    yield head[:-1] + ', "meetings": ['
    ref = _Refs(base_url)
    for i, meeting in enumerate(meetings):
        yield (
            ("," if i else "")
            + "\n"
            + json.dumps(meeting_as_dict(meeting, base_url=base_url, ref=ref), ensure_ascii=False)
        )
    yield "\n]}\n"


# --------------------------------------------------------------------------- iCalendar (RFC 5545)

# The reports give a start at most, never an end; a timed event gets this length so calendar
# apps draw a block instead of a zero-length line.
TIMED_EVENT_DURATION = datetime.timedelta(hours=2)


def meeting_vevent(meeting: Meeting, *, url: str, stamp: datetime.datetime) -> icalendar.Event:
    """The VEVENT of a meeting with a known date.

    All-day unless a start time was recorded: 上午/下午 alone say too little to place an event.
    ``stamp`` is when the calendar was generated.
    """
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time)
        when = {
            "dtstart": timezone.make_aware(start, timezone.get_default_timezone()),
            "duration": TIMED_EVENT_DURATION,
        }
    else:
        when = {"dtstart": meeting.date, "dtend": meeting.date + datetime.timedelta(days=1)}
    details = [_label(Meeting.Kind, meeting.kind)]
    if meeting.date_text:
        details.append(_("原文日期：%(text)s") % {"text": meeting.date_text})
    elif meeting.time_of_day:
        details.append(_label(Meeting.TimeOfDay, meeting.time_of_day))
    chair = _person_name(meeting.chair, meeting.chair_label)
    if chair:
        details.append(_("主持人：%(name)s") % {"name": chair})
    if meeting.organizer_id:
        details.append(_("主辦單位：%(name)s") % {"name": meeting.organizer.name})
    if meeting.summary:
        details.append(meeting.summary)
    details.append(url)
    return calendars.event(
        f"meeting-{meeting.pk}",
        stamp=stamp,
        created=meeting.created_at,
        last_modified=meeting.updated_at,
        **when,
        summary=meeting.name,
        location=meeting.venue,
        description="\n".join(details),
        url=url,
        class_="PUBLIC" if meeting.visibility == Meeting.Visibility.PUBLIC else "PRIVATE",
        status="CONFIRMED",
        transp="TRANSPARENT",
    )


def ics_stream(meetings: Iterable[Meeting], *, calendar_name: str, base_url: str) -> Iterator[str]:
    """A whole VCALENDAR, one event at a time."""
    stamp = timezone.now()
    events = (
        meeting_vevent(meeting, url=base_url + meeting.get_absolute_url(), stamp=stamp)
        for meeting in meetings
    )
    return calendars.calendar_stream(events, name=calendar_name, timezone=settings.TIME_ZONE)


# --------------------------------------------------------------------------- views


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _download(stream: Iterator[str], *, content_type: str, filename: str, inline: bool = False):
    response = StreamingHttpResponse((chunk.encode("utf-8") for chunk in stream), content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    # The content depends on who is signed in; never let a shared cache hand it to someone else.
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def meeting_export_csv(request: HttpRequest):
    """The filtered meeting list as CSV (UTF-8 with BOM), one row per meeting."""
    qs = with_csv_relations(filtered_meetings(request))
    stream = csv_stream(qs.iterator(chunk_size=CHUNK_SIZE), base_url=_base_url(request))
    return _download(stream, content_type="text/csv; charset=utf-8", filename="meetings.csv")


@require_safe
def meeting_export_json(request: HttpRequest):
    """The filtered meeting list as JSON, with everything recorded about each meeting."""
    qs = with_export_relations(filtered_meetings(request))
    stream = json_stream(qs.iterator(chunk_size=CHUNK_SIZE), base_url=_base_url(request))
    return _download(stream, content_type="application/json; charset=utf-8", filename="meetings.json")


def _calendar_response(request: HttpRequest, qs: QuerySet[Meeting], *, name: str, filename: str):
    meetings = calendar_meetings(qs).iterator(chunk_size=CHUNK_SIZE)
    stream = ics_stream(meetings, calendar_name=name, base_url=_base_url(request))
    return _download(stream, content_type="text/calendar; charset=utf-8", filename=filename, inline=True)


@require_safe
def meeting_ics(request: HttpRequest):
    """Every dated meeting the reader may see, as an iCalendar feed; the list page's filters
    narrow it (its calendar link carries them), without them it is the whole archive."""
    return _calendar_response(
        request, filtered_meetings(request), name=_("後勤會議"), filename="meetings.ics"
    )


@require_safe
def person_ics(request: HttpRequest, pk: int):
    """The dated meetings a person took part in, as an iCalendar feed."""
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    qs = Meeting.objects.visible_to(request.user).involving_person(person)
    return _calendar_response(
        request, qs, name=_("%(name)s的會議") % {"name": person.name}, filename=f"person-{person.pk}.ics"
    )


@require_safe
def unit_ics(request: HttpRequest, pk: int):
    """The dated meetings a unit was involved in, as an iCalendar feed."""
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    qs = Meeting.objects.visible_to(request.user).involving_unit(unit)
    return _calendar_response(
        request, qs, name=_("%(name)s的會議") % {"name": unit.name}, filename=f"unit-{unit.pk}.ics"
    )
