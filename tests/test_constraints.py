"""Invariants: the database refuses what it must, and full_clean() says what to fix."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.partial_dates import Precision
from countries.models import Country, Position, StatusChange
from events.models import Event, Participant, Photo
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


def refused_by_database(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def messages(instance):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def refused_by_both(record, **values) -> dict:
    """The database refuses ``values`` in ``record``'s row, and full_clean()
    of ``record`` with them set says why: its messages."""
    refused_by_database(
        lambda: type(record).objects.filter(pk=record.pk).update(**values)
    )
    for field, value in values.items():
        setattr(record, field, value)
    return messages(record)


def test_iso_codes_and_slugs_of_countries_are_unique():
    factories.CountryFactory(iso2="KZ", iso3="KAZ", slug="kazakhstan")
    refused_by_database(lambda: factories.CountryFactory(iso2="KZ"))
    refused_by_database(lambda: factories.CountryFactory(iso3="KAZ"))
    refused_by_database(lambda: factories.CountryFactory(slug="kazakhstan"))
    duplicate = factories.CountryFactory.build(iso2="KZ", iso3="KAZ", slug="kazakhstan")
    errors = messages(duplicate)
    assert set(errors) >= {"iso2", "iso3", "slug"}
    assert "already exists" in errors["iso2"][0]


@pytest.mark.parametrize(
    ("field", "value"),
    [("iso2", "kz"), ("iso2", "K"), ("iso3", "KA"), ("iso3", "kaz")],
)
def test_iso_codes_must_be_capital_letters_of_the_right_length(field, value):
    refused_by_database(lambda: factories.CountryFactory(**{field: value}))


def test_an_editor_is_told_how_to_write_an_iso_code():
    country = factories.CountryFactory.build(iso2="K1", iso3="KAZ")
    assert "two letters" in messages(country)["iso2"][0]
    lower = factories.CountryFactory.build(iso2="kz", iso3="kaz")
    lower.full_clean()
    assert (lower.iso2, lower.iso3) == ("KZ", "KAZ")


@pytest.mark.parametrize(
    ("field", "value"),
    [("role", "judge"), ("region", "atlantis"), ("publication_status", "live")],
)
def test_country_choices_are_enforced_by_the_database(field, value):
    country = factories.CountryFactory()
    assert field in refused_by_both(country, **{field: value})


def test_a_published_record_always_has_a_publication_time():
    country = factories.CountryFactory()
    refused_by_database(
        lambda: Country.objects.filter(pk=country.pk).update(published_at=None)
    )
    draft = factories.CountryFactory(draft=True)
    draft.publication_status = "published"
    draft.save()
    assert draft.published_at is not None


def test_status_and_precision_must_be_valid():
    change = factories.StatusChangeFactory()
    for field, value in (("status", "joined"), ("date_precision", "week")):
        refused_by_database(
            lambda f=field, v=value: StatusChange.objects.filter(pk=change.pk).update(
                **{f: v}
            )
        )
    change.status = "joined"
    change.date_precision = "week"
    assert set(messages(change)) >= {"status", "date_precision"}


def test_a_country_cannot_have_the_same_status_change_twice_on_one_date():
    change = factories.StatusChangeFactory()
    refused_by_database(
        lambda: factories.StatusChangeFactory(
            country=change.country, status=change.status, date=change.date
        )
    )
    duplicate = factories.StatusChangeFactory.build(
        country=change.country, status=change.status, date=change.date
    )
    assert "already has this status change" in str(messages(duplicate))


def test_a_position_cannot_end_before_it_starts():
    position = factories.PositionFactory(start=D(2019, 3, 20))
    errors = refused_by_both(position, end=D(2019, 3, 19))
    assert "is before the start" in errors["end"][0]


def test_a_coarser_end_in_the_same_year_as_the_start_is_accepted():
    position = factories.PositionFactory(
        start=D(2019, 3, 20), end=D(2019, 1, 1), end_precision=Precision.YEAR
    )
    position.full_clean()
    position.end_precision = Precision.MONTH
    position.end = D(2019, 2, 1)
    assert "is before the start" in messages(position)["end"][0]


def test_overlapping_positions_of_one_official_in_one_office_are_explained():
    first = factories.PositionFactory(start=D(2009, 3, 31), end=D(2021, 6, 13))
    overlapping = Position(
        official=first.official, office=first.office, start=D(2020, 1, 1)
    )
    assert "the periods overlap" in str(messages(overlapping))
    later = Position(
        official=first.official, office=first.office, start=D(2022, 12, 29)
    )
    later.full_clean()


def test_an_event_cannot_end_before_it_starts():
    event = factories.EventFactory(date=D(2020, 9, 15))
    errors = refused_by_both(event, end_date=D(2020, 9, 14))
    assert "is before the start" in errors["end_date"][0]


def test_event_slugs_are_unique_and_kinds_valid():
    event = factories.EventFactory(slug="signing")
    refused_by_database(lambda: factories.EventFactory(slug="signing"))
    refused_by_database(lambda: Event.objects.filter(pk=event.pk).update(kind="party"))
    refused_by_database(lambda: Event.objects.filter(pk=event.pk).update(slug=""))
    event.kind = "party"
    assert "kind" in messages(event)


def test_a_participant_is_an_official_or_has_a_name():
    event = factories.EventFactory()
    refused_by_database(
        lambda: Participant.objects.create(event=event, official=None, name="")
    )
    assert "Choose an official or type" in str(
        messages(Participant(event=event, official=None, name=""))
    )


def test_an_official_takes_part_in_an_event_once():
    participant = factories.ParticipantFactory()
    refused_by_database(
        lambda: factories.ParticipantFactory(
            event=participant.event, official=participant.official
        )
    )


def test_a_photo_needs_alt_text_and_a_credit():
    photo = factories.PhotoFactory()
    refused_by_database(lambda: Photo.objects.filter(pk=photo.pk).update(alt_text=""))
    refused_by_database(lambda: Photo.objects.filter(pk=photo.pk).update(credit=""))
    photo.alt_text = ""
    photo.credit = ""
    assert set(messages(photo)) >= {"alt_text", "credit"}


def test_a_publication_links_to_a_web_address():
    source = factories.PublicationFactory()
    assert "url" in refused_by_both(source, url="javascript:alert(1)")


def test_a_mission_is_hosted_by_another_country_and_closes_after_it_opens():
    mission = factories.MissionFactory()
    errors = refused_by_both(mission, host_country=mission.sending_country)
    assert "hosted by another country" in str(errors)

    mission = factories.MissionFactory(opened=D(1992, 6, 1), opened_precision="day")
    errors = refused_by_both(mission, closed=D(1992, 5, 1))
    assert "is before the start" in errors["closed"][0]


def test_an_office_belongs_to_a_country_or_an_organisation():
    from countries.models import Office

    refused_by_database(lambda: Office.objects.create(title="Envoy"))
    assert "Choose the country" in str(messages(Office(title="Envoy")))
    country = factories.CountryFactory()
    Office.objects.create(title="President", country=country)
    refused_by_database(
        lambda: Office.objects.create(title="President", country=country)
    )
