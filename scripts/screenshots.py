"""Screenshots of the home page and an event page for the README.

Starts a throwaway copy of the site (seed data loaded, see local_site.py),
photographs two pages in Debian's headless Chromium through Playwright, and
writes docs/screenshots/home.png and docs/screenshots/event.png.

    make screenshots        # or: .venv/bin/python scripts/screenshots.py
"""

import sys
import tempfile
from pathlib import Path

from local_site import (
    ROOT,
    SCREENSHOTS,
    VIEWPORT,
    free_port,
    launch_chromium,
    manage,
    start_server,
    stop_server,
    throwaway_env,
)

# The 2020 White House signing: a photo, participants and sources on one page.
EVENT_PATH = "/events/abraham-accords-signing-2020/"


def photograph(base: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        # Nothing but the local copy may be fetched.
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(base)
                else route.abort()
            ),
        )
        for name, path in (("home", "/"), ("event", EVENT_PATH)):
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status != 200:
                status = response.status if response else "no response"
                sys.exit(f"{path} answered {status}; is the seed loaded?")
            target = SCREENSHOTS / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"wrote {target.relative_to(ROOT)}")
        browser.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="accords-screens-") as scratch:
        env = throwaway_env(Path(scratch), DJANGO_SERVE_MEDIA="1")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_seed")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        port = free_port()
        server = start_server(env, port)
        try:
            photograph(f"http://127.0.0.1:{port}")
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
