"""Records the API and the pages load inside the main query (core.nested)."""

import datetime

import pytest
from django.db import models
from django.utils import timezone
from django.utils.translation import override

from core.nested import Nested, with_nested
from countries.models import Country, Official
from events.models import Event
from tests import factories
from tests.conftest import clock_at


def test_a_scheduled_position_shows_once_its_time_comes(api_client, official):
    # The list's SQL is made once per process: the time must still be the
    # time of each request, not of the first.
    soon = timezone.now() + datetime.timedelta(hours=1)
    factories.PositionFactory(official=official, publish_at=soon)

    def current_positions():
        rows = api_client.get("/api/v1/officials/").json()["results"]
        (row,) = [row for row in rows if row["slug"] == official.slug]
        return row["current_positions"]

    assert current_positions() == []
    with clock_at(soon + datetime.timedelta(minutes=1)):
        assert len(current_positions()) == 1


def test_nested_records_keep_their_order(api_client, official):
    for name in ("Zhaksy", "Abay", "Murat"):
        factories.OtherNameFactory(official=official, name=name)
    body = api_client.get(f"/api/v1/officials/{official.slug}/").json()
    assert [other["name"] for other in body["other_names"]] == [
        "Abay",
        "Murat",
        "Zhaksy",
    ]


def test_a_record_without_nested_records_has_an_empty_list(api_client, official):
    body = api_client.get(f"/api/v1/officials/{official.slug}/").json()
    assert (body["other_names"], body["positions"]) == ([], [])


def test_columns_whose_json_differs_from_the_drivers_value_are_refused(db):
    from events.models import DatasetVersion

    with pytest.raises(TypeError, match="record_counts"):
        Nested(DatasetVersion.objects.all())


def test_an_order_key_orders_the_rows_in_python(official):
    for name in ("Abay", "Murat", "Zhaksy"):
        factories.OtherNameFactory(official=official, name=name)
    backwards = Nested(
        official.other_names.model.objects.filter(official=models.OuterRef("pk")),
        order=lambda other: other.name[::-1],
    )
    (loaded,) = with_nested(
        Official.objects.filter(pk=official.pk), other_names=backwards
    )
    # "taruM", "yabA", "yskahZ": by the reversed name, not by the column.
    assert [other.name for other in loaded.other_names.all()] == [
        "Murat",
        "Abay",
        "Zhaksy",
    ]


def test_a_country_without_a_name_in_the_pages_language_comes_first(event, israel):
    event.countries.add(israel)
    Country.objects.filter(pk=israel.pk).update(name_he="ישראל")
    with override("he"):
        loaded = Event.objects.for_detail().get(pk=event.pk)
    # Kazakhstan has no Hebrew name: NULL sorts first, as order_by would.
    assert [country.slug for country in loaded.countries.all()] == [
        "kazakhstan",
        "israel",
    ]


def test_a_cached_relation_filters_within_its_own_record(event, israel):
    loaded = Event.objects.for_detail().get(pk=event.pk)
    assert list(loaded.countries.filter(pk=israel.pk)) == []
    assert list(loaded.countries.filter(slug="kazakhstan")) == [event.countries.get()]


def test_rows_nested_in_their_parents_come_with_the_page_query(
    kazakhstan, django_assert_num_queries
):
    official = kazakhstan.officials.get()
    (change, _announced) = kazakhstan.status_changes.order_by("date")
    older = factories.EventFactory(date=datetime.date(2025, 8, 1))
    newer = factories.EventFactory(date=datetime.date(2025, 8, 20))
    change.events.set([older, newer])
    factories.PositionFactory(
        official=official,
        office=factories.OfficeFactory(title="Prime Minister", country=kazakhstan),
        start=datetime.date(1999, 10, 1),
        end=datetime.date(2002, 1, 28),
    )
    with django_assert_num_queries(1):
        loaded = Country.objects.for_detail().get(pk=kazakhstan.pk)
        first = loaded.published_status_changes[0]
        # The events of the link rows, latest first.
        assert list(first.events.all()) == [newer, older]
        (shown,) = loaded.published_officials
        assert shown.former_title == "Prime Minister"
        assert [p.office.title for p in shown.current_positions] == ["President"]


def test_rows_attached_to_a_relation_of_the_outer_record(
    event, official, israel, django_assert_num_queries
):
    event.countries.add(israel)
    with django_assert_num_queries(1):
        (participation,) = official.public_participations()
        assert [country.slug for country in participation.event.card_countries] == [
            "israel",
            "kazakhstan",
        ]


def test_a_cards_countries_are_its_public_ones_in_the_pages_order(event, israel):
    # Built from their columns, not as Country instances (Nested's make).
    event.countries.add(
        israel,
        factories.CountryFactory(publication_status="draft"),
    )
    Country.objects.filter(pk=israel.pk).update(name_he="ישראל")
    with override("he"):
        (loaded,) = Event.objects.filter(pk=event.pk).for_cards()
        countries = loaded.card_countries
        # Kazakhstan has no Hebrew name: first, and shown in English.
        assert [country.slug for country in countries] == ["kazakhstan", "israel"]
        assert [country.shown_name() for country in countries] == [
            ("Kazakhstan", True),
            ("ישראל", False),
        ]
        assert countries[1].get_absolute_url() == "/he/countries/israel/"
    with override("en"):
        assert countries[1].shown_name() == ("Israel", False)


def test_made_rows_are_flat_lists():
    countries = Country.objects.filter(events=models.OuterRef("pk"))
    with pytest.raises(TypeError):
        Nested(countries, make=dict)  # attached as a related manager's rows
    with pytest.raises(TypeError):
        Nested(countries, make=dict, to_attr=True, annotated=["n"])
