"""Switching the interface language: 繁體 → 简体 → English."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_language_switch_changes_the_navigation(page, live_server, archive):
    page.goto(f"{live_server.url}/meetings/")
    nav = page.locator(".site-nav ul").first
    expect(nav).to_contain_text("會議")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")

    with page.expect_navigation():
        page.locator("#lang-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(nav).to_contain_text("会议")
    expect(nav).not_to_contain_text("會議")
    assert page.url.endswith("/meetings/"), "switching keeps the reader on the same page"

    with page.expect_navigation():
        page.locator("#lang-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav).to_contain_text("Meetings")
    # Stored report text is never translated.
    expect(page.locator(".meeting-list")).to_contain_text("後勤幹部大會")
