"""Screenshots of the editors' admin for the README, written to docs/screenshots/:

- admin-conflict.png: two editors change the 2020 signing's summary at once;
  the second one's save shows both values side by side with a choice;
- admin-event-form.png: the event's form once the second editor has chosen;
- admin-event-history.png: its history, the two saves as readable differences;
- admin-dashboard.png: the admin index ("Your desk") of the first editor.

Part of `make screenshots` (scripts/screenshots.py), which makes every README
image; run alone, it starts its own throwaway copy of the site (seed loaded,
the two editors created with generated passwords; see local_site.py):

    .venv/bin/python scripts/admin_screenshots.py
"""

import sys

from local_site import (
    ROOT,
    SCREENSHOTS,
    VIEWPORT,
    launch_chromium,
    local_only,
    throwaway_site,
)

# Two made-up editors: username and full name (the admin shows the name).
EDITORS = {"dana": "Dana Levi", "omar": "Omar Haddad"}
# The 2020 White House signing: participants, sources and a photo on one form.
EVENT_SEARCH = "abraham-accords-signing-2020"
# What each editor does to its summary: a spelling, and a wording of the place.
FIRST_EDIT = ("normalising", "normalizing")
SECOND_EDIT = ("at the White House", "on the South Lawn of the White House")
# A draft each, so that the dashboard has something on its desk.
DRAFTS = [
    {
        "title": "Negev Summit",
        "kind": "meeting",
        "date": "2022-03-27",
        "summary": "The foreign ministers of Israel, the United States, the United "
        "Arab Emirates, Bahrain, Morocco and Egypt met at Sde Boker in the Negev.",
    },
    {
        "title": "Fifth anniversary of the Abraham Accords",
        "kind": "statement",
        "date": "2025-09-15",
        "summary": "Statements marking five years since the signing at the "
        "White House.",
    },
]
MARGIN = 24


def log_in(browser, base: str, username: str, password: str):
    context = browser.new_context(viewport=VIEWPORT)
    local_only(context, base)
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")
    if page.locator("#login-form").count():
        sys.exit(f"Could not log in as {username}.")
    return page


def edit_summary(page, old: str, new: str) -> None:
    summary = page.input_value("#id_summary")
    if old not in summary:
        sys.exit(f"The summary no longer says “{old}”: update admin_screenshots.py.")
    page.fill("#id_summary", summary.replace(old, new, 1))


def add_draft(page, base: str, draft: dict) -> None:
    page.goto(f"{base}/admin/events/event/add/")
    page.fill("#id_title", draft["title"])
    page.select_option("#id_kind", draft["kind"])
    page.fill("#id_date", draft["date"])
    page.fill("#id_summary", draft["summary"])
    with page.expect_navigation():
        page.click("input[name=_save]")
    if not page.locator(".messagelist .success").count():
        sys.exit(f"Could not save the draft “{draft['title']}”.")


def save(page) -> None:
    with page.expect_navigation():
        page.click("input[name=_continue]")


def shoot(page, name: str, *, down_to: str | None = None) -> None:
    """The page from its top, down to the bottom of ``down_to`` (at least the
    viewport's height), or the whole page."""
    target = SCREENSHOTS / name
    page.wait_for_load_state("networkidle")
    # A form with errors scrolls to them; photograph from the top.
    page.evaluate("window.scrollTo(0, 0)")
    if down_to is None:
        page.screenshot(path=target, full_page=True)
    else:
        box = page.locator(down_to).first.bounding_box()
        if box is None:
            sys.exit(f"{name}: nothing matches {down_to} on {page.url}")
        height = max(VIEWPORT["height"], box["y"] + box["height"] + MARGIN)
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height}
        page.screenshot(path=target, full_page=True, clip=clip)
    print(f"wrote {target.relative_to(ROOT)}")


def photograph(browser, base: str, passwords: dict[str, str]) -> None:
    first, second = (log_in(browser, base, u, p) for u, p in passwords.items())
    add_draft(second, base, DRAFTS[0])
    add_draft(first, base, DRAFTS[1])

    # Both open the event before either saves.
    first.goto(f"{base}/admin/events/event/?q={EVENT_SEARCH}")
    with first.expect_navigation():
        first.click("#result_list tbody tr:first-child th a")
    second.goto(first.url)

    edit_summary(first, *FIRST_EDIT)
    save(first)
    first.wait_for_selector(".messagelist .success")

    edit_summary(second, *SECOND_EDIT)
    save(second)
    second.wait_for_selector("#merge-conflicts")
    shoot(second, "admin-conflict.png", down_to="#merge-conflicts")

    second.check("#merge-conflicts input[type=radio][value=yours]")
    save(second)
    second.wait_for_selector(".messagelist .success")
    shoot(second, "admin-event-form.png", down_to=".inline-group >> nth=1")

    with second.expect_navigation():
        second.click("a.historylink")
    shoot(second, "admin-event-history.png", down_to="#content-main")

    first.goto(f"{base}/admin/")
    shoot(first, "admin-dashboard.png", down_to="#desk-recent tbody tr >> nth=4")

    for page in (first, second):
        page.context.close()


def main() -> None:
    from playwright.sync_api import sync_playwright

    with throwaway_site(EDITORS) as (base, passwords), sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            photograph(browser, base, passwords)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
