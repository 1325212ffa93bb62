"""The archive's revision: a number that changes with every write to its records.

Whole-archive aggregates (the statistics page) are cached per worker under the revision they were
counted at (``cached``). Readers pay one primary-key lookup; writers set a new number in their own
transaction, so it and the data become visible together. Records saved or deleted one at a
time (admin, workflow) bump through signals; bulk writes (the importer) call ``bump()`` once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

# The models whose rows pages aggregate (people and units for their names).
WATCHED = (
    "minutes.Meeting",
    "minutes.Attendance",
    "minutes.Speech",
    "minutes.Directive",
    "minutes.Appointment",
    "minutes.Decision",
    "minutes.Task",
    "minutes.FollowUpLink",
    "people.Person",
    "people.Post",
    "orgunits.OrgUnit",
)
CACHE_SECONDS = 3600


# The revision a value is being computed for: what that computation keeps in turn (a page kept as
# markup counts with kept counts and charts) is kept at the same revision, without reading it again.
_computing_at: ContextVar[int | None] = ContextVar("revision_computing_at", default=None)


def current() -> int:
    pinned = _computing_at.get()
    if pinned is not None:
        return pinned
    from minutes.models import ArchiveRevision

    return ArchiveRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def bump() -> None:
    """A new revision. A random number rather than the next one: a transaction that bumped and
    rolled back leaves no number that a later, different archive could reach again."""
    from minutes.models import ArchiveRevision

    number = secrets.randbits(62)
    if not ArchiveRevision.objects.filter(pk=1).update(number=number):
        ArchiveRevision.objects.get_or_create(pk=1, defaults={"number": number})


def cached(key: str, compute: Callable[[], T], *, at: int | None = None) -> T:
    """``compute()``, or what it returned before at the current revision (or at revision ``at``,
    read by the caller with ``current()``, when one request keeps several values)."""
    number = current() if at is None else at
    # hashed: a key carries a query string, and a cache key must stay short whatever a visitor sends
    full_key = f"archive:{number}:{hashlib.sha256(key.encode()).hexdigest()}"
    value = cache.get(full_key)
    if value is None:
        token = _computing_at.set(number)
        try:
            value = compute()
        finally:
            _computing_at.reset(token)
        cache.set(full_key, value, CACHE_SECONDS)
    return value


_deferred: ContextVar[bool] = ContextVar("revision_deferred", default=False)


@contextmanager
def deferred():
    """Saves and deletes inside do not renew the revision: a bulk writer calls ``bump()`` once
    when it wrote anything (inside its transaction)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def changed() -> None:
    """A new revision unless inside ``deferred()``: for writers that change what pages find
    without saving a watched record (the search index's upkeep)."""
    if not _deferred.get():
        bump()


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loaddata (a restore bumps once itself)
    changed()


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"revision-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"revision-delete-{label}")
