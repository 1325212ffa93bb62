"""Back up the whole archive to one JSON file and restore it into an empty database.

What a backup holds (format ``minutes-archive``, version 1):

* every row of every model of the ``orgunits``, ``people`` and ``minutes`` apps — meetings and all
  their child records, source report texts, people, posts, pinyin keys, units, aliases — and each
  model's django-simple-history table, so history and its attribution survive;
* ``auth.User`` (with password hashes) and ``auth.Group`` with their permissions, because history
  rows, publication and import records point at users;
* ``admin.LogEntry``, the admin's own change log.

Left out on purpose: sessions and django-axes login logs (transient), API tokens (credentials kept
in clear by rest_framework.authtoken: a backup file must not grant access; staff issue new ones after
a restore), content types and permission rows themselves (every migrated database has them; they are
referred to by natural key), and the search index (derived; rebuilt after a restore).

Layout: a single valid JSON document written one object per line, so both ends stream in bounded
memory::

    {"format": "minutes-archive", "version": 1, "created_at": …, "migrations": {…}, "objects": [
    {"model": "auth.group", "fields": {"name": "editors", "permissions": [["add_meeting", "minutes", "meeting"], …]}},
    {"model": "minutes.meeting", "pk": 7, "fields": {…}},
    …
    ],
    "counts": {"minutes.meeting": 120, …}}

Objects are Django's "python" serialization (``model``, ``pk``, ``fields``); foreign keys are primary
keys, except references to content types, permissions and groups, which are natural keys because
their ids differ between databases. Datetimes keep their microseconds. ``counts`` at the end doubles
as an end marker: a truncated file is refused.
"""

from __future__ import annotations

import datetime
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from simple_history.models import HistoricalChanges

from config.private_files import create_private
from minutes import reach, revision

FORMAT_NAME = "minutes-archive"
FORMAT_VERSION = 1
ARCHIVE_APPS = ("orgunits", "people", "minutes")
BATCH_SIZE = 500
PROGRESS_EVERY = 5000
_OBJECTS_OPENING = '"objects": ['

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup file that cannot be restored here, or a target that must not be overwritten."""


@dataclass
class RestoreResult:
    """What a restore loaded, model label → rows, and what happened to the search index."""

    counts: dict[str, int] = field(default_factory=dict)
    search_index: str = ""


# --- which models, in which order -------------------------------------------------------------


# Derived state, rebuilt rather than backed up: the archive's revision (minutes.revision) is
# renewed after a restore so no worker reads an aggregate cached from the archive it replaced.
DERIVED = {"minutes.archiverevision"}


def archive_models() -> list[type[models.Model]]:
    """Every concrete model of the archive apps (history tables included), parents before children."""
    found = []
    for label in ARCHIVE_APPS:
        found.extend(
            model
            for model in apps.get_app_config(label).get_models()
            if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in DERIVED
        )
    return _dependency_order(found)


def backup_models() -> list[type[models.Model]]:
    """Everything a backup holds, in the order it is written and loaded."""
    return [Group, get_user_model(), *archive_models(), LogEntry]


def _dependency_order(model_list: list[type[models.Model]]) -> list[type[models.Model]]:
    # Foreign keys are checked at commit on both databases, so this order is for the --force
    # clean-up (children deleted before parents) and for people reading the file.
    remaining = {model._meta.label_lower: model for model in model_list}
    ordered: list[type[models.Model]] = []
    while remaining:
        ready = [
            model
            for label, model in remaining.items()
            if not any(
                dep != label and dep in remaining
                for dep in (
                    f.related_model._meta.label_lower
                    for f in model._meta.concrete_fields
                    if f.is_relation and f.related_model is not None
                )
            )
        ]
        if not ready:  # a cycle: keep the rest in their declared order
            ready = list(remaining.values())
        for model in ready:
            ordered.append(model)
            del remaining[model._meta.label_lower]
    return ordered


# --- writing ----------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder without its rounding of times to milliseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _open_for_writing(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "wt", encoding="utf-8", newline="\n")
    return open(path, "w", encoding="utf-8", newline="\n")


def _open_for_reading(path: Path):
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


class _NaturalKeys:
    """Natural keys for the rows whose ids differ between databases, looked up once each."""

    def __init__(self, using: str):
        self.content_types = {
            ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.using(using).all()
        }
        self.permissions = {
            perm.pk: [perm.codename, *self.content_types[perm.content_type_id]]
            for perm in Permission.objects.using(using).all()
        }
        self.groups = {group.pk: [group.name] for group in Group.objects.using(using).all()}

    def table_for(self, model) -> dict | None:
        return {ContentType: self.content_types, Permission: self.permissions, Group: self.groups}.get(model)

    def apply(self, model: type[models.Model], data: dict) -> dict:
        for f in model._meta.get_fields():
            if not (f.concrete and f.is_relation) or f.name not in data["fields"]:
                continue
            table = self.table_for(f.related_model)
            if table is None:
                continue
            value = data["fields"][f.name]
            if f.many_to_many:
                data["fields"][f.name] = sorted(table[pk] for pk in value)
            elif value is not None:
                data["fields"][f.name] = table[value]
        if model is Group:
            data.pop("pk", None)  # groups are matched by name: migrations create them with their own ids
        return data


def _serialized(model: type[models.Model], using: str, keys: _NaturalKeys) -> Iterator[dict]:
    queryset = model._base_manager.using(using).order_by("pk")
    m2m = [f.name for f in model._meta.many_to_many]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
        rows = queryset  # few rows (users, groups); prefetching needs them in memory anyway
    else:
        rows = queryset.iterator(chunk_size=2000)
    batch = []
    for obj in rows:
        batch.append(obj)
        if len(batch) >= BATCH_SIZE:
            yield from serializers.serialize("python", batch)
            batch = []
    if batch:
        yield from serializers.serialize("python", batch)


def applied_migrations(using: str) -> dict[str, list[str]]:
    """Applied migration names per app the backup touches, to refuse restoring into an older schema."""
    wanted = {"auth", "admin", "contenttypes", *ARCHIVE_APPS}
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        if app_label in wanted:
            applied.setdefault(app_label, []).append(name)
    return {label: sorted(names) for label, names in sorted(applied.items())}


def write_backup(
    path: str | os.PathLike, *, using: str = DEFAULT_DB_ALIAS, progress: Progress | None = None
) -> dict[str, int]:
    """Write the whole archive to ``path`` (gzip-compressed when it ends in ``.gz``).

    Reads inside one transaction (repeatable read on PostgreSQL) so a backup taken while staff
    edit is a consistent snapshot, and writes to a temporary file renamed at the end, so an
    interrupted backup never looks like a complete one. Returns rows written per model label.
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    if path.suffix == ".gz":
        tmp = path.with_name(path.stem + ".partial.gz")
    connection = connections[using]
    counts: dict[str, int] = {}
    # Only an outermost transaction can still choose its isolation level.
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        keys = _NaturalKeys(using)
        header = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": applied_migrations(using),
        }
        try:
            # The backup holds password hashes: owner-only from the first byte; the rename keeps it so.
            create_private(tmp)
            with _open_for_writing(tmp) as out:
                out.write(json.dumps(header, ensure_ascii=False)[:-1] + ", " + _OBJECTS_OPENING + "\n")
                total = 0
                first = True
                for model in backup_models():
                    label = model._meta.label_lower
                    counts[label] = 0
                    for data in _serialized(model, using, keys):
                        line = json.dumps(keys.apply(model, data), cls=_Encoder, ensure_ascii=False)
                        out.write(("" if first else ",\n") + line)
                        first = False
                        counts[label] += 1
                        total += 1
                        if progress and total % PROGRESS_EVERY == 0:
                            progress(f"{total} rows written…")
                    if progress and counts[label]:
                        progress(f"{label}: {counts[label]}")
                out.write(("" if first else "\n") + "],\n")
                out.write('"counts": ' + json.dumps(counts) + "}\n")
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return counts


# --- reading ----------------------------------------------------------------------------------


@dataclass
class _Reader:
    """Streams a backup file: ``header``, then ``objects()``, then ``counts`` once they are read."""

    handle: io.TextIOBase
    header: dict = field(default_factory=dict)
    counts: dict | None = None
    _whole: dict | None = None

    def __post_init__(self):
        first = self.handle.readline()
        stripped = first.rstrip()
        if stripped.endswith(_OBJECTS_OPENING):
            head = stripped[: -len(_OBJECTS_OPENING)].rstrip().rstrip(",")
            try:
                self.header = json.loads(head + "}")
            except json.JSONDecodeError as exc:
                raise BackupError(f"Not a minutes-archive backup (unreadable header: {exc}).") from exc
        else:
            # Not our line layout (pretty-printed or edited by hand): read it whole.
            try:
                self._whole = json.loads(first + self.handle.read())
            except json.JSONDecodeError as exc:
                raise BackupError(f"Not a minutes-archive backup (invalid JSON: {exc}).") from exc
            if not isinstance(self._whole, dict):
                raise BackupError("Not a minutes-archive backup (the top level is not an object).")
            self.header = {k: v for k, v in self._whole.items() if k not in {"objects", "counts"}}
        if self.header.get("format") != FORMAT_NAME:
            raise BackupError(f"Not a minutes-archive backup (format is {self.header.get('format')!r}).")
        if self.header.get("version") != FORMAT_VERSION:
            raise BackupError(
                f"Backup format version {self.header.get('version')!r} is not supported; "
                f"this version of the archive reads version {FORMAT_VERSION}."
            )

    def objects(self) -> Iterator[dict]:
        if self._whole is not None:
            yield from self._whole.get("objects", [])
            self.counts = self._whole.get("counts")
            return
        for number, line in enumerate(self.handle, start=2):
            stripped = line.strip()
            if stripped == "],":
                try:
                    self.counts = json.loads("{" + self.handle.read())["counts"]
                except (json.JSONDecodeError, KeyError) as exc:
                    raise BackupError(f"The end of the backup file is damaged: {exc}.") from exc
                return
            if not stripped:
                continue
            try:
                yield json.loads(stripped.rstrip(","))
            except json.JSONDecodeError as exc:
                raise BackupError(f"Line {number} of the backup file is damaged: {exc}.") from exc


def archive_row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows already in the tables a restore would fill (groups excepted: migrations create them)."""
    counts = {}
    for model in backup_models():
        if model is Group:
            continue
        n = model._base_manager.using(using).count()
        if n:
            counts[model._meta.label_lower] = n
    return counts


def clear_archive(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every row a restore would write, children first, plus sessions (they name users)."""
    from django.contrib.sessions.models import Session

    ordered = [model for model in reversed(backup_models()) if model is not Group]
    # History tables last: deleting the records themselves writes "deleted" history rows.
    ordered.sort(key=lambda model: issubclass(model, HistoricalChanges))
    with transaction.atomic(using=using):
        Session.objects.using(using).all().delete()
        for model in ordered:
            model._base_manager.using(using).all().delete()


def _check_migrations(header: dict, using: str) -> None:
    here = applied_migrations(using)
    missing = [
        f"{app}.{name}"
        for app, names in (header.get("migrations") or {}).items()
        for name in names
        if name not in here.get(app, [])
    ]
    if missing:
        raise BackupError(
            "The backup was made from a newer database schema. Run `python manage.py migrate` with the "
            "code that made it first. Migrations missing here: " + ", ".join(missing[:10])
        )


def _insert_raw(model: type[models.Model], objs: list[models.Model], using: str) -> None:
    # A raw insert, as loaddata's save(raw=True) but batched: auto_now / auto_now_add must not
    # overwrite the timestamps being restored, and no post_save handler (history, search) may run.
    fields = model._meta.local_concrete_fields
    size = connections[using].ops.bulk_batch_size(fields, objs) or len(objs)
    manager = model._base_manager.using(using)
    for start in range(0, len(objs), size):
        manager._insert(objs[start : start + size], fields=fields, raw=True, using=using)


def _load(reader: _Reader, using: str, progress: Progress | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    pending: list[models.Model] = []
    pending_model = None

    def flush():
        nonlocal pending
        if pending:
            _insert_raw(pending_model, pending, using)
            pending = []

    for total, data in enumerate(reader.objects(), start=1):
        try:
            (item,) = serializers.deserialize("python", [data], using=using)
        except serializers.base.DeserializationError as exc:
            raise BackupError(f"Cannot load {data.get('model')} {data.get('pk')!r}: {exc}") from exc
        model = type(item.object)
        label = model._meta.label_lower
        counts[label] = counts.get(label, 0) + 1
        if item.m2m_data or item.object.pk is None:
            # Users and groups: few rows, with many-to-many links and natural keys.
            flush()
            item.save(using=using)
        else:
            if model is not pending_model or len(pending) >= BATCH_SIZE:
                flush()
                pending_model = model
            pending.append(item.object)
        if progress and total % PROGRESS_EVERY == 0:
            progress(f"{total} rows loaded…")
    flush()
    return counts


def _table_names() -> list[str]:
    tables = []
    for model in backup_models():
        tables.append(model._meta.db_table)
        tables.extend(f.remote_field.through._meta.db_table for f in model._meta.local_many_to_many)
    return tables


def reset_sequences(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move id sequences past the restored ids so new rows do not collide (no-op on SQLite)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), backup_models())
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def rebuild_search_index(*, progress: Progress | None = None) -> str:
    """Rebuild the search index after a restore, if the search app provides a way to."""
    from django.core.management import call_command, get_commands

    if progress:
        progress("Rebuilding the search index…")
    if "rebuild_search_index" in get_commands():
        out = io.StringIO()
        call_command("rebuild_search_index", stdout=out, stderr=out)
        last = (out.getvalue().strip().splitlines() or [""])[-1]
        return f"rebuilt (manage.py rebuild_search_index) {last}".strip()
    try:
        from search import indexing
    except ImportError:
        indexing = None
    rebuild = getattr(indexing, "rebuild_index", None) or getattr(indexing, "rebuild", None)
    if callable(rebuild):
        rebuild()
        return "rebuilt (search.indexing)"
    return (
        "not rebuilt: this version has no search index rebuild "
        "(run `python manage.py rebuild_search_index` once it exists)"
    )


def restore_backup(
    path: str | os.PathLike,
    *,
    using: str = DEFAULT_DB_ALIAS,
    force: bool = False,
    rebuild_search: bool = True,
    progress: Progress | None = None,
) -> RestoreResult:
    """Load a backup into an empty archive, in one transaction, then rebuild the search index.

    Refuses (``BackupError``) when the archive already holds records or users, unless ``force``,
    which deletes them in the same transaction first; a failed restore leaves the database as it
    was. Row counts are checked against the file's own counts before committing.
    """
    path = Path(path)
    if not path.exists():
        raise BackupError(f"No such backup file: {path}")
    connection = connections[using]
    with _open_for_reading(path) as handle:
        reader = _Reader(handle)
        _check_migrations(reader.header, using)
        # The kept counts are recomputed whole below; the deletions of --force need no recompute each.
        with transaction.atomic(using=using), reach.deferred():
            existing = archive_row_counts(using)
            if existing and not force:
                listed = ", ".join(f"{n} {label}" for label, n in existing.items())
                raise BackupError(
                    f"The target database is not empty ({listed}). Restore only into a freshly migrated "
                    "database, or pass --force to delete those rows and replace them with the backup."
                )
            if existing:
                if progress:
                    progress("--force: deleting the existing archive first")
                clear_archive(using=using)
            counts = _load(reader, using, progress)
            if reader.counts is None:
                raise BackupError("The backup file is truncated (its closing counts are missing).")
            if counts != {label: n for label, n in reader.counts.items() if n}:
                raise BackupError(f"Rows read do not match the file's counts: {counts} vs {reader.counts}.")
            for model in backup_models():
                if model is Group:
                    continue
                label = model._meta.label_lower
                in_db = model._base_manager.using(using).count()
                if in_db != counts.get(label, 0):
                    raise BackupError(
                        f"{label}: {in_db} rows in the database after loading {counts.get(label, 0)}."
                    )
            reset_sequences(using)
            # Foreign keys are deferred to commit; check now so a broken file fails with the
            # transaction still open (and also inside a test's never-committed transaction).
            connection.check_constraints(table_names=_table_names())
            revision.bump()
            reach.recompute_all(using=using)
            reach.discard_pending()
    result = RestoreResult(counts=counts)
    if rebuild_search:
        try:
            result.search_index = rebuild_search_index(progress=progress)
        except (ImproperlyConfigured, ImportError) as exc:
            result.search_index = f"not rebuilt: {exc}"
    return result
