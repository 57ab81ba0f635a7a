"""A reader's path through the public site in headless Chromium."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from countries.models import AccordsStatus
from events.models import EventKind
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_data(db):
    kazakhstan = factories.CountryFactory(
        iso2="KZ", iso3="KAZ", name="Kazakhstan", slug="kazakhstan"
    )
    israel = factories.CountryFactory(
        iso2="IL", iso3="ISR", name="Israel", slug="israel", role="party"
    )
    factories.StatusChangeFactory(
        country=kazakhstan,
        status=AccordsStatus.ANNOUNCED,
        date=datetime.date(2025, 11, 6),
    )
    factories.DiplomaticRelationFactory(country=kazakhstan)
    factories.MissionFactory(sending_country=kazakhstan, host_country=israel)
    factories.netanyahu_visit(kazakhstan, countries=[kazakhstan, israel])
    factories.EventFactory(
        title="Kazakhstan to join the Abraham Accords",
        kind=EventKind.ANNOUNCEMENT,
        date=datetime.date(2025, 11, 6),
        countries=[kazakhstan],
    )


def assert_clean(page):
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_reader_goes_from_home_to_a_country_an_event_and_an_official(
    watched_page, live_server, site_data
):
    page = watched_page
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The Abraham Accords today"
    )
    expect(page.get_by_role("link", name="Kazakhstan: announced")).to_be_visible()

    announced = page.get_by_role("region", name=re.compile(r"^Announced"))
    announced.get_by_role("link", name="Kazakhstan").click()
    expect(page).to_have_url(re.compile(r"/countries/kazakhstan/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kazakhstan")
    expect(
        page.get_by_text("Diplomatic relations established April 1992")
    ).to_be_visible()

    page.get_by_role("link", name="Netanyahu visits Kazakhstan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Netanyahu visits Kazakhstan"
    )
    page.get_by_role("link", name="then-President Nursultan Nazarbayev").click()
    expect(page).to_have_url(re.compile(r"/officials/nursultan-nazarbayev/$"))
    expect(page.get_by_text("December 1991 – 20 March 2019")).to_be_visible()
    assert_clean(page)


def test_reader_filters_events_with_the_form(watched_page, live_server, site_data):
    page = watched_page
    page.goto(live_server.url + "/events/")
    expect(page.get_by_text("2 events.")).to_be_visible()

    page.get_by_label("Kind").select_option(label="State visit")
    page.get_by_label("From").fill("2016-12-05")
    page.get_by_role("button", name="Show events").click()
    expect(page).to_have_url(re.compile(r"kind=state-visit.*date_after=2016-12-05"))
    expect(page.get_by_text("1 event matches these filters.")).to_be_visible()
    expect(page.get_by_role("link", name="Netanyahu visits Kazakhstan")).to_be_visible()

    page.get_by_label("Kind").select_option(label="Conflict")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_text("No events match these filters")).to_be_visible()
    assert_clean(page)


def test_a_bad_filter_value_shows_what_to_change(watched_page, live_server, site_data):
    page = watched_page
    response = page.goto(live_server.url + "/events/?date_from=2020-13-01")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text(
        "the month must be between 01 and 12"
    )
    page.get_by_role("alert").get_by_role("link", name="From").click()
    expect(page.get_by_label("From")).to_be_focused()
    # The console reports the 400 itself; nothing else may go wrong.
    assert all("400" in error for error in page.console_errors)
    assert page.foreign_requests == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/events/netanyahu-visits-kazakhstan/",
        "/countries/?view=table",
        "/timeline/chart/",
    ],
)
def test_pages_fit_a_320_pixel_screen(watched_page, live_server, site_data, path):
    page = watched_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + path)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_clean(page)


def test_skip_link_moves_focus_to_the_content(watched_page, live_server, site_data):
    page = watched_page
    page.goto(live_server.url + "/events/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
