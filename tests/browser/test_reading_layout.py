"""The reading pages this layout work touched, at 1366 px (a common office screen) and 390 px (a
phone): the person page's timeline uses the width it has, and a joint statement is one item.
Screenshots go to test-output/screenshots/reading-*.png."""

import pytest
from playwright.sync_api import expect

from people.models import Person

pytestmark = pytest.mark.browser

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 390, "height": 844}


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def no_sideways_scrolling(page, viewport):
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_person_timeline_uses_the_page(page, live_server, archive, screenshots_dir, viewport):
    page.set_viewport_size(viewport)
    main_width = None
    # 程建設 holds no post (the timeline alone); 張定紅 has posts beside it.
    for name, slug in (("程建設", "no-posts"), ("張定紅", "posts")):
        person = Person.objects.get(name=name)
        page.goto(f"{live_server.url}{person.get_absolute_url()}")
        expect(page.locator("h1")).to_contain_text(name)
        page.screenshot(
            path=screenshots_dir / f"reading-person-{slug}-{viewport['width']}.png", full_page=True
        )
        no_sideways_scrolling(page, viewport)
        main = box(page, "main")
        main_width = main["width"]
        timeline = box(page, ".timeline-wrap")
        if viewport is NARROW or slug == "no-posts":
            # the whole column (main's padding aside)
            assert timeline["width"] >= main_width * 0.9, (slug, timeline, main)
        else:
            posts = box(page, "#h-posts")
            assert posts["x"] < timeline["x"]  # side by side
            assert timeline["width"] >= main_width * 0.6, (timeline, main)
    assert page.errors == []


def test_person_page_says_an_appointment_without_post_in_words(page, live_server, archive):
    page.goto(f"{live_server.url}{Person.objects.get(name='程建設').get_absolute_url()}")
    entry = page.locator(".timeline__entry").filter(has_text="後勤幹部大會")
    expect(entry).to_contain_text("獲任命（原文未寫明職務）")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1366", "390"])
def test_a_joint_statement_is_one_item(page, live_server, archive, screenshots_dir, viewport):
    page.set_viewport_size(viewport)
    meeting = archive["meetings"]["後勤幹部大會"]
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    statements = page.locator("li.speech").filter(has_text="深感責任重大")
    expect(statements).to_have_count(1)
    expect(statements.locator(".speech__speaker")).to_have_text(["程建設", "張西亞", "柴渭"])
    statements.scroll_into_view_if_needed()
    page.screenshot(path=screenshots_dir / f"reading-joint-statement-{viewport['width']}.png")
    no_sideways_scrolling(page, viewport)
    assert page.errors == []
