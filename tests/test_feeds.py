import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.utils import timezone

from core.partial_dates import Precision
from events import feeds
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def calendar_events(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_atom_feed_lists_published_events_newest_first(client, db):
    factories.EventFactory(
        title="Netanyahu visits Kazakhstan",
        date=datetime.date(2016, 12, 1),
        date_precision=Precision.MONTH,
    )
    factories.EventFactory(
        title="Kazakhstan to join",
        date=datetime.date(2025, 11, 6),
        summary="Announced at the White House & confirmed.",
    )
    factories.EventFactory(title="Secret", draft=True)
    items = entries(client.get("/feeds/events/"))
    assert [item.findtext(f"{ATOM}title") for item in items] == [
        "Kazakhstan to join (6 November 2025)",
        "Netanyahu visits Kazakhstan (December 2016)",
    ]
    first = items[0]
    assert first.find(f"{ATOM}link").get("href").startswith("http://testserver/events/")
    assert first.findtext(f"{ATOM}id").startswith("urn:uuid:")
    assert first.findtext(f"{ATOM}summary") == (
        "Announced at the White House &amp; confirmed."
    )
    assert first.findtext(f"{ATOM}updated")


def test_atom_feed_of_a_country_has_only_its_events(client, event, country):
    factories.EventFactory(title="Elsewhere")
    response = client.get("/feeds/countries/kazakhstan/")
    root = ET.fromstring(response.content)
    assert root.findtext(f"{ATOM}title") == "Accords: events involving Kazakhstan"
    assert [item.findtext(f"{ATOM}title") for item in entries(response)] == [
        "Tokayev meets Rubio (15 September 2020)"
    ]


def test_atom_feed_of_a_draft_or_unknown_country_is_a_404(client, db):
    factories.CountryFactory(slug="hidden", draft=True)
    assert client.get("/feeds/countries/hidden/").status_code == 404
    assert client.get("/feeds/countries/nowhere/").status_code == 404


def test_icalendar_has_day_precision_events_as_all_day_entries(client, db):
    signing = factories.EventFactory(
        title="Abraham Accords signed",
        date=datetime.date(2020, 9, 15),
        place_city="Washington",
    )
    factories.EventFactory(
        title="Summit",
        date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2021, 3, 3),
    )
    response = client.get("/events.ics?from=2020-01-01")
    assert response.status_code == 200
    by_title = {str(entry["SUMMARY"]): entry for entry in calendar_events(response)}
    entry = by_title["Abraham Accords signed"]
    assert entry["DTSTART"].dt == datetime.date(2020, 9, 15)
    assert entry["DTEND"].dt == datetime.date(2020, 9, 16)
    assert entry["LOCATION"] == "Washington"
    assert entry["UID"] == f"{signing.uuid}@testserver"
    assert str(entry["URL"]) == f"http://testserver{signing.get_absolute_url()}"
    assert by_title["Summit"]["DTEND"].dt == datetime.date(2021, 3, 4)
    assert b"DTSTART;VALUE=DATE:20200915" in response.content


@pytest.mark.parametrize(
    ("date_precision", "end_date", "end_date_precision"),
    [
        (Precision.MONTH, None, Precision.DAY),
        (Precision.YEAR, None, Precision.DAY),
        (Precision.DAY, datetime.date(2021, 1, 1), Precision.YEAR),
    ],
)
def test_icalendar_leaves_out_events_not_known_to_the_day(
    client, db, date_precision, end_date, end_date_precision
):
    factories.EventFactory(
        title="Vague",
        date=datetime.date(1992, 1, 1),
        date_precision=date_precision,
        end_date=end_date,
        end_date_precision=end_date_precision,
    )
    factories.EventFactory(title="Exact", date=datetime.date(2020, 9, 15))
    factories.EventFactory(title="Draft", draft=True)
    response = client.get("/events.ics?from=1990-01-01")
    assert [str(e["SUMMARY"]) for e in calendar_events(response)] == ["Exact"]
    assert b"19920101" not in response.content


def test_seeded_feeds_parse(client, seeded):
    assert len(entries(client.get("/feeds/events/"))) >= 10
    assert len(entries(client.get("/feeds/countries/kazakhstan/"))) >= 3
    calendar = client.get("/events.ics?from=2020-01-01")
    summaries = [str(e["SUMMARY"]) for e in calendar_events(calendar)]
    assert "Abraham Accords signed at the White House" in summaries
    assert "Netanyahu visits Kazakhstan" not in summaries


def ics_summaries(client, query=""):
    return [
        str(e["SUMMARY"]) for e in calendar_events(client.get(f"/events.ics{query}"))
    ]


def test_icalendar_serves_the_latest_events_unless_given_a_window(client, db):
    today = timezone.localdate()
    for title, days in (("Old", -4000), ("Recent", -30), ("Planned", 60)):
        factories.EventFactory(title=title, date=today + datetime.timedelta(days))
    # However long ago the latest events were: a calendar is never empty
    # while there are events.
    assert ics_summaries(client) == ["Planned", "Recent", "Old"]
    old = (today - datetime.timedelta(4000)).isoformat()
    recent = (today - datetime.timedelta(30)).isoformat()
    assert ics_summaries(client, f"?from={old}&to={old}") == ["Old"]
    assert ics_summaries(client, f"?to={recent}") == ["Recent", "Old"]
    assert ics_summaries(client, f"?from={recent}") == ["Planned", "Recent"]


def test_the_seed_calendar_holds_the_signing_by_default(client, seeded):
    summaries = ics_summaries(client)
    assert "Abraham Accords signed at the White House" in summaries


def test_icalendar_serves_at_most_its_length_of_the_latest_events(
    client, db, monkeypatch
):
    monkeypatch.setattr(feeds, "CALENDAR_LENGTH", 2)
    for day in (1, 2, 3):
        factories.EventFactory(title=f"Day {day}", date=datetime.date(2020, 9, day))
    assert ics_summaries(client, "?from=2020-01-01") == ["Day 3", "Day 2"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?from=2020-13-01", "“2020-13-01” is not a day; give “from” as YYYY-MM-DD"),
        ("?to=soon", "“soon” is not a day; give “to” as YYYY-MM-DD"),
        ("?from=2021-01-01&to=2020-01-01", "“to” comes before “from”"),
        ("?from=2020-01-01&from=2021-01-01", "Give “from” once."),
    ],
)
def test_icalendar_window_that_is_no_window_is_a_400(client, db, query, message):
    response = client.get(f"/events.ics{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_footer_says_which_events_the_calendar_holds(client, db):
    assert (
        f"the latest {feeds.CALENDAR_LENGTH} events known to the day"
        in client.get("/events/").content.decode()
    )


@pytest.mark.parametrize("size", [10, 300])
@pytest.mark.parametrize(
    ("feed", "queries"), [("events", 2), ("country", 3), ("ical", 1)]
)
def test_feeds_use_a_constant_number_of_queries(
    client, db, django_assert_num_queries, size, feed, queries
):
    site = factories.populate_site(size)
    path = {
        "events": "/feeds/events/",
        "country": f"/feeds/countries/{site['countries'][0].slug}/",
        "ical": "/events.ics",
    }[feed]
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
