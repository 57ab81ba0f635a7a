"""What readers noticed on phones and in passing: results before the filters,
counts in good English, a future "as of" day, dates typed the ISO way,
right-to-left typing, and "former" for those who left office."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.partial_dates import Precision
from countries.models import Office
from events.models import EventKind
from tests import factories
from tests.browser.conftest import browser_type_launch_args  # noqa: F401
from tests.page_checks import assert_public_page, text

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"
LISTS = {
    "/events/": "Filter these events",
    "/countries/": "Filter these countries",
    "/officials/": "Filter these officials",
}


class _Fields(HTMLParser):
    """Every text box a reader types in, with its attributes (not a
    read-only one that holds code to copy)."""

    TEXT_TYPES = {"text", "search", None}

    def __init__(self):
        super().__init__()
        self.boxes = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "readonly" in attrs:
            return
        if tag == "textarea" or (
            tag == "input" and attrs.get("type") in self.TEXT_TYPES
        ):
            self.boxes.append(attrs)


def text_boxes(response) -> list[dict]:
    parser = _Fields()
    parser.feed(response.content.decode())
    return parser.boxes


# Phones: the results first ---------------------------------------------------


@pytest.mark.parametrize(("path", "link"), LISTS.items())
def test_a_list_shows_its_results_before_its_filter_form(client, event, path, link):
    page = client.get(path)
    html = page.content.decode()

    assert page.status_code == 200
    assert_public_page(page)
    results = html.index('<section class="results"')
    assert results < html.index('<form id="filters"')
    # The way down to the form comes first in the results.
    assert html.index(f'<a href="#filters">{link}</a>') < html.index(
        'class="result-count"'
    )


def test_wide_screens_put_the_filters_beside_the_results_in_the_same_order():
    css = CSS.read_text()
    wide = css.split("@media (min-width: 56rem) {", 1)[1].split("\n}\n", 1)[0]

    assert re.search(
        r"\.with-sidebar \{[^}]*grid-template-columns: minmax\(0, 1fr\) 17rem;", wide
    )
    # Reading and keyboard order stay the order of the HTML.
    assert not re.search(r"\border\s*:", css)


def test_on_a_phone_the_first_result_is_on_the_first_screen(
    page, live_server, transactional_db
):
    for n in range(3):
        factories.EventFactory(title=f"Meeting {n}")
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(live_server.url + "/events/?kind=meeting")

    first = page.locator(".results .card-list > li").first.bounding_box()
    form = page.locator("#filters").bounding_box()
    assert first["y"] + 20 < 700
    assert form["y"] > first["y"]

    page.set_viewport_size({"width": 1280, "height": 800})
    first = page.locator(".results .card-list > li").first.bounding_box()
    form = page.locator("#filters").bounding_box()
    assert form["x"] > first["x"] + first["width"]


# Counts ------------------------------------------------------------------------


def test_one_event_matches_and_two_events_match(client, db):
    factories.EventFactory(kind=EventKind.SIGNING)
    assert "1 event matches these filters." in text(client.get("/events/?kind=signing"))

    factories.EventFactory(kind=EventKind.SIGNING)
    assert "2 events match these filters." in text(client.get("/events/?kind=signing"))


def test_an_unfiltered_list_only_counts(client, db):
    factories.EventFactory()

    assert "1 event." in text(client.get("/events/"))


# "As of" a day it cannot show ------------------------------------------------


def test_as_of_a_future_day_says_it_has_not_come_yet(client, db):
    future = timezone.localdate() + datetime.timedelta(days=400)

    response = client.get(f"/as-of/{future.isoformat()}/")

    assert response.status_code == 404
    page = text(response)
    assert (
        f"{future.isoformat()} has not come yet: the site shows what is known up "
        "to today." in page
    )
    assert "draft" not in page
    assert '<a href="/">Where the accords stand today</a>' in response.content.decode()
    assert_public_page(response)


def test_as_of_a_day_the_calendar_lacks_says_so(client, db):
    response = client.get("/as-of/2021-02-29/")

    assert response.status_code == 404
    page = text(response)
    assert "2021-02-29 is not a day of the calendar" in page
    assert "draft" not in page


# The date box ------------------------------------------------------------------


def test_the_home_date_box_shows_the_iso_date_its_help_text_speaks_of(client, db):
    response = client.get("/")
    [box] = [attrs for attrs in text_boxes(response) if attrs.get("name") == "date"]

    assert box.get("type") == "text"
    assert box["value"] == timezone.localdate().isoformat()
    assert box["pattern"] == "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    assert "YYYY-MM-DD, for example 2020-09-15." in text(response)


def test_the_date_box_still_turns_a_bad_date_into_a_message(client, db):
    response = client.get("/as-of/", {"date": "11/30/2026"})

    assert response.status_code == 400
    assert "Enter a real date as YYYY-MM-DD, for example 2020-09-15." in text(response)


# Right-to-left typing ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/countries/",
        "/officials/",
        "/search/?q=%D7%90%D7%91%D7%A8%D7%94%D7%9D",
        "/as-of/",
        "/no-such-page/",
    ],
)
def test_every_text_box_of_a_public_page_follows_the_direction_typed(
    client, event, path
):
    boxes = text_boxes(client.get(path))

    assert boxes
    assert [box.get("name") for box in boxes if box.get("dir") != "auto"] == []


# "Former" ----------------------------------------------------------------------


@pytest.fixture
def former_president(kazakhstan):
    """Nazarbayev, President until Tokayev took over (the kazakhstan fixture)."""
    official = factories.OfficialFactory(
        name="Nursultan Nazarbayev", slug="nursultan-nazarbayev", country=kazakhstan
    )
    factories.PositionFactory(
        official=official,
        office=Office.objects.get(title="President", country=kazakhstan),
        start=datetime.date(1991, 12, 1),
        start_precision=Precision.MONTH,
        end=datetime.date(2019, 3, 20),
    )
    return official


def test_a_country_page_calls_a_past_office_holder_former(client, former_president):
    page = text(client.get("/countries/kazakhstan/"))

    assert "Nursultan Nazarbayev , former President" in page
    assert "Kassym-Jomart Tokayev , President" in page


def test_the_officials_list_calls_a_past_office_holder_former(client, former_president):
    response = client.get("/officials/")
    cards = {
        official.name: official.former_title
        for official in response.context["officials"]
    }

    assert cards["Nursultan Nazarbayev"] == "President"
    assert "Former President" in text(response)
    # Tokayev holds the office today: the title alone.
    assert text(response).count("Former President") == 1


def test_search_results_call_a_past_office_holder_former(client, former_president):
    page = text(client.get("/search/", {"q": "Nazarbayev"}))

    assert "Nursultan Nazarbayev , Kazakhstan: former President" in page


def test_an_official_page_calls_a_past_office_holder_former(client, former_president):
    response = client.get("/officials/nursultan-nazarbayev/")

    assert '<p class="lead">Former President</p>' in response.content.decode()
    assert response.context["former_position"].office.title == "President"


def test_someone_back_in_office_is_not_former(client, kazakhstan, former_president):
    factories.PositionFactory(
        official=former_president,
        office=factories.OfficeFactory(title="Senator for life", country=kazakhstan),
        start=datetime.date(2019, 3, 21),
    )

    page = text(client.get("/countries/kazakhstan/"))

    assert "Nursultan Nazarbayev , Senator for life" in page
    assert "former" not in page.lower().split("officials", 1)[1].split("events")[0]


def test_former_titles_take_no_query_of_their_own(client, kazakhstan):
    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    factories.nazarbayev(factories.CountryFactory())
    few = {path: queries(path) for path in ("/officials/", "/countries/kazakhstan/")}
    for n in range(10):
        official = factories.OfficialFactory(country=kazakhstan)
        factories.PositionFactory(
            official=official,
            office=factories.OfficeFactory(title=f"Minister {n}", country=kazakhstan),
            start=datetime.date(2000, 1, 1),
            end=datetime.date(2001, 1, 1),
        )

    many = {path: queries(path) for path in few}

    assert many == few
