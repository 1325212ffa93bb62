"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser per session; a fresh context (cookies, language) per test. Without
``/usr/bin/chromium`` the tests skip, unless ``MINUTES_REQUIRE_BROWSER=1`` (set by CI), which
turns the skip into a failure so a missing browser can never pass CI silently.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told it is safe. It is here: the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("MINUTES_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def _unavailable(reason: str):
    if os.environ.get("MINUTES_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MINUTES_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page in a fresh context; fails the test if any dialog (alert…) opens."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-TW", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()
    assert page.dialogs == [], f"a dialog opened: {page.dialogs}"


@pytest.fixture
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


XSS_SPEECH = '<script>alert("xss")</script>與<img src=x onerror=alert(1)>都應顯示為文字'
XSS_DIRECTIVE = "認真對待<b onmouseover=alert(2)>加粗</b>文字。"
XSS_REPORT = f"""安全測試會議紀要
2022年5月5日，副校長王建華主持召開安全測試會議。
王建華在講話中指出，{XSS_SPEECH}。王建華要求，一要{XSS_DIRECTIVE}二要嚴格要求自己。
"""


@pytest.fixture
def archive(transactional_db):
    """The seed reports, and a report full of markup (which must show as text), imported and
    published through the importing service the site itself uses."""
    from minutes.importing import import_files, import_report_text
    from minutes.models import Meeting
    from people.models import Person

    summary = import_files([settings.MINUTES_SEED_REPORTS], status=Meeting.Status.PUBLISHED)
    assert [f.error for f in summary.files] == [None]
    result = import_report_text(XSS_REPORT, file_name="xss.txt", status=Meeting.Status.PUBLISHED)
    assert result.error is None
    return {
        "meetings": {m.name: m for m in Meeting.objects.all()},
        "zhang_guochen": Person.objects.get(name="張國臣"),
        "xss": Meeting.objects.get(name="安全測試會議"),
    }
