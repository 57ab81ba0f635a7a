"""The questions the domain answers: status on a date, office held on a date."""

import datetime

import pytest

from core.partial_dates import Precision
from countries.models import AccordsStatus, Country, Position
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakhstan():
    country = factories.CountryFactory(name="Kazakhstan", slug="kazakhstan")
    factories.status_timeline(
        country,
        (AccordsStatus.CANDIDATE, "2025-08"),
        (AccordsStatus.ANNOUNCED, "2025-11-06"),
    )
    return country


def status_of(country, day):
    return Country.objects.with_status_on(day).get(pk=country.pk).status


def test_a_country_has_no_status_before_its_first_change(kazakhstan):
    assert status_of(kazakhstan, D(2025, 7, 31)) is None
    assert not Country.objects.status_on(D(2025, 7, 31)).filter(pk=kazakhstan.pk)


def test_a_month_precision_change_counts_from_the_first_day_of_its_month(kazakhstan):
    assert status_of(kazakhstan, D(2025, 8, 1)) == AccordsStatus.CANDIDATE
    assert status_of(kazakhstan, D(2025, 8, 31)) == AccordsStatus.CANDIDATE


def test_a_change_applies_on_its_own_day_and_after(kazakhstan):
    assert status_of(kazakhstan, D(2025, 11, 5)) == AccordsStatus.CANDIDATE
    assert status_of(kazakhstan, D(2025, 11, 6)) == AccordsStatus.ANNOUNCED
    assert status_of(kazakhstan, D(2026, 1, 1)) == AccordsStatus.ANNOUNCED


def test_the_status_since_date_is_the_latest_change(kazakhstan):
    country = Country.objects.with_status_on(D(2025, 9, 1)).get(pk=kazakhstan.pk)
    assert country.status_since == D(2025, 8, 1)
    assert country.status_since_precision == Precision.MONTH


def test_draft_status_changes_do_not_count(kazakhstan):
    factories.StatusChangeFactory(
        country=kazakhstan,
        status=AccordsStatus.SIGNATORY,
        date=D(2025, 12, 1),
        draft=True,
    )
    assert status_of(kazakhstan, D(2026, 1, 1)) == AccordsStatus.ANNOUNCED


def test_within_one_month_a_dated_change_precedes_the_month_precision_one():
    country = factories.CountryFactory()
    factories.status_timeline(
        country,
        (AccordsStatus.SIGNATORY, "2020-12"),
        (AccordsStatus.ANNOUNCED, "2020-12-10"),
    )
    # "December 2020" sorts after 10 December: it is the later of the two.
    assert status_of(country, D(2020, 12, 31)) == AccordsStatus.SIGNATORY


def test_countries_are_grouped_by_their_status_on_a_date(kazakhstan):
    uae = factories.CountryFactory(name="United Arab Emirates")
    factories.StatusChangeFactory(country=uae, date=D(2020, 9, 15))
    factories.CountryFactory(name="Without status")

    groups = Country.objects.grouped_by_status(D(2025, 9, 1))
    assert groups[AccordsStatus.SIGNATORY] == [uae]
    assert groups[AccordsStatus.CANDIDATE] == [kazakhstan]
    assert groups[AccordsStatus.ANNOUNCED] == []

    earlier = Country.objects.grouped_by_status(D(2020, 9, 14))
    assert all(countries == [] for countries in earlier.values())


def make_countries(n):
    for _ in range(n):
        country = factories.CountryFactory()
        factories.StatusChangeFactory(country=country, status=AccordsStatus.CANDIDATE)
        factories.StatusChangeFactory(
            country=country, status=AccordsStatus.SIGNATORY, date=D(2021, 1, 6)
        )


@pytest.mark.parametrize("size", [3, 40])
def test_grouping_by_status_takes_one_query_whatever_the_number_of_countries(
    size, django_assert_num_queries
):
    make_countries(size)
    with django_assert_num_queries(1):
        groups = Country.objects.published().grouped_by_status(D(2022, 1, 1))
    assert len(groups[AccordsStatus.SIGNATORY]) == size


@pytest.fixture
def presidents():
    kazakhstan = factories.CountryFactory(name="Kazakhstan")
    president = factories.OfficeFactory(title="President", country=kazakhstan)
    nazarbayev = factories.PositionFactory(
        official__name="Nursultan Nazarbayev",
        official__country=kazakhstan,
        office=president,
        start=D(1990, 4, 24),
        end=D(2019, 3, 19),
    )
    tokayev = factories.PositionFactory(
        official__name="Kassym-Jomart Tokayev",
        official__country=kazakhstan,
        office=president,
        start=D(2019, 3, 20),
    )
    return nazarbayev, tokayev


def test_nazarbayev_was_president_in_december_2016_and_tokayev_in_november_2025(
    presidents,
):
    nazarbayev, tokayev = presidents
    assert list(Position.objects.held_on(D(2016, 12, 15))) == [nazarbayev]
    assert list(Position.objects.held_on(D(2025, 11, 6))) == [tokayev]
    assert nazarbayev.official.positions_on(D(2025, 11, 6)) == []


def test_positions_are_held_on_their_first_and_last_day(presidents):
    nazarbayev, tokayev = presidents
    assert list(Position.objects.held_on(D(2019, 3, 19))) == [nazarbayev]
    assert list(Position.objects.held_on(D(2019, 3, 20))) == [tokayev]


def test_a_position_ending_in_a_month_is_held_until_the_end_of_that_month():
    position = factories.PositionFactory(
        start=D(2017, 8, 1),
        start_precision=Precision.MONTH,
        end=D(2021, 7, 1),
        end_precision=Precision.MONTH,
    )
    assert list(Position.objects.held_on(D(2021, 7, 31))) == [position]
    assert list(Position.objects.held_on(D(2021, 8, 1))) == []
    assert list(Position.objects.held_on(D(2017, 8, 1))) == [position]
    assert list(Position.objects.held_on(D(2017, 7, 31))) == []


def test_the_title_of_an_ended_position_reads_as_a_past_role(presidents):
    nazarbayev, tokayev = presidents
    assert nazarbayev.title_then == "then-President"
    assert tokayev.title_then == "President"


@pytest.mark.parametrize("size", [2, 30])
def test_positions_on_a_date_take_one_query_whatever_their_number(
    size, django_assert_num_queries
):
    for _ in range(size):
        factories.PositionFactory()
    with django_assert_num_queries(1):
        held = [
            (p.official.name, p.office.title, str(p.office.country))
            for p in Position.objects.published().held_on(D(2020, 1, 1))
        ]
    assert len(held) == size
