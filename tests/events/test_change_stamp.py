"""``updated_after`` reads one indexed stamp, which every change to what an
event's API answer shows bumps; the migration stamps existing events from
their parts."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from events.filters import EventFilter
from events.models import Event
from tests import factories
from tests.conftest import clock_at
from tests.migrations import migrate


def later() -> datetime.datetime:
    """A moment ahead of every row the test has made so far."""
    return timezone.now() + datetime.timedelta(minutes=5)


def changed_since(api_client, moment) -> list[str]:
    cutoff = moment - datetime.timedelta(minutes=1)
    answer = api_client.get(
        f"/api/v1/events/?updated_after={cutoff:%Y-%m-%dT%H:%M:%SZ}"
    )
    assert answer.status_code == 200
    return [event["slug"] for event in answer.json()["results"]]


def add_participant(event):
    factories.ParticipantFactory(event=event)


def remove_participant(event):
    event.participants.get().delete()


def add_citation(event):
    factories.CitationFactory(event=event)


def correct_publication(event):
    publication = event.citations.get().publication
    publication.title = "Corrected title"
    publication.save()


def add_photo(event):
    factories.PhotoFactory(event=event)


def add_country(event):
    event.countries.add(factories.CountryFactory())


def clear_countries(event):
    event.countries.clear()


def country_side_add(event):
    factories.CountryFactory().events.add(event)


def edit_status_change(event):
    change = event.status_changes.get()
    change.date = datetime.date(2020, 9, 16)
    change.save()


def link_status_change(event):
    event.status_changes.add(factories.StatusChangeFactory())


def edit_event(event):
    event.summary = "Edited."
    event.save()


@pytest.mark.parametrize(
    "edit",
    [
        add_participant,
        remove_participant,
        add_citation,
        correct_publication,
        add_photo,
        add_country,
        clear_countries,
        country_side_add,
        edit_status_change,
        link_status_change,
        edit_event,
    ],
)
def test_updated_after_finds_an_event_whose_parts_changed(api_client, db, edit):
    event = factories.EventFactory(countries=[factories.CountryFactory()])
    other = factories.EventFactory()
    factories.ParticipantFactory(event=event)
    factories.CitationFactory(event=event)
    event.status_changes.add(factories.StatusChangeFactory())
    for record in (event, other):
        record.refresh_from_db()
    moment = later()
    assert changed_since(api_client, moment) == []
    with clock_at(moment):
        edit(event)
    assert changed_since(api_client, moment) == [event.slug]
    assert Event.objects.get(pk=other.pk).changed_at < moment


def test_updated_after_reads_only_the_stamp(api_client, db, django_assert_num_queries):
    factories.EventFactory()
    with django_assert_num_queries(1) as captured:
        changed_since(api_client, later())
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "changed_at" in sql
    assert "EXISTS" not in sql.upper() and "COUNT(" not in sql.upper()


def test_updated_after_finds_the_changed_events_on_the_stamps_index(db):
    if connection.vendor != "sqlite":
        # PostgreSQL plans by its statistics, which a test's few rows do not
        # represent (it is measured at 100,000 events: docs/bench.md).
        pytest.skip("a plan without statistics on a range is SQLite's")
    factories.EventFactory()
    moment = f"{later():%Y-%m-%dT%H:%M:%SZ}"
    # As the API's list asks: published events, latest first.
    listed = Event.objects.published().order_by("-date_order", "-pk")
    changed = EventFilter({"updated_after": moment}, queryset=listed).qs
    assert "event_changed_idx" in changed.explain()


# The migration ---------------------------------------------------------------

BEFORE = [("events", "0010_dataset_versions")]
AFTER = [("events", "0012_change_stamp")]


def test_the_migration_stamps_each_event_with_its_latest_part(old_apps):
    Event = old_apps.get_model("events", "Event")
    Publication = old_apps.get_model("events", "Publication")
    Citation = old_apps.get_model("events", "Citation")
    day = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)

    def event(slug):
        return Event.objects.create(
            title=slug,
            slug=slug,
            kind="meeting",
            summary="-",
            date=datetime.date(2020, 9, 15),
            date_precision="day",
        )

    alone, cited, republished = event("alone"), event("cited"), event("republished")
    old = Publication.objects.create(
        title="Old", url="https://example.org/old", publisher="Ynet"
    )
    new = Publication.objects.create(
        title="New", url="https://example.org/new", publisher="Ynet"
    )
    Citation.objects.create(publication=old, event=cited)
    Citation.objects.create(publication=new, event=republished)
    stamps = {
        "alone": day,
        "cited": day + datetime.timedelta(days=1),
        "republished": day,
    }
    Event.objects.update(updated_at=day)
    Citation.objects.update(updated_at=day)
    Citation.objects.filter(event=cited).update(updated_at=stamps["cited"])
    Publication.objects.update(updated_at=day)
    Publication.objects.filter(pk=new.pk).update(
        updated_at=day + datetime.timedelta(days=2)
    )
    stamps["republished"] = day + datetime.timedelta(days=2)

    apps = migrate(AFTER)
    Event = apps.get_model("events", "Event")
    assert {e.slug: e.changed_at for e in Event.objects.all()} == stamps
    assert alone.pk and Event.objects.count() == 3
