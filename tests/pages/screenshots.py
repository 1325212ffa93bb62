"""Screenshots of the public pages at desktop and phone width (run by hand, not by pytest).

    .venv/bin/python tests/pages/screenshots.py http://127.0.0.1:8011 test-output [--prefix pages] [name …]

Names are the keys of ``PAGES`` (paths may be overridden as ``name=/path/``); ``print`` adds a
print-media rendering of the detail page.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "list": "/meetings/",
    "list-filtered": "/meetings/?kind=cadre",
    "detail": "/meetings/1/",
    "detail-highlight": "/meetings/1/#src-directive-1",
    "person": "/people/1/",
    "month": "/archive/2023/7/",
    "unit": "/units/2/",
}
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(base: str, out: str, prefix: str, only: list[str]) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    pages = dict(PAGES)
    wanted = []
    for item in only:
        name, _, path = item.partition("=")
        if path:
            pages[name] = path
        wanted.append(name)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, label in ((1280, "desktop"), (375, "phone")):
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-TW")
            for name, path in pages.items():
                if wanted and name not in wanted or name == "print":
                    continue
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(
                    path=str(folder / f"{prefix}-{name}-{label}.png"), full_page=name != "detail-highlight"
                )
                # The first screen as a reader sees it.
                page.screenshot(path=str(folder / f"{prefix}-{name}-{label}-fold.png"))
            page.close()
        if not wanted or "print" in wanted:
            page = browser.new_page(viewport={"width": 800, "height": 1100}, locale="zh-TW")
            page.emulate_media(media="print")
            page.goto(base + pages.get("print", pages["detail"]))
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(folder / f"{prefix}-detail-print.png"), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("out")
    parser.add_argument("--prefix", default="pages")
    parser.add_argument("only", nargs="*")
    args = parser.parse_intermixed_args()
    main(args.base, args.out, args.prefix, args.only)
