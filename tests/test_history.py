"""History editors can read, covering links, and a revert that keeps publication."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from core import history
from core.partial_dates import Precision
from events.models import Event
from tests import factories
from tests.admin_forms import change_url, errors_of, form_data, save


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def history_page(client, record):
    opts = record._meta
    return client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])
    )


def revert_url(record, version) -> str:
    opts = record._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[record.pk, version.pk],
    )


def revert(client, record, version, **extra):
    url = revert_url(record, version)
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {**form_data(page), "_save": "Revert", **extra})


@pytest.fixture
def source(db):
    """The publication the event cites."""
    return factories.PublicationFactory(publisher="Ynet", title="Tokayev in Washington")


def cited(event):
    return [citation.publication for citation in event.citations.all()]


@pytest.fixture
def rubio(country):
    return factories.OfficialFactory(name="Marco Rubio", country=country)


@pytest.fixture
def lutnick(country):
    return factories.OfficialFactory(name="Howard Lutnick", country=country)


@pytest.fixture
def draft_era_event(editor_client, country, lutnick, source):
    """An event saved as a draft in the admin (version 1 after the admin
    save), then given a source and published."""
    event = factories.EventFactory(
        title="Tokayev meets Rubio",
        slug="tokayev-meets-rubio",
        publication_status="draft",
        published_at=None,
        countries=[country],
    )
    factories.ParticipantFactory(event=event, official=lutnick, role="guest")
    response = save(editor_client, event, summary="A draft summary.")
    assert response.status_code == 302, errors_of(response)
    factories.cite(event, publication=source)
    event.refresh_from_db()
    response = save(editor_client, event, publication_status="published")
    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    assert event.is_published
    return event


def test_history_diff_shows_labels_partial_dates_to_precision_and_links(
    editor_client, draft_era_event, lutnick, rubio, israel, country
):
    event = draft_era_event
    participant_row = {"official": rubio.pk, "role": "signer", "order": 0}
    data_changes = {
        "date": "1992-04",
        "kind": "signing",
        "place_country": israel.pk,
        "countries": [],
    }
    response = save(editor_client, event, ("participants", participant_row))
    assert response.status_code == 302, errors_of(response)
    event.refresh_from_db()
    page = form_data(editor_client.get(change_url(event)))
    # Remove Howard Lutnick (the first participant row), change fields.
    page["participants-0-DELETE"] = "on"
    page.update(data_changes)
    response = editor_client.post(change_url(event), {**page, "_save": "Save"})
    assert response.status_code == 302, errors_of(response)

    text = text_of(history_page(editor_client, event))
    assert "<strong>Date:</strong> 15 September 2020 → April 1992" in text
    assert "<strong>Kind:</strong> Meeting → Signing" in text
    assert "<strong>Country of the place:</strong> (empty) → Israel" in text
    assert "<strong>Participants:</strong> + Marco Rubio" in text
    assert "<strong>Participants:</strong> − Howard Lutnick" in text
    assert f"<strong>Countries:</strong> − {country}" in text
    # Local time to the second, with the editor's name.
    latest = event.history.first()
    assert history.show_time(latest.history_date) in text
    assert re.search(r"\d{1,2} \w+ \d{4}, \d\d:\d\d:\d\d", text)
    assert "Eve" in text
    assert ".None" not in text
    assert "+00:00" not in text


def test_published_at_is_shown_as_local_time_to_the_second(
    editor_client, draft_era_event
):
    text = text_of(history_page(editor_client, draft_era_event))
    shown = history.show_time(draft_era_event.published_at)
    assert f"<strong>Published at:</strong> (empty) → {shown}" in text


def test_revert_to_a_draft_era_version_keeps_the_event_published(
    editor_client, draft_era_event, source
):
    event = draft_era_event
    draft_version = event.history.get(version=1)
    assert draft_version.publication_status == "draft"
    response = revert(editor_client, event, draft_version)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_published
    assert event.summary == "Leaders met."
    assert Client().get(event.get_absolute_url()).status_code == 200
    # Version 1 had no source yet: a published event keeps its own.
    assert cited(event) == [source]
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "reverted to version 1" in message
    assert "Publication state kept: Published (readers still see it)" in message
    assert "Its sources were kept" in message


def test_revert_restores_the_publication_state_when_asked(
    editor_client, draft_era_event
):
    event = draft_era_event
    draft_version = event.history.get(version=2)
    response = revert(editor_client, event, draft_version, restore_publication="1")
    assert response.status_code == 302
    event.refresh_from_db()
    assert not event.is_published
    assert Client().get(event.get_absolute_url()).status_code == 404
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Publication state restored: Draft" in message


def test_revert_preview_shows_the_fields_and_links_it_will_change(
    editor_client, draft_era_event, rubio, source
):
    event = draft_era_event
    first = event.history.get(version=1)
    response = save(editor_client, event, title="Tokayev and Rubio")
    assert response.status_code == 302, errors_of(response)
    event.participants.create(official=rubio, role="signer", order=1)
    text = text_of(editor_client.get(revert_url(event, first)))
    assert "Reverting to version 1 will change" in text
    assert "<strong>Title:</strong> Tokayev and Rubio → Tokayev meets Rubio" in text
    assert "<strong>Participants:</strong> − Marco Rubio" in text
    assert f"<strong>Citations:</strong> − {source}" in text
    assert 'name="restore_publication"' in text
    assert "now Published, in version 1 Draft" in text


def test_revert_restores_participants_sources_and_countries(
    editor_client, draft_era_event, lutnick, rubio, israel, country, source
):
    event = draft_era_event
    published = event.history.get(version=3)
    response = save(editor_client, event, title="Rewritten")
    assert response.status_code == 302, errors_of(response)
    # Then, in version 4: Lutnick replaced by Rubio, Israel added, another
    # source cited instead.
    event.participants.all().delete()
    event.participants.create(official=rubio, role="signer")
    event.countries.add(israel)
    factories.cite(event, title="Another article")
    event.citations.filter(publication=source).delete()
    assert event.history.first().links["participants"][0]["label"] == "Marco Rubio"

    response = revert(editor_client, event, published)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Tokayev meets Rubio"
    assert [p.official for p in event.participants.all()] == [lutnick]
    assert event.participants.get().role == "guest"
    assert list(event.countries.all()) == [country]
    assert cited(event) == [source]
    assert event.is_published


def test_a_revert_is_a_new_version_with_its_reason(editor_client, draft_era_event):
    event = draft_era_event
    count = event.history.count()
    revert(editor_client, event, event.history.get(version=2))
    event.refresh_from_db()
    assert event.history.count() == count + 1
    latest = event.history.first()
    assert latest.history_type == "~"
    assert latest.history_change_reason == "Reverted to version 2"
    assert latest.version == event.version == 4
    assert latest.links["participants"][0]["label"] == "Howard Lutnick"
    text = text_of(history_page(editor_client, event))
    assert "Reverted to version 2" in text


def test_versions_saved_before_links_were_recorded_say_so(
    editor_client, draft_era_event
):
    event = draft_era_event
    event.history.update(links=None)
    save(editor_client, event, title="Renamed")
    text = text_of(history_page(editor_client, event))
    assert "Links (participants, sources and the like) were not recorded before" in text


def test_reverting_to_a_version_without_recorded_links_keeps_the_links(
    editor_client, draft_era_event, lutnick
):
    event = draft_era_event
    event.history.update(links=None)
    old = event.history.earliest()
    save(editor_client, event, title="Renamed")
    response = revert(editor_client, event, old)
    assert response.status_code == 302
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "its links were left as they are" in message
    assert [p.official for p in event.participants.all()] == [lutnick]


def test_an_officials_versions_record_positions_and_other_names(official):
    factories.OtherNameFactory(official=official, name="Marko Rubio")
    official.save()
    links = official.history.first().links
    assert [row["label"] for row in links["other_names"]] == ["Marko Rubio"]
    assert len(links["positions"]) == official.positions.count()


def test_a_countrys_versions_record_its_status_changes(country):
    country.save()
    links = country.history.first().links
    assert len(links["status_changes"]) == country.status_changes.count()
    assert "relation_with_israel" in links


def test_a_revert_to_a_missing_version_is_a_404(editor_client, event):
    url = reverse("admin:events_event_simple_history", args=[event.pk, 999_999])
    assert editor_client.get(url).status_code == 404


def test_partial_dates_in_history_show_at_their_precision(db):
    event = factories.EventFactory(
        date=datetime.date(1992, 4, 1), date_precision=Precision.MONTH
    )
    version = event.history.first()
    field = Event._meta.get_field("date")
    assert history.show_value(Event, field, version) == "April 1992"


def test_a_revert_of_a_malformed_version_id_is_a_404(editor_client, event):
    url = reverse("admin:events_event_simple_history", args=[event.pk, "x1"])
    assert editor_client.get(url).status_code == 404


def test_a_participant_whose_official_was_deleted_is_not_restored(
    editor_client, draft_era_event, rubio
):
    event = draft_era_event
    response = save(editor_client, event, title="Rewritten")
    assert response.status_code == 302, errors_of(response)
    event.participants.create(official=rubio, role="signer", order=1)
    with_rubio = event.history.first()
    save(editor_client, event, title="Rewritten again")
    event.participants.filter(official=rubio).delete()
    rubio.delete()
    response = revert(editor_client, event, with_rubio)
    assert response.status_code == 302
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "“Marco Rubio” not restored: its official no longer exists" in message
    assert [p.official.name for p in event.participants.all()] == ["Howard Lutnick"]
