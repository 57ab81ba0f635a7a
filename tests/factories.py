"""Builders for test data: ``CountryFactory(iso2="KZ")``, ``EventFactory()``.

Records are published unless a test says otherwise.
"""

import datetime
import functools
import io
import re
from pathlib import Path

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core.models import PublicationStatus
from core.partial_dates import PartialDate, Precision
from countries import models as countries
from events import models as events

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ROOT = Path(__file__).resolve().parent.parent


def _code(n: int, length: int) -> str:
    code = ""
    for _ in range(length):
        n, rest = divmod(n, 26)
        code = LETTERS[rest] + code
    return code


class PublishedFactory(factory.django.DjangoModelFactory):
    publication_status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(
            publication_status=PublicationStatus.DRAFT, published_at=None
        )


@functools.cache
def _free_codes(length: int) -> list[str]:
    """Codes of ``length`` letters from the far end of the alphabet, without
    the seed's (which the fixtures use too): a test session makes hundreds of
    countries, and the sequence once reached KZ."""
    seed = (ROOT / "seed" / "accords.toml").read_text()
    taken = set(re.findall(rf'^iso{length} = "([A-Z]{{{length}}})"', seed, re.M))
    assert taken, "no country codes found in the seed"
    every = (_code(n, length) for n in reversed(range(26**length)))
    return [code for code in every if code not in taken]


class CountryFactory(PublishedFactory):
    iso2 = factory.Sequence(lambda n: _free_codes(2)[n % len(_free_codes(2))])
    iso3 = factory.Sequence(lambda n: _free_codes(3)[n % len(_free_codes(3))])
    name = factory.Sequence(lambda n: f"Country {n}")
    slug = factory.Sequence(lambda n: f"country-{n}")
    region = countries.Region.CENTRAL_ASIA

    class Meta:
        model = countries.Country


class StatusChangeFactory(PublishedFactory):
    country = factory.SubFactory(CountryFactory)
    status = countries.AccordsStatus.SIGNATORY
    date = datetime.date(2020, 9, 15)
    date_precision = Precision.DAY

    class Meta:
        model = countries.StatusChange


def status_timeline(country, *changes: tuple) -> list:
    """Status changes of ``country``, each ``(status, "2025-08"[, note])``: the
    date at the precision it is written to."""
    made = []
    for status, typed, *note in changes:
        day = PartialDate.parse(typed)
        made.append(
            StatusChangeFactory(
                country=country,
                status=status,
                date=day.date,
                date_precision=day.precision,
                note=note[0] if note else "",
            )
        )
    return made


class OfficialFactory(PublishedFactory):
    name = factory.Sequence(lambda n: f"Official {n}")
    slug = factory.Sequence(lambda n: f"official-{n}")
    country = factory.SubFactory(CountryFactory)

    class Meta:
        model = countries.Official


class OfficeFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Minister {n}")
    country = factory.SubFactory(CountryFactory)

    class Meta:
        model = countries.Office


class PositionFactory(PublishedFactory):
    official = factory.SubFactory(OfficialFactory)
    office = factory.SubFactory(
        OfficeFactory, country=factory.SelfAttribute("..official.country")
    )
    start = datetime.date(2019, 3, 20)
    start_precision = Precision.DAY
    end = None

    class Meta:
        model = countries.Position


class MissionFactory(PublishedFactory):
    sending_country = factory.SubFactory(CountryFactory)
    host_country = factory.SubFactory(CountryFactory)
    kind = countries.MissionKind.EMBASSY
    city = "Tel Aviv"
    opened = datetime.date(1992, 1, 1)
    opened_precision = Precision.YEAR

    class Meta:
        model = countries.Mission


class EventFactory(PublishedFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = events.EventKind.MEETING
    date = datetime.date(2020, 9, 15)
    date_precision = Precision.DAY
    summary = "Leaders met."

    class Meta:
        model = events.Event
        skip_postgeneration_save = True

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class ParticipantFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    official = factory.SubFactory(OfficialFactory)
    role = "signer"

    class Meta:
        model = events.Participant


class PublicationFactory(factory.django.DjangoModelFactory):
    publisher = "Ynet"
    title = "Kazakhstan to join the Abraham Accords"
    url = factory.Sequence(lambda n: f"https://www.ynetnews.com/article/{n}")
    published_on = datetime.date(2025, 11, 6)
    published_on_precision = Precision.DAY
    accessed_on = datetime.date(2025, 11, 7)

    class Meta:
        model = events.Publication


class CitationFactory(factory.django.DjangoModelFactory):
    publication = factory.SubFactory(PublicationFactory)
    quote = "Kazakhstan will join the Abraham Accords."

    class Meta:
        model = events.Citation


CITATION_FIELDS = {"quote", "locator", "supports"}


def cite(record, publication=None, **fields) -> events.Citation:
    """A citation supporting ``record``: of ``publication``, or of a new one
    made with the publication fields among ``fields``."""
    own = {name: fields.pop(name) for name in list(fields) if name in CITATION_FIELDS}
    if publication is None:
        publication = PublicationFactory(**fields)
    fk = {model: name for name, model in events.CITED.items()}[type(record)]
    return CitationFactory(publication=publication, **own, **{fk: record})


def png_file(name: str = "photo.png", size=(64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class PhotoFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    image = factory.LazyFunction(png_file)
    caption = "Leaders wave from the balcony."
    credit = "Alex Brandon/AP"
    alt_text = "Four men waving from a balcony."

    class Meta:
        model = events.Photo


class DiplomaticRelationFactory(PublishedFactory):
    country = factory.SubFactory(CountryFactory)
    established = datetime.date(1992, 4, 1)
    established_precision = Precision.MONTH
    summary = "Consular ties first, then embassies."

    class Meta:
        model = countries.DiplomaticRelation


class OtherNameFactory(factory.django.DjangoModelFactory):
    official = factory.SubFactory(OfficialFactory)
    name = factory.Sequence(lambda n: f"Other spelling {n}")

    class Meta:
        model = countries.OtherName


def nazarbayev(country) -> countries.Official:
    """Nursultan Nazarbayev, President of ``country`` from December 1991 (the
    day not known) to 20 March 2019."""
    official = OfficialFactory(
        name="Nursultan Nazarbayev", slug="nursultan-nazarbayev", country=country
    )
    PositionFactory(
        official=official,
        office=OfficeFactory(title="President", country=country),
        start=datetime.date(1991, 12, 1),
        start_precision=Precision.MONTH,
        end=datetime.date(2019, 3, 20),
    )
    return official


def netanyahu_visit(kazakhstan, **fields) -> events.Event:
    """Netanyahu's state visit to Kazakhstan in December 2016, hosted by
    Nazarbayev (made here)."""
    visit = EventFactory(
        title="Netanyahu visits Kazakhstan",
        slug="netanyahu-visits-kazakhstan",
        kind=events.EventKind.STATE_VISIT,
        date=datetime.date(2016, 12, 1),
        date_precision=Precision.MONTH,
        **fields,
    )
    ParticipantFactory(event=visit, official=nazarbayev(kazakhstan), role="host")
    return visit


def jpeg_file(name: str = "photo.jpg", size=(800, 600)) -> SimpleUploadedFile:
    """An upload large enough to pass the admin's photo checks."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (160, 90, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def populate_site(n_events: int) -> dict:
    """A published site with ``n_events`` events and a tenth as many officials.

    Events, their links and sources are bulk-created, so a few hundred take
    well under a second; page tests compare query counts at two sizes.
    """
    party = CountryFactory(role=countries.Role.PARTY)
    members = CountryFactory.create_batch(3)
    for country, status in zip(members, countries.AccordsStatus, strict=True):
        change = StatusChangeFactory(country=country, status=status)
        cite(change)
    relation = DiplomaticRelationFactory(country=members[0])
    cite(relation)
    for sending, host in ((members[0], party), (party, members[0])):
        cite(MissionFactory(sending_country=sending, host_country=host))
    officials = OfficialFactory.create_batch(max(3, n_events // 10), country=members[0])
    for official in officials:
        cite(PositionFactory(official=official))
        OtherNameFactory(official=official)
    now = timezone.now()
    created = events.Event.objects.bulk_create(
        events.Event(
            title=f"Bulk event {i}",
            slug=f"bulk-event-{i}",
            kind=events.EventKind.MEETING,
            date=datetime.date(2000, 1, 1) + datetime.timedelta(days=i * 9),
            date_precision=Precision.DAY,
            summary="Officials met.",
            publication_status=PublicationStatus.PUBLISHED,
            published_at=now,
        )
        for i in range(n_events)
    )
    events.Event.countries.through.objects.bulk_create(
        events.Event.countries.through(event_id=event.pk, country_id=country.pk)
        for event in created
        for country in (party, members[0])
    )
    events.Participant.objects.bulk_create(
        events.Participant(event=event, official=officials[i % len(officials)])
        for i, event in enumerate(created)
    )
    publications = events.Publication.objects.bulk_create(
        events.Publication(
            publisher="Ynet",
            title=f"Report {i}",
            url=f"https://www.ynetnews.com/article/bulk-{i}",
        )
        for i in range(n_events)
    )
    events.Citation.objects.bulk_create(
        events.Citation(publication=publication, event=event, quote="Officials met.")
        for publication, event in zip(publications, created, strict=True)
    )
    return {
        "party": party,
        "countries": members,
        "officials": officials,
        "events": created,
    }
