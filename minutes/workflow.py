"""Staff workflow services: publish, withdraw, possible duplicates, follow-up, exports of records.

Publishing and withdrawing need the ``minutes.publish_meeting`` permission, which the ``editors``
group holds (migration 0003) and superusers have implicitly. Each state change is saved through
the model so django-simple-history records who, when and (for withdrawals) why.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _

from minutes.chinese import to_simplified
from minutes.models import Attendance, FollowUp, Meeting

PUBLISH_PERMISSION = "minutes.publish_meeting"
# The change reason is stored in simple-history's history_change_reason (max 100 characters).
REASON_MAX_LENGTH = 100
# Source texts at least this similar (difflib ratio on normalised text) count as near-identical.
NEAR_IDENTICAL_RATIO = 0.9


def can_publish(user) -> bool:
    """Whether ``user`` may publish or withdraw meetings."""
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def can_preview(user) -> bool:
    """Whether ``user`` may read unpublished meetings (drafts, withdrawn) on the public meeting
    page, as the admin's "view on site" opens it: staff who may view meetings there (the
    ``editors`` and ``viewers`` groups, superusers)."""
    return bool(user and user.is_active and user.is_staff and user.has_perm("minutes.view_meeting"))


def can_edit(user) -> bool:
    """Whether the public meeting page offers ``user`` a link to the meeting's admin change page."""
    return bool(user and user.is_active and user.is_staff and user.has_perm("minutes.change_meeting"))


def _require_publisher(user) -> None:
    if not can_publish(user):
        raise PermissionDenied(_("只有編輯可以發佈或撤回會議。"))


@transaction.atomic
def publish_meetings(*, meetings: Iterable[Meeting], user, reason: str = "") -> list[Meeting]:
    """Publish the given meetings (drafts or withdrawn), recording who and when.

    Returns the meetings that changed; already published ones are left alone."""
    _require_publisher(user)
    changed = []
    now = timezone.now()
    for meeting in meetings:
        if meeting.status == Meeting.Status.PUBLISHED:
            continue
        meeting.status = Meeting.Status.PUBLISHED
        meeting.published_at = now
        meeting.published_by = user
        meeting._history_user = user
        meeting._change_reason = (reason or _("發佈"))[:REASON_MAX_LENGTH]
        meeting.save()
        changed.append(meeting)
    return changed


@transaction.atomic
def withdraw_meetings(*, meetings: Iterable[Meeting], user, reason: str) -> list[Meeting]:
    """Take published meetings off the public pages; the reason goes into their history."""
    _require_publisher(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("撤回會議必須填寫原因。"))
    changed = []
    for meeting in meetings:
        if meeting.status != Meeting.Status.PUBLISHED:
            continue
        meeting.status = Meeting.Status.WITHDRAWN
        meeting._history_user = user
        meeting._change_reason = (_("撤回：") + reason)[:REASON_MAX_LENGTH]
        meeting.save()
        changed.append(meeting)
    return changed


def apply_status_change(*, meeting: Meeting, previous_status: str | None, user) -> None:
    """Fill in published_at/published_by when a form moved a meeting to published.

    Called by the admin before saving; refuses the change for users without the permission."""
    if meeting.status == previous_status:
        return
    if meeting.status in {Meeting.Status.PUBLISHED, Meeting.Status.WITHDRAWN} or (
        previous_status in {Meeting.Status.PUBLISHED, Meeting.Status.WITHDRAWN}
    ):
        _require_publisher(user)
    if meeting.status == Meeting.Status.PUBLISHED:
        meeting.published_at = timezone.now()
        meeting.published_by = user


@transaction.atomic
def update_follow_up(*, items: Iterable, status: str, note: str = "", user=None) -> int:
    """Set the follow-up status (and, when given, the note) of directives or tasks."""
    if status not in FollowUp.values:
        raise ValidationError(_("未知的落實情況：%(status)s") % {"status": status})
    count = 0
    for item in items:
        item.status = status
        if note:
            item.status_note = note
        item._history_user = user
        item._change_reason = (_("落實情況：") + FollowUp(status).label)[:REASON_MAX_LENGTH]
        item.save(update_fields=["status", "status_note"])
        count += 1
    return count


# --- possible duplicates -------------------------------------------------------------------------

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_source_text(text: str) -> str:
    """Simplified script with whitespace and punctuation dropped, for near-identity checks."""
    return _NOISE.sub("", to_simplified(text or ""))


def _same_day(meeting: Meeting) -> Q:
    """Meetings on the same month/day; an unknown year on either side still matches."""
    q = Q(month=meeting.month, day=meeting.day)
    if meeting.year is not None:
        q &= Q(year=meeting.year) | Q(year__isnull=True)
    return q


def possible_duplicates(meeting: Meeting) -> list[Meeting]:
    """Other meetings that may be this one entered twice.

    Same day (an unknown year matches any year) and the same chair or a shared named attendee;
    or a near-identical source text. A warning for staff, never a block."""
    others = Meeting.objects.exclude(pk=meeting.pk).select_related("chair")
    found: dict[int, Meeting] = {}
    if meeting.month and meeting.day:
        overlap = (
            Q(
                attendances__person__in=Attendance.objects.filter(
                    meeting_id=meeting.pk, person__isnull=False
                ).values("person")
            )
            if meeting.pk
            else Q(pk__in=[])
        )
        if meeting.chair_id:
            overlap |= Q(chair_id=meeting.chair_id)
            overlap |= Q(attendances__person_id=meeting.chair_id)
        for other in others.filter(_same_day(meeting)).filter(overlap).distinct()[:20]:
            found[other.pk] = other
    report = meeting.source_report
    if report is not None:
        mine = normalise_source_text(report.text)
        low, high = int(len(report.text) * 0.8), int(len(report.text) * 1.25) + 1
        candidates = (
            others.filter(source_report__isnull=False)
            .exclude(source_report_id=report.pk)
            .select_related("source_report")
        )
        # Length bounds keep the comparison to plausible candidates; the database cannot do it.
        for other in candidates.order_by("-pk")[:500]:
            text = other.source_report.text
            if not low <= len(text) <= high:
                continue
            theirs = normalise_source_text(text)
            matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
            if matcher.real_quick_ratio() >= NEAR_IDENTICAL_RATIO and matcher.ratio() >= NEAR_IDENTICAL_RATIO:
                found.setdefault(other.pk, other)
        for other in others.filter(source_report_id=report.pk):
            found.setdefault(other.pk, other)
    return list(found.values())


def with_duplicate_flag(queryset: QuerySet) -> QuerySet:
    """Annotate ``possible_duplicate``: another meeting on the same day shares the chair or a
    named attendee, or comes from a report with the same content hash. One subquery, no per-row
    queries, so the changelist can show the flag."""
    shared_people = Attendance.objects.filter(meeting_id=OuterRef(OuterRef("pk")), person__isnull=False)
    overlap = (
        Q(chair_id=OuterRef("chair_id"))
        | Q(attendances__person__in=shared_people.values("person"))
        | Q(attendances__person_id=OuterRef("chair_id"))
    )
    base = Meeting.objects.exclude(pk=OuterRef("pk")).filter(month=OuterRef("month"), day=OuterRef("day"))
    same_year = base.filter(Q(year=OuterRef("year")) | Q(year__isnull=True)).filter(overlap)
    any_year = base.filter(overlap)
    same_text = Meeting.objects.exclude(pk=OuterRef("pk")).filter(
        source_report__content_hash=OuterRef("source_report__content_hash")
    )
    return queryset.annotate(
        possible_duplicate=Case(
            When(month__isnull=True, then=Exists(same_text)),
            When(day__isnull=True, then=Exists(same_text)),
            When(year__isnull=True, then=Exists(any_year.values("pk")) | Exists(same_text)),
            default=Exists(same_year.values("pk")) | Exists(same_text),
            output_field=BooleanField(),
        )
    )


# --- exports of records --------------------------------------------------------------------------

EXTRACTION_FORMAT = "minutes-extraction/1"
CSV_COLUMNS = (
    "id",
    "name",
    "kind",
    "date",
    "date_text",
    "year_source",
    "time_of_day",
    "venue",
    "chair",
    "organizer",
    "status",
    "visibility",
    "attendees",
    "speeches",
    "directives",
    "tasks",
    "source_file",
)


def meetings_for_export(queryset: QuerySet) -> QuerySet:
    return queryset.for_detail().in_date_order()


def _chair_name(meeting: Meeting) -> str | None:
    return meeting.chair.name if meeting.chair_id else (meeting.chair_label or None)


def meeting_csv_rows(meetings: Iterable[Meeting]) -> Iterator[list]:
    """One row per meeting under ``CSV_COLUMNS``; people lists joined with 、 as Chinese lists are
    written. Write them with ``exports.csv_lines``, which guards cells against formulas."""
    for m in meetings:
        attendees = [a.person.name if a.person_id else a.group_label for a in m.attendances.all()]
        yield [
            m.pk,
            m.name,
            m.get_kind_display(),
            m.iso_date or "",
            m.date_text,
            m.get_year_source_display(),
            m.get_time_of_day_display() if m.time_of_day else "",
            m.venue,
            _chair_name(m) or "",
            m.organizer.name if m.organizer_id else "",
            m.get_status_display(),
            m.get_visibility_display(),
            "、".join(attendees),
            len(m.speeches.all()),
            len(m.directives.all()),
            len(m.tasks.all()),
            m.source_report.file_name if m.source_report_id else "",
        ]


def _name(person) -> str | None:
    return person.name if person is not None else None


def meeting_extraction(meeting: Meeting) -> dict:
    """One REPORT of the extraction format, built from the database records."""
    m = meeting
    people: dict[str, list[str]] = {}

    def note(person, title: str = ""):
        if person is None:
            return
        titles = people.setdefault(person.name, [])
        for part in (title or "").split("、"):
            if part and part not in titles:
                titles.append(part)

    units: list[str] = []

    def unit(u):
        if u is not None and u.name not in units:
            units.append(u.name)
        return u.name if u is not None else None

    note(m.chair)
    unit(m.organizer)
    attendees, groups = [], []
    for a in m.attendances.all():
        if a.person_id:
            note(a.person, a.role)
            attendees.append(a.person.name)
        elif a.group_label:
            groups.append(a.group_label)
        unit(a.unit)
    speeches = []
    for s in m.speeches.all():
        note(s.person, s.speaker_title)
        speeches.append(
            {"speaker": _name(s.person), "speaker_unit": unit(s.unit), "kind": s.kind, "text": s.text}
        )
    directives = []
    for d in m.directives.all():
        note(d.issuer)
        directives.append(
            {"issuer": _name(d.issuer) or d.issuer_label or None, "number": d.number, "text": d.text}
        )
    appointments = []
    for ap in m.appointments.all():
        note(ap.person)
        note(ap.announced_by)
        appointments.append(
            {
                "person": ap.person.name,
                "post": ap.post or None,
                "unit": unit(ap.unit),
                "announced_by": _name(ap.announced_by),
            }
        )
    decisions = []
    for dc in m.decisions.all():
        note(dc.read_by)
        decisions.append({"title": dc.title, "read_by": _name(dc.read_by) or dc.read_by_label or None})
    tasks = []
    for t in m.tasks.all():
        unit(t.owner_unit)
        tasks.append({"text": t.text, "due": t.due_text or None})
    report = m.source_report
    return {
        "source": {
            "file": report.file_name if report else None,
            "index": report.position if report else None,
            "title": (report.title or None) if report else None,
        },
        "meeting": {
            "name": m.name or None,
            "date": m.iso_date,
            "date_text": m.date_text or None,
            "year_inferred": m.year_source == Meeting.YearSource.INFERRED,
            "time_of_day": m.time_of_day or None,
            "venue": m.venue or None,
            "chair": _chair_name(m),
        },
        "people": [{"name": name, "titles": titles} for name, titles in people.items()],
        "attendees": attendees,
        "attendee_groups": groups,
        "org_units": units,
        "speeches": speeches,
        "directives": directives,
        "appointments": appointments,
        "decisions": decisions,
        "tasks": tasks,
    }


def extraction_document_from_meetings(meetings: Iterable[Meeting]) -> dict:
    """The ``minutes-extraction/1`` document for the given meetings (as stored, after edits)."""
    return {"format": EXTRACTION_FORMAT, "reports": [meeting_extraction(m) for m in meetings]}
