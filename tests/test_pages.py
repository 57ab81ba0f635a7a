"""Home, "as of", search and the site-wide files: robots.txt, sitemap.xml, 404, 500."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import path
from django.utils import timezone

from accordsite import urls as site_urls
from core.partial_dates import Precision
from countries.models import AccordsStatus, Role
from tests import factories
from tests.conftest import grant, query_counts
from tests.page_checks import assert_public_page, get_public_page, text

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def accords(db):
    """Signatories, one announced and one candidate, over the years."""
    uae = factories.CountryFactory(iso2="AE", name="United Arab Emirates", slug="uae")
    factories.StatusChangeFactory(country=uae, date=datetime.date(2020, 9, 15))
    morocco = factories.CountryFactory(iso2="MA", name="Morocco", slug="morocco")
    factories.StatusChangeFactory(
        country=morocco,
        status=AccordsStatus.ANNOUNCED,
        date=datetime.date(2020, 12, 10),
    )
    factories.StatusChangeFactory(country=morocco, date=datetime.date(2020, 12, 22))
    kazakhstan = factories.CountryFactory(
        iso2="KZ", name="Kazakhstan", slug="kazakhstan"
    )
    factories.StatusChangeFactory(
        country=kazakhstan,
        status=AccordsStatus.CANDIDATE,
        date=datetime.date(2025, 8, 1),
        date_precision=Precision.MONTH,
    )
    factories.StatusChangeFactory(
        country=kazakhstan,
        status=AccordsStatus.ANNOUNCED,
        date=datetime.date(2025, 11, 6),
    )
    factories.CountryFactory(iso2="IL", name="Israel", slug="israel", role=Role.PARTY)
    return {"uae": uae, "morocco": morocco, "kazakhstan": kazakhstan}


def groups(response) -> dict[str, list[str]]:
    return {
        group["status"]: [country.name for country in group["countries"]]
        for group in response.context["status_groups"]
    }


# Home -------------------------------------------------------------------------


def test_home_shows_where_the_accords_stand_today(client, accords):
    response = get_public_page(client, "/")
    assert groups(response) == {
        "signatory": ["Morocco", "United Arab Emirates"],
        "announced": ["Kazakhstan"],
        "candidate": [],
    }
    page = text(response)
    assert "Morocco signed 22 December 2020" in page
    assert "United Arab Emirates signed 15 September 2020" in page
    assert "Kazakhstan since 6 November 2025" in page


def test_home_draws_the_map_with_a_linked_country_per_status(client, accords):
    content = client.get("/").content.decode()
    assert '<svg class="world-map-svg"' in content
    assert 'href="/countries/kazakhstan/"' in content
    assert 'aria-label="Kazakhstan: announced"' in content
    assert 'aria-label="Israel: party to the accords"' in content
    assert "/static/css/map.css" in content


def test_home_lists_the_latest_published_events(client, accords):
    factories.EventFactory(title="Kazakhstan to join", date=datetime.date(2025, 11, 6))
    factories.EventFactory(title="Secret", draft=True)
    page = text(client.get("/"))
    assert "Kazakhstan to join" in page
    assert "Secret" not in page


def test_home_has_a_labelled_date_form_that_goes_to_the_as_of_page(client, accords):
    content = client.get("/").content.decode()
    assert '<form class="as-of-form" action="/as-of/" method="get"' in content
    assert '<label for="id_date">Date</label>' in content
    response = client.get("/as-of/", {"date": "2020-10-01"})
    assert response.status_code == 302
    assert response["Location"] == "/as-of/2020-10-01/"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2020-02-30", "Enter a real date"),
        ("yesterday", "Enter a real date"),
        ("", "Enter a date"),
        ("2999-01-01", "Choose today or a date in the past"),
    ],
)
def test_as_of_form_answers_a_bad_date_with_a_400_and_a_message(
    client, db, value, message
):
    response = client.get("/as-of/", {"date": value})
    assert response.status_code == 400
    assert message in text(response)
    assert_public_page(response)


# As of ------------------------------------------------------------------------


def test_as_of_shows_the_state_on_a_past_date(client, accords):
    response = get_public_page(client, "/as-of/2020-12-15/")
    assert groups(response) == {
        "signatory": ["United Arab Emirates"],
        "announced": ["Morocco"],
        "candidate": [],
    }
    assert "The Abraham Accords on 15 December 2020" in text(response)
    assert "Where the Abraham Accords stood on 15 December 2020" in text(response)


def test_as_of_counts_a_month_precision_change_from_its_month(client, accords):
    assert groups(client.get("/as-of/2025-08-20/"))["candidate"] == ["Kazakhstan"]
    assert groups(client.get("/as-of/2025-07-31/"))["candidate"] == []


def test_as_of_lists_events_up_to_that_day_only(client, accords):
    factories.EventFactory(title="Before", date=datetime.date(2020, 9, 15))
    factories.EventFactory(title="After", date=datetime.date(2025, 11, 6))
    page = text(client.get("/as-of/2021-01-01/"))
    assert "Before" in page
    assert "After" not in page


@pytest.mark.parametrize(
    "path", ["/as-of/2020-02-30/", "/as-of/2020-13-01/", "/as-of/0000-01-01/"]
)
def test_as_of_an_impossible_date_is_a_404(client, db, path):
    assert client.get(path).status_code == 404


def test_as_of_a_future_date_is_a_404(client, db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert client.get(f"/as-of/{tomorrow.isoformat()}/").status_code == 404


def test_as_of_a_malformed_date_does_not_match(client, db):
    assert client.get("/as-of/2020-1-1/").status_code == 404


# Search -----------------------------------------------------------------------


def test_search_finds_an_official_by_another_spelling(client, db):
    lutnick = factories.OfficialFactory(name="Howard Lutnick", slug="howard-lutnick")
    factories.OtherNameFactory(official=lutnick, name="Howard Lutnik")
    response = get_public_page(client, "/search/", {"q": "Lutnik"})
    results = {group["key"]: group["rows"] for group in response.context["results"]}
    assert results["officials"] == [lutnick]
    assert "also written Howard Lutnik" in text(response)


def test_search_groups_countries_officials_and_events(client, country, event):
    factories.EventFactory(title="Kazakhstan to join", slug="kazakhstan-to-join")
    response = client.get("/search/", {"q": "kazakh"})
    results = {group["key"]: group["rows"] for group in response.context["results"]}
    assert results["countries"] == [country]
    assert [e.slug for e in results["events"]] == ["kazakhstan-to-join"]
    page = text(response)
    assert page.index("Countries (1)") < page.index("Events (1)")


def test_search_by_country_code(client, country):
    response = client.get("/search/", {"q": "KZ"})
    assert response.context["results"][0]["rows"] == [country]


def test_search_hides_drafts(client, db):
    factories.EventFactory(title="Secret summit", draft=True)
    factories.OfficialFactory(name="Secret agent", draft=True)
    response = client.get("/search/", {"q": "secret"})
    assert response.context["total"] == 0
    assert "Nothing found" in text(response)


def test_search_without_a_query_shows_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert '<label for="id_q">Search for</label>' in response.content.decode()


def test_search_rejects_a_5000_character_query_with_a_message(client, db):
    response = client.get("/search/", {"q": "x" * 5000})
    assert response.status_code == 400
    assert "Search for at most 200 characters" in text(response)


def test_search_links_to_more_events(client, db, monkeypatch):
    monkeypatch.setattr("events.views.SEARCH_LIMIT", 2)
    factories.EventFactory.create_batch(3, title="Summit")
    response = client.get("/search/", {"q": "summit"})
    assert b'href="/events/?q=summit">All matching events' in response.content


# robots.txt, sitemap.xml, 404, 500 -------------------------------------------------


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "User-agent: *" in body
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_published_records_with_lastmod(client, event, country):
    factories.EventFactory(slug="draft-event", draft=True)
    factories.CountryFactory(slug="draft-country", draft=True)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }
    assert "http://testserver/" in urls
    assert urls["http://testserver/events/tokayev-meets-rubio/"] == (
        event.updated_at.date().isoformat()
    )
    assert urls["http://testserver/countries/kazakhstan/"]
    assert "http://testserver/officials/kassym-jomart-tokayev/" in urls
    assert not any("draft" in url for url in urls)
    for page in ("about", "methodology", "corrections", "contact", "data"):
        assert f"http://testserver/{page}/" in urls
    assert "http://testserver/timeline/chart/" in urls


def test_404_page_is_in_the_site_style(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert_public_page(response)
    assert "Page not found" in text(response)


def _broken_view(request):
    raise RuntimeError("boom")


# The site's routes plus one that fails, for the 500 page test (spread, not
# included: Django refuses i18n_patterns in an included URLconf).
urlpatterns = [path("boom/", _broken_view), *site_urls.urlpatterns]


def test_500_page_is_in_the_site_style(db, settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "<h1>Something went wrong</h1>" in content
    assert "/static/css/site.css" in content
    assert "boom" not in content


# Every record page: drafts and old addresses ----------------------------------

RECORD_PAGES = pytest.mark.parametrize(
    ("model", "factory", "prefix"),
    [
        ("country", factories.CountryFactory, "/countries/"),
        ("official", factories.OfficialFactory, "/officials/"),
        ("event", factories.EventFactory, "/events/"),
    ],
)


@RECORD_PAGES
def test_a_draft_is_a_404_for_anonymous_readers(client, db, model, factory, prefix):
    factory(slug="secret", draft=True)
    response = client.get(f"{prefix}secret/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


@RECORD_PAGES
def test_a_draft_is_a_preview_with_a_banner_for_users_who_may_view_it(
    client, staff_user, model, factory, prefix
):
    factory(slug="secret", draft=True)
    client.force_login(grant(staff_user, f"view_{model}"))
    response = client.get(f"{prefix}secret/")
    assert response.status_code == 200
    assert response.context["preview"] is True
    assert "Draft preview." in text(response)
    assert b'<meta name="robots" content="noindex">' in response.content


@RECORD_PAGES
def test_an_old_slug_redirects_permanently_to_the_new_one(
    client, db, model, factory, prefix
):
    record = factory(slug="old-address")
    record.slug = "new-address"
    record.save()
    response = client.get(f"{prefix}old-address/")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}new-address/"


# Query counts -------------------------------------------------------------------


@query_counts(
    [10, 300],
    {
        "/": 3,
        "/as-of/2020-01-01/": 3,
        "/search/?q=bulk": 4,
        "/sitemap.xml": 3,
        "/robots.txt": 0,
    },
)
def test_site_pages_use_a_constant_number_of_queries(
    client, db, assert_queries, size, page, queries
):
    factories.populate_site(size)
    # So that a search finds a record of every kind.
    factories.CountryFactory(name="Bulk country")
    factories.OfficialFactory(name="Bulk official")
    assert_queries(client, page, queries)
