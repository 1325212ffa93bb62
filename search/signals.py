"""Keep the index current when records are saved or deleted one by one (the admin, the shell).

Each handler rewrites only the rows of the record that changed, directly, so the index changes in
the same transaction as the record. Bulk writes (``bulk_create``, ``QuerySet.update``) send no
signals: their callers call ``search.indexing.reindex_meeting``/``reindex_meetings`` (the importer
indexes its new meetings with ``built_meeting_entries`` and ``insert_entries``).
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from minutes.models import Appointment, Attendance, Decision, Directive, Meeting, Speech, Task
from orgunits.models import OrgUnit, OrgUnitAlias
from people.models import Person

from . import indexing
from .models import SearchEntry

Kind = SearchEntry.Kind


def _cascading_from(origin, model) -> bool:
    """True while deleting ``model`` rows as part of deleting a meeting/person/unit: the FK
    cascade (or the origin's own handler) removes their index rows, nothing to rebuild."""
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


@receiver(post_save, sender=Meeting, dispatch_uid="search_meeting_saved")
def meeting_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.reindex_meeting_header(instance)


@receiver(post_delete, sender=Meeting, dispatch_uid="search_meeting_deleted")
def meeting_deleted(sender, instance, **kwargs):
    indexing.remove_meeting(instance.pk)


def child_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        indexing.reindex_child(instance)


def child_deleted(sender, instance, origin=None, **kwargs):
    if not _cascading_from(origin, Meeting):
        indexing.replace_object(indexing.KIND_OF_MODEL[sender], instance.pk, [])


for _model in (Speech, Directive, Appointment, Decision, Task):
    post_save.connect(child_saved, sender=_model, dispatch_uid=f"search_{_model.__name__}_saved")
    post_delete.connect(child_deleted, sender=_model, dispatch_uid=f"search_{_model.__name__}_deleted")


@receiver(post_save, sender=Attendance, dispatch_uid="search_attendance_saved")
@receiver(post_delete, sender=Attendance, dispatch_uid="search_attendance_deleted")
def attendance_changed(sender, instance, raw=False, origin=None, **kwargs):
    # Attendees are part of the meeting's own body row.
    if raw or _cascading_from(origin, Meeting):
        return
    meeting = Meeting.objects.select_related("chair", "organizer").filter(pk=instance.meeting_id).first()
    if meeting is not None:
        indexing.replace_object(Kind.MEETING, meeting.pk, indexing.meeting_entries(meeting))


def _reindex_named(kind, instance, created, reindex_own, meetings_naming) -> None:
    """Reindex a person or unit; on a rename also the meetings whose rows copy the name
    (labels, meeting bodies). Renames are rare, so those meetings are rebuilt in one batch."""
    renamed = not created and (
        SearchEntry.objects.filter(kind=kind, object_id=instance.pk, part=0)
        .exclude(text=instance.name)
        .exists()
    )
    reindex_own(instance)
    if renamed:
        indexing.reindex_meetings(meetings_naming(instance.pk))


@receiver(post_save, sender=Person, dispatch_uid="search_person_saved")
def person_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw:
        _reindex_named(
            Kind.PERSON, instance, created, indexing.reindex_person, indexing.meetings_naming_person
        )


@receiver(post_delete, sender=Person, dispatch_uid="search_person_deleted")
def person_deleted(sender, instance, **kwargs):
    indexing.replace_object(Kind.PERSON, instance.pk, [])


@receiver(post_save, sender=OrgUnit, dispatch_uid="search_unit_saved")
def unit_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw:
        _reindex_named(Kind.UNIT, instance, created, indexing.reindex_unit, indexing.meetings_naming_unit)


@receiver(post_delete, sender=OrgUnit, dispatch_uid="search_unit_deleted")
def unit_deleted(sender, instance, **kwargs):
    indexing.replace_object(Kind.UNIT, instance.pk, [])


@receiver(post_save, sender=OrgUnitAlias, dispatch_uid="search_alias_saved")
@receiver(post_delete, sender=OrgUnitAlias, dispatch_uid="search_alias_deleted")
def alias_changed(sender, instance, raw=False, origin=None, **kwargs):
    if raw or _cascading_from(origin, OrgUnit):
        return
    unit = OrgUnit.objects.filter(pk=instance.unit_id).first()
    if unit is not None:
        indexing.reindex_unit(unit)
