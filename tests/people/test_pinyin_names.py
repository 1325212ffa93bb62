"""Names read and sorted as Chinese readers expect: surname readings of polyphonic characters,
pinyin written as a name (Zhang Maizeng), the people list in pinyin order at a flat query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.chinese import pinyin_keys, pinyin_name, pinyin_of
from people.models import Person
from tests import factories as f


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("張邁曾", "Zhang Maizeng"),
        ("张迈曾", "Zhang Maizeng"),
        ("曾國藩", "Zeng Guofan"),
        ("單田芳", "Shan Tianfang"),
        ("解縉", "Xie Jin"),
        ("仇英", "Qiu Ying"),
        ("樂毅", "Yue Yi"),
        ("區小明", "Ou Xiaoming"),
        ("查良鏞", "Zha Liangyong"),
        ("覃振", "Qin Zhen"),
        ("繆荃孫", "Miao Quansun"),
        ("朴正熙", "Piao Zhengxi"),
        ("尉遲恭", "Yuchi Gong"),
        ("歐陽修", "Ouyang Xiu"),
        ("呂布", "Lü Bu"),
        ("李西安", "Li Xi'an"),
    ],
)
def test_names_are_read_with_surname_readings_and_written_as_names(name, written):
    assert pinyin_name(name) == written


def test_a_name_not_in_chinese_characters_has_no_written_reading():
    assert pinyin_name("John Smith") == ""
    assert pinyin_name("李A") == ""


def test_both_readings_of_a_given_name_character_still_find_the_person():
    assert pinyin_of("張邁曾") == "zhang mai zeng"
    assert {"zhangmaizeng", "zhangmaiceng", "zmz", "zmc", "zhangmz"} <= pinyin_keys("張邁曾")


@pytest.mark.django_db
def test_person_pages_show_the_reading_as_a_name(client):
    person = f.PersonFactory(name="張邁曾")
    f.AttendanceFactory(person=person)
    assert Person.objects.get(pk=person.pk).pinyin == "zhang mai zeng"
    for url in (reverse("people:person_list"), person.get_absolute_url()):
        html = client.get(url).content.decode()
        assert '<span class="muted pinyin" lang="zh-Latn-pinyin">Zhang Maizeng</span>' in html or (
            '<span class="pinyin muted" lang="zh-Latn-pinyin">Zhang Maizeng</span>' in html
        ), url
        assert "mai ceng" not in html


def _list(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("people:person_list"), params)
    assert response.status_code == 200
    return [p.name for p in response.context["people"]], len(ctx)


@pytest.mark.django_db
def test_people_list_is_in_pinyin_order_at_a_flat_query_count(client, django_assert_max_num_queries):
    # Code-point order would put 張 (U+5F35) before 李 (U+674E) and 曾 (U+66FE) last.
    names = ["張邁曾", "曾國藩", "李西安", "歐陽修", "安娜", "單田芳"]
    meeting = f.MeetingFactory()
    for name in names:
        f.AttendanceFactory(meeting=meeting, person=f.PersonFactory(name=name))
    shown, few = _list(client)
    assert shown == ["安娜", "李西安", "歐陽修", "單田芳", "曾國藩", "張邁曾"]
    for _ in range(54):
        f.AttendanceFactory(meeting=meeting, person=f.PersonFactory())
    with django_assert_max_num_queries(few):
        shown, many = _list(client)
    assert len(shown) == 60
    assert shown == sorted(shown, key=pinyin_of)
    print(f"\nperson list: {few} queries for 6 people and for 60")
