"""``manage.py load_seed``: the facts of ``events/seed.py``, published and sourced.

It creates what is missing and never changes what exists: running it twice
changes nothing, and an editor's correction to a seeded record stays. Each
seeded record's UUID derives from its seed key, so the record is found again
whatever an editor renamed. A seeded record that an editor deleted is created
again; the parts of a record (participants, other names, links) are only added
together with a record created in the same run, so removing one sticks.
"""

import io
import textwrap
import uuid
from collections import Counter

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from PIL import Image, ImageDraw, ImageFont

from core.models import PublicationStatus, Publishable
from core.partial_dates import PartialDate
from countries.models import (
    Country,
    DiplomaticRelation,
    Mission,
    Office,
    Official,
    OtherName,
    Position,
    StatusChange,
)
from events import seed
from events.models import Event, Participant, Photo, Source

# Fixed for good: another namespace would give every seeded record a new
# identity, and a second copy of the seed on an existing database.
SEED_NAMESPACE = uuid.UUID("de2262e2-6f6c-408c-8e1f-a915ece9e4db")
CHANGE_REASON = "Loaded from the seed data"
PUBLISHED = {"publication_status": PublicationStatus.PUBLISHED}


def seed_uuid(model: type[models.Model], key: str) -> uuid.UUID:
    return uuid.uuid5(SEED_NAMESPACE, f"{model._meta.label_lower}:{key}")


def partial_fields(field: str, value: str | None) -> dict:
    """``{field: first day, field_precision: precision}`` from "1992-04"."""
    if value is None:
        return {field: None}
    partial = PartialDate.parse(value)
    return {field: partial.date, f"{field}_precision": partial.precision}


def placeholder_png(caption: str, credit: str) -> bytes:
    """A plain card with the caption and credit, standing in for the photo."""
    image = Image.new("RGB", (1200, 800), (233, 236, 239))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1159, 759), outline=(173, 181, 189), width=4)
    draw.text(
        (80, 80),
        "Placeholder image",
        fill=(108, 117, 125),
        font=ImageFont.load_default(size=30),
    )
    text_font = ImageFont.load_default(size=36)
    y = 170
    for line in textwrap.wrap(caption, width=52):
        draw.text((80, y), line, fill=(33, 37, 41), font=text_font)
        y += 48
    draw.text(
        (80, 690),
        f"Photo: {credit}",
        fill=(73, 80, 87),
        font=ImageFont.load_default(size=26),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Load the seed data: every fact of the seed article, published, each "
        "with its source. Creates what is missing; never changes what exists."
    )

    def handle(self, *args, **options):
        loader = SeedLoader()
        with transaction.atomic():
            loader.load()
        self.stdout.write(
            f"Seed data: created {loader.created.total()}, "
            f"already present {loader.present.total()}."
        )
        if options["verbosity"] > 1:
            for name in sorted(loader.created | loader.present):
                self.stdout.write(
                    f"  {name}: created {loader.created[name]}, "
                    f"already present {loader.present[name]}"
                )


class SeedLoader:
    def __init__(self):
        self.created: Counter[str] = Counter()
        self.present: Counter[str] = Counter()
        self.new: set[tuple[str, int]] = set()
        self.sources: dict[str, Source] = {}
        self.countries: dict[str, Country] = {}
        self.officials: dict[str, Official] = {}
        self.events: dict[str, Event] = {}

    def load(self) -> None:
        self.load_sources()
        self.load_countries()
        self.load_officials()
        self.load_positions()
        self.load_relations()
        self.load_missions()
        self.load_events()
        self.load_status_changes()
        self.load_photos()

    # Finding and creating ----------------------------------------------------

    def find(self, model: type[models.Model], key: str, **natural):
        """The seeded record for ``key``, or None when it must be created.

        ``natural`` finds a record an editor made before the seed ran, which
        the seed must not duplicate (same ISO code, slug, …).
        """
        record = model._default_manager.filter(uuid=seed_uuid(model, key)).first()
        if record is None and natural:
            record = model._default_manager.filter(**natural).first()
        if record is not None:
            self.present[model._meta.verbose_name_plural] += 1
        return record

    def create(self, key: str, record: models.Model) -> models.Model:
        record.uuid = seed_uuid(type(record), key)
        return self.save(record)

    def save(self, record: models.Model) -> models.Model:
        record._change_reason = CHANGE_REASON
        if isinstance(record, Publishable):
            # Before validation: a published record needs its timestamp.
            record.stamp_publication()
        # Field checks and clean() give a readable error for a slip in seed.py;
        # uniqueness and constraints the database checks on save anyway.
        record.full_clean(validate_unique=False, validate_constraints=False)
        record.save()
        self.created[record._meta.verbose_name_plural] += 1
        self.new.add((record._meta.label, record.pk))
        return record

    def is_new(self, record: models.Model) -> bool:
        return (record._meta.label, record.pk) in self.new

    def link(self, manager, owner: models.Model, target: models.Model) -> None:
        # A link missing between two records that were already there was
        # removed by an editor: leave it removed.
        if self.is_new(owner) or self.is_new(target):
            manager.add(target)

    def cite(self, record: models.Model, entry: dict) -> None:
        if not entry.get("sources"):
            raise CommandError(
                f"Seed entry {entry['key']!r} has no source: nothing is "
                "published without one."
            )
        for citation in entry["sources"]:
            self.link(record.sources, record, self.sources[citation])

    # The seed, record by record ----------------------------------------------

    def load_sources(self) -> None:
        for key, (document_key, quote) in seed.CITATIONS.items():
            document = seed.DOCUMENTS[document_key]
            self.sources[key] = self.find(Source, key) or self.create(
                key,
                Source(
                    publisher=document["publisher"],
                    title=document["title"],
                    url=document["url"],
                    author=document.get("author", ""),
                    accessed_on=seed.ACCESSED,
                    quote=quote,
                    **partial_fields("published_on", document.get("published")),
                ),
            )

    def load_countries(self) -> None:
        for entry in seed.COUNTRIES:
            iso2 = entry["iso2"]
            self.countries[iso2] = self.find(Country, iso2, iso2=iso2) or self.create(
                iso2,
                Country(
                    iso2=iso2,
                    iso3=entry["iso3"],
                    name=entry["name"],
                    slug=entry["slug"],
                    region=entry["region"],
                    role=entry.get("role", "none"),
                    summary=entry["summary"],
                    wikidata_id=entry["wikidata_id"],
                    **PUBLISHED,
                ),
            )

    def load_officials(self) -> None:
        for entry in seed.OFFICIALS:
            key = entry["key"]
            official = self.find(Official, key, slug=entry["slug"])
            if official is None:
                official = self.create(
                    key,
                    Official(
                        name=entry["name"],
                        slug=entry["slug"],
                        country=self.countries[entry["country"]],
                        bio=entry["bio"],
                        **PUBLISHED,
                    ),
                )
                for name, note in entry.get("other_names", []):
                    self.save(OtherName(official=official, name=name, note=note))
            self.officials[key] = official

    def office(self, title: str, iso2: str) -> Office:
        country = self.countries[iso2]
        office = Office.objects.filter(title=title, country=country).first()
        return office or self.save(Office(title=title, country=country))

    def load_positions(self) -> None:
        for entry in seed.POSITIONS:
            key = entry["key"]
            position = self.find(Position, key)
            if position is None:
                position = self.create(
                    key,
                    Position(
                        official=self.officials[entry["official"]],
                        office=self.office(*entry["office"]),
                        **partial_fields("start", entry["start"]),
                        **partial_fields("end", entry.get("end")),
                        **PUBLISHED,
                    ),
                )
            self.cite(position, entry)

    def load_relations(self) -> None:
        for entry in seed.RELATIONS:
            key = entry["key"]
            country = self.countries[entry["country"]]
            relation = self.find(DiplomaticRelation, key, country=country)
            if relation is None:
                relation = self.create(
                    key,
                    DiplomaticRelation(
                        country=country,
                        summary=entry["summary"],
                        **partial_fields("established", entry["established"]),
                        **PUBLISHED,
                    ),
                )
            self.cite(relation, entry)

    def load_missions(self) -> None:
        for entry in seed.MISSIONS:
            key = entry["key"]
            mission = self.find(Mission, key)
            if mission is None:
                mission = self.create(
                    key,
                    Mission(
                        sending_country=self.countries[entry["sending"]],
                        host_country=self.countries[entry["host"]],
                        kind=entry["kind"],
                        city=entry["city"],
                        **partial_fields("opened", entry["opened"]),
                        **PUBLISHED,
                    ),
                )
            self.cite(mission, entry)

    def load_events(self) -> None:
        for entry in seed.EVENTS:
            key = entry["key"]
            event = self.find(Event, key, slug=entry["slug"])
            if event is None:
                city, iso2 = entry.get("place", ("", None))
                event = self.create(
                    key,
                    Event(
                        title=entry["title"],
                        slug=entry["slug"],
                        kind=entry["kind"],
                        place_city=city,
                        place_country=self.countries[iso2] if iso2 else None,
                        summary=entry["summary"],
                        body=entry["body"],
                        **partial_fields("date", entry["date"]),
                        **PUBLISHED,
                    ),
                )
                for order, (official, role) in enumerate(
                    entry.get("participants", []), start=1
                ):
                    self.save(
                        Participant(
                            event=event,
                            official=self.officials[official],
                            role=role,
                            order=order,
                        )
                    )
            for iso2 in entry["countries"]:
                self.link(event.countries, event, self.countries[iso2])
            self.cite(event, entry)
            self.events[key] = event

    def load_status_changes(self) -> None:
        for entry in seed.STATUS_CHANGES:
            key = entry["key"]
            country = self.countries[entry["country"]]
            dated = partial_fields("date", entry["date"])
            change = self.find(
                StatusChange,
                key,
                country=country,
                status=entry["status"],
                date=dated["date"],
            )
            if change is None:
                change = self.create(
                    key,
                    StatusChange(
                        country=country,
                        status=entry["status"],
                        note=entry["note"],
                        **dated,
                        **PUBLISHED,
                    ),
                )
            event = self.events[entry["event"]]
            self.link(event.status_changes, event, change)
            self.cite(change, entry)

    def load_photos(self) -> None:
        for entry in seed.PHOTOS:
            key = entry["key"]
            photo = self.find(Photo, key)
            if photo is None:
                photo = Photo(
                    event=self.events[entry["event"]],
                    caption=entry["caption"],
                    credit=entry["credit"],
                    alt_text=entry["alt_text"],
                    order=entry["order"],
                )
                photo.image.save(
                    f"seed-{key}.png",
                    ContentFile(placeholder_png(entry["caption"], entry["credit"])),
                    save=False,
                )
                photo = self.create(key, photo)
            for official in entry["officials"]:
                self.link(photo.officials, photo, self.officials[official])
