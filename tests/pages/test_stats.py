"""The statistics page: meetings per month by kind, per organising unit per year, follow-up per
unit, the most frequent speakers and chairs; each chart an accessible SVG with its table and CSV,
counted over the meetings the reader may see."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from minutes.models import FollowUp, Meeting
from tests import factories

URL = reverse("minutes:stats")


def chart(response, key):
    return next(c for c in response.context["charts"] if c.key == key)


@pytest.fixture
def archive(db):
    logistics = factories.OrgUnitFactory(name="後勤保障部")
    canteen = factories.OrgUnitFactory(name="膳食科")
    zhang = factories.PersonFactory(name="張國臣")
    li = factories.PersonFactory(name="李明")
    meetings = [
        factories.MeetingFactory(year=2024, month=3, day=1, kind="work", organizer=logistics, chair=zhang),
        factories.MeetingFactory(year=2024, month=3, day=9, kind="cadre", organizer=logistics, chair=zhang),
        factories.MeetingFactory(year=2024, month=7, day=2, kind="work", organizer=canteen, chair=li),
        factories.MeetingFactory(year=2023, month=5, day=2, kind="work", organizer=canteen, chair=li),
    ]
    for meeting in meetings[:3]:
        factories.SpeechFactory(meeting=meeting, person=zhang)
    factories.SpeechFactory(meeting=meetings[2], person=li)
    factories.DirectiveFactory(meeting=meetings[0], status=FollowUp.DONE)
    factories.DirectiveFactory(meeting=meetings[1])
    factories.TaskFactory(meeting=meetings[2], owner_unit=canteen, due_date=datetime.date(2024, 8, 1))
    factories.TaskFactory(meeting=meetings[2], owner_unit=canteen, due_date=datetime.date(2099, 1, 1))
    # Hidden meetings count for nobody who may not see them.
    hidden_chair = factories.PersonFactory(name="竇草員")
    factories.MeetingFactory(
        year=2024, month=3, day=5, status=Meeting.Status.DRAFT, organizer=logistics, chair=hidden_chair
    )
    factories.MeetingFactory(
        year=2024, month=3, day=6, visibility=Meeting.Visibility.INTERNAL, organizer=logistics, chair=zhang
    )
    return {"logistics": logistics, "canteen": canteen}


def test_defaults_to_the_latest_year_and_counts_visible_meetings(client, archive):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["year"] == 2024
    monthly = chart(response, "monthly")
    assert monthly.table.headings == ["幹部大會", "工作會議"]
    assert dict(monthly.table.rows)["3月"] == [1, 1]
    assert dict(monthly.table.rows)["7月"] == [0, 1]
    units = chart(response, "units")
    assert units.table.headings == ["2023", "2024"]
    assert dict(units.table.rows) == {"後勤保障部": [0, 2], "膳食科": [1, 1]}
    assert chart(response, "chairs").table.rows == [("張國臣", [2]), ("李明", [1])]
    assert chart(response, "speakers").table.rows == [("張國臣", [3]), ("李明", [1])]
    assert "竇草員" not in response.text


def test_signed_in_readers_count_internal_meetings(client, archive):
    client.force_login(factories.UserFactory(username="reader"))
    assert chart(client.get(URL), "chairs").table.rows[0] == ("張國臣", [3])


def test_follow_up_per_unit_done_open_and_overdue(client, archive):
    follow_up = dict(chart(client.get(URL), "follow-up").table.rows)
    assert follow_up == {"後勤保障部": [1, 1, 0], "膳食科": [0, 1, 1]}


def test_year_and_unit_filters(client, archive):
    response = client.get(URL, {"year": 2023, "unit": archive["canteen"].pk})
    assert chart(response, "chairs").table.rows == [("李明", [1])]
    assert sum(sum(values) for _label, values in chart(response, "monthly").table.rows) == 1


def test_charts_are_accessible_svg_with_tables(client, archive):
    response = client.get(URL)
    html = response.text
    assert html.count('<svg class="chart"') == 5
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert html.count("<table>") == 5
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_labels_are_escaped_in_the_svg(client, db):
    unit = factories.OrgUnitFactory(name="<b>科</b>")
    factories.MeetingFactory(year=2024, organizer=unit)
    html = client.get(URL).text
    assert "<b>科</b>" not in html
    assert "&lt;b&gt;科&lt;/b&gt;" in html


def test_csv_of_a_chart_is_its_table(client, archive):
    response = client.get(reverse("minutes:stats_csv", args=["chairs"]), {"year": 2024})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows == [["人員", "主持次數"], ["張國臣", "2"], ["李明", "1"]]
    assert client.get(reverse("minutes:stats_csv", args=["nonsense"])).status_code == 404


def test_empty_archive_and_bad_input(client, db):
    response = client.get(URL)
    assert "還沒有可統計的會議" in response.text
    assert response.context["charts"] == []
    response = client.get(URL, {"year": "abc"})
    assert response.status_code == 200 and "篩選條件有誤" in response.text
    assert client.get(reverse("minutes:stats_csv", args=["chairs"]), {"year": "abc"}).status_code == 404


def test_query_count_does_not_grow_with_meetings(client, db, django_assert_max_num_queries):
    unit = factories.OrgUnitFactory()
    for n in range(30):
        meeting = factories.MeetingFactory(
            year=2024, month=n % 12 + 1, organizer=unit, chair=factories.PersonFactory()
        )
        factories.SpeechFactory(meeting=meeting)
    with django_assert_max_num_queries(10):
        client.get(URL)
