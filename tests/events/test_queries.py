import datetime

import pytest

from core.partial_dates import Precision
from events.models import Event, render_body
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def event_on(text_date, **kwargs):
    event = factories.EventFactory(title=f"Event {text_date}", **kwargs)
    event.date_partial = text_date
    event.save()
    return event


def titles(queryset):
    return [event.title for event in queryset]


def test_an_event_dated_by_month_is_inside_a_range_starting_within_that_month():
    december = event_on("2020-12")
    assert december in Event.objects.between(D(2020, 12, 5), None)
    assert december in Event.objects.between(D(2020, 12, 5), D(2020, 12, 6))
    assert december not in Event.objects.between(D(2021, 1, 1), None)
    assert december not in Event.objects.between(None, D(2020, 11, 30))


def test_an_event_dated_by_year_overlaps_any_range_touching_that_year():
    year = event_on("1992")
    assert year in Event.objects.between(D(1992, 12, 31), D(1993, 5, 1))
    assert year in Event.objects.between(D(1991, 1, 1), D(1992, 1, 1))
    assert year not in Event.objects.between(D(1993, 1, 1), None)


def test_a_day_event_is_inside_a_range_only_when_its_day_is():
    day = event_on("2020-09-15")
    assert day in Event.objects.between(D(2020, 9, 15), D(2020, 9, 15))
    assert day not in Event.objects.between(D(2020, 9, 16), None)
    assert day not in Event.objects.between(None, D(2020, 9, 14))


def test_an_event_with_an_end_date_overlaps_until_its_end():
    talks = event_on("2020-09-13")
    talks.end_date_partial = "2020-10"
    talks.save()
    assert talks in Event.objects.between(D(2020, 10, 31), None)
    assert talks not in Event.objects.between(D(2020, 11, 1), None)


def test_events_sort_with_less_precise_dates_after_the_precise_ones_of_their_period():
    for text in ("2020", "2021-01-06", "2020-12", "2020-12-31", "2020-12-22"):
        event_on(text)
    assert titles(Event.objects.chronological()) == [
        "Event 2020-12-22",
        "Event 2020-12-31",
        "Event 2020-12",
        "Event 2020",
        "Event 2021-01-06",
    ]
    assert titles(Event.objects.all())[0] == "Event 2021-01-06"
    assert titles(Event.objects.latest_first()) == titles(Event.objects.all())


def test_month_precision_is_stored_as_the_first_day_of_the_month():
    event = factories.EventFactory(date=D(2016, 12, 14), date_precision=Precision.MONTH)
    event.refresh_from_db()
    assert event.date == D(2016, 12, 1)
    assert str(event.date_partial) == "December 2016"


def test_participants_carry_the_office_they_held_at_the_time(django_assert_num_queries):
    kazakhstan = factories.CountryFactory(name="Kazakhstan")
    president = factories.OfficeFactory(title="President", country=kazakhstan)
    nazarbayev = factories.PositionFactory(
        official__name="Nursultan Nazarbayev",
        office=president,
        start=D(1990, 4, 24),
        end=D(2019, 3, 19),
    ).official
    factories.PositionFactory(office=president, start=D(2019, 3, 20))
    visit = factories.EventFactory(date=D(2016, 12, 1), date_precision=Precision.MONTH)
    factories.ParticipantFactory(event=visit, official=nazarbayev, role="host")
    factories.ParticipantFactory(event=visit, official=None, name="A delegation")

    event = Event.objects.for_detail().get(pk=visit.pk)
    with django_assert_num_queries(1):
        participants = event.participants_with_positions()
    host, delegation = participants
    assert [p.title_then for p in host.positions_then] == ["then-President"]
    assert delegation.positions_then == []
    assert delegation.display_name == "A delegation"


def test_the_body_is_rendered_from_markdown_and_cleaned_on_save():
    event = factories.EventFactory(
        body="**Signed** at the [White House](https://www.whitehouse.gov).\n\n"
        '<script>alert(1)</script><img src=x onerror="alert(2)">'
        "[bad](javascript:alert(3))"
    )
    assert "<strong>Signed</strong>" in event.body_html
    assert 'href="https://www.whitehouse.gov"' in event.body_html
    assert "<script" not in event.body_html
    assert "onerror" not in event.body_html
    assert "javascript:" not in event.body_html
    assert render_body("<b onclick=x>hi</b>") == "<p>hi</p>"


@pytest.mark.parametrize("size", [5, 60])
def test_listing_events_of_a_range_takes_a_constant_number_of_queries(
    size, django_assert_num_queries
):
    country = factories.CountryFactory()
    for n in range(size):
        factories.EventFactory(
            date=D(2020, 1 + n % 12, 1),
            date_precision=Precision.MONTH,
            countries=[country],
        )
    with django_assert_num_queries(2):
        rows = [
            (
                event.title,
                str(event.date_partial),
                [c.name for c in event.countries.all()],
            )
            for event in Event.objects.published()
            .for_list()
            .between(D(2020, 1, 5), D(2020, 12, 31))
            .latest_first()
        ]
    assert len(rows) == size


def test_an_official_who_holds_the_office_again_today_is_not_called_then(
    django_assert_num_queries,
):
    prime_minister = factories.OfficeFactory(title="Prime Minister")
    first_term = factories.PositionFactory(
        office=prime_minister, start=D(2009, 3, 31), end=D(2021, 6, 13)
    )
    factories.PositionFactory(
        official=first_term.official, office=prime_minister, start=D(2022, 12, 29)
    )
    signing = factories.EventFactory(date=D(2020, 9, 15))
    factories.ParticipantFactory(event=signing, official=first_term.official)

    event = Event.objects.for_detail().get(pk=signing.pk)
    with django_assert_num_queries(1):
        (signer,) = event.participants_with_positions()
    assert [p.title_then for p in signer.positions_then] == ["Prime Minister"]
    assert [p.start for p in signer.positions_then] == [D(2009, 3, 31)]


def test_bulk_created_events_get_the_same_sort_key_as_saved_ones():
    saved = event_on("2020-12")
    bulk = Event.objects.bulk_create(
        [
            Event(
                title="Bulk",
                slug="bulk",
                kind="meeting",
                summary="-",
                date=D(2020, 12, 19),
                date_precision=Precision.MONTH,
            )
        ]
    )
    assert bulk[0].date == D(2020, 12, 1)
    assert bulk[0].date_order == saved.date_order == 20201232


def field_values(record) -> dict:
    return {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}


def test_an_events_related_records_come_in_its_own_query_as_the_database_has_them(
    django_assert_num_queries,
):
    country = factories.CountryFactory(name="Kazakhstan")
    other = factories.CountryFactory(name="Azerbaijan")
    event = factories.EventFactory(countries=[country, other], place_country=country)
    official = factories.OfficialFactory(country=country)
    factories.ParticipantFactory(event=event, official=official, role="host")
    factories.ParticipantFactory(event=event, official=None, name="A delegation")
    change = factories.StatusChangeFactory(country=country)
    event.status_changes.add(change)
    factories.cite(event, quote="Signed.")

    with django_assert_num_queries(1):
        loaded = Event.objects.for_detail().get(pk=event.pk)
        countries = list(loaded.countries.all())
        participants = list(loaded.participants.all())
        citations = list(loaded.citations.all())
        changes = list(loaded.status_changes.all())
        host, delegation = participants
        names = (host.official.country.name, delegation.official)

    # Ordered as the prefetches were, with every column's value and type.
    assert [c.name for c in countries] == ["Azerbaijan", "Kazakhstan"]
    assert names == ("Kazakhstan", None)
    for found, expected in [
        *zip(countries, event.countries.order_by("name"), strict=True),
        *zip(participants, event.participants.all(), strict=True),
        (host.official, official),
        *zip(citations, event.citations.all(), strict=True),
        (citations[0].publication, event.citations.get().publication),
        *zip(changes, event.status_changes.all(), strict=True),
        (changes[0].country, country),
    ]:
        assert field_values(found) == field_values(
            type(expected).objects.get(pk=expected.pk)
        )
        assert not found._state.adding
