"""The API's documentation page (Swagger UI from drf-spectacular's sidecar, served by the site
itself, no CDN) in each interface language, at a laptop's and a phone's width.

Screenshots go to test-output/screenshots/api-docs-*.png (look at them).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "language, title, summary",
    [
        ("zh-hant", "後勤會議紀要檔案庫 API", "會議列表"),
        ("zh-hans", "后勤会议纪要档案库 API", "会议列表"),
        ("en", "Logistics Meeting Minutes Archive API", "Meetings"),
    ],
)
def test_api_documentation_in_the_readers_language(
    page, live_server, archive, screenshots_dir, language, title, summary
):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    outside = []
    page.on(
        "request",
        lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None,
    )
    for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        response = page.goto(f"{live_server.url}/api/v1/docs/")
        assert response.status == 200
        # the operations are drawn from the schema the page fetched: the meetings list is one of them
        expect(page.locator(".opblock-summary-path", has_text="/api/v1/meetings/").first).to_be_visible()
        expect(page.locator(".info .title").first).to_contain_text(title)
        expect(page.locator(".opblock-summary-description", has_text=summary).first).to_be_visible()
        page.screenshot(path=screenshots_dir / f"api-docs-{language}-{size_name}.png", full_page=False)
    assert outside == [], outside
    assert page.errors == []
