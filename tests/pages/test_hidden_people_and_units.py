"""Hidden means hidden: a person or unit named only in meetings the reader may not see (drafts;
internal meetings for anonymous readers) does not exist on any public URL."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from minutes.models import Meeting
from orgunits.models import OrgUnit
from people.models import Person
from tests import factories as f

SECRET_PERSON = "隱秘甲"
INTERNAL_PERSON = "內部乙"
SECRET_UNIT = "隱秘事務處"
INTERNAL_UNIT = "內部事務處"


@pytest.fixture
def world(db):
    public_person = f.PersonFactory(name="公開丙")
    public_unit = f.OrgUnitFactory(name="公開事務處")
    f.MeetingFactory(name="公開會議", chair=public_person, organizer=public_unit)
    secret = f.PersonFactory(name=SECRET_PERSON)
    secret_unit = f.OrgUnitFactory(name=SECRET_UNIT)
    f.OrgUnitAliasFactory(unit=secret_unit, alias="隱秘別名辦")
    draft = f.MeetingFactory(
        name="草稿會議", status=Meeting.Status.DRAFT, chair=secret, organizer=secret_unit
    )
    f.SpeechFactory(meeting=draft, person=secret, text="草稿裡的講話。")
    internal_person = f.PersonFactory(name=INTERNAL_PERSON)
    internal_unit = f.OrgUnitFactory(name=INTERNAL_UNIT)
    internal = f.MeetingFactory(
        name="內部會議",
        visibility=Meeting.Visibility.INTERNAL,
        chair=internal_person,
        organizer=internal_unit,
    )
    f.TaskFactory(meeting=internal, owner_unit=internal_unit)
    # Named only by a post entered by hand (no meeting): not public either.
    manual_unit = f.OrgUnitFactory(name="手錄處")
    f.PostFactory(person=f.PersonFactory(name="手錄丁"), unit=manual_unit)
    f.PostFactory(person=public_person, unit=manual_unit, title="兼職顧問")
    return {
        "public_person": public_person,
        "public_unit": public_unit,
        "secret": secret,
        "secret_unit": secret_unit,
        "internal_person": internal_person,
        "internal_unit": internal_unit,
    }


@pytest.fixture
def signed_in(db):
    client = Client()
    client.force_login(f.UserFactory(username="reader"))
    return client


def text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_querysets(world, viewer):
    assert set(Person.objects.visible_to(None)) == {world["public_person"]}
    assert set(Person.objects.visible_to(viewer)) == {world["public_person"], world["internal_person"]}
    assert set(OrgUnit.objects.visible_to(None)) == {world["public_unit"]}
    assert set(OrgUnit.objects.visible_to(viewer)) == {world["public_unit"], world["internal_unit"]}


def test_person_autocomplete(client, signed_in, world):
    url = reverse("search:people_autocomplete")
    for name in (SECRET_PERSON, INTERNAL_PERSON, "手錄丁"):
        assert json.loads(client.get(url, {"q": name}).content) == []
    assert json.loads(signed_in.get(url, {"q": SECRET_PERSON}).content) == []
    assert [p["name"] for p in json.loads(signed_in.get(url, {"q": INTERNAL_PERSON}).content)] == [
        INTERNAL_PERSON
    ]
    assert json.loads(client.get(url, {"q": "yinmi"}).content) == []


def test_person_and_unit_hits_on_the_search_page(client, signed_in, world):
    url = reverse("search:results")
    for q in (SECRET_PERSON, INTERNAL_PERSON, SECRET_UNIT, INTERNAL_UNIT, "隱秘別名辦", "yinmijia"):
        results = client.get(url, {"q": q}).context["results"]
        assert results.total == 0, q
        assert results.hits == [], q
    assert signed_in.get(url, {"q": SECRET_UNIT}).context["results"].total == 0
    assert signed_in.get(url, {"q": INTERNAL_UNIT}).context["results"].counts.get("unit") == 1
    assert client.get(url, {"q": "公開事務處"}).context["results"].counts.get("unit") == 1


def test_search_filters_answer_for_hidden_ids_as_for_missing_ones(client, world):
    """Picking a hidden person or unit (by id or by typed name) is answered as for one that does
    not exist, so ids cannot be enumerated and names are not confirmed."""
    url = reverse("search:results")
    missing = 999999
    for params, absent in (
        ({"person": world["secret"].pk}, {"person": missing}),
        ({"person": world["internal_person"].pk}, {"person": missing}),
        ({"person_name": SECRET_PERSON}, {"person_name": "查無此人"}),
        ({"unit": world["secret_unit"].pk}, {"unit": missing}),
    ):
        response = client.get(url, {"q": "會議", **params})
        expected = client.get(url, {"q": "會議", **absent})
        assert response.status_code == 200
        assert response.context["form"].errors == expected.context["form"].errors != {}, params
        assert response.context["results"] is None
        body = text(response).replace(f'value="{SECRET_PERSON}"', "")
        assert SECRET_PERSON not in body and SECRET_UNIT not in body and INTERNAL_PERSON not in body


def test_meeting_list_does_not_echo_a_hidden_persons_name(client, signed_in, world):
    url = reverse("minutes:meeting_list")
    for who in ("secret", "internal_person"):
        response = client.get(url, {"person": world[who].pk})
        assert response.status_code == 200
        assert world[who].name not in text(response)
        assert list(response.context["meetings"]) == []
    assert INTERNAL_PERSON in text(signed_in.get(url, {"person": world["internal_person"].pk}))


def test_person_pages_and_calendars(client, signed_in, world):
    for who, anonymous, staff in (
        ("secret", 404, 404),
        ("internal_person", 404, 200),
        ("public_person", 200, 200),
    ):
        person = world[who]
        for url in (person.get_absolute_url(), reverse("minutes:person_ics", args=[person.pk])):
            assert client.get(url).status_code == anonymous, (who, url)
            assert signed_in.get(url).status_code == staff, (who, url)
    assert (
        client.get(reverse("people:person_detail", args=[Person.objects.get(name="手錄丁").pk])).status_code
        == 404
    )
    # A public person's post entered by hand in a unit no meeting names: the unit is not shown.
    page = text(client.get(world["public_person"].get_absolute_url()))
    assert "手錄處" not in page and "兼職顧問" not in page


def test_unit_pages_and_calendars(client, signed_in, world):
    for who, anonymous, staff in (
        ("secret_unit", 404, 404),
        ("internal_unit", 404, 200),
        ("public_unit", 200, 200),
    ):
        unit = world[who]
        for url in (unit.get_absolute_url(), reverse("minutes:unit_ics", args=[unit.pk])):
            assert client.get(url).status_code == anonymous, (who, url)
            assert signed_in.get(url).status_code == staff, (who, url)


def test_unit_list_dropdowns_and_home_count(client, signed_in, world):
    listed = text(client.get(reverse("orgunits:unit_list")))
    assert "公開事務處" in listed
    for name in (SECRET_UNIT, INTERNAL_UNIT, "手錄處"):
        assert name not in listed
        assert name not in text(client.get(reverse("orgunits:unit_list"), {"q": name[:2]}))
    assert INTERNAL_UNIT in text(signed_in.get(reverse("orgunits:unit_list")))
    for url in (reverse("minutes:meeting_list"), reverse("search:results")):
        page = text(client.get(url))
        assert SECRET_UNIT not in page and INTERNAL_UNIT not in page
        assert INTERNAL_UNIT in text(signed_in.get(url)) and SECRET_UNIT not in text(signed_in.get(url))
    assert client.get(reverse("minutes:home")).context["counts"]["units"] == 1
    assert signed_in.get(reverse("minutes:home")).context["counts"]["units"] == 2
    assert client.get(reverse("minutes:home")).context["counts"]["people"] == 1


def test_hidden_unit_filter_and_words_on_the_meeting_list(client, world):
    url = reverse("minutes:meeting_list")
    response = client.get(url, {"unit": world["secret_unit"].pk})
    assert list(response.context["meetings"]) == []
    assert SECRET_UNIT not in text(response)
    for q in (SECRET_UNIT, "隱秘別名辦", INTERNAL_UNIT):
        response = client.get(url, {"q": q})
        assert list(response.context["meetings"]) == []
