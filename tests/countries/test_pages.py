import datetime

import pytest

from core.partial_dates import Precision
from countries.models import Region
from tests import factories
from tests.conftest import query_counts
from tests.page_checks import get_public_page, text

# Countries list ---------------------------------------------------------------


def test_countries_list_shows_each_country_with_its_status_today(
    client, kazakhstan, israel
):
    page = text(get_public_page(client, "/countries/"))
    assert "Kazakhstan Central Asia Announced since 6 November 2025" in page
    assert "Israel Central Asia Party (Israel)" in page


def test_countries_list_filters_by_status(client, kazakhstan, israel):
    signatory = factories.StatusChangeFactory().country
    response = client.get("/countries/", {"status": "signatory"})
    assert [c.pk for c in response.context["countries"]] == [signatory.pk]
    response = client.get("/countries/", {"status": "none"})
    assert [c.pk for c in response.context["countries"]] == [israel.pk]


def test_countries_list_filters_by_region(client, kazakhstan):
    gulf = factories.CountryFactory(region=Region.MIDDLE_EAST_NORTH_AFRICA)
    response = client.get("/countries/", {"region": "mena"})
    assert [c.pk for c in response.context["countries"]] == [gulf.pk]


def test_countries_list_says_what_to_change_when_nothing_matches(client, country):
    response = client.get("/countries/", {"region": "europe"})
    assert response.status_code == 200
    assert "No countries match these filters" in text(response)
    assert "Any region" in text(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "nonsense"}, "“nonsense” is not an accords status"),
        ({"region": "atlantis"}, "“atlantis” is not a region"),
        ({"status": "x" * 5000}, "is not an accords status"),
    ],
)
def test_countries_list_rejects_unknown_filter_values_with_a_message(
    client, country, query, message
):
    response = client.get("/countries/", query)
    assert response.status_code == 400
    assert message in text(response)
    assert response.context["countries"] == []


def test_draft_country_is_not_listed_for_anonymous_readers(client, country):
    factories.CountryFactory(name="Hidden", draft=True)
    response = client.get("/countries/")
    assert "Hidden" not in text(response)


# Country page -----------------------------------------------------------------


def test_country_page_shows_status_timeline_relations_missions_and_officials(
    client, kazakhstan
):
    page = text(get_public_page(client, "/countries/kazakhstan/"))
    assert "August 2025 : Candidate" in page
    assert "6 November 2025 : Announced — Announced at the White House." in page
    assert "Kazakhstan is poised to become the latest nation" in page
    assert "Diplomatic relations established April 1992" in page
    assert "Consular-level ties in April 1992" in page
    assert "Embassy of Kazakhstan in Tel Aviv , Israel ; opened 1992" in page
    assert "operates an embassy in Tel Aviv" in page
    assert "Kassym-Jomart Tokayev , President" in page


def test_country_page_lists_its_events_and_links_its_feed(client, event, country):
    factories.EventFactory(title="Unrelated visit")
    response = client.get("/countries/kazakhstan/")
    page = text(response)
    assert "Tokayev meets Rubio" in page
    assert "Unrelated visit" not in page
    assert b'href="/feeds/countries/kazakhstan/"' in response.content


def test_country_page_has_breadcrumbs(client, country):
    response = client.get("/countries/kazakhstan/")
    assert b'aria-label="Breadcrumb"' in response.content
    assert b'<span aria-current="page">Kazakhstan</span>' in response.content


def test_seeded_kazakhstan_page_shows_consular_ties_and_the_embassy_in_tel_aviv(
    client, seeded
):
    page = text(client.get("/countries/kazakhstan/"))
    assert "April 1992" in page
    assert "consular-level ties in April 1992" in page
    assert "Embassy of Kazakhstan in Tel Aviv" in page
    assert "Announced since 6 November 2025" in page


def test_staff_without_view_permission_get_a_404_for_a_draft(client, staff_user):
    factories.CountryFactory(slug="secret", draft=True)
    client.force_login(staff_user)
    assert client.get("/countries/secret/").status_code == 404


def test_old_slug_of_a_draft_is_a_404_for_anonymous_readers(client, country):
    country.slug = "renamed"
    country.publication_status = "draft"
    country.save()
    assert client.get("/countries/kazakhstan/").status_code == 404


# Officials --------------------------------------------------------------------


def test_officials_list_shows_the_current_role(client, kazakhstan):
    response = get_public_page(client, "/officials/")
    assert "Kassym-Jomart Tokayev Kazakhstan President" in text(response)


def test_officials_list_filters_by_country(client, official):
    other = factories.OfficialFactory(name="Marco Rubio")
    response = client.get("/officials/", {"country": "KZ"})
    assert [o.pk for o in response.context["officials"]] == [official.pk]
    response = client.get("/officials/", {"country": other.country.iso2})
    assert [o.pk for o in response.context["officials"]] == [other.pk]


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"country": "atlantis"}, 400, "“atlantis” is malformed; give a country's"),
        ({"page": "abc"}, 400, "The page must be a whole number"),
        ({"page": "0"}, 400, "Pages start at 1"),
        ({"page": "999999"}, 404, "There is no page 999999"),
    ],
)
def test_officials_list_answers_bad_values_with_a_message(
    client, official, query, status, message
):
    response = client.get("/officials/", query)
    assert response.status_code == status
    assert message in text(response)


def test_official_page_shows_positions_at_their_precision_and_other_names(
    client, country
):
    nazarbayev = factories.nazarbayev(country)
    factories.OtherNameFactory(official=nazarbayev, name="Нұрсұлтан Назарбаев")
    visit = factories.EventFactory(
        title="Netanyahu visits Kazakhstan",
        date=datetime.date(2016, 12, 1),
        date_precision=Precision.MONTH,
    )
    factories.ParticipantFactory(event=visit, official=nazarbayev, role="host")
    page = text(get_public_page(client, "/officials/nursultan-nazarbayev/"))
    assert "President , Kazakhstan: December 1991 – 20 March 2019" in page
    assert "Also written: Нұрсұлтан Назарбаев" in page
    assert "Netanyahu visits Kazakhstan" in page
    assert "Role: host" in page


def test_official_page_hides_draft_events(client, official):
    draft = factories.EventFactory(title="Secret meeting", draft=True)
    factories.ParticipantFactory(event=draft, official=official)
    assert "Secret meeting" not in text(client.get(official.get_absolute_url()))


# Query counts -------------------------------------------------------------------

# A read runs outside any transaction: no savepoint statements.


@query_counts([10, 300], {"countries": 1, "country": 3, "officials": 3, "official": 2})
def test_country_pages_use_a_constant_number_of_queries(
    client, db, assert_queries, size, page, queries
):
    site = factories.populate_site(size)
    path = {
        "countries": "/countries/",
        "country": site["countries"][0].get_absolute_url(),
        "officials": "/officials/",
        "official": site["officials"][0].get_absolute_url(),
    }[page]
    assert_queries(client, path, queries)
