"""The activity charts on person and unit pages: meetings per month and how they took part, counted
as the meeting list's filters count them, over the meetings the reader may see."""

import pytest
from django.urls import reverse

from minutes.models import Attendance, Meeting
from tests import factories


def charts(response):
    return {chart.key.split("-")[1]: chart for chart in response.context["activity"].charts}


def role_counts(response):
    return dict(charts(response)["roles"].table.rows)


def listed(client, **params):
    return client.get(reverse("minutes:meeting_list"), params).context["page_obj"].paginator.count


@pytest.fixture
def archive(db):
    unit = factories.OrgUnitFactory(name="膳食科")
    zhang = factories.PersonFactory(name="張國臣")
    chaired = factories.MeetingFactory(year=2022, month=1, chair=zhang, organizer=unit)
    spoke = factories.MeetingFactory(year=2024, month=3)
    factories.SpeechFactory(meeting=spoke, person=zhang, unit=unit)
    both = factories.MeetingFactory(year=2024, month=3)
    factories.AttendanceFactory(meeting=both, person=zhang, category=Attendance.Category.CHAIRED)
    factories.DirectiveFactory(meeting=both, issuer=zhang)
    factories.TaskFactory(meeting=both, owner_unit=unit)
    undated = factories.MeetingFactory(year=None, month=None, day=None, date_text="")
    factories.AttendanceFactory(meeting=undated, person=zhang, unit=unit)
    internal = factories.MeetingFactory(year=2024, month=5, visibility=Meeting.Visibility.INTERNAL)
    factories.SpeechFactory(meeting=internal, person=zhang, unit=unit)
    factories.MeetingFactory(year=2024, month=6, chair=zhang, organizer=unit, status=Meeting.Status.DRAFT)
    return {"unit": unit, "zhang": zhang, "chaired": chaired, "spoke": spoke}


def test_a_persons_roles_are_the_meeting_lists_role_filter(client, archive):
    zhang = archive["zhang"]
    response = client.get(zhang.get_absolute_url())
    counts = role_counts(response)
    for role, label in (
        ("chaired", "主持"),
        ("spoke", "發言"),
        ("attended", "出席"),
        ("directive", "提出要求"),
    ):
        assert counts[label] == [listed(client, person=zhang.pk, role=role)], role
    assert counts == {"主持": [2], "發言": [1], "出席": [2], "提出要求": [1]}
    assert response.context["activity"].total == listed(client, person=zhang.pk) == 4


def test_a_units_charts_count_its_meeting_list(client, archive, django_assert_max_num_queries):
    unit = archive["unit"]
    response = client.get(unit.get_absolute_url())
    assert response.context["activity"].total == listed(client, unit=unit.pk) == 4
    assert response.context["page_obj"].paginator.count == 4
    assert role_counts(response) == {"主辦": [1], "出席": [1], "發言": [1], "承擔任務": [1], "任免": [0]}
    months = dict(charts(response)["months"].table.rows)
    assert len(months) == 3 * 12  # 2022 to 2024, the undated meeting in no month
    assert (
        months["2022年1月"] == [1] and months["2024年3月"] == [2] and sum(v for [v] in months.values()) == 3
    )


def test_signed_in_readers_see_internal_meetings_counted(client, archive):
    client.force_login(factories.UserFactory())
    zhang = archive["zhang"]
    response = client.get(zhang.get_absolute_url())
    assert role_counts(response)["發言"] == [2] == [listed(client, person=zhang.pk, role="spoke")]
    assert dict(charts(response)["months"].table.rows)["2024年5月"] == [1]


def test_withdrawing_a_meeting_leaves_the_chart(client, archive):
    archive["chaired"].status = Meeting.Status.WITHDRAWN
    archive["chaired"].save()
    response = client.get(archive["zhang"].get_absolute_url())
    assert role_counts(response)["主持"] == [1]
    assert "2022年1月" not in dict(charts(response)["months"].table.rows)


def test_the_chart_is_an_accessible_svg_with_escaped_labels(client, archive):
    unit = archive["unit"]
    unit.name = '<script>alert("x")</script>膳食科'
    unit.save()
    response = client.get(unit.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert" not in html
    assert html.count('<svg class="chart"') == 2
    assert '<title id="chart-unit-months-title">' in html and 'id="chart-unit-roles-desc"' in html
    assert "<title>2024年3月 · 會議：2</title>" in html  # a month's bar names its month
    assert ">2022</text>" in html  # the year under its January


def test_a_person_in_undated_meetings_only_has_roles_but_no_months(client, db):
    person = factories.PersonFactory(name="王小明")
    meeting = factories.MeetingFactory(year=None, month=None, day=None, date_text="")
    factories.SpeechFactory(meeting=meeting, person=person)
    response = client.get(person.get_absolute_url())
    assert set(charts(response)) == {"roles"}
    assert role_counts(response)["發言"] == [1]


def test_english_labels_fit_their_rows(client, archive):
    client.cookies["django_language"] = "en"
    html = client.get(archive["zhang"].get_absolute_url()).content.decode()
    assert 'text-anchor="end">Issued directives</text>' in html
    assert "Meetings per month" in html
