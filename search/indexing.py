"""Writing the search index: what text of each record is indexed, and keeping it current.

Other code calls ``reindex_meeting`` or, for many at once, ``reindex_meetings`` (the importer,
after bulk-creating a file's meetings and children, which sends no signals), ``remove_meeting`` and ``reindex_person``. Admin edits and deletions
reach the index through the signal handlers in ``search.signals``, which update only the changed
record's rows, directly (inside the caller's transaction, so a rolled-back edit leaves the index
as it was).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, models, transaction
from django.db.models import Prefetch

from minutes import revision
from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task
from orgunits.models import OrgUnit
from people.models import Person

from .models import SearchEntry, Visibility
from .text import chunks, fold, index_tokens

Kind = SearchEntry.Kind
CHILD_KINDS = (Kind.SPEECH, Kind.DIRECTIVE, Kind.APPOINTMENT, Kind.DECISION, Kind.TASK)


# ---------------------------------------------------------------- what a meeting's rows carry


def meeting_visibility(meeting: Meeting) -> int:
    if meeting.status != Meeting.Status.PUBLISHED:
        return Visibility.HIDDEN
    if meeting.visibility == Meeting.Visibility.PUBLIC:
        return Visibility.PUBLIC
    return Visibility.INTERNAL


def meeting_stamp(meeting: Meeting) -> dict:
    """The per-meeting columns every row of the meeting repeats (visibility, dates)."""
    return {
        "meeting_id": meeting.pk,
        "visibility": meeting_visibility(meeting),
        "sort_key": (meeting.year or 0) * 10000 + (meeting.month or 0) * 100 + (meeting.day or 0),
        "date": meeting.full_date(),
        "year": meeting.year,
        "month": meeting.month,
    }


TITLE_RANK = 1
NAME_RANK = 2  # a person's or a unit's name outranks titles


def _entries(
    kind, object_id, stamp, *, title="", body="", label="", anchor="", title_rank=TITLE_RANK, speaker=""
) -> list[SearchEntry]:
    """Rows for one object: part 0 is the title (ranked first), parts 1… the body chunks, each
    chunk led by ``speaker`` (so "張國臣 宿舍" finds what 張國臣 said about dormitories)."""
    rows = []
    if title.strip():
        rows.append((0, title_rank, title.strip()))
    for number, (_, piece) in enumerate(chunks(body.strip()), start=1):
        rows.append((number, 0, f"{speaker}：{piece}" if speaker else piece))
    entries = []
    for part, rank, text in rows:
        folded = fold(text)
        entries.append(
            SearchEntry(
                kind=kind,
                object_id=object_id,
                part=part,
                rank=rank,
                label=label[:200],
                anchor=anchor,
                text=text,
                text_folded=folded,
                bigrams=index_tokens(folded),
                **stamp,
            )
        )
    return entries


def _join(*parts: str) -> str:
    # A newline keeps the parts apart: the tokenizer puts a separator between them.
    return "\n".join(p for p in parts if p)


def meeting_entries(meeting: Meeting, attendances: Iterable[Attendance] | None = None) -> list[SearchEntry]:
    """The meeting's own rows: its name, and a body of venue, chair, organiser, attendees, summary."""
    if attendances is None:
        attendances = meeting.attendances.select_related("person", "unit")
    attendees = "、".join(
        a.person.name if a.person_id else a.group_label for a in attendances if a.person_id or a.group_label
    )
    chair = meeting.chair.name if meeting.chair_id else ""
    organizer = meeting.organizer.name if meeting.organizer_id else ""
    body = _join(
        meeting.date_text, meeting.venue, meeting.chair_label or chair, organizer, attendees, meeting.summary
    )
    return _entries(
        Kind.MEETING, meeting.pk, meeting_stamp(meeting), title=meeting.name, body=body, label=meeting.name
    )


def speech_entries(speech: Speech, stamp: dict) -> list[SearchEntry]:
    label = speech.speaker_label or (speech.person.name if speech.person_id else "")
    if not label and speech.unit_id:
        label = speech.unit.name
    if speech.speaker_title:
        label = f"{label}（{speech.speaker_title}）"
    return _entries(
        Kind.SPEECH,
        speech.pk,
        stamp,
        body=speech.text,
        label=label,
        anchor=f"speech-{speech.pk}",
        speaker=speech.speaker_display,
    )


def directive_entries(directive: Directive, stamp: dict) -> list[SearchEntry]:
    issuer = directive.issuer_label or (directive.issuer.name if directive.issuer_id else "")
    label = f"{issuer} {directive.number}." if directive.number else issuer
    return _entries(
        Kind.DIRECTIVE,
        directive.pk,
        stamp,
        body=_join(directive.text, directive.status_note),
        label=label.strip(),
        anchor=f"directive-{directive.pk}",
        speaker=issuer,
    )


def appointment_entries(appointment: Appointment, stamp: dict) -> list[SearchEntry]:
    unit = appointment.unit.name if appointment.unit_id else ""
    verb = "免去" if appointment.is_removal else "任命"
    text = (
        f"{verb}{appointment.person.name}{'為' if not appointment.is_removal else ''}{unit}{appointment.post}"
    )
    return _entries(
        Kind.APPOINTMENT,
        appointment.pk,
        stamp,
        body=text,
        label=appointment.person.name,
        anchor=f"appointment-{appointment.pk}",
    )


def decision_entries(decision: Decision, stamp: dict) -> list[SearchEntry]:
    reader = decision.read_by_label or (decision.read_by.name if decision.read_by_id else "")
    return _entries(
        Kind.DECISION,
        decision.pk,
        stamp,
        title=decision.title,
        label=reader,
        anchor=f"decision-{decision.pk}",
    )


def task_entries(task: Task, stamp: dict) -> list[SearchEntry]:
    unit = task.owner_unit.name if task.owner_unit_id else ""
    return _entries(
        Kind.TASK,
        task.pk,
        stamp,
        body=_join(task.text, task.status_note),
        label=_join(unit, task.due_text).replace("\n", " · "),
        anchor=f"task-{task.pk}",
    )


def person_entries(person: Person) -> list[SearchEntry]:
    stamp = {"meeting_id": None, "visibility": Visibility.PUBLIC, "sort_key": 0}
    return _entries(
        Kind.PERSON,
        person.pk,
        stamp,
        title=person.name,
        body=person.notes,
        label=person.pinyin,
        title_rank=NAME_RANK,
    )


def unit_entries(unit: OrgUnit, aliases: Iterable | None = None) -> list[SearchEntry]:
    stamp = {"meeting_id": None, "visibility": Visibility.PUBLIC, "sort_key": 0}
    if aliases is None:
        aliases = unit.aliases.all()
    entries = _entries(
        Kind.UNIT,
        unit.pk,
        stamp,
        title=unit.name,
        body=unit.description,
        label=unit.name,
        title_rank=NAME_RANK,
    )
    # Aliases are names too (ranked with the title); numbered after the description's chunks.
    next_part = max((e.part for e in entries), default=0) + 1
    for offset, alias in enumerate(sorted(a.alias for a in aliases)):
        for entry in _entries(Kind.UNIT, unit.pk, stamp, title=alias, label=unit.name, title_rank=NAME_RANK):
            entry.part = next_part + offset
            entries.append(entry)
    return entries


CHILD_BUILDERS = {
    Kind.SPEECH: (Speech, ("person", "unit"), speech_entries),
    Kind.DIRECTIVE: (Directive, ("issuer",), directive_entries),
    Kind.APPOINTMENT: (Appointment, ("person", "unit"), appointment_entries),
    Kind.DECISION: (Decision, ("read_by",), decision_entries),
    Kind.TASK: (Task, ("owner_unit",), task_entries),
}
KIND_OF_MODEL = {model: kind for kind, (model, _, _) in CHILD_BUILDERS.items()}


def meetings_for_indexing():
    """Meetings with everything their rows need, in a fixed number of queries per batch."""
    return Meeting.objects.select_related("chair", "organizer").prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("person", "unit")),
        *(
            Prefetch(
                model._meta.get_field("meeting").remote_field.related_name,
                queryset=model.objects.select_related(*rel),
            )
            for model, rel, _ in CHILD_BUILDERS.values()
        ),
    )


RELATED_NAMES = ("attendances",) + tuple(
    model._meta.get_field("meeting").remote_field.related_name for model, _, _ in CHILD_BUILDERS.values()
)


def built_meeting_entries(meeting: Meeting, related: dict[str, Iterable]) -> list[SearchEntry]:
    """Every row of a meeting and its children, from rows in hand: ``related`` maps a related name
    (``attendances``, ``speeches`` …) to that meeting's rows, with the people and units they name
    attached (the importer's freshly inserted rows; ``all_meeting_entries`` for stored ones)."""
    entries = meeting_entries(meeting, related.get("attendances", ()))
    stamp = meeting_stamp(meeting)
    for model, _, build in CHILD_BUILDERS.values():
        for child in related.get(model._meta.get_field("meeting").remote_field.related_name, ()):
            entries.extend(build(child, stamp))
    return entries


def all_meeting_entries(meeting: Meeting) -> list[SearchEntry]:
    """Every row of a meeting and its children (the meeting must come from meetings_for_indexing())."""
    return built_meeting_entries(meeting, {name: getattr(meeting, name).all() for name in RELATED_NAMES})


# ---------------------------------------------------------------- the API other code calls


_ENTRY_COLUMNS = [f for f in SearchEntry._meta.concrete_fields if not f.primary_key]
# Fields whose values (str, int, None) both database drivers take as they are.
_PLAIN = (models.CharField, models.TextField, models.IntegerField)


def insert_entries(entries: list[SearchEntry], batch_size: int = 1000) -> int:
    """Insert index rows with ``executemany`` of plain values: nothing reads their ids back, and
    Django's ``bulk_create`` spent more time compiling the INSERT than the database spent on it."""
    if not entries:
        return 0
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(SearchEntry._meta.db_table),
        ", ".join(quote(f.column) for f in _ENTRY_COLUMNS),
        ", ".join(["%s"] * len(_ENTRY_COLUMNS)),
    )
    columns = [
        (f.attname, None if isinstance(f.target_field if f.is_relation else f, _PLAIN) else f)
        for f in _ENTRY_COLUMNS
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(entries), batch_size):
            rows = []
            for entry in entries[start : start + batch_size]:
                row = []
                for attname, field_ in columns:
                    value = getattr(entry, attname)
                    row.append(value if field_ is None else field_.get_db_prep_save(value, connection))
                rows.append(row)
            cursor.executemany(sql, rows)
    return len(entries)


REINDEX_BATCH = 200


def reindex_meetings(meetings: Iterable[Meeting | int]) -> int:
    """Rebuild every index row of these meetings and their children; returns the number of rows.

    A fixed number of queries per ``REINDEX_BATCH`` meetings (the importer passes a file's
    meetings at once); the rows are the same ``reindex_meeting`` writes one meeting at a time.
    """
    ids = sorted({m.pk if isinstance(m, Meeting) else m for m in meetings})
    written = 0
    if not ids:
        return written
    with transaction.atomic():
        for start in range(0, len(ids), REINDEX_BATCH):
            batch = ids[start : start + REINDEX_BATCH]
            SearchEntry.objects.filter(meeting_id__in=batch).delete()
            entries = [
                e for m in meetings_for_indexing().filter(pk__in=batch) for e in all_meeting_entries(m)
            ]
            insert_entries(entries)
            written += len(entries)
        revision.changed()  # searches are kept per revision
    return written


def reindex_meeting(meeting: Meeting | int) -> int:
    """Rebuild every index row of one meeting and its children; returns the number of rows."""
    return reindex_meetings([meeting])


def remove_meeting(meeting_id: int) -> int:
    """Drop the rows of a meeting and its children (deleting the meeting cascades to them too)."""
    deleted, _ = SearchEntry.objects.filter(meeting_id=meeting_id).delete()
    if deleted:
        revision.changed()  # searches are kept per revision
    return deleted


def replace_object(kind: str, object_id: int, entries: list[SearchEntry]) -> None:
    """Swap one object's rows for ``entries`` (an empty list removes it from the index)."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
    if entries:
        SearchEntry.objects.bulk_create(entries)
    revision.changed()  # searches are kept per revision


@transaction.atomic
def reindex_person(person: Person) -> None:
    replace_object(Kind.PERSON, person.pk, person_entries(person))


@transaction.atomic
def reindex_unit(unit: OrgUnit) -> None:
    replace_object(Kind.UNIT, unit.pk, unit_entries(unit))


@transaction.atomic
def reindex_meeting_header(meeting: Meeting) -> None:
    """After a meeting's own fields change: its own rows, and the copied columns of its children's."""
    replace_object(Kind.MEETING, meeting.pk, meeting_entries(meeting))
    stamp = meeting_stamp(meeting)
    stamp.pop("meeting_id")
    SearchEntry.objects.filter(meeting_id=meeting.pk).exclude(kind=Kind.MEETING).update(**stamp)


def reindex_child(instance) -> None:
    """After a speech, directive, appointment, decision or task is saved."""
    kind = KIND_OF_MODEL[type(instance)]
    build = CHILD_BUILDERS[kind][2]
    replace_object(kind, instance.pk, build(instance, meeting_stamp(instance.meeting)))


# ---------------------------------------------------------------- the whole index


def expected_entries(batch_size: int = 200) -> Iterator[SearchEntry]:
    """Every row the index should hold, computed from the records, in bounded memory."""
    last = 0
    while True:
        batch = list(meetings_for_indexing().filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            break
        for meeting in batch:
            yield from all_meeting_entries(meeting)
        last = batch[-1].pk
    for person in Person.objects.order_by("pk").iterator(chunk_size=2000):
        yield from person_entries(person)
    for unit in OrgUnit.objects.prefetch_related("aliases").order_by("pk"):
        yield from unit_entries(unit, unit.aliases.all())


def rebuild_index(*, batch_size: int = 2000, progress=None) -> dict[str, int]:
    """Empty the index and refill it from the records; returns the row count per kind."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        pending: list[SearchEntry] = []
        for entry in expected_entries():
            pending.append(entry)
            counts[entry.kind] = counts.get(entry.kind, 0) + 1
            if len(pending) >= batch_size:
                insert_entries(pending)
                pending = []
                if progress:
                    progress(sum(counts.values()))
        insert_entries(pending)
        revision.changed()  # searches are kept per revision
    if progress:
        progress(sum(counts.values()))
    return counts


def meetings_naming_person(person_id: int) -> set[int]:
    """Meetings whose index rows copy this person's name (chair, attendee, speaker, issuer …)."""
    ids = set(Meeting.objects.filter(chair_id=person_id).values_list("pk", flat=True))
    ids |= set(Attendance.objects.filter(person_id=person_id).values_list("meeting_id", flat=True))
    ids |= set(Speech.objects.filter(person_id=person_id).values_list("meeting_id", flat=True))
    ids |= set(Directive.objects.filter(issuer_id=person_id).values_list("meeting_id", flat=True))
    ids |= set(Appointment.objects.filter(person_id=person_id).values_list("meeting_id", flat=True))
    ids |= set(Decision.objects.filter(read_by_id=person_id).values_list("meeting_id", flat=True))
    return ids


def meetings_naming_unit(unit_id: int) -> set[int]:
    """Meetings whose index rows copy this unit's name (organiser, speaking unit, appointment, task)."""
    ids = set(Meeting.objects.filter(organizer_id=unit_id).values_list("pk", flat=True))
    ids |= set(Speech.objects.filter(unit_id=unit_id).values_list("meeting_id", flat=True))
    ids |= set(Appointment.objects.filter(unit_id=unit_id).values_list("meeting_id", flat=True))
    ids |= set(Task.objects.filter(owner_unit_id=unit_id).values_list("meeting_id", flat=True))
    return ids


# ---------------------------------------------------------------- drift


COMPARED_FIELDS = (
    "meeting_id",
    "rank",
    "visibility",
    "sort_key",
    "date",
    "year",
    "month",
    "label",
    "anchor",
    "text",
    "bigrams",
)


@dataclass
class Drift:
    """Index rows that are missing, out of date, or left over, as (kind, object_id, part) keys."""

    missing: list[tuple] = field(default_factory=list)
    stale: list[tuple] = field(default_factory=list)
    orphaned: list[tuple] = field(default_factory=list)
    checked: int = 0

    def __bool__(self) -> bool:
        return bool(self.missing or self.stale or self.orphaned)


def _compare(drift: Drift, expected: list[SearchEntry], stored_qs) -> None:
    wanted = {(e.kind, e.object_id, e.part): e for e in expected}
    stored = {
        (r["kind"], r["object_id"], r["part"]): r
        for r in stored_qs.values("kind", "object_id", "part", *COMPARED_FIELDS)
    }
    drift.checked += len(wanted)
    for key, entry in wanted.items():
        row = stored.get(key)
        if row is None:
            drift.missing.append(key)
        elif any(getattr(entry, name) != row[name] for name in COMPARED_FIELDS):
            drift.stale.append(key)
    drift.orphaned.extend(key for key in stored if key not in wanted)


def check_index(batch_size: int = 200) -> Drift:
    """Compare the index with what the records say it should hold, in bounded memory."""
    drift = Drift()
    last = 0
    while True:
        batch = list(meetings_for_indexing().filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            break
        expected = [entry for meeting in batch for entry in all_meeting_entries(meeting)]
        ids = [m.pk for m in batch]
        _compare(drift, expected, SearchEntry.objects.filter(meeting_id__in=ids))
        last = batch[-1].pk
    _compare(
        drift,
        [e for p in Person.objects.order_by("pk") for e in person_entries(p)],
        SearchEntry.objects.filter(kind=Kind.PERSON),
    )
    _compare(
        drift,
        [e for u in OrgUnit.objects.prefetch_related("aliases") for e in unit_entries(u, u.aliases.all())],
        SearchEntry.objects.filter(kind=Kind.UNIT),
    )
    # Rows of a meeting kind whose meeting is gone cannot exist (the FK cascades); rows of a
    # meeting kind without a meeting would be left over from a bug.
    drift.orphaned.extend(
        SearchEntry.objects.filter(meeting__isnull=True)
        .exclude(kind__in=[Kind.PERSON, Kind.UNIT])
        .values_list("kind", "object_id", "part")
    )
    return drift
