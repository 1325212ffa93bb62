"""Kept counts of the meetings a person or unit is in, per reader: who exists for whom.

``Person.meetings_public`` / ``OrgUnit.meetings_public`` count the published public meetings
involving them (PERSON_TIES / UNIT_TIES, the one definition), ``meetings_signed_in`` the
published ones of either visibility. ``Person/OrgUnit.objects.visible_to`` read them through their
indexes: the OR of one EXISTS per tie they replace cost 643 ms per people-list count at 20,000
meetings, evaluated on every request.

They are kept current on write. Signals (``connect``) on Meeting and on every tie model collect
the people, units and meetings a save or delete touches; the ids wait in a per-thread pending set
and are recomputed once per transaction, on commit (``transaction.on_commit``; outside a
transaction that is at once). Bulk writers that send no signals say what they wrote
(``meetings_changed``) inside ``deferred()``, which holds the recompute until the block ends: the
importer wraps a file in it. A restore and the benchmark's loader call ``recompute_all``;
``manage.py rebuild_reach`` does too.

Each recompute reads the counts with one grouped query per table (a UNION of one SELECT per tie),
reads the kept values of the same rows, and writes only the rows whose counts changed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save

# Writes of at most this many rows per UPDATE (CASE WHEN per row).
BATCH = 500
# The kept columns of Person and OrgUnit.
KEPT_COUNTS = ["meetings_public", "meetings_signed_in"]


def visible_count(row, user) -> int:
    """How many meetings ``user`` may see that involve ``row`` (a Person or OrgUnit): its kept
    count for that reader, the same number ``visible_to`` decides by."""
    if user is not None and user.is_authenticated:
        return row.meetings_signed_in
    return row.meetings_public


def without_kept_counts(instance, kwargs: dict) -> dict:
    """``save()`` arguments that leave the kept counts alone: an instance read before a
    recompute would otherwise write its stale counts back (an admin form, a script)."""
    if instance._state.adding or kwargs.get("update_fields") is not None or kwargs.get("force_insert"):
        return kwargs
    fields = [
        f.name for f in instance._meta.concrete_fields if not f.primary_key and f.name not in KEPT_COUNTS
    ]
    return {**kwargs, "update_fields": fields}


def _models():
    from minutes.models import PERSON_TIES, UNIT_TIES
    from orgunits.models import OrgUnit
    from people.models import Person

    return ((Person, PERSON_TIES), (OrgUnit, UNIT_TIES))


def _pairs(ties, ids, using):
    """One SELECT per tie of (who, meeting, public) for published meetings, ``who`` among ``ids``
    (all when None), as one UNION: a meeting reached through two ties counts once."""
    from minutes.models import Meeting

    selects = []
    for tie in ties:
        prefix = "" if tie.meeting == "pk" else f"{tie.meeting}__"
        rows = tie.rows.using(using).filter(
            **{f"{prefix}status": Meeting.Status.PUBLISHED, f"{tie.field}__isnull": False}
        )
        if ids is not None:
            rows = rows.filter(**{f"{tie.field}__in": ids})
        selects.append(rows.order_by().values_list(tie.field, tie.meeting, f"{prefix}visibility"))
    return selects[0].union(*selects[1:])


def involved_ids(ties, meeting_ids, using=DEFAULT_DB_ALIAS) -> set[int]:
    """The people (PERSON_TIES) or units (UNIT_TIES) with any tie to these meetings, whatever
    their state: one UNION of index lookups (an EXISTS per tie would test every person)."""
    meeting_ids = sorted(meeting_ids)
    selects = [
        tie.rows.using(using)
        .filter(**{f"{tie.meeting}__in": meeting_ids, f"{tie.field}__isnull": False})
        .order_by()
        .values_list(tie.field)
        for tie in ties
    ]
    return {row[0] for row in selects[0].union(*selects[1:])} if meeting_ids else set()


def counts(model, ties, ids=None, using=DEFAULT_DB_ALIAS) -> dict[int, tuple[int, int]]:
    """{pk: (meetings_public, meetings_signed_in)} of the rows of ``model`` among ``ids`` that are
    in any published meeting, freshly counted (one query)."""
    from minutes.models import Meeting

    sql, params = _pairs(ties, ids, using).query.sql_with_params()
    # The UNION's columns are read by position through the CTE's column list (SQLite has no
    # column list on a derived table; PostgreSQL inlines a CTE used once).
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"WITH pairs(who, meeting, vis) AS ({sql}) "
            "SELECT who, SUM(CASE WHEN vis = %s THEN 1 ELSE 0 END), COUNT(*) FROM pairs GROUP BY who",
            (*params, Meeting.Visibility.PUBLIC),
        )
        return {row[0]: (int(row[1]), int(row[2])) for row in cursor.fetchall()}


def _recompute(model, ties, ids, using) -> int:
    """Write the fresh counts of ``ids`` (every row when None); returns the rows changed."""
    if ids is not None:
        ids = sorted({pk for pk in ids if pk is not None})
        if not ids:
            return 0
    fresh = counts(model, ties, ids, using)
    kept = model._base_manager.using(using)
    if ids is None:
        kept = kept.filter(pk__in=list(fresh)) | kept.exclude(meetings_signed_in=0)
    else:
        kept = kept.filter(pk__in=ids)
    changed = []
    for pk, public, signed_in in kept.values_list("pk", "meetings_public", "meetings_signed_in").iterator():
        want = fresh.get(pk, (0, 0))
        if (public, signed_in) != want:
            changed.append(model(pk=pk, meetings_public=want[0], meetings_signed_in=want[1]))
    if changed:
        model._base_manager.using(using).bulk_update(
            changed, ["meetings_public", "meetings_signed_in"], batch_size=BATCH
        )
    return len(changed)


def recompute_people(ids: Iterable[int], using=DEFAULT_DB_ALIAS) -> int:
    (person, ties), _ = _models()
    return _recompute(person, ties, list(ids), using)


def recompute_units(ids: Iterable[int], using=DEFAULT_DB_ALIAS) -> int:
    _, (unit, ties) = _models()
    return _recompute(unit, ties, list(ids), using)


def recompute_all(using=DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """Every person's and unit's counts; (people changed, units changed)."""
    (person, person_ties), (unit, unit_ties) = _models()
    return _recompute(person, person_ties, None, using), _recompute(unit, unit_ties, None, using)


# ---------------------------------------------------------------- kept current on write


class _Pending(threading.local):
    def __init__(self):
        self.people: set[int] = set()
        self.units: set[int] = set()
        self.meetings: set[int] = set()
        self.deferred = 0

    def empty(self) -> bool:
        return not (self.people or self.units or self.meetings)


_pending = _Pending()


def meetings_changed(ids: Iterable[int]) -> None:
    """The people and units of these meetings need their counts again (a bulk writer's call:
    bulk_create and QuerySet.update send no signals)."""
    _pending.meetings.update(ids)
    _schedule()


def _touch(people=(), units=(), meetings=()) -> None:
    _pending.people.update(pk for pk in people if pk is not None)
    _pending.units.update(pk for pk in units if pk is not None)
    _pending.meetings.update(pk for pk in meetings if pk is not None)
    _schedule()


def _schedule() -> None:
    if _pending.deferred or _pending.empty():
        return
    if _at_once:
        flush()
        return
    connection = transaction.get_connection()
    # Asked of the connection rather than remembered: a rolled-back block drops its callbacks.
    if any(callback is flush for _, callback, _ in connection.run_on_commit):
        return
    # robust: a failing recompute must not fail the write that committed already.
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    """Recompute what is pending now (the on-commit callback)."""
    from minutes import revision
    from minutes.models import PERSON_TIES, UNIT_TIES

    people, units, meetings = _pending.people, _pending.units, _pending.meetings
    _pending.people, _pending.units, _pending.meetings = set(), set(), set()
    with transaction.atomic():
        if meetings:
            people |= involved_ids(PERSON_TIES, meetings)
            units |= involved_ids(UNIT_TIES, meetings)
        changed = recompute_people(people) if people else 0
        changed += recompute_units(units) if units else 0
        if changed:
            # Totals cached under the revision of the write may have been counted before this.
            revision.bump()


@contextmanager
def deferred():
    """Writes inside trigger one recompute, when the block ends (on commit of the transaction
    around it): the importer wraps a file in it."""
    _pending.deferred += 1
    try:
        yield
    finally:
        _pending.deferred -= 1
        _schedule()


_at_once = False


@contextmanager
def at_once(enabled: bool = True):
    """Recompute at each write (or at the end of ``deferred()``) instead of on commit: for the
    test suite, whose transactions never commit."""
    global _at_once
    previous, _at_once = _at_once, enabled
    try:
        yield
    finally:
        _at_once = previous


def discard_pending() -> None:
    """Forget what is pending (a test starting afresh; a rolled-back transaction's ids are
    harmless otherwise: recomputing them writes nothing)."""
    _pending.people, _pending.units, _pending.meetings = set(), set(), set()


# Per model with ties: the columns naming people, those naming units, and whether it is Meeting.
_TIE_FIELDS: dict[type, tuple[list[str], list[str], bool]] = {}


def _before_save(sender, instance, raw=False, **kwargs):
    # The ids it is moving away from (a tie given to another person, a meeting's new chair) and,
    # for a meeting, whether it is published and to whom: read once, only for rows that exist.
    if raw or instance._state.adding or instance.pk is None:
        return
    people, units, is_meeting = _TIE_FIELDS[sender]
    columns = [*people, *units, *(["status", "visibility"] if is_meeting else [])]
    instance._reach_before = sender._base_manager.filter(pk=instance.pk).values(*columns).first()


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    people, units, is_meeting = _TIE_FIELDS[sender]
    old = instance.__dict__.pop("_reach_before", None) or {}
    meetings = ()
    if is_meeting and old and (old["status"], old["visibility"]) != (instance.status, instance.visibility):
        meetings = (instance.pk,)  # published, withdrawn or made internal: everyone in it
    _touch(
        people=[getattr(instance, a) for a in people] + [old.get(a) for a in people],
        units=[getattr(instance, a) for a in units] + [old.get(a) for a in units],
        meetings=meetings,
    )


def _before_meeting_delete(sender, instance, **kwargs):
    # Its ties go with it (a post's source_meeting is set to NULL without signals): name its
    # people and units while they can still be found.
    from minutes.models import PERSON_TIES, UNIT_TIES

    instance._reach_involved = (
        list(involved_ids(PERSON_TIES, [instance.pk])),
        list(involved_ids(UNIT_TIES, [instance.pk])),
    )


def _after_delete(sender, instance, **kwargs):
    people, units, _ = _TIE_FIELDS[sender]
    involved_people, involved_units = instance.__dict__.pop("_reach_involved", ([], []))
    _touch(
        people=[getattr(instance, a) for a in people] + involved_people,
        units=[getattr(instance, a) for a in units] + involved_units,
    )


def connect() -> None:
    """Connect the signals of Meeting and every model named by PERSON_TIES / UNIT_TIES."""
    from django.apps import apps

    from minutes.models import PERSON_TIES, UNIT_TIES

    by_model: dict[type, tuple[list[str], list[str], bool]] = {}
    for ties, index in ((PERSON_TIES, 0), (UNIT_TIES, 1)):
        for tie in ties:
            model = apps.get_model(tie.model)
            entry = by_model.setdefault(model, ([], [], tie.meeting == "pk"))
            attname = model._meta.get_field(tie.field).attname
            if attname not in entry[index]:
                entry[index].append(attname)
    _TIE_FIELDS.update(by_model)
    for model in by_model:
        label = model._meta.label
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"reach-before-{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"reach-save-{label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"reach-delete-{label}")
    meeting = apps.get_model("minutes.Meeting")
    pre_delete.connect(_before_meeting_delete, sender=meeting, dispatch_uid="reach-meeting-delete")
    post_migrate.connect(_after_migrate, dispatch_uid="reach-post-migrate")


# The migrations that add the kept columns: when a migrate applies one, the columns are filled.
COLUMN_MIGRATIONS = {("people", "0003_person_reach"), ("orgunits", "0002_orgunit_reach")}


def _after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, plan=None, **kwargs):
    if app_config is None or app_config.label != "minutes" or not plan:
        return
    applied = {(m.app_label, m.name) for m, backwards in plan if not backwards}
    if applied & COLUMN_MIGRATIONS:
        recompute_all(using=using)
