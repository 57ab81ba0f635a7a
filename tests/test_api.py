"""What every API endpoint does alike: errors, pagination, formats, caching,
throttling, CORS, the schema and docs, and a constant number of queries."""

import datetime
import io
import json
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django.utils.http import http_date

from tests import factories
from tests.conftest import clock_at, grant, query_counts

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/countries/", "/api/v1/officials/", "/api/v1/events/"]


def error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"] and body["code"]
    return body


def test_the_root_lists_every_endpoint(api_client):
    response = api_client.get("/api/v1/")
    assert response.status_code == 200
    assert set(response.json()) == {
        "countries",
        "officials",
        "events",
        "publications",
        "deleted",
    }


@pytest.mark.parametrize(
    "path", ["/api/nothing", "/api/v2/events/", "/api/v1/events/x/y/", "/api/v1/%00/"]
)
def test_an_unknown_api_address_is_a_json_404(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert "There is no API endpoint" in error(response)["detail"]


def test_a_missing_trailing_slash_is_named_in_the_404(api_client):
    response = api_client.post("/api/v1/events", {}, format="json")
    assert response.status_code == 404
    assert "Did you mean /api/v1/events/" in error(response)["detail"]


def test_an_unknown_record_is_a_json_404_that_names_it(api_client):
    response = api_client.get("/api/v1/events/no-such-event/")
    assert response.status_code == 404
    assert (
        error(response)["detail"] == "There is no event with the slug “no-such-event”."
    )


@pytest.mark.parametrize(
    "query, field, words",
    [
        ("page=0", "page", "whole number from 1"),
        ("page=abc", "page", "whole number from 1"),
        ("page=-1", "page", "whole number from 1"),
        ("page=1.5", "page", "whole number from 1"),
        ("page_size=101", "page_size", "At most 100 rows"),
        ("page_size=0", "page_size", "whole number from 1"),
        ("page_size=null", "page_size", "whole number from 1"),
        ("page=", "page", "Empty value"),
        ("no_such_filter=1", "no_such_filter", "Unknown parameter"),
        ("ordering=-password", "ordering", "is not a sort order"),
        ("ordering=nonexistent", "ordering", "is not a sort order"),
        ("updated_after=yesterday", "updated_after", "is not a timestamp"),
        ("updated_after=2025-11-06", "updated_after", "is not a timestamp"),
        ("updated_after=2025-13-06T00:00:00Z", "updated_after", "is not a timestamp"),
        ("q=a%00b", "q", "NUL character"),
        ("updated_after=%25", "updated_after", "“%” is not a timestamp"),
        ("format=%25s", "format", "“%s” is not a format"),
        ("q=a&q=b", "q", "Give this parameter once"),
        ("q=" + "x" * 201, "q", "at most 200"),
    ],
)
@pytest.mark.parametrize("path", LISTS)
def test_bad_query_strings_are_a_400_that_says_what_to_change(
    api_client, path, query, field, words
):
    response = api_client.get(f"{path}?{query}")
    assert response.status_code == 400
    body = error(response)
    assert body["code"] == "invalid"
    assert field in body["errors"]
    assert words in body["detail"]


def test_a_page_past_the_last_is_a_404_naming_the_last_page(api_client):
    factories.CountryFactory()
    response = api_client.get("/api/v1/countries/?page=7")
    assert response.status_code == 404
    assert error(response)["detail"] == (
        "There is no page 7: with these filters the last page is 1."
    )


def test_an_event_page_past_the_last_is_a_404(api_client):
    factories.EventFactory()
    response = api_client.get("/api/v1/events/?page=7")
    assert response.status_code == 404
    assert error(response)["detail"] == (
        "There is no page 7: with these filters the list ends before it."
    )


def test_pages_have_a_default_size_links_and_a_total(api_client):
    factories.CountryFactory.create_batch(27)
    first = api_client.get("/api/v1/countries/")
    body = first.json()
    assert (body["count"], len(body["results"])) == (27, 25)
    assert body["next"] == "http://testserver/api/v1/countries/?page=2"
    assert first["X-Total-Count"] == "27"
    assert '<http://testserver/api/v1/countries/?page=2>; rel="next"' in first["Link"]
    second = api_client.get(body["next"]).json()
    assert len(second["results"]) == 2
    seen = [c["uuid"] for c in body["results"] + second["results"]]
    assert len(set(seen)) == 27


def test_event_pages_link_by_cursor_and_count_nothing(api_client):
    factories.EventFactory.create_batch(27)
    first = api_client.get("/api/v1/events/")
    body = first.json()
    assert "count" not in body and "X-Total-Count" not in first
    assert len(body["results"]) == 25 and body["previous"] is None
    assert body["next"].startswith("http://testserver/api/v1/events/?cursor=")
    assert first["Link"] == f'<{body["next"]}>; rel="next"'
    second = api_client.get(body["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    seen = [e["uuid"] for e in body["results"] + second["results"]]
    assert len(set(seen)) == 27
    back = api_client.get(second["previous"]).json()
    assert back["results"] == body["results"]


def test_pages_are_stable_when_many_records_share_a_date(api_client):
    factories.EventFactory.create_batch(12)
    pages = [
        api_client.get(f"/api/v1/events/?page_size=5&page={n}").json()["results"]
        for n in (1, 2, 3)
    ]
    slugs = [event["slug"] for page in pages for event in page]
    assert len(slugs) == len(set(slugs)) == 12


def test_an_unknown_format_is_a_400_that_names_the_formats(api_client):
    response = api_client.get("/api/v1/events/?format=xml")
    assert response.status_code == 400
    assert error(response)["errors"] == {
        "format": ["“xml” is not a format of this endpoint; use json or csv."]
    }


def test_an_accept_header_the_api_cannot_meet_is_a_json_406(api_client):
    response = api_client.get("/api/v1/events/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert "text/csv" in error(response)["detail"]


def test_csv_is_only_for_lists(api_client, event):
    response = api_client.get(f"/api/v1/events/{event.slug}/?format=csv")
    assert response.status_code == 400
    assert "use json." in error(response)["detail"]
    response = api_client.get(f"/api/v1/events/{event.slug}/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406


def test_errors_are_json_even_when_csv_was_asked_for(api_client):
    response = api_client.get("/api/v1/events/?format=csv&kind=party")
    assert response.status_code == 400
    assert "is not a kind of event" in error(response)["detail"]


def test_malformed_json_is_a_400(writer_client):
    response = writer_client.generic(
        "POST", "/api/v1/events/", '{"title": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in error(response)["detail"]


def test_a_body_that_is_not_json_is_a_415(writer_client):
    response = writer_client.post(
        "/api/v1/events/", "title=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert error(response)["code"] == "unsupported_media_type"


def test_a_body_that_is_not_an_object_is_a_400(writer_client):
    response = writer_client.post("/api/v1/events/", [1, 2], format="json")
    assert response.status_code == 400
    assert "Expected a dictionary" in error(response)["detail"]


def test_an_unsupported_method_is_a_405_with_allow(writer_client):
    response = writer_client.put("/api/v1/events/", {}, format="json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert error(response)["code"] == "method_not_allowed"


def test_a_bad_token_is_a_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api_client.get("/api/v1/events/")
    assert response.status_code == 401
    assert error(response)["code"] == "authentication_failed"


# Conditional GET --------------------------------------------------------------


def test_a_matching_etag_gets_a_304_and_a_change_a_200(api_client, event):
    first = api_client.get("/api/v1/events/")
    etag = first["ETag"]
    assert etag.startswith('"')
    again = api_client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    event.title = "Renamed"
    event.save()
    changed = api_client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_if_modified_since_gets_a_304_until_something_changes(api_client, event):
    first = api_client.get(f"/api/v1/events/{event.slug}/")
    last_modified = first["Last-Modified"]
    again = api_client.get(
        f"/api/v1/events/{event.slug}/", HTTP_IF_MODIFIED_SINCE=last_modified
    )
    assert again.status_code == 304
    earlier = http_date((event.updated_at - datetime.timedelta(hours=1)).timestamp())
    older = api_client.get(
        f"/api/v1/events/{event.slug}/", HTTP_IF_MODIFIED_SINCE=earlier
    )
    assert older.status_code == 200


def test_a_detail_is_modified_when_a_nested_record_changes(api_client, event):
    path = f"/api/v1/events/{event.slug}/"
    stamp = api_client.get(path)["Last-Modified"]
    position = factories.PositionFactory(official=event.participants.get().official)
    later = timezone.now() + datetime.timedelta(seconds=2)
    with clock_at(later):
        position.office.title = "President"
        position.office.save()
    response = api_client.get(path, HTTP_IF_MODIFIED_SINCE=stamp)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(later.timestamp())


def test_a_list_is_modified_when_a_record_leaves_it(api_client, event):
    other = factories.EventFactory()
    first = api_client.get("/api/v1/events/")
    stamp = first["Last-Modified"]
    later = timezone.now() + datetime.timedelta(seconds=2)
    with clock_at(later):
        other.delete()
    response = api_client.get("/api/v1/events/", HTTP_IF_MODIFIED_SINCE=stamp)
    assert response.status_code == 200
    assert [e["slug"] for e in response.json()["results"]] == [event.slug]


def test_csv_has_its_own_etag_and_304(api_client, event):
    json_etag = api_client.get("/api/v1/events/")["ETag"]
    csv = api_client.get("/api/v1/events/?format=csv")
    assert csv["ETag"] != json_etag
    again = api_client.get("/api/v1/events/?format=csv", HTTP_IF_NONE_MATCH=csv["ETag"])
    assert again.status_code == 304


def test_answers_vary_with_the_reader(api_client, event):
    response = api_client.get("/api/v1/events/")
    assert {"Accept", "Authorization", "Cookie"} <= {
        part.strip() for part in response["Vary"].split(",")
    }


# Throttling and CORS ----------------------------------------------------------


def test_anonymous_clients_are_throttled_with_retry_after(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    cache.clear()
    try:
        codes = [api_client.get("/api/v1/events/").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        response = api_client.get("/api/v1/events/")
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        assert error(response)["code"] == "throttled"
    finally:
        cache.clear()


def test_authenticated_clients_are_not_throttled(writer_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min"},
    }
    cache.clear()
    try:
        codes = {writer_client.get("/api/v1/events/").status_code for _ in range(3)}
        assert codes == {200}
    finally:
        cache.clear()


def test_a_spoofed_forwarded_for_does_not_escape_throttling(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min"},
    }
    cache.clear()
    try:
        api_client.get("/api/v1/events/", HTTP_X_FORWARDED_FOR="10.0.0.1")
        response = api_client.get("/api/v1/events/", HTTP_X_FORWARDED_FOR="10.0.0.2")
        assert response.status_code == 429
    finally:
        cache.clear()


def test_reads_are_allowed_from_any_origin(api_client, event):
    response = api_client.get("/api/v1/events/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_cross_origin_writes_are_not_allowed(api_client):
    preflight = api_client.options(
        "/api/v1/events/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    allowed = preflight.get("Access-Control-Allow-Methods", "")
    assert "POST" not in allowed
    assert "GET" in allowed


def test_pages_outside_the_api_get_no_cors_headers(client, db):
    response = client.get("/healthz", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


# Schema and docs ----------------------------------------------------------------


def test_the_schema_documents_every_error_of_every_operation(api_client):
    response = api_client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) == 21
    for path, method, operation in operations:
        codes = set(operation["responses"])
        assert {"400", "401", "403", "404", "406", "429"} <= codes, (path, method)
        if method != "get":
            assert {"409", "415"} <= codes, (path, method)
            assert {} not in operation["security"]
        else:
            assert {} in operation["security"]
            assert "304" in codes


def test_the_schema_documents_csv_and_partial_dates(api_client):
    schema = json.loads(api_client.get("/api/schema/?format=json").content)
    events = schema["paths"]["/api/v1/events/"]["get"]
    assert "text/csv" in events["responses"]["200"]["content"]
    names = {p["name"] for p in events["parameters"]}
    assert {"date_after", "date_before", "q", "kind", "country", "official"} <= names
    assert {"updated_after", "ordering", "page", "page_size", "format"} <= names
    page_size = next(p for p in events["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 100
    date = schema["components"]["schemas"]["Event"]["properties"]["date"]
    assert {"pattern": "^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})$"} in (
        date["anyOf"]
    )


def test_a_well_formed_code_that_names_nothing_matches_nothing(api_client, event):
    factories.CountryFactory(iso2="QQ", iso3="QQQ", draft=True).events.add(event)
    for query in ("country=ZZ", "country=QQ", "official=nobody"):
        response = api_client.get(f"/api/v1/events/?{query}")
        assert response.json()["results"] == [], query


def test_a_reference_to_nothing_in_a_write_has_its_own_error_code(writer_client, db):
    response = writer_client.post(
        "/api/v1/officials/", {"name": "Someone", "country": "ZZ"}, format="json"
    )
    assert response.status_code == 400
    body = error(response)
    assert body["code"] == "does_not_exist"
    assert body["codes"] == {"country": ["does_not_exist"]}


def test_the_docs_are_served_from_this_site_only(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn." not in page and "https://" not in page
    assert '<html lang="en">' in page
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_the_docs_can_log_in_with_a_token_or_session(api_client):
    schema = json.loads(api_client.get("/api/schema/?format=json").content)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["tokenAuth"]["in"] == "header"
    assert schemes["cookieAuth"]["name"] == "sessionid"


def test_a_token_made_by_drf_create_token_lets_an_editor_preview_drafts(
    django_user_model, api_client
):
    draft = factories.EventFactory(draft=True)
    grant(django_user_model.objects.create_user("reader"), "view_event")
    out = io.StringIO()
    call_command("drf_create_token", "reader", stdout=out)
    key = re.search(r"Generated token (\w+)", out.getvalue())[1]
    assert api_client.get(f"/api/v1/events/{draft.slug}/").status_code == 404
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api_client.get(f"/api/v1/events/{draft.slug}/")
    assert response.status_code == 200
    assert response.json()["publication_status"] == "draft"
    assert "private" in response["Cache-Control"]


# Query counts -------------------------------------------------------------------


def grow_official(official, size: int) -> None:
    """Positions and other names in proportion to ``size``."""
    for n in range(size // 10):
        factories.PositionFactory(
            official=official,
            office=factories.OfficeFactory(
                title=f"Envoy {n}", country=official.country
            ),
        )
        factories.OtherNameFactory(official=official)


def grow_event(event, size: int) -> None:
    """Participants, photos and citations in proportion to ``size``."""
    for n in range(max(1, size // 10)):
        official = factories.OfficialFactory()
        factories.PositionFactory(official=official)
        factories.ParticipantFactory(event=event, official=official)
        photo = factories.PhotoFactory(event=event)
        photo.officials.add(official)
        factories.cite(event)
        event.status_changes.add(
            factories.StatusChangeFactory(date=datetime.date(2020, 1, n + 1))
        )


# A read runs outside any transaction, and its ETag and Last-Modified come
# from the content version (core.caching), not from a query.
@query_counts(
    [5, 60],
    {
        # One more for the countries' other names (countries.CountryAlias).
        "countries": 3,
        "countries-csv": 3,
        "country": 3,
        "officials": 4,
        "officials-csv": 4,
        "official": 1,
        "events": 2,
        "events-csv": 2,
        "events-filtered": 2,
        "event": 3,
        "deleted": 2,
        "deleted-csv": 2,
    },
)
def test_every_endpoint_uses_a_constant_number_of_queries(
    api_client, db, assert_queries, size, page, queries
):
    site = factories.populate_site(size)
    grow_official(site["officials"][0], size)
    grow_event(site["events"][0], size)
    for event in site["events"][1 : 1 + size // 5]:
        event.delete()
    path = {
        "countries": "/api/v1/countries/?page_size=100",
        "countries-csv": "/api/v1/countries/?format=csv&status=signatory",
        "country": f"/api/v1/countries/{site['countries'][0].iso2}/",
        "officials": "/api/v1/officials/?page_size=100",
        "officials-csv": "/api/v1/officials/?format=csv&q=official",
        "official": f"/api/v1/officials/{site['officials'][0].slug}/",
        "events": "/api/v1/events/?page_size=100",
        "events-csv": "/api/v1/events/?format=csv&page_size=100",
        "events-filtered": (
            f"/api/v1/events/?country={site['countries'][0].iso2}&date_after=2000"
            "&q=event&ordering=title&updated_after=2000-01-01T00:00:00Z"
        ),
        "event": f"/api/v1/events/{site['events'][0].slug}/",
        "deleted": "/api/v1/deleted/",
        "deleted-csv": "/api/v1/deleted/?format=csv&model=event",
    }[page]
    assert_queries(api_client, path, queries)
