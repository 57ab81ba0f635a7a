"""The events filter's official field lists the most cited officials, not
every one; any other is found by part of a name, on the page and in the API."""

import re

import pytest

from events import filters
from tests import factories
from tests.page_checks import assert_public_page

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    select = re.search(
        r'<select[^>]*name="official".*?</select>', response.content.decode(), re.S
    )
    return re.findall(r'<option value="([^"]*)"', select[0])


def selected(response) -> list[str]:
    return re.findall(r"<option[^>]*selected>([^<]*)", response.content.decode())


def test_the_select_offers_only_the_most_cited_officials(client, monkeypatch):
    monkeypatch.setattr(filters, "MOST_CITED_OFFICIALS", 2)
    busy, busier, quiet = (
        factories.OfficialFactory(slug=slug) for slug in ("busy", "busier", "quiet")
    )
    for official, events in ((busy, 2), (busier, 3), (quiet, 1)):
        for _ in range(events):
            factories.ParticipantFactory(
                event=factories.EventFactory(), official=official
            )
    factories.ParticipantFactory(
        event=factories.EventFactory(draft=True), official=quiet
    )
    factories.ParticipantFactory(
        event=factories.EventFactory(draft=True), official=quiet
    )
    response = client.get("/events/")
    assert sorted(listed(response)) == ["", "busier", "busy"]
    assert_public_page(response)


def named_options(response) -> list[str]:
    select = re.search(
        r'<select[^>]*name="official".*?</select>', response.content.decode(), re.S
    )
    return re.findall(r'<option value="[^"]+"[^>]*>([^<]*)<', select[0])


def test_the_list_names_officials_in_the_pages_language(client, settings):
    # A shared cache, as in production: each language keeps its own list.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    rubio = factories.OfficialFactory(name="Marco Rubio", name_he="מרקו רוביו")
    lutnick = factories.OfficialFactory(name="Howard Lutnick")
    for official in (rubio, lutnick):
        factories.ParticipantFactory(event=factories.EventFactory(), official=official)
    assert named_options(client.get("/events/")) == ["Howard Lutnick", "Marco Rubio"]
    # No Hebrew name: the English one.
    assert named_options(client.get("/he/events/")) == ["Howard Lutnick", "מרקו רוביו"]
    assert named_options(client.get("/events/")) == ["Howard Lutnick", "Marco Rubio"]


def test_an_official_outside_the_list_still_shows_selected_by_name(client):
    factories.OfficialFactory(slug="marco-rubio", name="Marco Rubio")
    response = client.get("/events/", {"official": "marco-rubio"})
    assert response.status_code == 200
    assert "Marco Rubio" in selected(response)


def test_events_are_found_by_part_of_a_participants_name(client, api_client):
    rubio = factories.OfficialFactory(name="Marco Rubio")
    hidden = factories.OfficialFactory(name="Rubio Draft", draft=True)
    with_rubio = factories.EventFactory(slug="with-rubio")
    factories.ParticipantFactory(event=with_rubio, official=rubio)
    factories.ParticipantFactory(event=with_rubio, official=None, name="Aide Rubio")
    delegation = factories.EventFactory(slug="delegation")
    factories.ParticipantFactory(event=delegation, official=None, name="A RUBIO aide")
    drafted = factories.EventFactory(slug="with-hidden")
    factories.ParticipantFactory(event=drafted, official=hidden)
    factories.EventFactory(slug="other")

    page = client.get("/events/", {"official_name": "rubio"})
    assert page.status_code == 200
    assert sorted(e.slug for e in page.context["events"]) == [
        "delegation",
        "with-rubio",
    ]
    assert 'value="rubio"' in page.content.decode()
    api = api_client.get("/api/v1/events/", {"official_name": "RUBIO"})
    assert sorted(e["slug"] for e in api.json()["results"]) == [
        "delegation",
        "with-rubio",
    ]
