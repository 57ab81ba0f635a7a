import datetime
import html
import re

import pytest

from core.partial_dates import Precision
from countries.models import AccordsStatus
from events import views
from events.models import EventKind
from tests import factories
from tests.conftest import grant, query_counts
from tests.page_checks import assert_public_page, get_public_page, outline, text


def slugs(response) -> list[str]:
    return [event.slug for event in response.context["events"]]


# Events list ------------------------------------------------------------------


def test_events_list_shows_published_events_newest_first(client, db):
    factories.EventFactory(slug="older", date=datetime.date(2016, 12, 1))
    factories.EventFactory(slug="newer", date=datetime.date(2025, 11, 6))
    factories.EventFactory(slug="hidden", draft=True)
    response = get_public_page(client, "/events/")
    assert slugs(response) == ["newer", "older"]
    assert "2 events." in text(response)


def test_events_list_filters_by_kind(client, db):
    factories.EventFactory(slug="signing", kind=EventKind.SIGNING)
    factories.EventFactory(slug="meeting", kind=EventKind.MEETING)
    assert slugs(client.get("/events/", {"kind": "signing"})) == ["signing"]


def test_events_list_filters_by_country(client, event, country):
    factories.EventFactory(slug="elsewhere")
    assert slugs(client.get("/events/", {"country": "KZ"})) == [event.slug]


def test_events_list_filters_by_official(client, event, official):
    factories.ParticipantFactory(event=factories.EventFactory(slug="someone-else"))
    response = client.get("/events/", {"official": official.slug})
    assert slugs(response) == [event.slug]


def test_events_list_filters_by_text_in_title_and_summary(client, db):
    factories.EventFactory(slug="visit", title="Netanyahu visits Kazakhstan")
    factories.EventFactory(slug="forum", summary="Witkoff spoke in Florida.")
    factories.EventFactory(slug="other")
    assert slugs(client.get("/events/", {"q": "visits kazakh"})) == ["visit"]
    assert slugs(client.get("/events/", {"q": "florida"})) == ["forum"]


def test_date_filter_treats_a_month_precision_event_as_its_whole_month(client, db):
    factories.EventFactory(
        slug="december",
        date=datetime.date(2020, 12, 1),
        date_precision=Precision.MONTH,
    )
    factories.EventFactory(slug="november-30", date=datetime.date(2020, 11, 30))
    factories.EventFactory(slug="january", date=datetime.date(2021, 1, 6))
    response = client.get("/events/", {"date_after": "2020-12-05"})
    assert slugs(response) == ["january", "december"]
    response = client.get(
        "/events/", {"date_after": "2020-12-05", "date_before": "2020-12-31"}
    )
    assert slugs(response) == ["december"]


def test_date_filter_accepts_a_year_or_a_month(client, db):
    factories.EventFactory(slug="in-1992", date=datetime.date(1992, 4, 1))
    factories.EventFactory(slug="in-2016", date=datetime.date(2016, 12, 26))
    assert slugs(client.get("/events/", {"date_before": "1992"})) == ["in-1992"]
    response = client.get(
        "/events/", {"date_after": "2016-12", "date_before": "2016-12"}
    )
    assert slugs(response) == ["in-2016"]


def test_filters_combine_and_stay_in_the_form(client, event, country):
    response = client.get(
        "/events/", {"kind": "meeting", "country": "KZ", "date_after": "2020"}
    )
    assert slugs(response) == [event.slug]
    content = response.content.decode()
    assert '<option value="meeting" selected>' in content
    assert '<option value="KZ" selected>' in content
    assert 'value="2020"' in content


def test_empty_result_says_what_to_change(client, event):
    response = client.get("/events/", {"kind": "conflict"})
    assert response.status_code == 200
    page = text(response)
    assert "No events match these filters" in page
    assert "Try fewer filters" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_after": "2020-13-01"}, "the month must be between 01 and 12"),
        ({"date_before": "2021-02-30"}, "February 2021 has days 01 to 28"),
        ({"date_after": "yesterday"}, "is not a date"),
        ({"date_after": "2021", "date_before": "2020"}, "swap the two dates"),
        ({"kind": "nonsense"}, "“nonsense” is not a kind of event"),
        ({"country": "atlantis"}, "“atlantis” is malformed; give a country's ISO"),
        ({"official": "no body"}, "“no body” is malformed; give an official's slug"),
        ({"page": "abc"}, "The page must be a whole number"),
        ({"page": "-1"}, "Pages start at 1"),
        ({"q": "x" * 5000}, "Search for at most 200 characters"),
        ({"q": "nul\x00byte"}, "Null characters are not allowed"),
    ],
)
def test_bad_query_values_get_a_400_with_a_clear_message(client, event, query, message):
    response = client.get("/events/", query)
    assert response.status_code == 400
    assert message in text(response)
    assert response.context["events"] == []
    assert_public_page(response)


def test_a_page_past_the_end_is_a_404_that_links_to_the_first(client, db):
    factories.EventFactory.create_batch(21)
    response = client.get("/events/", {"page": "3", "kind": "meeting"})
    assert response.status_code == 404
    page = text(response)
    assert "There is no page 3" in page
    assert "These results end before it." in page
    assert b'href="?kind=meeting"' in response.content


def test_a_page_number_beyond_the_numbered_pages_is_a_404_that_says_why(client, db):
    factories.EventFactory()
    response = client.get("/events/", {"page": "999999", "kind": "meeting"})
    assert response.status_code == 404
    assert "Pages are numbered up to 20; beyond, the Next link" in text(response)
    assert b'href="?page=20&amp;kind=meeting"' in response.content


def test_a_made_up_cursor_is_a_400(client, db):
    factories.EventFactory()
    response = client.get("/events/", {"cursor": "abc"})
    assert response.status_code == 400
    assert "does not lead to a page of events" in text(response)
    assert_public_page(response)


def test_events_list_is_paginated_with_filters_kept(client, db):
    factories.EventFactory.create_batch(25, kind=EventKind.SIGNING)
    response = client.get("/events/", {"kind": "signing"})
    assert len(response.context["events"]) == 20
    assert "25 events match these filters; showing 1–20." in text(response)
    assert b'href="?kind=signing&amp;page=2" rel="next"' in response.content
    response = client.get("/events/", {"kind": "signing", "page": "2"})
    assert len(response.context["events"]) == 5
    assert "Page 2" in text(response)
    assert b'href="?kind=signing" rel="prev"' in response.content


def next_link(response) -> str | None:
    found = re.search(r'href="([^"]*)" rel="next"', response.content.decode())
    return found and "/events/" + html.unescape(found[1])


def test_beyond_the_numbered_pages_next_links_carry_a_cursor_and_skip_nothing(
    client, db, monkeypatch
):
    monkeypatch.setitem(views.event_list.view_initkwargs, "numbered_pages", 2)
    monkeypatch.setitem(views.event_list.view_initkwargs, "paginate_by", 3)
    events = factories.EventFactory.create_batch(11, date=datetime.date(2020, 9, 15))
    url, seen, added = "/events/", [], False
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += [event.slug for event in response.context["events"]]
        if "cursor=" in url and not added:
            # Rows added ahead of the reader neither repeat nor shift the rest.
            factories.EventFactory(date=datetime.date(2030, 1, 1))
            added = True
        url = next_link(response)
    assert sorted(seen) == sorted(event.slug for event in events)
    assert len(seen) == len(set(seen))


def test_the_count_stops_at_its_limit(client, db, monkeypatch):
    monkeypatch.setattr(views.event_list.view_class, "count_limit", 3)
    factories.EventFactory.create_batch(5, kind=EventKind.SIGNING)
    assert "3+ events match these filters" in text(
        client.get("/events/", {"kind": "signing"})
    )


def test_drafts_are_listed_for_users_who_may_preview_them(client, staff_user):
    factories.EventFactory(slug="draft", draft=True)
    client.force_login(grant(staff_user, "view_event"))
    response = client.get("/events/")
    assert slugs(response) == ["draft"]
    assert "Draft" in text(response)


# Event page -------------------------------------------------------------------


@pytest.fixture
def state_visit(country):
    israel = factories.CountryFactory(name="Israel", slug="israel")
    netanyahu = factories.OfficialFactory(name="Benjamin Netanyahu", country=israel)
    factories.PositionFactory(
        official=netanyahu,
        office=factories.OfficeFactory(title="Prime Minister", country=israel),
        start=datetime.date(2009, 3, 31),
        end=None,
    )
    visit = factories.netanyahu_visit(
        country,
        place_city="Astana",
        place_country=country,
        countries=[country, israel],
        body="The **first** visit.\n\n<script>alert(1)</script>"
        '<a href="javascript:alert(1)">x</a>',
    )
    factories.ParticipantFactory(event=visit, official=netanyahu, role="visitor")
    factories.ParticipantFactory(
        event=visit, official=None, name="An interpreter", role="aide"
    )
    factories.cite(
        visit,
        quote="meeting with then-president Nursultan Nazarbayev",
        archive_url="https://web.archive.org/web/2025/ynet",
    )
    return visit


def test_event_page_names_participants_with_their_role_at_the_time(client, state_visit):
    page = text(get_public_page(client, "/events/netanyahu-visits-kazakhstan/"))
    assert "then-President Nursultan Nazarbayev" in page
    assert "Prime Minister Benjamin Netanyahu" in page
    assert "then-Prime Minister" not in page
    assert "An interpreter" in page


def test_event_page_shows_date_at_its_precision_place_and_countries(
    client, state_visit
):
    response = client.get(state_visit.get_absolute_url())
    page = text(response)
    assert "Date December 2016" in page
    assert "1 December 2016" not in page
    assert b'<time datetime="2016-12">December 2016</time>' in response.content
    assert "Place Astana, Kazakhstan" in page
    assert "Countries Israel Kazakhstan" in page


def test_event_page_body_is_sanitised_on_output(client, state_visit):
    # Simulate a body stored before the allowlist was tightened.
    type(state_visit).objects.filter(pk=state_visit.pk).update(
        body_html='<p onclick="x()">Hi</p><script>alert(1)</script><iframe></iframe>'
    )
    content = client.get(state_visit.get_absolute_url()).content.decode()
    assert "<p>Hi</p>" in content
    assert "<script>" not in content
    assert "onclick" not in content
    assert "<iframe" not in content


def test_event_page_shows_sources_with_links_quotes_and_archive(client, state_visit):
    response = client.get(state_visit.get_absolute_url())
    content = response.content.decode()
    assert "meeting with then-president Nursultan Nazarbayev" in content
    assert 'href="https://web.archive.org/web/2025/ynet"' in content
    assert 'href="https://www.ynetnews.com/article/' in content


def test_event_page_shows_photos_with_caption_credit_alt_and_srcset(client, event):
    factories.PhotoFactory(
        event=event,
        image=factories.jpeg_file(size=(1200, 800)),
        caption="Leaders wave from the White House balcony.",
        credit="Alex Brandon/AP",
        alt_text="Four men waving from a balcony.",
    )
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert "Leaders wave from the White House balcony." in content
    assert "(Photo: Alex Brandon/AP)" in content
    assert 'alt="Four men waving from a balcony."' in content
    assert " 320w, " in content and " 1200w" in content
    assert 'width="640" height="427"' in content
    assert outline(response).meta["og:image"].startswith("http://testserver/media/")


def test_event_page_has_open_graph_tags_and_breadcrumbs(client, event):
    response = client.get(event.get_absolute_url())
    meta = outline(response).meta
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Tokayev meets Rubio"
    assert meta["og:url"] == "http://testserver/events/tokayev-meets-rubio/"
    assert meta["og:description"] == "Leaders met."
    assert b'<span aria-current="page">Tokayev meets Rubio</span>' in response.content


def test_event_page_lists_the_status_changes_it_caused(client, event, country):
    change = factories.StatusChangeFactory(
        country=country, status=AccordsStatus.ANNOUNCED
    )
    event.status_changes.add(change)
    assert "Kazakhstan : Announced, 15 September 2020" in text(
        client.get(event.get_absolute_url())
    )


def test_draft_participant_is_named_but_not_linked(client, event):
    hidden = factories.OfficialFactory(name="Hidden Person", draft=True)
    factories.ParticipantFactory(event=event, official=hidden)
    content = client.get(event.get_absolute_url()).content.decode()
    assert "Hidden Person" in content
    assert hidden.get_absolute_url() not in content


def test_seeded_2016_visit_names_nazarbayev_as_then_president(client, seeded):
    page = text(client.get("/events/netanyahu-visits-kazakhstan-2016/"))
    assert "then-President Nursultan Nazarbayev" in page
    assert "December 2016" in page


def test_seeded_2020_signing_shows_its_photo_credit(client, seeded):
    response = client.get("/events/abraham-accords-signing-2020/")
    assert response.status_code == 200
    assert "(Photo: Alex Brandon/AP)" in text(response)
    assert "15 September 2020" in text(response)


def test_unknown_event_is_a_404_in_the_site_style(client, db):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert b"/static/css/site.css" in response.content


# Timeline ---------------------------------------------------------------------


def test_timeline_groups_less_precise_events_apart_never_on_the_first(client, db):
    factories.EventFactory(
        slug="consular",
        title="Consular ties",
        date=datetime.date(1992, 4, 1),
        date_precision=Precision.MONTH,
    )
    factories.EventFactory(
        slug="embassies",
        title="Embassies open",
        date=datetime.date(1992, 1, 1),
        date_precision=Precision.YEAR,
    )
    factories.EventFactory(
        slug="recognition", title="Recognition", date=datetime.date(1992, 4, 10)
    )
    response = get_public_page(client, "/timeline/")
    [year] = response.context["timeline"]
    assert year["year"] == 1992
    assert [
        (group["label"], [e.slug for e in group["events"]]) for group in year["groups"]
    ] == [
        ("April 1992", ["recognition"]),
        ("April 1992, day not known", ["consular"]),
        ("1992, month not known", ["embassies"]),
    ]
    page = text(response)
    assert "10 April Recognition" in page
    assert "1 April" not in page
    assert "1 January" not in page


def test_timeline_of_a_year(client, db):
    factories.EventFactory(slug="in-2016", date=datetime.date(2016, 12, 26))
    factories.EventFactory(slug="in-2020", date=datetime.date(2020, 9, 15))
    response = client.get("/timeline/2016/")
    assert [
        e.slug for g in response.context["timeline"][0]["groups"] for e in g["events"]
    ] == ["in-2016"]
    assert client.get("/timeline/1800/").status_code == 404


def test_timeline_lists_only_years_when_there_are_too_many_events(
    client, db, settings, monkeypatch
):
    monkeypatch.setattr("events.views.TIMELINE_LIMIT", 2)
    factories.EventFactory.create_batch(3)
    response = client.get("/timeline/")
    assert response.context["timeline"] == []
    assert b'href="/timeline/2020/"' in response.content


# Query counts -------------------------------------------------------------------


@query_counts(
    [10, 300],
    {"list": 3, "filtered": 3, "detail": 2, "timeline": 2, "timeline-year": 2},
)
def test_event_pages_use_a_constant_number_of_queries(
    client, db, assert_queries, size, page, queries
):
    site = factories.populate_site(size)
    country, official = site["countries"][0], site["officials"][0]
    path = {
        "list": "/events/",
        "filtered": f"/events/?kind=meeting&country={country.iso2}"
        f"&official={official.slug}&date_after=2000&date_before=2030-06&q=bulk",
        "detail": site["events"][0].get_absolute_url(),
        "timeline": "/timeline/",
        "timeline-year": "/timeline/2000/",
    }[page]
    # The short list of officials is shared between requests (a minute).
    client.get(path)
    assert_queries(client, path, queries)


def test_a_photo_costs_no_query_with_caching_off(client, event, settings):
    """With caching off (dummycache://), sorl-thumbnail still remembers the
    renditions it made, in local memory: a photo's sizes are not read from
    the database again on every view of its event."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "thumbnails": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.ACCORDS_CACHE_SHARED = False
    factories.PhotoFactory(event=event, image=factories.jpeg_file())
    first = client.get(event.get_absolute_url())
    assert b'srcset="' in first.content
    with CaptureQueriesContext(connection) as queries:
        again = client.get(event.get_absolute_url())
    assert again.content.count(b"w, ") == first.content.count(b"w, ") > 0
    assert not [q for q in queries if "thumbnail_kvstore" in q["sql"]]
