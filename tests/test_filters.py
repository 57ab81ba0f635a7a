"""Each list's filters are written once: the page and the API take the same
parameters and values, answer a bad value alike, and the pages' old
parameters redirect to today's."""

import datetime
import re
import urllib.parse
from pathlib import Path

import pytest

from core.partial_dates import Precision
from countries.models import AccordsStatus
from events.models import EventKind
from tests import factories
from tests.page_checks import assert_public_page, text

README = Path(__file__).resolve().parent.parent / "README.md"
LISTS = ("countries", "officials", "events")
# What identifies a row of each list, in the API's JSON and on the page.
ROW_KEY = {"countries": "iso2", "officials": "slug", "events": "slug"}


def readme_list_examples() -> list[str]:
    """The path and query of every list URL (``$B/events/?…``) that a ``curl``
    example of the README's API section asks for."""
    section = README.read_text().split("\n## API\n", 1)[1].split("\n## ", 1)[0]
    examples = []
    for url in re.findall(r"\$B(/[^\"'\s]*)", section):
        path = urllib.parse.urlsplit(url).path
        if path in {f"/{name}/" for name in LISTS} and url not in examples:
            examples.append(url)
    return examples


def page_rows(response, name: str) -> list[str]:
    return [getattr(row, ROW_KEY[name]) for row in response.context[name]]


def page_total(response, name: str) -> int:
    paginator = response.context.get("paginator")
    return paginator.count if paginator else len(response.context[name])


def api_total(api_client, answer) -> int:
    body = answer.json()
    if "count" in body:
        return body["count"]
    total = len(body["results"])
    while body["next"]:
        body = api_client.get(body["next"]).json()
        total += len(body["results"])
    return total


def api_json(api_client, url: str):
    # The CSV of a query holds exactly the rows of its JSON: compare the JSON.
    split = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(split.query) if k != "format"]
    return api_client.get(f"/api/v1{split.path}", query)


# The README's examples, pasted into the pages ----------------------------------


def test_the_readme_has_list_examples_for_the_pages_to_answer():
    examples = readme_list_examples()
    assert (
        "/events/?kind=signing&country=MA&date_after=2020-12&date_before=2020-12"
        "&ordering=date"
    ) in examples
    assert any(url.startswith("/countries/?") for url in examples)


@pytest.mark.parametrize("url", readme_list_examples())
def test_a_readme_api_example_pasted_into_its_page_shows_the_apis_rows(
    client, api_client, seeded, url
):
    name = urllib.parse.urlsplit(url).path.strip("/")
    api = api_json(api_client, url)
    assert api.status_code == 200
    expected = [row[ROW_KEY[name]] for row in api.json()["results"]]
    assert expected, "the example finds nothing in the seed data: a weak check"

    # API-only parameters (format, page_size) are ignored by the pages.
    page = client.get(url)
    assert page.status_code == 200
    assert_public_page(page)
    shown = page_rows(page, name)
    assert shown == expected[: len(shown)]
    # The events API counts nothing: its pages, followed, hold the same rows.
    assert page_total(page, name) == api_total(api_client, api)


def test_the_moroccan_signing_example_finds_the_signing_on_the_page(client, seeded):
    response = client.get(
        "/events/?kind=signing&country=MA&date_after=2020-12&date_before=2020-12"
        "&ordering=date"
    )
    events = response.context["events"]
    assert [event.kind for event in events] == [EventKind.SIGNING] * len(events)
    assert all("MA" in {c.iso2 for c in event.countries.all()} for event in events)
    assert '<option value="MA" selected>Morocco</option>' in response.content.decode()


# Bad values: a 400 naming the parameter, on the page and in the API ----------------


BAD_VALUES = [
    ("events", "date_after=2020-13", "“2020-13”: the month must be between 01 and 12."),
    ("events", "date_before=2021-02-30", "February 2021 has days 01 to 28"),
    ("events", "date_after=2020-1", "“2020-1” is not a date."),
    ("events", "date_after=%202020", "“ 2020” is not a date."),
    ("events", "date_after=%D9%A2%D9%A0%D9%A2%D9%A0", "is not a date"),
    ("events", "kind=party", "“party” is not a kind of event"),
    ("events", "country=kaz", "“kaz” is malformed; give a country's ISO 3166-1"),
    ("events", "official=no%20body", "“no body” is malformed; give an official's"),
    ("events", "ordering=place", "“place” is not a sort order"),
    ("events", "q=" + "x" * 201, "Search for at most 200 characters"),
    ("events", "updated_after=yesterday", "“yesterday” is not a timestamp"),
    ("countries", "status=joined", "“joined” is not an accords status"),
    ("countries", "region=asia", "“asia” is not a region"),
    ("countries", "role=king", "“king” is not a role"),
    ("countries", "as_of=2025-02-30", "“2025-02-30” is not a date"),
    ("officials", "country=usa", "“usa” is malformed; give a country's ISO 3166-1"),
    ("officials", "ordering=age", "“age” is not a sort order"),
]


@pytest.mark.parametrize(("name", "query", "message"), BAD_VALUES)
def test_a_bad_value_is_a_400_naming_the_parameter_on_the_page_and_in_the_api(
    client, api_client, event, name, query, message
):
    parameter = query.split("=", 1)[0]

    api = api_client.get(f"/api/v1/{name}/?{query}")
    assert api.status_code == 400
    body = api.json()
    assert list(body["errors"]) == [parameter]
    assert body["detail"].startswith(f"{parameter}: ")
    assert message in body["detail"]

    page = client.get(f"/{name}/?{query}")
    assert page.status_code == 400
    assert_public_page(page)
    assert page.context[name] == []
    summary = text(page).split("Some filters need changing", 1)[1]
    assert parameter in summary
    assert message in summary
    # The page's message is the API's, word for word.
    assert body["errors"][parameter][0] in page.context["form"].errors[parameter]


def test_a_bad_month_on_the_events_page_is_shown_beside_its_field(client, db):
    response = client.get("/events/?date_after=2020-13")
    assert response.status_code == 400
    content = response.content.decode()
    assert (
        '<ul class="errorlist" id="id_date_after_error"><li>“2020-13”: the month '
        "must be between 01 and 12.</li></ul>" in content
    )
    assert 'aria-invalid="true"' in content
    assert (
        '<a href="#id_date_after">From (date_after)</a>: “2020-13”: the month must '
        "be between 01 and 12." in content
    )


def test_a_period_that_ends_before_it_starts_is_refused_on_both(client, api_client, db):
    query = "date_after=2021&date_before=2020"
    message = "The period ends (2020) before it starts (2021); swap the two dates."
    api = api_client.get(f"/api/v1/events/?{query}")
    assert api.status_code == 400
    assert api.json()["code"] == "dates_out_of_order"
    assert api.json()["errors"] == {"date_before": [message]}
    page = client.get(f"/events/?{query}")
    assert page.status_code == 400
    assert message in text(page)


@pytest.mark.parametrize("name", LISTS)
def test_a_repeated_parameter_is_refused_on_both(client, api_client, db, name):
    query = "ordering=name&ordering=-name"
    if name == "events":
        query = "ordering=date&ordering=-date"
    assert (
        "Give this parameter once."
        in api_client.get(f"/api/v1/{name}/?{query}").json()["errors"]["ordering"]
    )
    page = client.get(f"/{name}/?{query}")
    assert page.status_code == 400
    assert "ordering: Give this parameter once." in text(page)


# What pages take that the API does not ------------------------------------------


def test_the_empty_fields_a_blank_form_sends_mean_any_on_the_page(
    client, api_client, event
):
    blank = "q=&kind=&country=&official=&date_after=&date_before="
    response = client.get(f"/events/?{blank}")
    assert response.status_code == 200
    assert page_rows(response, "events") == [event.slug]
    assert "match these filters" not in text(response)
    # The API keeps refusing an empty value: a client left it half-filled.
    api = api_client.get("/api/v1/events/?kind=")
    assert api.status_code == 400
    assert "Empty value" in api.json()["detail"]


def test_pages_ignore_parameters_they_do_not_know(client, event):
    response = client.get("/events/?utm_source=feed&format=csv&page_size=100")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert page_rows(response, "events") == [event.slug]


def test_a_country_code_is_taken_in_any_case_on_both(client, api_client, event):
    assert page_rows(client.get("/events/?country=kz"), "events") == [event.slug]
    api = api_client.get("/api/v1/events/?country=kz").json()["results"]
    assert [row["slug"] for row in api] == [event.slug]
    content = client.get("/events/?country=kz").content.decode()
    assert '<option value="KZ" selected>Kazakhstan</option>' in content


@pytest.mark.parametrize("query", ["country=ZZ", "official=nobody"])
def test_a_well_formed_code_that_names_nothing_matches_nothing_on_both(
    client, api_client, event, query
):
    assert api_client.get(f"/api/v1/events/?{query}").json()["results"] == []
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200
    assert "No events match these filters" in text(response)
    # The select still says what the list is filtered by.
    value = query.split("=")[1]
    assert f'<option value="{value}" selected>{value}</option>' in (
        response.content.decode()
    )


def test_the_page_sorts_like_the_api_and_its_form_keeps_the_order(
    client, api_client, db
):
    for day in (1, 2, 3):
        factories.EventFactory(slug=f"day-{day}", date=datetime.date(2020, 9, day))
    response = client.get("/events/?ordering=date")
    assert page_rows(response, "events") == ["day-1", "day-2", "day-3"]
    api = api_client.get("/api/v1/events/?ordering=date").json()["results"]
    assert [row["slug"] for row in api] == ["day-1", "day-2", "day-3"]
    assert '<input type="hidden" name="ordering" value="date"' in (
        response.content.decode()
    )


def test_the_countries_page_shows_the_status_on_the_as_of_day(client, db):
    uae = factories.StatusChangeFactory(status=AccordsStatus.SIGNATORY).country
    factories.StatusChangeFactory(
        country=factories.CountryFactory(),
        status=AccordsStatus.CANDIDATE,
        date=datetime.date(2025, 8, 1),
        date_precision=Precision.MONTH,
    )
    response = client.get("/countries/?as_of=2021-01-01&status=signatory")
    assert page_rows(response, "countries") == [uae.iso2]
    assert "1 country; status as of 1 January 2021 ." in text(response)


# Old page parameters ----------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/events/?date_from=2020-12&date_to=2021",
            "/events/?date_after=2020-12&date_before=2021",
        ),
        (
            "/events/?country=kazakhstan&kind=meeting",
            "/events/?country=KZ&kind=meeting",
        ),
        (
            # What the old form sent: every field, blank or not, and a page.
            "/events/?q=&kind=&country=kazakhstan&official=&date_from=2020&date_to="
            "&page=2",
            "/events/?q=&kind=&country=KZ&official=&date_after=2020&date_before="
            "&page=2",
        ),
        ("/officials/?country=kazakhstan", "/officials/?country=KZ"),
    ],
)
def test_old_page_parameters_redirect_permanently_to_todays(client, country, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_an_old_link_shows_the_same_events_after_its_redirect(client, event):
    factories.EventFactory(slug="elsewhere")
    response = client.get("/events/?country=kazakhstan&date_from=2020", follow=True)
    assert response.redirect_chain == [("/events/?country=KZ&date_after=2020", 301)]
    assert page_rows(response, "events") == [event.slug]


def test_a_country_renamed_since_the_link_was_made_still_redirects(client, country):
    country.slug = "republic-of-kazakhstan"
    country.save()
    response = client.get("/events/?country=kazakhstan")
    assert response["Location"] == "/events/?country=KZ"


@pytest.mark.parametrize("slug", ["atlantis", "hidden"])
def test_a_slug_that_names_no_visible_country_is_a_400_not_a_redirect(client, db, slug):
    factories.CountryFactory(slug="hidden", iso2="QQ", draft=True)
    response = client.get(f"/events/?country={slug}")
    assert response.status_code == 400
    assert f"“{slug}” is malformed" in text(response)
