"""Every screenshot in the README, made again from the seed data.

Starts a throwaway copy of the site (its own database, seed loaded, two
editors with generated passwords; see local_site.py), photographs it in
Debian's headless Chromium through Playwright, and writes to docs/screenshots/:

- home.png and event.png, the public home page and the 2020 signing's page;
  home-he.png, event-he.png, home-ar.png and event-ar.png, the same in Hebrew
  and Arabic (right to left);
- map.png and map-phone.png, the home page's map on a desktop and on a phone;
- countries-table.png and chart.png, the comparison table and the accords
  over time;
- admin-dashboard.png, admin-event-form.png, admin-conflict.png and
  admin-event-history.png, the editors' admin (see admin_screenshots.py).

    make screenshots        # or: .venv/bin/python scripts/screenshots.py
"""

import sys

import local_site
from admin_screenshots import EDITORS
from admin_screenshots import photograph as photograph_admin

# The 2020 White House signing: a photo, participants and sources on one page.
EVENT_PATH = "/events/abraham-accords-signing-2020/"


# Whole pages, and parts of one (a CSS selector): (name, path, part).
PAGES = [
    ("home", "/", None),
    ("event", EVENT_PATH, None),
    ("map", "/", ".map-panel"),
    ("countries-table", "/countries/?view=table&ordering=-signatory", None),
    ("chart", "/timeline/chart/", "main"),
    *[
        (f"{name}-{language}", f"/{language}{path}", None)
        for language in ("he", "ar")
        for name, path in (("home", "/"), ("event", EVENT_PATH))
    ],
]
# The map as a phone shows it: every signatory must stay visible.
PHONE = {"width": 390, "height": 844}


def photograph_public(browser, base: str) -> None:
    for viewport, pages in (
        (local_site.VIEWPORT, PAGES),
        (PHONE, [("map-phone", "/", ".map-panel")]),
    ):
        context = browser.new_context(viewport=viewport)
        local_site.local_only(context, base)
        page = context.new_page()
        for name, path, part in pages:
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                sys.exit(f"{path} answered {status}; is the seed loaded?")
            target = local_site.SCREENSHOTS / f"{name}.png"
            if part:
                page.locator(part).first.screenshot(path=str(target))
            else:
                page.screenshot(path=str(target), full_page=True)
            print(f"wrote {target.relative_to(local_site.ROOT)}")
        context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    with (
        local_site.throwaway_site(EDITORS) as (base, passwords),
        sync_playwright() as pw,
    ):
        browser = local_site.launch_chromium(pw)
        try:
            photograph_public(browser, base)
            photograph_admin(browser, base, passwords)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
