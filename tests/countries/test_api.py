"""The country and official endpoints: shapes, filters, writes, permissions."""

import datetime

import pytest
from django.utils import timezone

from core.partial_dates import Precision
from countries.models import AccordsStatus, Country, Official, Region, Role
from tests import factories
from tests.conftest import clock_at, grant, results, token_client

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [country["iso2"] for country in results(response)]


# Countries ----------------------------------------------------------------------


def test_a_country_in_the_list_has_its_fields_and_status_today(api_client, kazakhstan):
    [row] = [
        c for c in results(api_client.get("/api/v1/countries/")) if c["iso2"] == "KZ"
    ]
    assert row == {
        "uuid": str(kazakhstan.uuid),
        "url": "http://testserver/api/v1/countries/KZ/",
        "iso2": "KZ",
        "iso3": "KAZ",
        "name": "Kazakhstan",
        "other_names": [],
        "slug": "kazakhstan",
        "region": "central-asia",
        "role": "none",
        "summary": "",
        "wikidata_id": "",
        "status": "announced",
        "status_since": "2025-11-06",
        "status_since_precision": "day",
        "publication_status": "published",
        "published_at": row["published_at"],
        "updated_at": row["updated_at"],
        "version": 1,
    }


def test_a_country_is_found_by_its_code_in_any_case(api_client, kazakhstan):
    for code in ("KZ", "kz", "Kz"):
        response = api_client.get(f"/api/v1/countries/{code}/")
        assert response.status_code == 200
        assert response.json()["uuid"] == str(kazakhstan.uuid)


def test_a_country_detail_has_its_timeline_relation_and_missions(
    api_client, kazakhstan
):
    body = api_client.get("/api/v1/countries/KZ/").json()
    assert [
        (c["status"], c["date"], c["date_precision"]) for c in body["status_timeline"]
    ] == [
        ("candidate", "2025-08", "month"),
        ("announced", "2025-11-06", "day"),
    ]
    announced = body["status_timeline"][1]
    assert announced["note"] == "Announced at the White House."
    [citation] = announced["citations"]
    assert citation["quote"] == (
        "Kazakhstan is poised to become the latest nation to join the Abraham Accords"
    )
    assert citation["published_on"] == "2025-11-06"
    assert citation["publication_api_url"] == (
        f"http://testserver/api/v1/publications/{citation['publication']}/"
    )
    relation = body["relation_with_israel"]
    assert (relation["established"], relation["established_precision"]) == (
        "1992-04",
        "month",
    )
    assert relation["citations"][0]["quote"] == (
        "The two countries established consular-level ties in April 1992"
    )
    [mission] = body["missions"]
    assert [c["quote"] for c in mission["citations"]] == [
        "operates an embassy in Tel Aviv"
    ]
    assert mission | {"uuid": None, "citations": []} == {
        "uuid": None,
        "sending_country": "KZ",
        "host_country": "IL",
        "kind": "embassy",
        "city": "Tel Aviv",
        "opened": "1992",
        "opened_precision": "year",
        "closed": None,
        "closed_precision": None,
        "citations": [],
    }
    assert body["officials"] == ["kassym-jomart-tokayev"]


def test_an_unknown_country_code_is_a_404_that_names_it(api_client, db):
    response = api_client.get("/api/v1/countries/ZZ/")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no country with the code “ZZ”."


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=announced", ["KZ"]),
        ("status=signatory", ["AE"]),
        ("status=none", ["IL"]),
        ("region=mena", ["AE", "IL"]),
        ("role=party", ["IL"]),
        ("q=kazakh", ["KZ"]),
        ("q=are", ["AE"]),
        ("as_of=2025-09-01&status=candidate", ["KZ"]),
        ("as_of=2025-07-31&status=none", ["IL", "KZ"]),
        ("as_of=2019-01-01&status=signatory", []),
        ("ordering=-name", ["AE", "KZ", "IL"]),
        ("ordering=iso2", ["AE", "IL", "KZ"]),
    ],
)
def test_countries_are_filtered_like_the_pages(api_client, kazakhstan, query, expected):
    emirates = factories.CountryFactory(
        iso2="AE",
        iso3="ARE",
        name="United Arab Emirates",
        region=Region.MIDDLE_EAST_NORTH_AFRICA,
    )
    factories.StatusChangeFactory(country=emirates, date=datetime.date(2020, 9, 15))
    Country.objects.filter(iso2="IL").update(region=Region.MIDDLE_EAST_NORTH_AFRICA)
    got = codes(api_client.get(f"/api/v1/countries/?{query}"))
    assert got == expected if "ordering" in query else sorted(got) == expected


def test_as_of_reports_the_status_on_that_date(api_client, kazakhstan):
    [row] = [
        c
        for c in results(api_client.get("/api/v1/countries/?as_of=2025-09-30"))
        if c["iso2"] == "KZ"
    ]
    assert (row["status"], row["status_since"], row["status_since_precision"]) == (
        "candidate",
        "2025-08",
        "month",
    )


@pytest.mark.parametrize(
    "query, words",
    [
        ("status=joined", "“joined” is not an accords status"),
        ("region=asia", "“asia” is not a region"),
        ("as_of=2025-02-30", "is not a date"),
        ("as_of=2025", "is not a date"),
        ("as_of=20250101", "is not a date"),
    ],
)
def test_bad_country_filters_are_a_400_with_a_message(api_client, db, query, words):
    response = api_client.get(f"/api/v1/countries/?{query}")
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_updated_after_finds_countries_whose_timeline_changed(
    api_client, kazakhstan, israel
):
    later = timezone.now() + datetime.timedelta(minutes=5)
    cutoff = (later - datetime.timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert codes(api_client.get(f"/api/v1/countries/?updated_after={cutoff}")) == []
    change = kazakhstan.status_changes.first()
    with clock_at(later):
        change.note = "Reported by Reuters."
        change.save()
    assert codes(api_client.get(f"/api/v1/countries/?updated_after={cutoff}")) == ["KZ"]


def test_updated_after_takes_an_offset(api_client, kazakhstan):
    response = api_client.get(
        "/api/v1/countries/?updated_after=2000-01-01T05:30:00%2B05:30"
    )
    assert "KZ" in codes(response)


def test_draft_countries_are_hidden_from_anonymous_clients_everywhere(
    api_client, kazakhstan
):
    factories.CountryFactory(iso2="QQ", iso3="QQQ", name="Drafted", draft=True)
    assert "QQ" not in codes(api_client.get("/api/v1/countries/"))
    assert "QQ" not in codes(
        api_client.get("/api/v1/countries/?updated_after=2000-01-01T00:00:00Z")
    )
    assert (
        "Drafted"
        not in api_client.get("/api/v1/countries/?format=csv").content.decode()
    )
    assert api_client.get("/api/v1/countries/QQ/").status_code == 404


def test_draft_parts_of_a_country_are_hidden_from_anonymous_clients(
    api_client, kazakhstan
):
    factories.StatusChangeFactory(
        country=kazakhstan,
        status=AccordsStatus.SIGNATORY,
        date=datetime.date(2025, 11, 7),
        draft=True,
    )
    kazakhstan.relation_with_israel.publication_status = "draft"
    kazakhstan.relation_with_israel.save()
    body = api_client.get("/api/v1/countries/KZ/").json()
    assert body["status"] == "announced"
    assert [c["status"] for c in body["status_timeline"]] == ["candidate", "announced"]
    assert body["relation_with_israel"] is None


def test_a_user_who_may_view_countries_sees_drafts(django_user_model, kazakhstan):
    factories.CountryFactory(iso2="QQ", iso3="QQQ", name="Drafted", draft=True)
    viewer = grant(django_user_model.objects.create_user("viewer"), "view_country")
    client = token_client(viewer)
    assert "QQ" in codes(client.get("/api/v1/countries/"))
    assert client.get("/api/v1/countries/qq/").json()["publication_status"] == "draft"


def test_countries_csv_has_one_flat_row_per_country(api_client, kazakhstan):
    response = api_client.get("/api/v1/countries/?format=csv&status=announced")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    # The name in every language follows it (tests/test_content_languages.py).
    assert lines[0].startswith(
        "uuid,iso2,iso3,name,name_en,name_he,name_ar,name_ru,other_names,slug,region,"
        "role,status,"
    )
    assert len(lines) == 2
    assert (
        f"{kazakhstan.uuid},KZ,KAZ,Kazakhstan,Kazakhstan,,,,,kazakhstan,central-asia,"
        "none,announced,2025-11-06,day" in lines[1]
    )


# Officials ----------------------------------------------------------------------


@pytest.fixture
def lutnick(db):
    usa = factories.CountryFactory(
        iso2="US", iso3="USA", name="United States", role=Role.BROKER
    )
    person = factories.OfficialFactory(
        name="Howard Lutnick", slug="howard-lutnick", country=usa
    )
    factories.OtherNameFactory(
        official=person, name="Howard Lutnik", note="spelling in Ynet"
    )
    position = factories.PositionFactory(
        official=person,
        office=factories.OfficeFactory(title="Secretary of Commerce", country=usa),
        start=datetime.date(2025, 2, 21),
    )
    factories.cite(position, quote="Commerce Secretary Howard Lutnik")
    factories.PositionFactory(
        official=person,
        office=factories.OfficeFactory(
            title="Chief executive", country=None, organisation="Cantor Fitzgerald"
        ),
        start=datetime.date(1991, 1, 1),
        start_precision=Precision.YEAR,
        end=datetime.date(2025, 2, 1),
        end_precision=Precision.MONTH,
    )
    return person


def test_an_official_in_the_list_has_other_names_and_current_offices(
    api_client, lutnick
):
    [row] = results(api_client.get("/api/v1/officials/"))
    assert row["name"] == "Howard Lutnick"
    assert row["country"] == "US"
    assert row["portrait"] is None
    assert row["other_names"] == [{"name": "Howard Lutnik", "note": "spelling in Ynet"}]
    assert [p["title"] for p in row["current_positions"]] == ["Secretary of Commerce"]


def test_an_official_detail_has_every_position_with_office_dates_and_citations(
    api_client, lutnick
):
    body = api_client.get("/api/v1/officials/howard-lutnick/").json()
    first, second = body["positions"]
    assert first | {"uuid": None} == {
        "uuid": None,
        "title": "Chief executive",
        "confidence": "confirmed",
        "confidence_note": "",
        "country": None,
        "organisation": "Cantor Fitzgerald",
        "start": "1991",
        "start_precision": "year",
        "end": "2025-02",
        "end_precision": "month",
        "current": False,
        "citations": [],
    }
    assert (second["title"], second["country"], second["start"], second["current"]) == (
        "Secretary of Commerce",
        "US",
        "2025-02-21",
        True,
    )
    assert second["citations"][0]["quote"] == "Commerce Secretary Howard Lutnik"


@pytest.mark.parametrize("text", ["Lutnick", "lutnik", "HOWARD"])
def test_official_search_finds_every_spelling(api_client, lutnick, official, text):
    assert [
        o["slug"] for o in results(api_client.get(f"/api/v1/officials/?q={text}"))
    ] == ["howard-lutnick"]


def test_officials_are_filtered_by_country(api_client, lutnick, official):
    response = api_client.get("/api/v1/officials/?country=KZ")
    assert [o["slug"] for o in results(response)] == ["kassym-jomart-tokayev"]


def test_a_malformed_country_filter_is_a_400(api_client, lutnick):
    response = api_client.get("/api/v1/officials/?country=usa")
    assert response.status_code == 400
    assert response.json()["errors"]["country"] == [
        "“usa” is malformed; give a country's ISO 3166-1 alpha-2 code, for example KZ."
    ]


def test_a_country_that_is_not_there_matches_no_official(api_client, lutnick):
    factories.CountryFactory(iso2="QQ", iso3="QQQ", draft=True)
    for code in ("XX", "QQ"):
        assert results(api_client.get(f"/api/v1/officials/?country={code}")) == []


def test_an_old_slug_redirects_to_the_official(api_client, lutnick):
    lutnick.slug = "howard-w-lutnick"
    lutnick.save()
    response = api_client.get("/api/v1/officials/howard-lutnick/")
    assert response.status_code == 301
    assert (
        response["Location"] == "http://testserver/api/v1/officials/howard-w-lutnick/"
    )


def test_draft_officials_and_positions_are_hidden(api_client, lutnick):
    factories.OfficialFactory(slug="secret-envoy", draft=True)
    assert [o["slug"] for o in results(api_client.get("/api/v1/officials/"))] == [
        "howard-lutnick"
    ]
    assert api_client.get("/api/v1/officials/secret-envoy/").status_code == 404
    lutnick.positions.filter(end__isnull=False).update(publication_status="draft")
    body = api_client.get("/api/v1/officials/howard-lutnick/").json()
    assert [p["title"] for p in body["positions"]] == ["Secretary of Commerce"]


# Writes -----------------------------------------------------------------------

NEW_COUNTRY = {
    "iso2": "az",
    "iso3": "aze",
    "name": "Azerbaijan",
    "slug": "azerbaijan",
    "region": "south-caucasus",
    "summary": "  Named in a Reuters report.  ",
}


def test_anonymous_writes_are_refused_with_401(api_client, kazakhstan):
    assert (
        api_client.post("/api/v1/countries/", NEW_COUNTRY, format="json").status_code
        == 401
    )
    response = api_client.patch("/api/v1/countries/KZ/", {"name": "X"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert api_client.delete("/api/v1/countries/KZ/").status_code == 401
    assert Country.objects.get(iso2="KZ").name == "Kazakhstan"


def test_a_user_without_the_permission_is_refused_with_403(
    django_user_model, kazakhstan
):
    user = grant(django_user_model.objects.create_user("reader"), "view_country")
    client = token_client(user)
    response = client.post("/api/v1/countries/", NEW_COUNTRY, format="json")
    assert response.status_code == 403
    assert "countries.add_country" in response.json()["detail"]
    assert (
        client.patch("/api/v1/countries/KZ/", {"name": "X"}, format="json").status_code
        == 403
    )
    assert client.delete("/api/v1/countries/KZ/").status_code == 403
    assert not Country.objects.filter(iso2="AZ").exists()


def test_a_session_write_needs_the_csrf_token(api_writer, db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(api_writer)
    refused = client.post(
        "/api/v1/countries/", NEW_COUNTRY, content_type="application/json"
    )
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    token = "a" * 32
    client.cookies["csrftoken"] = token
    response = client.post(
        "/api/v1/countries/",
        NEW_COUNTRY,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201
    assert Country.objects.filter(iso2="AZ").exists()


def test_an_editor_with_the_permission_adds_a_country(writer_client, db):
    response = writer_client.post("/api/v1/countries/", NEW_COUNTRY, format="json")
    assert response.status_code == 201, response.content
    stored = Country.objects.get(iso2="AZ")
    assert (stored.iso3, stored.summary, stored.publication_status) == (
        "AZE",
        "Named in a Reuters report.",
        "draft",
    )
    assert response.json()["url"] == "http://testserver/api/v1/countries/AZ/"
    assert stored.history.first().history_user.username == "writer"


def test_an_editor_changes_and_publishes_a_country(writer_client, db):
    azerbaijan = factories.CountryFactory(iso2="AZ", iso3="AZE", draft=True)
    response = writer_client.patch(
        "/api/v1/countries/az/",
        {"name": "Azerbaijan", "publication_status": "published", "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    azerbaijan.refresh_from_db()
    assert (azerbaijan.name, azerbaijan.is_published, azerbaijan.version) == (
        "Azerbaijan",
        True,
        2,
    )
    assert azerbaijan.published_at is not None
    assert response.json()["version"] == 2


def test_a_stale_change_to_a_field_changed_since_is_refused_with_409(
    writer_client, kazakhstan
):
    kazakhstan.name = "Kazakstan"
    kazakhstan.save()
    response = writer_client.patch(
        "/api/v1/countries/KZ/", {"name": "Qazaqstan", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    # The admin's words: who saved in between, and what they changed.
    detail = response.json()["detail"]
    assert "Someone (a script or import) saved this country" in detail
    assert "They changed: name." in detail
    assert Country.objects.get(iso2="KZ").name == "Kazakstan"


@pytest.mark.parametrize(
    "field, value", [("iso2", "kz"), ("iso3", "KAZ"), ("slug", "kazakhstan")]
)
def test_a_code_or_slug_already_taken_is_a_409(writer_client, kazakhstan, field, value):
    response = writer_client.post(
        "/api/v1/countries/", {**NEW_COUNTRY, field: value}, format="json"
    )
    assert response.status_code == 409
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"iso2": "K"}, "iso2"),
        ({"iso2": "K1"}, "iso2"),
        ({"iso2": 12}, "iso2"),
        ({"iso3": ["KAZ"]}, "iso3"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 5}, "name"),
        ({"name": "a\x00b"}, "name"),
        ({"region": "asia"}, "region"),
        ({"slug": "has space"}, "slug"),
        ({"slug": " padded"}, "slug"),
        ({"publication_status": "public"}, "publication_status"),
        ({"version": "1"}, "version"),
        ({"version": 0}, "version"),
    ],
)
def test_wrong_values_and_types_are_a_400_naming_the_field(
    writer_client, db, change, field
):
    response = writer_client.post(
        "/api/v1/countries/", {**NEW_COUNTRY, **change}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["detail"].startswith(f"{field}: ")
    assert not Country.objects.exists()


def test_a_country_others_refer_to_cannot_be_deleted(writer_client, kazakhstan):
    response = writer_client.delete("/api/v1/countries/KZ/")
    assert response.status_code == 409
    assert "refer to it" in response.json()["detail"]
    assert Country.objects.filter(iso2="KZ").exists()


def test_an_editor_deletes_a_country(writer_client, db):
    factories.CountryFactory(iso2="AZ", iso3="AZE")
    assert writer_client.delete("/api/v1/countries/AZ/").status_code == 204
    assert not Country.objects.filter(iso2="AZ").exists()


def test_an_editor_adds_an_official_with_a_slug_made_from_the_name(
    writer_client, country
):
    response = writer_client.post(
        "/api/v1/officials/",
        {"name": "Alikhan Smailov", "country": "KZ"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["slug"] == "alikhan-smailov"
    assert Official.objects.get(slug="alikhan-smailov").country == country


def test_an_official_of_an_unknown_country_is_a_400(writer_client, db):
    response = writer_client.post(
        "/api/v1/officials/", {"name": "Someone", "country": "XX"}, format="json"
    )
    assert response.status_code == 400
    assert "There is no country with the code “XX”" in response.json()["detail"]


def test_an_official_named_in_an_event_cannot_be_deleted(
    writer_client, event, official
):
    response = writer_client.delete(f"/api/v1/officials/{official.slug}/")
    assert response.status_code == 409
    assert Official.objects.filter(pk=official.pk).exists()
