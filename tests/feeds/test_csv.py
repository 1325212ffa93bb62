"""The CSV export of the filtered meeting list."""

import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.feeds.conftest import content_of, make_meetings

URL = reverse("minutes:meeting_export_csv")


def rows_of(response) -> list[list[str]]:
    text = content_of(response)
    assert text.startswith("\ufeff"), "Excel on Chinese Windows needs the UTF-8 BOM"
    return list(csv.reader(io.StringIO(text[1:])))


def names_in(response) -> set[str]:
    rows = rows_of(response)
    name_col = rows[0].index("會議名稱")
    return {row[name_col] for row in rows[1:]}


@pytest.mark.django_db
def test_csv_is_a_streamed_utf8_download_with_bom_and_header(client, archive):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meetings.csv"'
    rows = rows_of(response)
    assert rows[0][:3] == ["編號", "日期", "年"]
    assert len({len(row) for row in rows}) == 1, "every row has as many cells as the header"


@pytest.mark.django_db
def test_csv_row_holds_the_meeting_and_its_counts(client, archive):
    rows = rows_of(client.get(URL))
    header, body = rows[0], rows[1:]
    row = dict(zip(header, next(r for r in body if r[0] == str(archive["public"].pk)), strict=True))
    assert row["日期"] == "2023-01-14"
    assert row["原文日期"] == "1月14日下午"
    assert row["時段"] == "下午"
    assert row["會議名稱"] == "後勤幹部大會"
    assert row["會議類型"] == "幹部大會"
    assert row["地點"] == "科學館207"
    assert row["主持人"] == "張國臣"
    assert row["主辦單位"] == "物業處"
    assert row["出席人員"] == "張國臣"
    assert row["出席群體"] == "後勤系統各支部書記"
    assert (row["發言數"], row["工作要求數"], row["任免數"], row["決定數"], row["工作任務數"]) == ("1",) * 5
    assert row["網址"] == f"http://testserver/meetings/{archive['public'].pk}/"


@pytest.mark.django_db
def test_csv_keeps_a_meeting_of_unknown_year_with_its_month_and_day(client, archive):
    rows = rows_of(client.get(URL))
    header = rows[0]
    row = dict(zip(header, next(r for r in rows[1:] if r[0] == str(archive["unknown_year"].pk)), strict=True))
    assert (row["日期"], row["年"], row["月"], row["日"]) == ("", "", "3", "8")


@pytest.mark.django_db
def test_csv_never_shows_drafts_withdrawn_or_internal_meetings_to_anonymous_readers(client, archive):
    names = names_in(client.get(URL))
    assert names == {"後勤幹部大會", "暑期維修推進會", "年份不詳的座談會"}


@pytest.mark.django_db
def test_csv_shows_internal_meetings_to_signed_in_staff_but_never_drafts(client, archive, viewer):
    client.force_login(viewer)
    names = names_in(client.get(URL))
    assert "內部工作會議" in names
    assert not names & {"草稿會議", "已撤回會議"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"person_name": "zgc"}, {"後勤幹部大會", "年份不詳的座談會"}),
        ({"person_name": "zhang guochen", "role": "chaired"}, {"後勤幹部大會"}),
        ({"date_from": "2023-07-01", "date_to": "2023-07-31"}, {"暑期維修推進會"}),
        ({"kind": "cadre"}, {"後勤幹部大會"}),
        ({"has_appointments": "on"}, {"後勤幹部大會"}),
        ({"date_from": "2023-13-45"}, set()),
    ],
)
def test_csv_applies_the_list_filters(client, archive, query, expected):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert names_in(response) == expected


@pytest.mark.django_db
def test_csv_unit_filter_never_reaches_a_draft_through_its_unit(client, archive):
    names = names_in(client.get(URL, {"unit": archive["unit"].pk}))
    assert names == {"後勤幹部大會"}


@pytest.mark.django_db
def test_csv_follows_the_list_sort(client, archive):
    rows = rows_of(client.get(URL, {"sort": "date"}))
    assert [row[0] for row in rows[1:]] == [
        str(archive["public"].pk),
        str(archive["timed"].pk),
        str(archive["unknown_year"].pk),
    ]


@pytest.mark.django_db
def test_csv_cells_hold_markup_and_separators_as_text_and_defuse_formulas(client):
    factories.MeetingFactory(name='<script>alert("x")</script>, 會議; "引號"', venue='=HYPERLINK("http://x")')
    rows = rows_of(client.get(URL))
    header, row = rows[0], rows[1]
    assert row[header.index("會議名稱")] == '<script>alert("x")</script>, 會議; "引號"'
    assert row[header.index("地點")] == '\'=HYPERLINK("http://x")'


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        content_of(client.get(url))
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_csv_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    make_meetings(3)
    few = _queries_for(client, URL)
    make_meetings(27)
    with django_assert_max_num_queries(few):
        response = client.get(URL)
        assert len(rows_of(response)) == 31
    assert few <= 3


@pytest.mark.django_db
def test_csv_labels_follow_the_interface_language_but_report_text_does_not(client, archive):
    def public_row(language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        rows = rows_of(client.get(URL))
        return dict(zip(rows[0], next(r for r in rows[1:] if r[0] == str(archive["public"].pk)), strict=True))

    english = public_row("en")
    assert english["Meeting name"] == "後勤幹部大會"
    assert "Cadre meeting" in english.values() and "Afternoon" in english.values()
    simplified = public_row("zh-hans")
    assert simplified["会议名称"] == "後勤幹部大會"
    assert "干部大会" in simplified.values()
    assert public_row("zh-hant")["會議類型"] == "幹部大會"
