"""One definition of "the meetings involving a person / a unit" (Meeting.objects.involving_person,
involving_unit), and every page, filter, calendar and search that lists them agrees with it."""

import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from minutes.models import PERSON_TIES, UNIT_TIES, Attendance, Meeting
from orgunits.models import OrgUnit
from people.models import Person
from search.query import search
from tests import factories as f

WORD = "牽涉檢驗"


def meeting(label: str, **kwargs) -> Meeting:
    return f.MeetingFactory(name=f"{WORD}會議{label}", **kwargs)


@pytest.fixture
def ties(db):
    """A person and a unit, each tied to its own meeting by every relation the models have, plus
    meetings that must not count: someone else's, and a draft naming both."""
    person = f.PersonFactory(name="牽涉人")
    unit = f.OrgUnitFactory(name="牽涉處")
    other_person = f.PersonFactory(name="旁人")
    other_unit = f.OrgUnitFactory(name="旁處")
    by_person, by_unit = {}, {}

    by_person["chair"] = meeting("主持", chair=person)
    by_person["attendance"] = f.AttendanceFactory(meeting=meeting("出席"), person=person).meeting
    by_person["speech"] = f.SpeechFactory(meeting=meeting("發言"), person=person).meeting
    by_person["directive"] = f.DirectiveFactory(meeting=meeting("要求"), issuer=person).meeting
    by_person["appointment"] = f.AppointmentFactory(
        meeting=meeting("任命"), person=person, unit=other_unit
    ).meeting
    by_person["announced"] = f.AppointmentFactory(
        meeting=meeting("宣佈"), person=other_person, announced_by=person, unit=other_unit
    ).meeting
    by_person["decision"] = f.DecisionFactory(meeting=meeting("宣讀"), read_by=person).meeting
    by_person["post"] = f.PostFactory(
        person=person, unit=other_unit, source_meeting=meeting("任職")
    ).source_meeting

    by_unit["organizer"] = meeting("主辦", organizer=unit)
    by_unit["attendance"] = f.AttendanceFactory(
        meeting=meeting("單位出席"), person=None, group_label="各科室負責人", unit=unit
    ).meeting
    by_unit["speech"] = f.SpeechFactory(
        meeting=meeting("單位發言"), person=None, speaker_label="", unit=unit
    ).meeting
    by_unit["appointment"] = f.AppointmentFactory(
        meeting=meeting("單位任命"), person=other_person, unit=unit
    ).meeting
    by_unit["task"] = f.TaskFactory(meeting=meeting("任務"), owner_unit=unit).meeting
    by_unit["post"] = f.PostFactory(
        person=other_person, unit=unit, source_meeting=meeting("單位任職")
    ).source_meeting

    # Neither of them: someone else's meeting, and a draft naming both (drafts show nowhere).
    f.AttendanceFactory(meeting=meeting("無關", organizer=other_unit), person=other_person)
    draft = meeting("草稿", status=Meeting.Status.DRAFT, chair=person, organizer=unit)

    try:
        from search.indexing import rebuild_index
    except ImportError:
        pass
    else:
        rebuild_index()
    return {"person": person, "unit": unit, "by_person": by_person, "by_unit": by_unit, "draft": draft}


def ids(meetings) -> set[int]:
    return {m.pk for m in meetings}


def ics_ids(response) -> set[int]:
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return {int(pk) for pk in re.findall(r"UID:meeting-(\d+)@", text.replace("\r\n ", ""))}


def tied_fields(target) -> set[tuple[str, str, str]]:
    """(model, field, meeting field) of every foreign key to ``target`` on a model that also has one
    to Meeting: each such record says who or what took part in a meeting."""
    found = set()
    for model in apps.get_models():
        if model._meta.label.startswith("minutes.Historical") or "Historical" in model.__name__:
            continue
        fks = [fld for fld in model._meta.get_fields() if isinstance(fld, models.ForeignKey)]
        to_meeting = [fld.name for fld in fks if fld.related_model is Meeting]
        if model is Meeting:
            to_meeting = ["pk"]
        for fld in fks:
            if fld.related_model is target and to_meeting:
                found.add((model._meta.label, fld.name, to_meeting[0]))
    return found


def test_the_definition_covers_every_relation_the_models_have():
    assert tied_fields(Person) == {(t.model, t.field, t.meeting) for t in PERSON_TIES}
    assert tied_fields(OrgUnit) == {(t.model, t.field, t.meeting) for t in UNIT_TIES}


def test_each_relation_involves_the_person_or_unit_in_its_meeting(ties):
    person, unit = ties["person"], ties["unit"]
    everything = Meeting.objects.all()
    assert ids(everything.involving_person(person)) == ids(ties["by_person"].values()) | {ties["draft"].pk}
    assert ids(everything.involving_unit(unit)) == ids(ties["by_unit"].values()) | {ties["draft"].pk}
    visible = Meeting.objects.visible_to(None)
    assert ids(visible.involving_person(person)) == ids(ties["by_person"].values())
    assert ids(visible.involving_unit(unit)) == ids(ties["by_unit"].values())
    # Chainable, and usable with a pk or a queryset of people.
    assert ids(visible.involving_person(person.pk).filter(chair=person)) == {ties["by_person"]["chair"].pk}
    assert ids(visible.involving_person(Person.objects.filter(pk=person.pk))) == ids(
        ties["by_person"].values()
    )


@pytest.mark.parametrize("role", [None, "chaired", "spoke", "attended", "directive", "appointed", "post"])
def test_the_whole_set_shape_names_the_same_meetings(ties, role):
    """``whole=True`` (one UNION of ids, for pages that read every meeting) is the same definition."""
    person, unit = ties["person"], ties["unit"]
    f.AttendanceFactory(meeting=meeting("列席主持"), person=person, category=Attendance.Category.CHAIRED)
    for meetings in (Meeting.objects.all(), Meeting.objects.visible_to(None)):
        assert ids(meetings.involving_person(person, role, whole=True)) == ids(
            meetings.involving_person(person, role)
        )
        assert ids(meetings.involving_person(person.pk, role, whole=True).filter(chair=person)) == ids(
            meetings.involving_person(person.pk, role).filter(chair=person)
        )
    assert ids(Meeting.objects.involving_unit(unit, whole=True)) == ids(Meeting.objects.involving_unit(unit))


def test_a_role_narrows_the_person_definition(ties):
    person, by_person = ties["person"], ties["by_person"]
    visible = Meeting.objects.visible_to(None)
    chaired = f.AttendanceFactory(
        meeting=meeting("列席主持"), person=person, category=Attendance.Category.CHAIRED
    ).meeting
    assert ids(visible.involving_person(person, "chaired")) == {by_person["chair"].pk, chaired.pk}
    assert ids(visible.involving_person(person, "spoke")) == {by_person["speech"].pk}
    assert ids(visible.involving_person(person, "directive")) == {by_person["directive"].pk}
    assert ids(visible.involving_person(person, "appointed")) == {by_person["appointment"].pk}


def test_every_view_of_a_persons_meetings_agrees_with_the_definition(client, ties):
    person = ties["person"]
    expected = ids(Meeting.objects.visible_to(None).involving_person(person))
    assert len(expected) == len(ties["by_person"])

    page = client.get(person.get_absolute_url()).context
    assert page["role_counts"]["meetings"] == len(expected)
    assert ids(entry["meeting"] for entry in page["timeline"]) == expected

    listed = client.get(reverse("people:person_list")).context["people"]
    assert person in listed

    filtered = client.get(reverse("minutes:meeting_list"), {"person": person.pk}).context
    assert filtered["page_obj"].paginator.count == len(expected)
    assert ids(filtered["meetings"]) == expected

    assert ics_ids(client.get(reverse("minutes:person_ics", args=[person.pk]))) == expected

    found = search(WORD, person=person, kinds=["meeting"], limit=100)
    assert {hit.entry.meeting_id for hit in found.hits} == expected
    response = client.get(reverse("search:results"), {"q": WORD, "person": person.pk, "kind": "meeting"})
    assert {hit.entry.meeting_id for hit in response.context["results"].hits} == expected


def test_every_view_of_a_units_meetings_agrees_with_the_definition(client, ties):
    unit = ties["unit"]
    expected = ids(Meeting.objects.visible_to(None).involving_unit(unit))
    assert len(expected) == len(ties["by_unit"])

    page = client.get(unit.get_absolute_url()).context
    assert page["page_obj"].paginator.count == len(expected)
    assert ids(page["meetings"]) == expected

    assert unit in [row[0] for row in client.get(reverse("orgunits:unit_list")).context["rows"]]

    filtered = client.get(reverse("minutes:meeting_list"), {"unit": unit.pk}).context
    assert filtered["page_obj"].paginator.count == len(expected)
    assert ids(filtered["meetings"]) == expected

    assert ics_ids(client.get(reverse("minutes:unit_ics", args=[unit.pk]))) == expected

    found = search(WORD, unit=unit, kinds=["meeting"], limit=100)
    assert {hit.entry.meeting_id for hit in found.hits} == expected
    response = client.get(reverse("search:results"), {"q": WORD, "unit": unit.pk, "kind": "meeting"})
    assert {hit.entry.meeting_id for hit in response.context["results"].hits} == expected


def test_the_search_filter_agrees_when_it_reads_the_meetings_ids_first(ties, monkeypatch):
    """search() turns a filter naming few meetings into an id list (filter_meeting_ids) and keeps
    it a subquery condition otherwise; both must give the definition's meetings."""
    from search import meeting_sets

    monkeypatch.setattr(meeting_sets, "MEETING_SET_MAX", 0)
    expected = ids(Meeting.objects.visible_to(None).involving_person(ties["person"]))
    found = search(WORD, person=ties["person"], kinds=["meeting"], limit=100)
    assert {hit.entry.meeting_id for hit in found.hits} == expected
    expected = ids(Meeting.objects.visible_to(None).involving_unit(ties["unit"]))
    found = search(WORD, unit=ties["unit"], kinds=["meeting"], limit=100)
    assert {hit.entry.meeting_id for hit in found.hits} == expected
