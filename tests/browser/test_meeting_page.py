"""A meeting's page in the browser: source highlighting and report text shown as text."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import XSS_DIRECTIVE, XSS_SPEECH

pytestmark = pytest.mark.browser


def test_clicking_a_directive_highlights_its_source_span(page, live_server, archive):
    page.goto(f"{live_server.url}/meetings/")
    page.get_by_role("link", name="後勤幹部大會").click()
    expect(page.locator("h1")).to_have_text("後勤幹部大會")

    directive = page.locator("li.directive").filter(has_text="認真學習後勤改革方案").first
    expect(directive).to_be_visible()
    directive_text = directive.locator("p").first.inner_text().strip()
    link = directive.locator("a.src-link")
    anchor = link.get_attribute("data-src")
    assert anchor and anchor.startswith("src-directive-")
    link.click()

    mark = page.locator(f'mark.src[data-src="{anchor}"]').first
    expect(mark).to_have_class("src src-directive is-active")
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    assert mark.inner_text().strip() == directive_text
    # Only this item is highlighted.
    assert (
        page.locator("mark.src.is-active").count() == page.locator(f'mark.src[data-src="{anchor}"]').count()
    )
    # The highlight has a visible background, not just a class. The background fades in (a 0.3 s
    # transition), so the check waits for it rather than reading the first frame.
    expect(mark).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")


def test_report_text_with_markup_is_shown_as_text(page, live_server, archive):
    page.goto(f"{live_server.url}{archive['xss'].get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("安全測試會議")
    # markup pasted with a report is page noise: the extraction reads the text around it, and the
    # source panel shows the report as written, markup as plain characters
    expect(page.locator(".speech__text").first).to_contain_text("與都應顯示為文字")
    expect(page.locator(".speech__text").first).not_to_contain_text("alert")
    directive = page.locator("li.directive").filter(has_text="加粗").first
    expect(directive).to_contain_text("認真對待加粗文字。")
    expect(page.locator(".source__text")).to_contain_text(XSS_SPEECH)
    expect(page.locator(".source__text")).to_contain_text(XSS_DIRECTIVE)
    # Nothing from the report became an element, so nothing can fire.
    assert page.locator("main img, main script, main b").count() == 0
    directive.hover()
    directive.locator("a.src-link").click()
    page.locator("mark.src.is-active").first.hover()
    page.wait_for_timeout(200)
    assert page.dialogs == []
    assert page.errors == []
