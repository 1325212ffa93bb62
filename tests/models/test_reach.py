"""The kept counts (minutes.reach) agree with the one definition after every kind of write, and
visible_to built on them agrees with the definition it replaced (one EXISTS per tie)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.test.utils import CaptureQueriesContext

from minutes import backup, reach, workflow
from minutes.importing import import_parsed_file
from minutes.models import PERSON_TIES, UNIT_TIES, Attendance, Meeting, Speech
from orgunits.models import OrgUnit
from people.models import Person
from tests import factories as f
from tests.importing.builders import cadre_report, parsed_file


def exists_visible(model, user):
    """The definition visible_to had before the kept counts: one EXISTS per tie over the
    meetings the user may see. Kept here only to hold the new one to it."""
    meetings = Meeting.objects.visible_to(user)
    condition = Q()
    for tie in PERSON_TIES if model is Person else UNIT_TIES:
        if tie.model == "minutes.Meeting":
            condition |= Exists(meetings.filter(**{tie.field: OuterRef("pk")}))
        else:
            ids = meetings.values("pk")
            condition |= Exists(tie.rows.filter(**{tie.field: OuterRef("pk"), f"{tie.meeting}__in": ids}))
    return set(model.objects.filter(condition).values_list("pk", flat=True))


def assert_agrees(signed_in):
    for model, involving in (
        (Person, Meeting.objects.involving_person),
        (OrgUnit, Meeting.objects.involving_unit),
    ):
        for row in model.objects.all():
            expected = (
                Meeting.objects.visible_to(AnonymousUser())
                .filter(pk__in=involving(row).values("pk"))
                .count(),
                Meeting.objects.visible_to(signed_in).filter(pk__in=involving(row).values("pk")).count(),
            )
            assert (row.meetings_public, row.meetings_signed_in) == expected, (model.__name__, row.name)
        for user in (AnonymousUser(), signed_in):
            assert set(model.objects.visible_to(user).values_list("pk", flat=True)) == exists_visible(
                model, user
            )


@pytest.fixture
def archive(db):
    """Two people and two units in a public, an internal and a draft meeting through several ties."""
    chair, speaker = f.PersonFactory(name="甲"), f.PersonFactory(name="乙")
    unit, other = f.OrgUnitFactory(name="甲處"), f.OrgUnitFactory(name="乙處")
    public = f.MeetingFactory(chair=chair, organizer=unit)
    internal = f.MeetingFactory(visibility=Meeting.Visibility.INTERNAL, organizer=other)
    draft = f.MeetingFactory(status=Meeting.Status.DRAFT, chair=speaker)
    f.SpeechFactory(meeting=public, person=speaker, unit=other)
    f.SpeechFactory(meeting=public, person=speaker)  # the same meeting twice: counted once
    f.AttendanceFactory(meeting=internal, person=chair, unit=unit)
    f.PostFactory(person=speaker, unit=unit, source_meeting=draft)
    return {
        "chair": chair,
        "speaker": speaker,
        "unit": unit,
        "other": other,
        "public": public,
        "internal": internal,
        "draft": draft,
        "user": f.UserFactory(),
        "editor": f.StaffFactory(groups=["editors"]),
    }


def test_counts_after_creating_ties(archive):
    assert_agrees(archive["user"])
    chair = Person.objects.get(pk=archive["chair"].pk)
    assert (chair.meetings_public, chair.meetings_signed_in) == (1, 2)
    speaker = Person.objects.get(pk=archive["speaker"].pk)
    assert (speaker.meetings_public, speaker.meetings_signed_in) == (1, 1)


@pytest.mark.parametrize("tie", [t for t in PERSON_TIES + UNIT_TIES if t.model != "minutes.Meeting"])
def test_every_tie_counts(archive, tie):
    newcomer = f.PersonFactory(name="丙") if tie in PERSON_TIES else f.OrgUnitFactory(name="丙處")
    meeting = f.MeetingFactory()
    builders = {
        "minutes.Attendance": lambda **kw: f.AttendanceFactory(meeting=meeting, **kw),
        "minutes.Speech": lambda **kw: f.SpeechFactory(meeting=meeting, **kw),
        "minutes.Directive": lambda **kw: f.DirectiveFactory(meeting=meeting, **kw),
        "minutes.Appointment": lambda **kw: f.AppointmentFactory(meeting=meeting, **kw),
        "minutes.Decision": lambda **kw: f.DecisionFactory(meeting=meeting, **kw),
        "minutes.Task": lambda **kw: f.TaskFactory(meeting=meeting, **kw),
        "people.Post": lambda **kw: f.PostFactory(
            source_meeting=meeting, **{"person": archive["chair"], **kw}
        ),
    }
    row = builders[tie.model](**{tie.field: newcomer})
    assert type(newcomer).objects.visible_to(None).filter(pk=newcomer.pk).exists()
    assert_agrees(archive["user"])
    row.delete()
    assert not type(newcomer).objects.visible_to(archive["user"]).filter(pk=newcomer.pk).exists()
    assert_agrees(archive["user"])


def test_deleting_and_moving_a_tie(archive):
    speech = Speech.objects.filter(person=archive["speaker"]).first()
    speech.delete()
    assert_agrees(archive["user"])
    attendance = Attendance.objects.get(person=archive["chair"])
    attendance.person = archive["speaker"]
    attendance.save()
    assert_agrees(archive["user"])
    public = Meeting.objects.get(pk=archive["public"].pk)
    public.chair = archive["speaker"]
    public.organizer = None
    public.save()
    assert_agrees(archive["user"])


def test_publish_withdraw_make_internal_and_delete(archive):
    editor = archive["editor"]
    workflow.publish_meetings(meetings=[archive["draft"]], user=editor)
    assert_agrees(archive["user"])
    assert Person.objects.visible_to(None).filter(pk=archive["speaker"].pk).exists()
    workflow.withdraw_meetings(
        meetings=[Meeting.objects.get(pk=archive["public"].pk)], user=editor, reason="錯誤"
    )
    assert_agrees(archive["user"])
    internal = Meeting.objects.get(pk=archive["draft"].pk)
    internal.visibility = Meeting.Visibility.INTERNAL
    internal.save()
    assert_agrees(archive["user"])
    assert not Person.objects.visible_to(None).filter(pk=archive["speaker"].pk).exists()
    Meeting.objects.get(pk=archive["internal"].pk).delete()
    Meeting.objects.filter(pk=archive["draft"].pk).delete()  # a queryset delete: a post is set NULL
    assert_agrees(archive["user"])
    assert not OrgUnit.objects.visible_to(archive["user"]).exists()


def test_importing_a_report(archive):
    result = import_parsed_file(parsed_file(cadre_report()), status=Meeting.Status.PUBLISHED)
    assert result.ok and result.created
    assert_agrees(archive["user"])
    imported = Meeting.objects.get(pk=result.created[0])
    assert Person.objects.visible_to(None).filter(pk__in=imported.speeches.values("person")).exists()


def recomputes(queries) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].startswith("WITH pairs"))


@pytest.mark.parametrize("rows", [1, 12])
def test_deferred_writes_recompute_once(archive, rows):
    """What the importer wraps a file in: one recompute for the block, whatever it wrote."""
    with CaptureQueriesContext(connection) as queries, reach.deferred():
        for _ in range(rows):
            f.SpeechFactory(meeting=archive["public"], person=archive["chair"], unit=archive["other"])
        assert recomputes(queries) == 0
    assert recomputes(queries) == 2  # people, units
    assert_agrees(archive["user"])


def test_restore_recomputes_everything(archive, tmp_path):
    path = tmp_path / "archive.json"
    backup.write_backup(path)
    # Counts gone stale (a raw write): the restore does not trust them, it counts.
    Person.objects.update(meetings_public=7, meetings_signed_in=7)
    backup.restore_backup(path, force=True, rebuild_search=False)
    assert_agrees(archive["user"])


def test_rebuild_command(archive):
    Person.objects.update(meetings_public=0, meetings_signed_in=9)
    OrgUnit.objects.update(meetings_public=3)
    call_command("rebuild_reach", verbosity=0)
    assert_agrees(archive["user"])


def test_a_stale_instance_does_not_write_its_counts_back(archive):
    chair = Person.objects.get(pk=archive["chair"].pk)
    f.SpeechFactory(meeting=f.MeetingFactory(), person=chair)
    chair.notes = "備註"
    chair.save()
    assert_agrees(archive["user"])


# ---------------------------------------------------------------- on commit, once per transaction


@pytest.fixture
def on_commit():
    with reach.at_once(False):
        yield


@pytest.mark.parametrize("rows", [1, 20])
def test_one_recompute_per_transaction_on_commit(
    archive, on_commit, django_capture_on_commit_callbacks, rows
):
    newcomer = f.PersonFactory(name="丁")
    with django_capture_on_commit_callbacks() as callbacks:
        meeting = f.MeetingFactory(organizer=archive["other"])
        for order in range(rows):
            f.SpeechFactory(meeting=meeting, person=newcomer, order=order + 1)
        Meeting.objects.get(pk=archive["internal"].pk).delete()
        assert not Person.objects.visible_to(None).filter(pk=newcomer.pk).exists()  # not before commit
    assert len(callbacks) == 1
    with CaptureQueriesContext(connection) as queries:
        callbacks[0]()
    # Resolving the deleted meeting's people happened before the delete; the recompute itself is
    # the counts, the kept values and a write per table, and a new archive revision, in one
    # transaction (a savepoint here), whatever the number of rows.
    assert len(queries) <= 9, [q["sql"][:80] for q in queries.captured_queries]
    assert_agrees(archive["user"])
