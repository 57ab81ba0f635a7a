"""Records the API loads inside the main query (core.nested)."""

import datetime

import pytest
from django.utils import timezone

from core.nested import Nested
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
