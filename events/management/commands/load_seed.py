"""``manage.py load_seed``: the facts of ``seed/accords.toml``, published and sourced.

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
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import IntegrityError, models, transaction
from PIL import Image, ImageDraw, ImageFont

from core.models import PublicationStatus, Publishable
from core.partial_dates import PartialDate
from countries import models as countries
from events import seed
from events.models import CITED, Citation, Event, Participant, Photo, Publication

# Fixed for good: another namespace would give every seeded record a new
# identity, and a second copy of the seed on an existing database.
SEED_NAMESPACE = uuid.UUID("de2262e2-6f6c-408c-8e1f-a915ece9e4db")
CHANGE_REASON = "Loaded from the seed data"


def seed_uuid(model: type[models.Model], key: str) -> uuid.UUID:
    return uuid.uuid5(SEED_NAMESPACE, f"{model._meta.label_lower}:{key}")


def localized(field: str, values: dict[str, str]) -> dict:
    """``{"he": …}`` as the model's columns, ``{"name_he": …}``."""
    return {f"{field}_{code}": value for code, value in values.items()}


def columns(entry: dict, *fields: str) -> dict:
    """The model's columns for these fields of a seed record.

    A partial date fills two: its first day and its precision.
    """
    values = {}
    for field in fields:
        value = entry[field]
        if isinstance(value, PartialDate):
            values[f"{field}_precision"] = value.precision
            value = value.date
        values[field] = value
    return values


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


def problem(error: ValidationError | IntegrityError) -> str:
    """What the database or a model's checks refused, in the editors' words."""
    if not isinstance(error, ValidationError):
        return str(error)
    return "; ".join(
        " ".join(messages)
        if field == NON_FIELD_ERRORS
        else f"{field}: {' '.join(messages)}"
        for field, messages in error.message_dict.items()
    )


class Command(BaseCommand):
    help = (
        "Load the seed data: every fact of the seed article, published, each "
        "with its source. Creates what is missing; never changes what exists, "
        "but for adding a name in a language a record has none in."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            help="The seed file to load (default: seed/accords.toml).",
        )

    def handle(self, *args, **options):
        path = options["file"] or seed.default_path()
        loader = SeedLoader(path, seed.read(path))
        with transaction.atomic():
            loader.load()
        self.stdout.write(
            f"Seed data: created {loader.created.total()}, "
            f"already present {loader.present.total()}"
            + (
                f", names added in other languages to {loader.translated}."
                if loader.translated
                else "."
            )
        )
        if options["verbosity"] > 1:
            for name in sorted(loader.created | loader.present):
                self.stdout.write(
                    f"  {name}: created {loader.created[name]}, "
                    f"already present {loader.present[name]}"
                )


# The foreign key of a citation to each kind of record it supports.
CITED_BY_MODEL = {model: name for name, model in CITED.items()}


class SeedLoader:
    def __init__(self, path: Path, data: dict):
        self.path = path
        self.data = data
        self.created: Counter[str] = Counter()
        self.present: Counter[str] = Counter()
        self.new: set[tuple[str, int]] = set()
        # Passage key -> (its publication, the passage as the file gives it).
        self.passages: dict[str, tuple[Publication, dict]] = {}
        self.countries: dict[str, countries.Country] = {}
        self.officials: dict[str, countries.Official] = {}
        self.events: dict[str, Event] = {}
        # Records there before that got names in other languages.
        self.translated = 0

    def load(self) -> None:
        steps = {
            "documents": self.load_document,
            "countries": self.load_country,
            "officials": self.load_official,
            "positions": self.load_position,
            "relations": self.load_relation,
            "missions": self.load_mission,
            "events": self.load_event,
            "status_changes": self.load_status_change,
            "photos": self.load_photo,
        }
        for section, load_one in steps.items():
            for number, entry in enumerate(self.data[section], start=1):
                try:
                    record = load_one(entry)
                    for key in entry.get("sources", []):
                        self.cite(record, key)
                except (ValidationError, IntegrityError) as error:
                    # What the file cannot say about itself: a choice, a
                    # length, a slug already taken.
                    raise seed.SeedError(
                        f"{self.path}: [[{section}]] {seed.label(entry, number)}: "
                        f"{problem(error)}"
                    ) from error

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
            # Every seeded claim is published; save() stamps "published at".
            record.publication_status = PublicationStatus.PUBLISHED
        # Field checks and clean() give a readable error for a slip in the seed
        # file; uniqueness and constraints the database checks on save anyway.
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

    def cite(self, record: models.Model, key: str) -> None:
        """``record``'s citation of passage ``key``. One an editor deleted
        from a record that was already there stays deleted."""
        publication, passage = self.passages[key]
        if not (self.is_new(record) or self.is_new(publication)):
            return
        citation_key = f"{key}@{record.uuid}"
        if self.find(Citation, citation_key) is None:
            self.create(
                citation_key,
                Citation(
                    publication=publication,
                    quote=passage["quote"],
                    locator=passage["locator"],
                    supports=passage["supports"],
                    **{CITED_BY_MODEL[type(record)]: record},
                ),
            )

    def office(self, title: str, iso2: str) -> countries.Office:
        country = self.countries[iso2]
        office = countries.Office.objects.filter(title=title, country=country).first()
        return office or self.save(countries.Office(title=title, country=country))

    # The seed file, section by section ---------------------------------------

    def load_document(self, document: dict) -> None:
        key, url = document["key"], document["url"]
        natural = {"url": url} if url else {}
        publication = self.find(Publication, key, **natural) or self.create(
            key,
            Publication(
                **columns(
                    document,
                    "kind",
                    "publisher",
                    "title",
                    "url",
                    "author",
                    "language",
                    "published_on",
                    "archive_url",
                ),
                accessed_on=self.data["accessed"],
            ),
        )
        for passage in document["passages"]:
            self.passages[passage["key"]] = (publication, passage)

    def translate(self, record: models.Model, names: dict[str, str]) -> None:
        """The name in the other languages, where the record has none yet: a
        database loaded before they were in the seed gets them; an editor's
        translation stays."""
        missing = {
            f"name_{code}": name
            for code, name in names.items()
            if not getattr(record, f"name_{code}")
        }
        if not missing:
            return
        for column, name in missing.items():
            setattr(record, column, name)
        record._change_reason = CHANGE_REASON
        record.save()
        self.translated += 1

    def load_country(self, entry: dict) -> countries.Country:
        iso2 = entry["iso2"]
        entry = dict(entry)
        aliases = entry.pop("aliases")
        names = entry.pop("names")
        # The file's other keys for a country are the model's fields.
        country = self.find(countries.Country, iso2, iso2=iso2) or self.create(
            iso2, countries.Country(**entry, **localized("name", names))
        )
        # A country seeded before it had other names gains them too; one an
        # editor removed from a country that has others stays removed.
        if self.is_new(country) or not country.aliases.exists():
            for alias in aliases:
                self.save(countries.CountryAlias(country=country, **alias))
        self.translate(country, names)
        self.countries[iso2] = country
        return country

    def load_official(self, entry: dict) -> countries.Official:
        key = entry["key"]
        official = self.find(
            countries.Official, key, slug=entry["slug"]
        ) or self.create(
            key,
            countries.Official(
                country=self.countries[entry["country"]],
                **columns(entry, "name", "slug", "bio"),
                **localized("name", entry["names"]),
            ),
        )
        self.translate(official, entry["names"])
        if self.is_new(official):
            for other_name in entry["other_names"]:
                self.save(countries.OtherName(official=official, **other_name))
        self.officials[key] = official
        return official

    def load_position(self, entry: dict) -> countries.Position:
        key = entry["key"]
        return self.find(countries.Position, key) or self.create(
            key,
            countries.Position(
                official=self.officials[entry["official"]],
                office=self.office(entry["office"], entry["office_country"]),
                **columns(entry, "start", "end", *seed.ATTESTED),
            ),
        )

    def load_relation(self, entry: dict) -> countries.DiplomaticRelation:
        key = entry["key"]
        country = self.countries[entry["country"]]
        return self.find(
            countries.DiplomaticRelation, key, country=country
        ) or self.create(
            key,
            countries.DiplomaticRelation(
                country=country,
                **columns(entry, "summary", "established", *seed.ATTESTED),
            ),
        )

    def load_mission(self, entry: dict) -> countries.Mission:
        key = entry["key"]
        return self.find(countries.Mission, key) or self.create(
            key,
            countries.Mission(
                sending_country=self.countries[entry["sending"]],
                host_country=self.countries[entry["host"]],
                **columns(entry, "kind", "city", "opened"),
            ),
        )

    def load_event(self, entry: dict) -> Event:
        key = entry["key"]
        event = self.find(Event, key, slug=entry["slug"]) or self.create(
            key,
            Event(
                place_country=self.countries.get(entry["place_country"]),
                **columns(entry, "title", "slug", "kind", "date", "place_city"),
                **columns(entry, "summary", "body", *seed.ATTESTED),
            ),
        )
        if self.is_new(event):
            for order, participant in enumerate(entry["participants"], start=1):
                self.save(
                    Participant(
                        event=event,
                        official=self.officials[participant["official"]],
                        role=participant["role"],
                        order=order,
                    )
                )
        for iso2 in entry["countries"]:
            self.link(event.countries, event, self.countries[iso2])
        self.events[key] = event
        return event

    def load_status_change(self, entry: dict) -> countries.StatusChange:
        key = entry["key"]
        country = self.countries[entry["country"]]
        # An editor's own record of the change is found whatever its precision.
        natural = {
            "country": country,
            "status": entry["status"],
            "date": entry["date"].date,
        }
        change = self.find(countries.StatusChange, key, **natural) or self.create(
            key,
            countries.StatusChange(
                country=country,
                **columns(entry, "status", "date", "note", *seed.ATTESTED),
            ),
        )
        event = self.events[entry["event"]]
        self.link(event.status_changes, event, change)
        return change

    def load_photo(self, entry: dict) -> Photo:
        key = entry["key"]
        photo = self.find(Photo, key) or self.create(key, self.new_photo(entry))
        for official in entry["officials"]:
            self.link(photo.officials, photo, self.officials[official])
        return photo

    def new_photo(self, entry: dict) -> Photo:
        # The caption is the passage it names, as loaded.
        caption = self.passages[entry["caption_passage"]][1]["quote"]
        photo = Photo(
            event=self.events[entry["event"]],
            caption=caption,
            **columns(entry, "credit", "alt_text", "order"),
        )
        photo.image.save(
            f"seed-{entry['key']}.png",
            ContentFile(placeholder_png(caption, entry["credit"])),
            save=False,
        )
        return photo
