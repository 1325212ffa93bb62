"""Loading the synthetic benchmark archive fast, in bounded memory.

The archive is the one ``benchmarks.search`` describes (same generator, same seed), but it is written
without the ORM's per-batch INSERTs: ids are assigned here, each batch of meetings is streamed as
rows of every concrete column (values prepared by the fields themselves, as ``bulk_create`` would)
with PostgreSQL's ``COPY`` (psycopg 3 ``cursor.copy``) or SQLite's ``executemany``. Index rows are
built by ``search.indexing``'s row builders, so their tokens are exactly what the indexer writes.

On PostgreSQL the secondary indexes and the unique/foreign-key constraints of the bulk tables are
dropped before loading and recreated afterwards (one sorted build instead of a million inserts),
the way a restore works; the sequences are then moved past the assigned ids.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

from minutes import reach
from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task
from search import indexing
from search.models import SearchEntry

from . import data
from . import search as bench

BULK_MODELS = (Meeting, Attendance, Speech, Directive, Task, Decision, Appointment, SearchEntry)
FULLTEXT_INDEX = "searchentry_tsv_gin"
# Fields whose Python value is what the database driver takes (no conversion by Django).
PLAIN_FIELDS = (
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
)


class RowWriter:
    """Writes model instances as rows of all their concrete columns, in one statement per batch."""

    def __init__(self):
        self.fields = {model: list(model._meta.concrete_fields) for model in BULK_MODELS}
        self.next_id = {model: self._max_id(model) + 1 for model in BULK_MODELS}

    @staticmethod
    def _max_id(model) -> int:
        return model.objects.aggregate(m=models.Max("pk"))["m"] or 0

    def assign_ids(self, objs: list[models.Model]) -> None:
        if not objs:
            return
        model = type(objs[0])
        start = self.next_id[model]
        for offset, obj in enumerate(objs):
            obj.pk = start + offset
            obj._state.adding = False
        self.next_id[model] = start + len(objs)

    def _rows(self, objs: Iterable[models.Model], fields) -> Iterable[tuple]:
        # Plain numbers and strings go to the driver as they are; dates, JSON and auto_now stamps
        # are prepared by their fields (the proxy ``connection`` resolved once: it costs per call).
        conn = connections[DEFAULT_DB_ALIAS]
        plain = [isinstance(f, PLAIN_FIELDS) and not isinstance(f, models.DateField) for f in fields]
        names = [f.attname for f in fields]
        pairs = list(zip(fields, names, plain, strict=True))
        for obj in objs:
            values = obj.__dict__
            yield tuple(
                values[name] if is_plain else f.get_db_prep_save(f.pre_save(obj, True), conn)
                for f, name, is_plain in pairs
            )

    def write(self, objs: list[models.Model]) -> int:
        if not objs:
            return 0
        model = type(objs[0])
        if objs[0].pk is None:
            self.assign_ids(objs)
        fields = self.fields[model]
        table = model._meta.db_table
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        raw = connection.connection
        if connection.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in self._rows(objs, fields):
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in fields)
            raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self._rows(objs, fields))
        return len(objs)

    def reset_sequences(self) -> None:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(BULK_MODELS)):
                cursor.execute(sql)


# ---------------------------------------------------------------- indexes off while loading (PostgreSQL)


def drop_secondary_indexes() -> list[str]:
    """Drop the bulk tables' secondary indexes and unique/foreign-key constraints; returns the SQL
    that recreates them (the full-text GIN index last, so it can be timed on its own)."""
    recreate: list[str] = []
    with connection.cursor() as cursor:
        for model in BULK_MODELS:
            table = model._meta.db_table
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                recreate.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid = %s::regclass)",
                [table, table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                recreate.append(definition)
    recreate.sort(key=lambda sql: FULLTEXT_INDEX in sql)
    return recreate


# ---------------------------------------------------------------- the archive


def _meeting_batch(rng: random.Random, size: int, persons, units) -> list[Meeting]:
    batch = []
    for _ in range(size):
        unknown_year = rng.random() < 0.03
        meeting = Meeting(
            name=rng.choice(units).name + rng.choice(data.MEETING_NAMES),
            kind=Meeting.Kind.WORK,
            year=None if unknown_year else rng.randint(2010, 2024),
            month=rng.randint(1, 12),
            day=rng.randint(1, 28),
            venue=rng.choice(data.VENUES),
            chair=rng.choice(persons),
            organizer=rng.choice(units),
            status=Meeting.Status.DRAFT if rng.random() < 0.05 else Meeting.Status.PUBLISHED,
            visibility=Meeting.Visibility.INTERNAL if rng.random() < 0.2 else Meeting.Visibility.PUBLIC,
        )
        meeting.year_source = Meeting.YearSource.UNKNOWN if unknown_year else Meeting.YearSource.TEXT
        meeting.date = meeting.full_date()
        batch.append(meeting)
    return batch


def _children(rng: random.Random, batch: list[Meeting], persons, units, texts) -> dict[type, list]:
    rows: dict[type, list] = {m: [] for m in (Attendance, Speech, Directive, Task, Decision, Appointment)}
    for meeting in batch:
        for order, person in enumerate(rng.sample(persons, 4)):
            rows[Attendance].append(Attendance(meeting=meeting, person=person, order=order))
        for order in range(1, rng.randint(*bench.SPEECHES_PER_MEETING) + 1):
            person = rng.choice(persons)
            rows[Speech].append(
                Speech(
                    meeting=meeting,
                    order=order,
                    person=person,
                    speaker_label=person.name,
                    kind=Speech.Kind.ADDRESS,
                    text=texts.paragraph(),
                )
            )
        for number in range(1, rng.randint(0, 4) + 1):
            rows[Directive].append(
                Directive(
                    meeting=meeting,
                    issuer=meeting.chair,
                    issuer_label=meeting.chair.name,
                    number=number,
                    order=number,
                    text=texts.paragraph(),
                )
            )
        if rng.random() < 0.5:
            rows[Task].append(
                Task(
                    meeting=meeting,
                    text=rng.choice(data.CLAUSES),
                    due_text="8月底",
                    owner_unit=rng.choice(units),
                )
            )
        if rng.random() < 0.2:
            rows[Decision].append(
                Decision(meeting=meeting, title=f"學校關於{rng.choice(data.CLAUSES)}的決定")
            )
        if rng.random() < 0.2:
            rows[Appointment].append(
                Appointment(
                    meeting=meeting, person=rng.choice(persons), post="副處長", unit=rng.choice(units)
                )
            )
    return rows


def _index_rows(batch: list[Meeting], children: dict[type, list]) -> list[SearchEntry]:
    """The batch's index rows, from the indexer's own row builders."""
    attendances: dict[int, list[Attendance]] = {}
    for attendance in children[Attendance]:
        attendances.setdefault(attendance.meeting_id, []).append(attendance)
    stamps = {m.pk: indexing.meeting_stamp(m) for m in batch}
    entries: list[SearchEntry] = []
    for meeting in batch:
        entries += indexing.meeting_entries(meeting, attendances.get(meeting.pk, []))
    builders = (
        (Speech, indexing.speech_entries),
        (Directive, indexing.directive_entries),
        (Task, indexing.task_entries),
        (Decision, indexing.decision_entries),
        (Appointment, indexing.appointment_entries),
    )
    for model, build in builders:
        for obj in children[model]:
            entries += build(obj, stamps[obj.meeting_id])
    return entries


def load_archive(
    *, meetings: int, seed: int = bench.SEED, progress: Callable[[int, int], None] | None = None
) -> dict[str, float]:
    """Write ``meetings`` synthetic meetings with children and index rows. Returns row counts and
    the seconds spent loading rows and (re)building indexes."""
    started = time.monotonic()
    rng = random.Random(seed)
    persons, units = bench.create_people_and_units(rng)
    texts = bench._TextMaker(rng, meetings * sum(bench.SPEECHES_PER_MEETING) // 2)
    postgres = connection.vendor == "postgresql"
    recreate = drop_secondary_indexes() if postgres else []
    writer = RowWriter()
    counts = {"meetings": 0, "speeches": 0, "directives": 0, "tasks": 0, "entries": 0}
    created = 0
    while created < meetings:
        size = min(bench.BATCH_MEETINGS, meetings - created)
        batch = _meeting_batch(rng, size, persons, units)
        writer.assign_ids(batch)
        children = _children(rng, batch, persons, units, texts)
        for rows in children.values():
            writer.assign_ids(rows)
        entries = _index_rows(batch, children)
        with transaction.atomic():
            writer.write(batch)
            for rows in children.values():
                writer.write(rows)
            writer.write(entries)
        created += size
        counts["meetings"] += size
        counts["speeches"] += len(children[Speech])
        counts["directives"] += len(children[Directive])
        counts["tasks"] += len(children[Task])
        if progress:
            progress(created, meetings)
    writer.reset_sequences()
    counts["load_seconds"] = time.monotonic() - started
    # The rows went in without signals: who is visible to whom is counted once, here.
    reach_started = time.monotonic()
    with transaction.atomic():
        reach.recompute_all()
    counts["reach_seconds"] = time.monotonic() - reach_started
    index_started = time.monotonic()
    fulltext_seconds = 0.0
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for sql in recreate:
            t0 = time.monotonic()
            cursor.execute(sql)
            if FULLTEXT_INDEX in sql:
                fulltext_seconds = time.monotonic() - t0
        cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")
    counts["index_seconds"] = time.monotonic() - index_started
    counts["fulltext_seconds"] = fulltext_seconds
    counts["entries"] = SearchEntry.objects.count()
    return counts
