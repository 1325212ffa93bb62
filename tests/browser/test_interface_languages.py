"""The public pages in each interface language at a laptop's and a phone's width.

Screenshots go to test-output/screenshots/ (look at them); besides, each page is checked for
sideways scrolling, the archive's text is in the interface's script (简体 → Simplified), and the
attendance labels are not broken mid-word (English "Attended" once broke as "Attende/d").
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LANGUAGES = ["zh-hant", "zh-hans", "en"]


def use_language(page, live_server, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def main_pages(archive):
    meeting = archive["meetings"]["後勤幹部大會"]
    return {
        "meeting": meeting.get_absolute_url(),
        "person": archive["zhang_guochen"].get_absolute_url(),
        "unit": meeting.organizer.get_absolute_url() if meeting.organizer else "/units/",
        "list": "/meetings/",
        "year": "/archive/2023/",
        "search": "/search/?q=張國臣",
        "follow-up": "/follow-up/?year=",
        "stats": "/stats/",
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_in_each_language_and_width(page, live_server, archive, screenshots_dir, language):
    use_language(page, live_server, language)
    too_wide = []
    for size_name, viewport in (("1366", WIDE), ("390", PHONE)):
        page.set_viewport_size(viewport)
        for name, path in main_pages(archive).items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            expect(page.locator("h1").first).to_be_visible()
            page.screenshot(path=screenshots_dir / f"lang-{language}-{name}-{size_name}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide.append(f"{name} at {viewport['width']}px is {width}px wide")
    assert not too_wide, too_wide
    assert page.errors == []


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-hant", "後勤幹部大會"), ("zh-hans", "后勤干部大会"), ("en", "後勤幹部大會")],
)
def test_the_archives_text_follows_the_interface_script(page, live_server, archive, language, title):
    use_language(page, live_server, language)
    page.goto(f"{live_server.url}{archive['meetings']['後勤幹部大會'].get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(title)
    if language == "zh-hans":
        expect(page.locator(".prefs")).to_contain_text("界面语言")
        # The reader may still ask for the text as stored.
        with page.expect_navigation():
            page.get_by_role("button", name="以原文字体显示").click()
        expect(page.locator("h1")).to_have_text("後勤幹部大會")
        expect(page.locator(".site-nav ul").first).to_contain_text("会议")  # the interface stays 简体


@pytest.mark.parametrize("language", LANGUAGES)
def test_attendance_labels_stay_on_one_line(page, live_server, archive, language):
    use_language(page, live_server, language)
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server.url}{archive['meetings']['後勤幹部大會'].get_absolute_url()}")
    expect(page.locator(".attendance dt").first).to_be_visible()
    # Lines each label's text takes (the dt box itself stretches to its row).
    lines = page.evaluate(
        """Array.from(document.querySelectorAll('.attendance dt')).map(dt => {
             const range = document.createRange(); range.selectNodeContents(dt);
             return [dt.textContent, new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size];
           })"""
    )
    assert lines and all(count == 1 for _, count in lines), lines
