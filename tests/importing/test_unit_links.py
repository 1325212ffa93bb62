"""Imported meetings and posts reach their units: a meeting named for a unit (or convened by one) has
it as organiser, a title that names a unit links the post to it, and the unit page, the list's unit
filter and the unit's calendar count the same meetings (``Meeting.objects.involving_unit``)."""

import re

import pytest
from django.urls import reverse

from minutes.importing import import_report_text
from minutes.models import Meeting
from orgunits.models import OrgUnit
from people.models import Post
from tests.factories import OrgUnitAliasFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

REPORTS = """中層幹部談話會
2024年7月9日，校長助理張力新主持召開後勤保障部中層幹部談話會，保障部全體中層幹部參加會議。
會上，保障部黨委書記董鵬懷代表全體中層幹部表態，將認真履職。
幹部大會
2024年1月14日下午，學校在科學館207召開後勤幹部大會。組織部部長張定紅、校黨委書記張邁曾出席。會議由張邁曾主持。
張定紅宣讀了學校關於成立後勤保障部的決定。
"""


def imported():
    result = import_report_text(REPORTS, status=Meeting.Status.PUBLISHED)
    assert result.ok and len(result.meetings) == 2
    return result


def post_of(name, title):
    return Post.objects.select_related("unit").get(person__name=name, title=title)


def test_a_meeting_named_for_a_unit_has_it_as_organiser():
    imported()
    meeting = Meeting.objects.get(name="後勤保障部中層幹部談話會")
    assert meeting.organizer.name == "後勤保障部"


def test_a_title_naming_a_unit_links_the_post_to_it():
    imported()
    assert post_of("張定紅", "組織部部長").unit.name == "組織部"
    # a short form of a unit the same report names
    assert post_of("董鵬懷", "保障部黨委書記").unit.name == "後勤保障部"
    # a unit nobody named is not made up from a title
    assert post_of("張邁曾", "校黨委書記").unit is None
    assert not OrgUnit.objects.filter(name__startswith="校黨委").exists()


def test_a_title_links_to_a_unit_known_only_by_its_alias():
    unit = OrgUnitFactory(name="基建管理處")
    OrgUnitAliasFactory(unit=unit, alias="新校區建設辦公室")
    import_report_text(
        "建設例會\n2024年5月6日，學校召開基建例會。新校區建設辦公室主任林海波出席。\n",
        status=Meeting.Status.PUBLISHED,
    )
    assert post_of("林海波", "新校區建設辦公室主任").unit == unit


def test_an_ambiguous_short_form_links_to_no_unit():
    import_report_text(
        "保障會議\n2024年5月6日，後勤保障部與醫療保障部聯合召開工作會議。保障部部長王建國出席。\n",
        status=Meeting.Status.PUBLISHED,
    )
    assert post_of("王建國", "保障部部長").unit is None


def test_unit_page_list_filter_and_calendar_count_the_same_meetings(client):
    imported()
    for name, expected in (("後勤保障部", 1), ("組織部", 1)):
        unit = OrgUnit.objects.get(name=name)
        page = client.get(unit.get_absolute_url()).content.decode()
        assert f"共 {expected} 次會議" in page
        listed = client.get(reverse("minutes:meeting_list"), {"unit": unit.pk}).context["page_obj"]
        assert listed.paginator.count == expected
        response = client.get(reverse("minutes:unit_ics", args=[unit.pk]))
        ics = b"".join(response.streaming_content).decode()
        assert len(re.findall(r"^BEGIN:VEVENT", ics, re.M)) == expected
        assert Meeting.objects.involving_unit(unit).count() == expected


def test_unit_page_lists_its_people_and_posts(client):
    imported()
    page = client.get(OrgUnit.objects.get(name="後勤保障部").get_absolute_url()).content.decode()
    people = page.split("人員與職務", 1)[1].split("</section>", 1)[0]
    assert "董鵬懷" in people and "保障部黨委書記" in people
    # a title mentioned in a report says the post was held that day, not since when
    assert "見於 2024年7月9日" in people


def test_person_page_names_the_unit_of_a_post_once(client):
    imported()
    page = client.get(post_of("張定紅", "組織部部長").person.get_absolute_url()).content.decode()
    assert "組織部部長" in page and "組織部組織部" not in page
    unit = OrgUnit.objects.get(name="組織部")
    assert f'<a href="{unit.get_absolute_url()}">組織部</a>部長' in page
