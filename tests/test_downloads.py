"""Every list page links "Download these N rows: CSV · JSON": the API list
with the page's filters, every row in one file under a dated name."""

import csv
import datetime
import html as html_module
import io
import json
import re
import urllib.parse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import downloads
from core.models import PublicationStatus
from events.models import EventKind
from tests import factories
from tests.conftest import clock_at
from tests.page_checks import assert_public_page, text

ROW_KEY = {"countries": "iso2", "officials": "slug", "events": "slug"}

SEEDED_FILTERS = [
    ("countries", ""),
    ("countries", "?status=signatory"),
    ("countries", "?region=central-asia&status="),
    ("countries", "?as_of=2020-10-01&status=signatory&ordering=-name"),
    ("officials", ""),
    ("officials", "?country=kz"),
    ("events", ""),
    ("events", "?kind=signing"),
    ("events", "?q=&kind=&country=MA&date_after=2020&date_before="),
    ("events", "?confidence=confirmed&confidence=reported&ordering=title"),
]


def all_page_rows(client, name: str, query: str) -> list[str]:
    """The rows of every page of a list, in order, as the pages show them."""
    rows, number = [], 1
    separator = "&" if query else "?"
    while True:
        url = f"/{name}/{query}" + (f"{separator}page={number}" if number > 1 else "")
        response = client.get(url)
        assert response.status_code == 200
        rows += [getattr(row, ROW_KEY[name]) for row in response.context[name]]
        page = response.context.get("page_obj")
        # The events list pages by keyset (core.api_policies.KeysetPage).
        keyset = response.context.get("page")
        more = page.has_next() if page else getattr(keyset, "has_next", False)
        if not more:
            return rows
        number += 1


def download_links(response) -> dict[str, str]:
    """The page's "Download" paragraph, its links by their text."""
    html = response.content.decode()
    start = html.index('<p class="downloads">')
    paragraph = html[start : html.index("</p>", start)]
    return {
        label: urllib.parse.unquote(html_module.unescape(href))
        for href, label in re.findall(
            r'<a href="([^"]*)" download>(\w+)</a>', paragraph
        )
    }


def csv_keys(response, key: str) -> list[str]:
    body = response.content.decode("utf-8-sig")
    return [row[key] for row in csv.DictReader(io.StringIO(body))]


def json_keys(response, key: str) -> list[str]:
    return [row[key] for row in json.loads(response.content)["results"]]


# The rows are the page's rows ------------------------------------------------


@pytest.mark.parametrize(("name", "query"), SEEDED_FILTERS)
def test_a_download_holds_exactly_the_rows_of_the_filtered_page(
    client, seeded, name, query
):
    page = client.get(f"/{name}/{query}")
    assert page.status_code == 200
    expected = all_page_rows(client, name, query)
    assert expected, "the filter finds nothing in the seed data: a weak check"
    links = download_links(page)

    csv_answer = client.get(links["CSV"])
    json_answer = client.get(links["JSON"])

    assert csv_answer.status_code == 200, csv_answer.content
    assert json_answer.status_code == 200, json_answer.content
    assert csv_keys(csv_answer, ROW_KEY[name]) == expected
    assert json_keys(json_answer, ROW_KEY[name]) == expected
    assert json.loads(json_answer.content)["next"] is None


def test_a_download_holds_every_page_of_a_long_list(client, db):
    for n in range(45):
        factories.EventFactory(
            title=f"Meeting {n:02}", date=datetime.date(2020, 1, 1 + n % 28)
        )
    expected = all_page_rows(client, "events", "")
    assert len(expected) == 45
    page = client.get("/events/")
    assert "Download these 45 rows: CSV · JSON" in text(page)

    links = download_links(page)

    assert csv_keys(client.get(links["CSV"]), "slug") == expected
    assert json_keys(client.get(links["JSON"]), "slug") == expected


def test_the_links_carry_the_pages_filters_to_the_api_list(client, seeded):
    page = client.get("/events/?q=&kind=signing&country=ma&page=1")

    links = download_links(page)

    assert links == {
        "CSV": "/api/v1/events/?kind=signing&country=ma&format=csv&download=true",
        "JSON": "/api/v1/events/?kind=signing&country=ma&format=json&download=true",
    }
    assert_public_page(page)


def test_the_link_says_how_many_rows_the_file_holds(client, seeded):
    page = client.get("/countries/?status=signatory")
    count = len(page.context["countries"])

    assert f"Download these {count} rows: CSV · JSON" in text(page)


def test_one_row_is_called_one_row(client, db):
    factories.EventFactory(kind=EventKind.SIGNING)

    page = client.get("/events/?kind=signing")

    assert "Download this row: CSV · JSON" in text(page)


def test_a_list_without_rows_offers_nothing_to_download(client, db):
    factories.EventFactory(kind=EventKind.MEETING)

    page = client.get("/events/?kind=signing")

    assert page.status_code == 200
    assert "Download" not in text(page)
    assert "downloads" not in page.context


def test_a_page_with_a_bad_filter_offers_nothing_to_download(client, db):
    factories.EventFactory()

    page = client.get("/events/?kind=treaty")

    assert page.status_code == 400
    assert "downloads" not in page.context


def test_drafts_an_editor_sees_on_the_page_are_in_their_download(editor_client, db):
    factories.EventFactory(slug="published-one")
    factories.EventFactory(slug="draft-one", publication_status=PublicationStatus.DRAFT)
    expected = all_page_rows(editor_client, "events", "")
    assert set(expected) == {"published-one", "draft-one"}

    links = download_links(editor_client.get("/events/"))

    assert json_keys(editor_client.get(links["JSON"]), "slug") == expected


# The file ----------------------------------------------------------------------


@pytest.mark.parametrize("format_", ["csv", "json"])
def test_a_download_is_an_attachment_named_by_the_list_and_the_utc_day(
    api_client, db, format_
):
    factories.EventFactory()
    late_evening = datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)

    with clock_at(late_evening):
        response = api_client.get(
            "/api/v1/events/", {"format": format_, "download": "true"}
        )

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="accords-events-2026-12-01.{format_}"'
    )


@pytest.mark.parametrize("name", ["countries", "officials", "events"])
def test_each_list_downloads_under_its_own_name(api_client, db, name):
    factories.EventFactory()
    factories.OfficialFactory()

    response = api_client.get(f"/api/v1/{name}/?format=csv&download=true")

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="accords-{name}-')


def test_without_download_the_api_answers_a_page_as_before(api_client, db):
    for _ in range(30):
        factories.EventFactory()

    json_page = api_client.get("/api/v1/events/")
    csv_page = api_client.get("/api/v1/events/?format=csv")

    assert len(json_page.json()["results"]) == 25
    assert "Content-Disposition" not in json_page
    assert csv_page["Content-Disposition"] == 'attachment; filename="event.csv"'
    assert len(csv_keys(csv_page, "slug")) == 25


def test_download_false_is_the_ordinary_answer(api_client, db):
    for _ in range(30):
        factories.EventFactory()

    response = api_client.get("/api/v1/events/?download=false")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 25
    assert "Content-Disposition" not in response


def test_a_download_still_takes_a_page_size_the_client_gives(api_client, db):
    for _ in range(5):
        factories.EventFactory()

    response = api_client.get("/api/v1/events/?download=true&page_size=2&page=2")

    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == 2 and body["next"]
    assert "attachment" in response["Content-Disposition"]


def test_beyond_the_limit_the_file_holds_the_first_rows_and_says_so(
    client, api_client, db, monkeypatch
):
    monkeypatch.setattr(downloads, "DOWNLOAD_LIMIT", 2)
    monkeypatch.setattr("core.api.DOWNLOAD_LIMIT", 2)
    for _ in range(3):
        factories.EventFactory()

    page = client.get("/events/")
    links = download_links(page)
    answer = api_client.get(links["JSON"])

    assert "Download the first 2 of these 3 rows: CSV · JSON" in text(page)
    body = answer.json()
    assert len(body["results"]) == 2
    rest = api_client.get(body["next"]).json()
    assert len(rest["results"]) == 1 and rest["next"] is None


def test_a_download_takes_as_many_queries_as_a_page_of_the_api(api_client, db):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_client.get(url).status_code == 200
        return len(captured)

    for _ in range(3):
        event = factories.EventFactory()
        factories.ParticipantFactory(event=event)
    few = queries("/api/v1/events/?download=true")
    for _ in range(40):
        event = factories.EventFactory()
        factories.ParticipantFactory(event=event)

    assert queries("/api/v1/events/?download=true") == few
    assert queries("/api/v1/events/") == few


# Bad input -------------------------------------------------------------------


def test_a_download_value_other_than_true_or_false_is_a_400(api_client, db):
    response = api_client.get("/api/v1/events/?download=yes")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["download"] == [
        "“yes” is neither true nor false; give download=true for the list as a "
        "file, or leave it out."
    ]


def test_a_record_cannot_be_downloaded_as_a_list(api_client, event):
    response = api_client.get(f"/api/v1/events/{event.slug}/?download=true")

    assert response.status_code == 400
    assert "download" in response.json()["errors"]


def test_a_bad_filter_in_a_download_is_a_json_400_even_for_csv(api_client, db):
    response = api_client.get("/api/v1/events/?kind=treaty&format=csv&download=true")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response


# Search results ----------------------------------------------------------------


def search_groups(response) -> dict[str, list[str]]:
    return {
        group["key"]: [getattr(row, ROW_KEY[group["key"]]) for row in group["rows"]]
        for group in response.context["results"]
    }


def test_each_group_of_search_results_downloads_its_rows(client, seeded):
    response = client.get("/search/", {"q": "kazakh"})
    shown = search_groups(response)
    assert shown["countries"] and shown["events"], "a weak check"
    assert response.context["results"][1]["downloads"] is None  # no officials

    for group in response.context["results"]:
        if not group["rows"]:
            continue
        key, links = group["key"], group["downloads"]
        assert links.json == (f"/api/v1/{key}/?q=kazakh&format=json&download=true")
        assert json_keys(client.get(links.json), ROW_KEY[key]) == shown[key]
        assert csv_keys(client.get(links.csv), ROW_KEY[key]) == shown[key]
    assert f"Download these {len(shown['events'])} rows: CSV · JSON" in text(response)


def test_a_search_group_showing_only_its_first_rows_downloads_every_match(
    client, db, monkeypatch
):
    monkeypatch.setattr("events.views.SEARCH_LIMIT", 2)
    for n in range(3):
        factories.EventFactory(title=f"Summit {n}")

    response = client.get("/search/", {"q": "summit"})
    [events] = [g for g in response.context["results"] if g["key"] == "events"]

    assert len(events["rows"]) == 2
    assert "Download every match: CSV · JSON" in text(response)
    assert len(json_keys(client.get(events["downloads"].json), "slug")) == 3
