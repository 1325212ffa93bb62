"""Every public page renders over seed-like data, and bad input never becomes a server error."""

import pytest
from django.urls import reverse

from minutes.models import Meeting
from tests import factories as f


def page_urls(archive):
    m1, m2, m3 = archive["meetings"]
    person = archive["people"]["張邁曾"]
    unit = archive["units"]["保障部"]
    return [
        reverse("minutes:home"),
        reverse("minutes:meeting_list"),
        reverse("minutes:meeting_detail", args=[m1.pk]),
        reverse("minutes:meeting_detail", args=[m2.pk]),
        reverse("minutes:meeting_detail", args=[m3.pk]),
        reverse("minutes:meeting_archive"),
        reverse("minutes:meeting_year", args=[2023]),
        reverse("minutes:meeting_month", args=[2023, 7]),
        reverse("minutes:meeting_unknown_year"),
        reverse("people:person_list"),
        reverse("people:person_detail", args=[person.pk]),
        reverse("orgunits:unit_list"),
        reverse("orgunits:unit_detail", args=[unit.pk]),
    ]


def test_every_page_renders(client, archive):
    for url in page_urls(archive):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "後勤會議紀要檔案庫" in response.content.decode()


def test_detail_shows_the_record_in_order(client, archive):
    m1 = archive["meetings"][0]
    html = client.get(m1.get_absolute_url()).content.decode()
    assert "2023年1月14日" in html
    assert "科學館207" in html
    # Speeches in order, each with its anchor; directives numbered with status.
    positions = [html.index(f'id="speech-{s.pk}"') for s in m1.speeches.order_by("order")]
    assert positions == sorted(positions)
    for directive in m1.directives.all():
        assert f'id="directive-{directive.pk}"' in html
        assert f'href="#src-directive-{directive.pk}"' in html
        assert f'<mark id="src-directive-{directive.pk}"' in html
    assert "已完成" in html and "落實中" in html and "未落實" in html
    assert "學校關於成立後勤保障部的決定" in html


def test_detail_of_a_meeting_without_a_year_says_so(client, archive):
    m2 = archive["meetings"][1]
    html = client.get(m2.get_absolute_url()).content.decode()
    assert "7月9日" in html
    assert "年份不詳" in html
    assert "2023年7月9日" not in html


def test_tasks_show_due_dates(client, archive):
    html = client.get(archive["meetings"][2].get_absolute_url()).content.decode()
    assert "2023年8月31日" in html and "8月底" in html


def test_previous_and_next_follow_date_order(client, archive):
    m1, m2, m3 = archive["meetings"]
    response = client.get(m3.get_absolute_url())
    # 7月19日 → older is 1月14日; the newer 7月25日 meeting is internal, so anonymous readers get none.
    assert response.context["previous"] == m1
    assert response.context["following"] is None
    # The meeting without a year sorts after every dated one.
    response = client.get(m1.get_absolute_url())
    assert response.context["previous"] == m2


def test_unknown_year_meetings_are_listed_after_dated_ones_and_marked(client, archive):
    response = client.get(reverse("minutes:meeting_list"))
    meetings = list(response.context["meetings"])
    assert meetings[-1] == archive["meetings"][1]
    assert all(m.year for m in meetings[:-1])
    html = response.content.decode()
    row = html[html.index("後勤保障部中層幹部談話會") - 600 : html.index("後勤保障部中層幹部談話會")]
    assert "年份不詳" in row
    response = client.get(reverse("minutes:meeting_unknown_year"))
    assert list(response.context["meetings"]) == [archive["meetings"][1]]


def test_month_calendar_places_meetings_on_their_day(client, archive):
    response = client.get(reverse("minutes:meeting_month", args=[2023, 7]))
    cells = {
        cell["date"].day: cell["meetings"]
        for week in response.context["weeks"]
        for cell in week
        if cell["in_month"]
    }
    assert cells[19] == [archive["meetings"][2]]
    assert cells[9] == []  # 7月9日 has no year: not on 2023's calendar


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2023-13-45",
        "date_to=yesterday",
        "person=99999999",
        "person=abc",
        "person=-1",
        "page=99999",
        "page=abc",
        "page=-3",
        "year=abc",
        "year=99999999999999999999",
        "month=13",
        "month=abc",
        "unit=424242",
        "kind=nonsense",
        "role=emperor&person_name=zmz",
        "sort=drop+table",
        "has_tasks=maybe",
        "q=%00",
        "q=" + "張" * 300,
        "q=%22unbalanced",
        "venue=%25",
    ],
)
def test_invalid_filter_values_never_fail(client, archive, query):
    response = client.get(reverse("minutes:meeting_list") + "?" + query)
    assert response.status_code == 200


def test_a_bad_date_is_a_form_error_and_an_empty_result(client, archive):
    response = client.get(reverse("minutes:meeting_list"), {"date_from": "2023-13-45"})
    assert response.context["form"].errors["date_from"]
    assert response.context["page_obj"].paginator.count == 0


def test_a_person_that_does_not_exist_is_a_form_error(client, archive):
    response = client.get(reverse("minutes:meeting_list"), {"person": 99999})
    assert "person" in response.context["form"].errors
    assert response.context["page_obj"].paginator.count == 0


def test_huge_page_shows_the_last_page(client, archive):
    response = client.get(reverse("minutes:meeting_list"), {"page": 99999})
    assert response.context["page_obj"].number == response.context["page_obj"].paginator.num_pages


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"person_name": "zmz"}, [0]),
        ({"person_name": "张迈曾"}, [0]),
        ({"person_name": "zhang maizeng", "role": "directive"}, [0]),
        ({"person_name": "zhangmaizeng", "role": "chaired"}, []),
        ({"person_name": "張國臣", "role": "chaired"}, [2]),
        ({"date_from": "2023-07-01", "date_to": "2023-07-31"}, [2]),
        ({"year": "2023", "month": "1"}, [0]),
        ({"year_unknown": "on"}, [1]),
        ({"has_appointments": "on"}, [0]),
        ({"has_tasks": "on"}, [2]),
        ({"kind": "talk"}, [1]),
        ({"venue": "科学馆"}, [0]),
        ({"q": "宿舍"}, [2]),
        ({"q": "后勤改革方案"}, [0]),
    ],
)
def test_filters(client, archive, params, expected):
    response = client.get(reverse("minutes:meeting_list"), params)
    assert response.status_code == 200
    assert set(response.context["page_obj"].object_list) == {archive["meetings"][i] for i in expected}


def test_person_filter_by_id_and_role(client, archive):
    person = archive["people"]["張力新"]
    url = reverse("minutes:meeting_list")
    assert list(client.get(url, {"person": person.pk, "role": "chaired"}).context["meetings"]) == [
        archive["meetings"][1]
    ]
    assert list(client.get(url, {"person": person.pk, "role": "appointed"}).context["meetings"]) == []


def test_unit_filter_reaches_meetings_where_it_reported(client, archive):
    unit = archive["units"]["物業處"]
    response = client.get(reverse("minutes:meeting_list"), {"unit": unit.pk})
    assert list(response.context["meetings"]) == [archive["meetings"][0]]


def test_sort_by_name(client, archive):
    response = client.get(reverse("minutes:meeting_list"), {"sort": "name"})
    names = [m.name for m in response.context["meetings"]]
    assert names == sorted(names)


def test_list_links_to_exports_with_the_same_filters(client, archive):
    html = client.get(reverse("minutes:meeting_list"), {"kind": "talk", "page": "1"}).content.decode()
    assert reverse("minutes:meeting_export_csv") + "?kind=talk" in html
    assert reverse("minutes:meeting_export_json") + "?kind=talk" in html


def test_person_list_finds_names_in_either_script_and_pinyin(client, archive):
    url = reverse("people:person_list")
    target = archive["people"]["張邁曾"]
    for query in ["张迈曾", "張邁曾", "zhang maizeng", "zhangmaizeng", "zmz"]:
        assert list(client.get(url, {"q": query}).context["people"]) == [target], query


def test_person_page_is_a_timeline_by_role(client, archive):
    person = archive["people"]["張邁曾"]
    response = client.get(person.get_absolute_url())
    timeline = response.context["timeline"]
    assert [entry["meeting"] for entry in timeline] == [archive["meetings"][0]]
    assert set(timeline[0]["roles"]) == {"attended", "spoke", "directive"}
    assert len(timeline[0]["directives"]) == 4
    assert "校黨委書記" in response.content.decode()


def test_unit_page_shows_hierarchy_aliases_people_and_reports(client, archive):
    unit = archive["units"]["保障部"]
    html = client.get(unit.get_absolute_url()).content.decode()
    assert "東北大學" in html  # parent
    assert "物業處" in html  # child
    assert "保障部" in html  # alias
    assert "李繼平" in html  # post holder
    assert "後勤保障部中層幹部談話會" in html  # organised
    reporting = archive["units"]["物業處"]
    response = client.get(reporting.get_absolute_url())
    assert len(response.context["reports"]) == 1


def test_missing_pages_are_404(client, archive):
    assert client.get(reverse("minutes:meeting_detail", args=[999999])).status_code == 404
    assert client.get(reverse("minutes:meeting_month", args=[2023, 13])).status_code == 404
    assert client.get(reverse("people:person_detail", args=[999999])).status_code == 404
    assert client.get(reverse("orgunits:unit_detail", args=[999999])).status_code == 404


def test_withdrawn_meetings_are_hidden(client, staff_client, archive):
    m1 = archive["meetings"][0]
    Meeting.objects.filter(pk=m1.pk).update(status=Meeting.Status.WITHDRAWN)
    assert client.get(m1.get_absolute_url()).status_code == 404
    assert staff_client.get(m1.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_person_who_only_chaired_counts_as_taking_part(client):
    chair = f.PersonFactory()
    f.MeetingFactory(chair=chair)
    f.AppointmentFactory(meeting=f.MeetingFactory(), person=chair)  # appointed in absence: not "present"
    response = client.get(chair.get_absolute_url())
    counts = response.context["role_counts"]
    assert (counts["present"], counts["chaired"], counts["appointed"]) == (1, 1, 1)
    assert "參加會議" in response.content.decode()


def test_list_filters_are_folded_in_the_html_and_count_what_is_applied(client, archive):
    url = reverse("minutes:meeting_list")
    html = client.get(url).content.decode()
    assert '<details class="filters__details" data-open-wide>' in html
    person = archive["people"]["張邁曾"]
    response = client.get(url, {"person": person.pk, "person_name": "張邁曾", "kind": "cadre", "page": "1"})
    assert response.context["active_filters"] == 2
    assert "已套用 2 項" in response.content.decode()
    html = client.get(url, {"date_from": "2023-13-45"}).content.decode()
    assert '<details class="filters__details" open data-open-wide>' in html  # errors are shown


def test_every_page_announces_the_atom_feed(client, archive):
    html = client.get(reverse("people:person_list")).content.decode()
    assert f'type="application/atom+xml" title="最新會議" href="{reverse("minutes:meeting_atom")}"' in html


def test_home_has_one_search_box(client, archive):
    html = client.get(reverse("minutes:home")).content.decode()
    assert html.count('type="search"') == 1
    assert 'id="header-q"' in client.get(reverse("minutes:meeting_list")).content.decode()


@pytest.mark.django_db
def test_a_title_only_mentioned_is_shown_as_seen_that_day_not_held_until_now(client):
    meeting = f.MeetingFactory(year=2023, month=7, day=19)
    person = f.PersonFactory(name="張國臣")
    f.AttendanceFactory(meeting=meeting, person=person)
    f.PostFactory(
        person=person,
        title="副校長",
        unit=None,
        source="mention",
        source_meeting=meeting,
        start_date=meeting.date,
    )
    f.PostFactory(person=person, title="校長助理", unit=None, source="appointment", start_date=meeting.date)
    html = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "見於 2023年7月19日" in html
    assert html.count("– 今") == 1  # only the appointed post runs on to today


def test_a_busy_month_names_three_meetings_a_day_and_pages_its_list(client, db):
    from minutes.views import CALENDAR_PER_DAY, PAGE_SIZE

    for _ in range(PAGE_SIZE + 5):
        f.MeetingFactory(year=2024, month=5, day=6)
    response = client.get(reverse("minutes:meeting_month", args=[2024, 5]))
    day = next(
        cell
        for week in response.context["weeks"]
        for cell in week
        if cell["in_month"] and cell["date"].day == 6
    )
    assert len(day["meetings"]) == CALENDAR_PER_DAY and day["more"] == PAGE_SIZE + 5 - CALENDAR_PER_DAY
    assert "?date_from=2024-05-06&amp;date_to=2024-05-06" in response.content.decode()
    assert response.context["page_obj"].paginator.count == PAGE_SIZE + 5
    assert len(response.context["meetings"]) == PAGE_SIZE
    second = client.get(reverse("minutes:meeting_month", args=[2024, 5]), {"page": 2})
    assert len(second.context["meetings"]) == 5
