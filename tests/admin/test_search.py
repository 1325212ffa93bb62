"""Admin search finds people, units and meetings typed in either script or in pinyin."""

import pytest
from django.urls import reverse

from tests import factories


def changelist_names(client, url_name, q):
    response = client.get(reverse(url_name), {"q": q})
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["zmz", "zhang maizeng", "zhangmaizeng", "张迈曾", "張邁曾", "邁曾"])
def test_person_changelist_finds_zhang_maizeng(client, editor, query):
    factories.PersonFactory(name="張邁曾")
    factories.PersonFactory(name="張定紅")
    factories.PersonFactory(name="李繼平")
    client.force_login(editor)
    assert changelist_names(client, "admin:people_person_changelist", query) == {"張邁曾"}


@pytest.mark.django_db
def test_person_autocomplete_uses_pinyin(client, editor):
    factories.PersonFactory(name="張邁曾")
    factories.PersonFactory(name="趙軍武")
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "zmz", "app_label": "minutes", "model_name": "meeting", "field_name": "chair"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["張邁曾"]


@pytest.mark.django_db
def test_unit_search_by_alias_in_simplified(client, editor):
    unit = factories.OrgUnitFactory(name="基建管理處")
    factories.OrgUnitAliasFactory(unit=unit, alias="新校區建設辦公室")
    factories.OrgUnitFactory(name="物業處")
    client.force_login(editor)
    assert changelist_names(client, "admin:orgunits_orgunit_changelist", "新校区建设") == {"基建管理處"}
    assert changelist_names(client, "admin:orgunits_orgunit_changelist", "基建管理处") == {"基建管理處"}


@pytest.mark.django_db
def test_meeting_search_by_chair_and_name_in_either_script(client, editor):
    chair = factories.PersonFactory(name="張邁曾")
    factories.MeetingFactory(name="後勤幹部大會", chair=chair, year=2023, month=7, day=19)
    factories.MeetingFactory(name="物業工作會議", venue="行政樓", year=2023, month=7, day=20)
    client.force_login(editor)
    url = "admin:minutes_meeting_changelist"
    assert changelist_names(client, url, "张迈曾") == {"2023年7月19日 後勤幹部大會"}
    assert changelist_names(client, url, "zmz") == {"2023年7月19日 後勤幹部大會"}
    assert changelist_names(client, url, "后勤干部") == {"2023年7月19日 後勤幹部大會"}
    assert changelist_names(client, url, "行政楼") == {"2023年7月20日 物業工作會議"}


@pytest.mark.django_db
def test_directive_changelist_filters_open_directives_by_issuer_and_year(client, editor):
    zhang = factories.PersonFactory(name="張國臣")
    other = factories.PersonFactory(name="李繼平")
    m2023 = factories.MeetingFactory(year=2023)
    m2022 = factories.MeetingFactory(year=2022)
    wanted = factories.DirectiveFactory(meeting=m2023, issuer=zhang, text="要抓好安全生產。")
    factories.DirectiveFactory(meeting=m2023, issuer=zhang, text="已完成的要求。", status="done")
    factories.DirectiveFactory(meeting=m2022, issuer=zhang, text="前一年的要求。")
    factories.DirectiveFactory(meeting=m2023, issuer=other, text="別人的要求。")
    client.force_login(editor)
    response = client.get(
        reverse("admin:minutes_directive_changelist"),
        {"status__exact": "open", "issuer__id__exact": zhang.pk, "year": "2023"},
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]
    by_pinyin = client.get(reverse("admin:minutes_directive_changelist"), {"q": "zhang guochen"})
    assert {d.text for d in by_pinyin.context["cl"].result_list} == {
        "要抓好安全生產。",
        "已完成的要求。",
        "前一年的要求。",
    }


@pytest.mark.django_db
def test_year_filter_offers_unknown_year(client, editor):
    factories.MeetingFactory(year=None, month=7, day=19, name="年份不詳的會")
    factories.MeetingFactory(year=2023, name="有年份的會")
    client.force_login(editor)
    response = client.get(reverse("admin:minutes_meeting_changelist"), {"year": "unknown"})
    assert [m.name for m in response.context["cl"].result_list] == ["年份不詳的會"]
    assert "年份不詳" in response.content.decode()
