"""The map on a phone, measured in the browser, and skipped with the keyboard."""

import datetime

import pytest
from playwright.sync_api import expect

from countries.models import Role
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gulf(db):
    for iso2, name, slug in (("BH", "Bahrain", "bahrain"), ("AE", "UAE", "uae")):
        country = factories.CountryFactory(iso2=iso2, name=name, slug=slug)
        factories.StatusChangeFactory(country=country, date=datetime.date(2020, 9, 15))
    factories.CountryFactory(iso2="IL", name="Israel", slug="israel", role=Role.PARTY)


def test_bahrain_and_israel_are_a_few_millimetres_across_on_a_phone(
    watched_page, live_server, gulf
):
    page = watched_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    for iso2 in ("BH", "IL"):
        box = page.locator(f".world-map-svg [data-iso='{iso2}'] circle").bounding_box()
        # 12 CSS px: about 3 mm.
        assert box["width"] >= 11.5 and box["height"] >= 11.5, iso2
    inset = page.locator(".world-map-inset")
    expect(inset).to_be_visible()
    expect(inset.get_by_text("Bahrain")).to_be_visible()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert page.console_errors == [] and page.foreign_requests == []


def test_skip_the_map_moves_focus_to_the_list(watched_page, live_server, gulf):
    page = watched_page
    page.goto(live_server.url + "/")
    skip = page.get_by_role("link", name="Skip the map")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#status-lists")).to_be_focused()
    # From the list, the next stop is the list's first link, not the map's.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bahrain", exact=True)).to_be_focused()


def test_the_world_view_works_without_javascript(browser, live_server, gulf):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="World", exact=True).click()
    expect(page).to_have_url(live_server.url + "/?map=world")
    expect(page.locator("figure.world-map--world")).to_be_visible()
    context.close()
