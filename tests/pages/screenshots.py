"""Screenshots of the public pages at desktop and phone width (run by hand, not by pytest).

    .venv/bin/python tests/pages/screenshots.py http://127.0.0.1:8011 test-output
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "list": "/meetings/",
    "detail": "/meetings/1/",
    "detail-highlight": "/meetings/1/#src-directive-1",
    "person": "/people/1/",
    "month": "/archive/2023/7/",
    "unit": "/units/2/",
}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(base: str, out: str, only: list[str]) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, label in ((1280, "desktop"), (375, "phone")):
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-TW")
            for name, path in PAGES.items():
                if only and name not in only:
                    continue
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(folder / f"pages-{name}-{label}.png"), full_page=name != "detail-highlight")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
