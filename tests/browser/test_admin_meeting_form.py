"""The admin's meeting form fits a 1366 px screen (with the sidebar open): its inlines, eight
columns for speeches, once made the page 1,582 px wide; a speech's text gets a tall box."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests import factories as f

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}


def sign_in(page, live_server):
    client = Client()
    client.force_login(f.UserFactory(username="editor", is_staff=True, is_superuser=True))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.parametrize("form", ["add", "change"])
def test_meeting_form_fits_a_laptop_screen(page, live_server, archive, screenshots_dir, form):
    sign_in(page, live_server)
    page.set_viewport_size(WIDE)
    # The change form of the seed meeting with tasks and directives: the widest inlines there are.
    meeting = archive["meetings"]["後勤部門副處長以上幹部工作會議"]
    path = "/admin/minutes/meeting/add/" if form == "add" else f"/admin/minutes/meeting/{meeting.pk}/change/"
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("#speeches-group")).to_be_visible()
    page.screenshot(path=screenshots_dir / f"admin-meeting-{form}-1366.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    groups = page.evaluate(
        "Array.from(document.querySelectorAll('.inline-group')).map(g => [g.id, g.scrollWidth, g.clientWidth])"
    )
    assert [g for g in groups if g[1] > g[2]] == []
    text = page.locator("#speeches-group td.field-text textarea").first
    assert int(text.get_attribute("rows")) >= 6
    assert text.bounding_box()["width"] >= 250
