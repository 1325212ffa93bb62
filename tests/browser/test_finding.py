"""Finding meetings in the browser: a person typed in pinyin, a date range, and the CSV export."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

JAN = "後勤幹部大會"
JUL_9 = "後勤保障部中層幹部談話會"
JUL_19 = "後勤部門副處長以上幹部工作會議"


def result_names(page) -> list[str]:
    return [name.strip() for name in page.locator(".meeting-list a[href^='/meetings/']").all_inner_texts()]


def open_list(page, live_server):
    page.goto(f"{live_server.url}/meetings/")
    expect(page.locator("h1")).to_be_visible()


@pytest.mark.parametrize("typed", ["zhang guochen", "zgc"])
def test_person_filter_in_pinyin_reaches_zhang_guochens_meeting(page, live_server, archive, typed):
    open_list(page, live_server)
    page.get_by_label("人員", exact=True).fill(typed)
    page.get_by_role("button", name="套用篩選").click()
    expect(page.locator(".meeting-list")).to_contain_text(JUL_19)
    assert result_names(page) == [JUL_19]
    assert "person_name=" in page.url  # the filter lives in the URL
    page.get_by_role("link", name=JUL_19).click()
    expect(page.locator("h1")).to_have_text(JUL_19)
    expect(page.locator(".facts")).to_contain_text("張國臣")


def test_date_range_filter(page, live_server, archive):
    open_list(page, live_server)
    page.get_by_label("起始日期").fill("2023-07-01")
    page.get_by_label("截止日期").fill("2023-07-31")
    page.get_by_role("button", name="套用篩選").click()
    expect(page.locator(".meeting-list")).to_contain_text(JUL_9)
    assert sorted(result_names(page)) == sorted([JUL_9, JUL_19])
    assert "date_from=2023-07-01" in page.url and "date_to=2023-07-31" in page.url
    # The back button returns to the unfiltered list.
    page.go_back()
    expect(page.locator(".meeting-list")).to_contain_text(JAN)


def test_csv_export_of_a_filtered_list(page, live_server, archive):
    page.goto(f"{live_server.url}/meetings/?date_from=2023-07-01&date_to=2023-07-31")
    with page.expect_download() as download_info:
        page.locator(".export-links").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "meetings.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:2] == ["編號", "日期"]
    names = sorted(row[header.index("會議名稱")] for row in rows[1:])
    assert names == sorted([JUL_9, JUL_19])
    chairs = {row[header.index("會議名稱")]: row[header.index("主持人")] for row in rows[1:]}
    assert chairs[JUL_19] == "張國臣"


def test_home_search_in_pinyin_initials_reaches_the_meeting(page, live_server, archive):
    page.goto(f"{live_server.url}/")
    page.locator("main").get_by_role("searchbox", name="檢索會議紀要").fill("zgc")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=zgc")
    hits = page.locator(".search-hit--meeting")
    expect(hits.first).to_be_visible()
    hits.get_by_role("link", name=JUL_19).click()
    expect(page.locator("h1")).to_have_text(JUL_19)


def test_person_autocomplete_picks_a_person_from_pinyin(page, live_server, archive):
    open_list(page, live_server)
    field = page.get_by_label("人員", exact=True)
    field.press_sequentially("zhang guo", delay=20)
    option = page.locator("#person-suggestions [role=option]").filter(has_text="張國臣")
    expect(option).to_be_visible()
    expect(option).to_contain_text("zhang guo chen")
    option.click()
    expect(field).to_have_value("張國臣")
    assert page.locator("input[name=person]").input_value() == str(archive["zhang_guochen"].pk)
    page.get_by_role("button", name="套用篩選").click()
    expect(page.locator(".meeting-list")).to_contain_text(JUL_19)
    assert result_names(page) == [JUL_19]
    assert f"person={archive['zhang_guochen'].pk}" in page.url


def test_a_date_typed_into_the_search_box(page, live_server, archive, screenshots_dir):
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("關鍵詞").fill("2023年7月19日")
    page.get_by_label("關鍵詞").press("Enter")
    expect(page.locator(".date-query")).to_have_text("按日期：2023年7月19日")
    expect(page.locator(".search-hits")).to_contain_text(JUL_19)
    page.screenshot(path=screenshots_dir / "search-by-date-desktop.png", full_page=True)
    # The same words on the meeting list give the same meeting.
    page.goto(f"{live_server.url}/meetings/?q=7月19日")
    expect(page.locator(".date-query")).to_contain_text("按日期：7月19日")
    assert result_names(page) == [JUL_19]
