"""Odd input answers normally or with 404, never a server error (PostgreSQL is the strict one)."""

import pytest
from django.urls import reverse

from people.models import Person
from tests import factories as f


@pytest.fixture
def named(db):
    person = f.PersonFactory(name="張邁曾")
    unit = f.OrgUnitFactory(name="後勤保障部")
    f.MeetingFactory(chair=person, organizer=unit)
    return person, unit


def test_a_nul_character_in_the_query_is_ignored(client, named):
    person, unit = named
    people = client.get(reverse("people:person_list"), {"q": "張\x00邁"})
    assert people.status_code == 200
    assert list(people.context["people"]) == [person]
    units = client.get(reverse("orgunits:unit_list"), {"q": "保障\x00部"})
    assert units.status_code == 200
    assert [row[0] for row in units.context["rows"]] == [unit]
    suggestions = client.get(reverse("search:people_autocomplete"), {"q": "張\x00邁"})
    assert suggestions.status_code == 200
    assert [p["id"] for p in suggestions.json()] == [person.pk]


@pytest.mark.parametrize(
    "path", ["/archive/9999/12/", "/archive/1/1/", "/archive/0/5/", "/archive/10000/1/", "/archive/2023/13/"]
)
def test_months_whose_calendar_cannot_be_drawn_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/archive/9999/11/", "/archive/1/2/", "/archive/9998/12/", "/archive/2/1/"])
def test_the_months_next_to_them_still_show(client, db, path):
    assert client.get(path).status_code == 200


def test_a_long_latin_script_name_is_saved_with_its_derived_columns_cut(db):
    name = "Alexandra Maximiliana Konstantinopolous-Wellington"
    person = Person.objects.create(name=name)
    person.refresh_from_db()
    assert person.name == name
    assert len(person.initials) == 20
    long_chinese = Person.objects.create(name="張" * 50)
    long_chinese.refresh_from_db()
    assert len(long_chinese.pinyin) == 200
    assert all(len(k) <= 80 for k in long_chinese.pinyin_keys.values_list("key", flat=True))
    assert Person.objects.matching("zhangzhang").filter(pk=long_chinese.pk).exists()
