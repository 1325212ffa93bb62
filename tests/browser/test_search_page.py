"""The search page: people and units first, a meeting's name once, and on a phone the results
before the (folded) search form."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["zh-hant", "zh-hans", "en"])
def test_name_search_lists_the_person_first(page, live_server, archive, screenshots_dir, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for size_name, viewport in (("1366", WIDE), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(f"{live_server.url}/search/?q=張國臣")
        hits = page.locator(".search-hit")
        expect(hits.first).to_be_visible()
        assert "search-hit--person" in hits.first.get_attribute("class")
        page.screenshot(path=screenshots_dir / f"search-{language}-{size_name}.png", full_page=True)
        folded = page.locator("form.filters details")
        if viewport is PHONE:
            expect(folded).not_to_have_attribute("open", "")
            assert hits.first.bounding_box()["y"] < 1200
            # The form is one tap away.
            folded.locator("summary").click()
            expect(page.locator("#id_kind")).to_be_visible()
        else:
            expect(folded).to_have_attribute("open", "")
    assert page.errors == []


def test_a_meeting_hit_names_the_meeting_once(page, live_server, archive):
    page.set_viewport_size(WIDE)
    page.goto(f"{live_server.url}/search/?q=幹部大會")
    hit = page.locator(".search-hit--meeting").first
    expect(hit).to_be_visible()
    assert hit.inner_text().count("後勤幹部大會") == 1


def test_without_words_the_form_is_open_on_a_phone(page, live_server, archive):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/search/")
    expect(page.locator("#id_q")).to_be_visible()
