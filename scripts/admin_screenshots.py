"""Screenshots of the editors' admin for the README: an event's change form and
its history page, written to docs/screenshots/admin-event-form.png and
docs/screenshots/admin-event-history.png.

Run it against a throwaway copy of the site with the seed loaded, never the
real one: with --demo-edit it saves one edit so that the history page has a
field-by-field difference to show.

    export DATABASE_URL=sqlite:////tmp/accords-admin-shots.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_seed
    .venv/bin/python manage.py add_editor dana --create
    .venv/bin/python manage.py changepassword dana
    .venv/bin/python manage.py runserver 127.0.0.1:8011 &
    ACCORDS_SCREENSHOT_PASSWORD=... .venv/bin/python scripts/admin_screenshots.py \\
        --user dana --demo-edit
"""

import argparse
import os
import sys

from local_site import SCREENSHOTS as OUT
from local_site import VIEWPORT, launch_chromium
from playwright.sync_api import sync_playwright

# The 2020 White House signing: participants, sources and a photo on one form.
EVENT_SEARCH = "abraham-accords-signing-2020"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8011")
    parser.add_argument("--user", required=True, help="an editor's username")
    parser.add_argument(
        "--event", default=EVENT_SEARCH, help="admin search that finds the event"
    )
    parser.add_argument(
        "--demo-edit",
        action="store_true",
        help="save one edit of the event first (throwaway databases only)",
    )
    args = parser.parse_args()
    password = os.environ.get("ACCORDS_SCREENSHOT_PASSWORD")
    if not password:
        sys.exit("Set ACCORDS_SCREENSHOT_PASSWORD to the editor's password.")

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{args.base_url}/admin/login/")
        page.fill("#id_username", args.user)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        if page.locator("#login-form").count():
            sys.exit("Could not log in: check the username and password.")

        page.goto(f"{args.base_url}/admin/events/event/?q={args.event}")
        page.click("#result_list tbody tr:first-child th a")
        if args.demo_edit:
            # A wording change, as an editor might make: the history shows it.
            summary = page.input_value("#id_summary")
            page.fill("#id_summary", summary.replace("normalising", "normalizing", 1))
            page.click("input[name=_continue]")
            page.wait_for_selector(".messagelist")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / "admin-event-form.png", full_page=True)

        page.click("a.historylink")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / "admin-event-history.png", full_page=True)
        browser.close()
    for name in ("admin-event-form.png", "admin-event-history.png"):
        print(OUT / name)


if __name__ == "__main__":
    main()
