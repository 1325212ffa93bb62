"""The follow-up board in a real browser: readable at desktop and phone width in every interface
language, filters folded away on a phone, nothing wider than the screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

HEADINGS = {"zh-hant": "督辦台賬", "zh-hans": "督办台账", "en": "Follow-up board"}


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_board_at_desktop_and_phone_width(page, live_server, archive, screenshots_dir, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    too_wide = []
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        response = page.goto(f"{live_server.url}/follow-up/?state=all")
        assert response.status == 200
        expect(page.locator("h1")).to_have_text(HEADINGS[language])
        expect(page.locator(".board-list > li").first).to_be_visible()
        filters_open = page.locator(".filters__details").evaluate("details => details.open")
        assert filters_open == (size_name == "desktop")
        page.screenshot(path=screenshots_dir / f"follow-up-{language}-{size_name}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            too_wide.append(f"{size_name}: {width}px")
    assert not too_wide, too_wide
    assert page.errors == []


def test_an_items_chain_at_desktop_and_phone_width(page, live_server, archive, screenshots_dir):
    from minutes.models import Directive, FollowUpLink

    earlier, later = Directive.objects.order_by("meeting__date", "pk").exclude(meeting__date=None)[:2]
    later = Directive.objects.filter(meeting__date__gt=earlier.meeting.date).order_by("pk").first() or later
    FollowUpLink.objects.create(later_directive=later, earlier_directive=earlier)
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        response = page.goto(f"{live_server.url}/follow-up/directives/{later.pk}/")
        assert response.status == 200
        expect(page.locator(".chain > li")).to_have_count(2)
        expect(page.locator(".chain > li").first).to_contain_text(earlier.meeting.name)
        page.screenshot(path=screenshots_dir / f"follow-up-item-{size_name}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.errors == []


@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_stats_charts_at_desktop_and_phone_width(page, live_server, archive, screenshots_dir, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        response = page.goto(f"{live_server.url}/stats/")
        assert response.status == 200
        expect(page.locator("svg.chart").first).to_be_visible()
        page.screenshot(path=screenshots_dir / f"stats-{language}-{size_name}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.errors == []
