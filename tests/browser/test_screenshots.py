"""Screenshots of the main pages at desktop and phone width, under test-output/screenshots/.

Besides leaving pictures to look at, each page is checked for what makes a phone page unusable:
content wider than the screen (sideways scrolling).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_screenshots_of_home_list_detail_and_person(page, live_server, archive, screenshots_dir):
    meeting = archive["meetings"]["後勤幹部大會"]
    pages = {
        "home": "/",
        "list": "/meetings/",
        "detail": meeting.get_absolute_url(),
        "person": archive["zhang_guochen"].get_absolute_url(),
    }
    too_wide = []
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for name, path in pages.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            expect(page.locator("h1").first).to_be_visible()
            page.screenshot(path=screenshots_dir / f"{name}-{size_name}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide.append(f"{name} at {viewport['width']}px is {width}px wide")
    assert not too_wide, too_wide
    assert page.errors == []
