"""Fill the database with realistic synthetic records for benchmarks.

    manage.py generate_synthetic                # 100,000 events
    manage.py generate_synthetic --events 2000
    manage.py generate_synthetic --delete       # remove every synthetic record

Synthetic records are marked so that nobody mistakes them for real ones:
countries, officials and events have slugs starting with "synthetic-",
countries use ISO codes from the user-assigned ranges (QM–QZ, XA–XZ), and
sources point at the reserved domain synthetic.invalid. Everything else
belongs to one of those. Running the command again replaces the previous
synthetic data; real records are never touched, except that some synthetic
events also involve real countries (so their pages have many events).

Rows are written with bulk_create, which skips model save() and history:
dates are stored at the first day of their period here, as save() would.
"""

import datetime
import io
import random
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from PIL import Image

from core import search
from core.models import PublicationStatus
from core.partial_dates import Precision, truncate
from countries.models import (
    AccordsStatus,
    Country,
    Office,
    Official,
    OtherName,
    Position,
    Region,
    Role,
    StatusChange,
)
from events.models import (
    Citation,
    Event,
    EventKind,
    Participant,
    Photo,
    Publication,
    render_body,
)

PREFIX = "synthetic-"
SOURCE_DOMAIN = "https://synthetic.invalid/"
PHOTO_NAME = "photos/synthetic/synthetic.png"
BATCH = 2000

# ISO 3166-1 leaves these alpha-2 codes to its users; no real country has one.
# XK is left out: it is widely used for Kosovo.
CODES = [f"Q{c}" for c in "MNOPQRSTUVWXYZ"] + [
    f"X{c}" for c in "ABCDEFGHIJLMNOPQRSTUVWXYZ"
]
COUNTRY_NAMES = [
    "Arvenia", "Borovia", "Calderra", "Dravonia", "Elbaria", "Fennmark", "Galvania",
    "Halvoria", "Istrenia", "Jorvala", "Kestrelia", "Lunaria", "Marovia", "Nordessa",
    "Ostrava Nova", "Pellucia", "Quarnia", "Rivenia", "Samaria Minor", "Tolvania",
    "Ulmeria", "Varonia", "Westmarch", "Xandria", "Yselle", "Zerbia", "Aurelia",
    "Belmora", "Corvania", "Delmora", "Estoria", "Faloria", "Grenmark", "Hestia",
    "Ilvania", "Jaspria", "Kordova", "Lorvania", "Mirelia",
]  # fmt: skip
FIRST_NAMES = [
    "Amir", "Dana", "Yusuf", "Leila", "Daniyar", "Aigerim", "Omar", "Noa", "Karim",
    "Sara", "Timur", "Miriam", "Rashid", "Elena", "Farid", "Aliya", "Jonah", "Rania",
    "Nurlan", "Tamar", "Khalid", "Maya", "Samir", "Zarina", "David", "Huda",
]  # fmt: skip
LAST_NAMES = [
    "Abenov", "Haddad", "Karimova", "Levi", "Mansour", "Nazarov", "Okafor", "Peretz",
    "Qasimov", "Rahman", "Sadykov", "Tal", "Usmanov", "Vardi", "Wahba", "Yilmaz",
    "Zhunusov", "Ben-Ami", "El-Sayed", "Dosmukhamedov", "Friedman", "Al-Hashimi",
]  # fmt: skip
CITIES = [
    "Astana", "Almaty", "Washington", "Abu Dhabi", "Manama", "Rabat", "Khartoum",
    "Jerusalem", "Tel Aviv", "Geneva", "New York", "Baku", "Tashkent", "Riyadh",
    "Cairo", "Amman", "Doha", "Muscat", "Ankara", "Paris",
]  # fmt: skip
TITLES = [
    "President", "Prime Minister", "Foreign Minister", "Special Envoy",
    "Ambassador to Israel", "Minister of Trade",
]  # fmt: skip
PUBLISHERS = ["Synthetic Wire", "Example Times", "Placeholder Post", "Test Gazette"]
CREDITS = ["Synthetic Photo Desk", "Example Pictures", "GPO (synthetic)"]
ROLES = ["signer", "host", "visitor", "speaker", "witness", ""]
KIND_WEIGHTS = {
    EventKind.MEETING: 30,
    EventKind.STATEMENT: 20,
    EventKind.ANNOUNCEMENT: 12,
    EventKind.STATE_VISIT: 10,
    EventKind.SIGNING: 8,
    EventKind.REPORT: 12,
    EventKind.DIPLOMATIC_RELATIONS: 4,
    EventKind.CONFLICT: 4,
}
BODIES = [
    "Delegations met for **two days** of talks on trade, energy and "
    "[regional cooperation](https://synthetic.invalid/cooperation).",
    "The ministers signed a memorandum of understanding.\n\n"
    "- water technology\n- agriculture\n- cyber security",
    "",
    "A joint statement welcomed *progress* on direct flights and tourism.",
]
FIRST_DAY = datetime.date(1990, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)


def synthetic_countries():
    return Country.objects.filter(slug__startswith=PREFIX)


def synthetic_officials():
    return Official.objects.filter(slug__startswith=PREFIX)


def synthetic_events():
    return Event.objects.filter(slug__startswith=PREFIX)


def synthetic_publications():
    return Publication.objects.filter(url__startswith=SOURCE_DOMAIN)


def delete_synthetic() -> dict[str, int]:
    """Remove every synthetic record, children first; returns rows per model.

    Raw deletes skip the per-row signals of QuerySet.delete(), which would
    load every object and write a history row for each of them: the
    synthetic data has no history to keep, and 100,000 events would take
    minutes.
    """
    events = synthetic_events()
    countries = synthetic_countries()
    officials = synthetic_officials()
    status_changes = StatusChange.objects.filter(country__in=countries)
    steps = [
        (Photo.officials.through, {"photo__event__in": events}),
        (Photo, {"event__in": events}),
        (Participant, {"event__in": events}),
        (Participant, {"official__in": officials}),
        (Photo.officials.through, {"official__in": officials}),
        (Citation, {"event__in": events}),
        (Citation, {"publication__in": synthetic_publications()}),
        (Citation, {"status_change__in": status_changes}),
        (Citation, {"position__official__in": officials}),
        (Publication, {"url__startswith": SOURCE_DOMAIN}),
        (Event.countries.through, {"event__in": events}),
        (Event.status_changes.through, {"event__in": events}),
        (Event.status_changes.through, {"statuschange__in": status_changes}),
        (Event.countries.through, {"country__in": countries}),
        (Event, {"slug__startswith": PREFIX}),
        (StatusChange, {"country__in": countries}),
        (Position, {"official__in": officials}),
        (OtherName, {"official__in": officials}),
        (Office, {"country__in": countries}),
        (Official, {"slug__startswith": PREFIX}),
        (Country, {"slug__startswith": PREFIX}),
    ]
    counts: dict[str, int] = {}
    with transaction.atomic():
        for model, lookup in steps:
            queryset = model._base_manager.filter(**lookup)
            deleted = queryset._raw_delete(queryset.db)
            name = model._meta.label
            counts[name] = counts.get(name, 0) + deleted
    return {name: n for name, n in counts.items() if n}


class Generator:
    def __init__(self, *, events: int, seed: int, stdout):
        self.events = events
        self.random = random.Random(seed)
        self.stdout = stdout
        self.now = timezone.now()
        self.counts: dict[str, int] = {}

    # helpers ----------------------------------------------------------------

    def bulk(self, model: type[models.Model], objects: Iterable) -> list:
        created = model.objects.bulk_create(list(objects), batch_size=BATCH)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(
            created
        )
        return created

    def publication(self, published_share: float = 0.9) -> dict:
        if self.random.random() < published_share:
            return {
                "publication_status": PublicationStatus.PUBLISHED,
                "published_at": self.now,
            }
        return {"publication_status": PublicationStatus.DRAFT, "published_at": None}

    def partial_date(self, first=FIRST_DAY, last=LAST_DAY, *, recent_bias=True):
        span = (last - first).days
        # More happens lately: a square root skews towards the recent end.
        share = self.random.random() ** 0.5 if recent_bias else self.random.random()
        day = first + datetime.timedelta(days=int(share * span))
        roll = self.random.random()
        precision = (
            Precision.DAY
            if roll < 0.8
            else Precision.MONTH
            if roll < 0.95
            else Precision.YEAR
        )
        return truncate(day, precision), precision

    # records ----------------------------------------------------------------

    def run(self) -> dict[str, int]:
        self.photo_name = self.write_photo()
        countries = self.make_countries()
        real = list(
            Country.objects.published().exclude(slug__startswith=PREFIX).only("pk")
        )
        officials = self.make_officials(countries)
        status_changes = self.make_status_changes(countries)
        self.make_events(countries, real, officials, status_changes)
        return self.counts

    def write_photo(self) -> str:
        """One small image that every synthetic photo row shares."""
        path = Path(settings.MEDIA_ROOT) / PHOTO_NAME
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            Image.new("RGB", (640, 400), (120, 140, 160)).save(buffer, format="PNG")
            path.write_bytes(buffer.getvalue())
        return PHOTO_NAME

    def make_countries(self) -> list[Country]:
        regions = list(Region.values)
        return self.bulk(
            Country,
            (
                Country(
                    iso2=code,
                    iso3=f"{code}{chr(ord('A') + i % 26)}",
                    name=name,
                    slug=f"{PREFIX}{name.lower().replace(' ', '-')}",
                    region=self.random.choice(regions),
                    role=Role.NONE,
                    summary=f"{name} is a synthetic country for benchmarks.",
                    **self.publication(0.95),
                )
                for i, (code, name) in enumerate(
                    zip(CODES, COUNTRY_NAMES, strict=False)
                )
            ),
        )

    def make_officials(self, countries: list[Country]) -> list[Official]:
        count = max(20, self.events // 50)
        officials = self.bulk(
            Official,
            (
                Official(
                    name=f"{self.random.choice(FIRST_NAMES)} "
                    f"{self.random.choice(LAST_NAMES)}",
                    slug=f"{PREFIX}official-{i}",
                    country=self.random.choice(countries),
                    bio="A synthetic official for benchmarks.",
                    **self.publication(),
                )
                for i in range(count)
            ),
        )
        self.bulk(
            OtherName,
            (
                OtherName(
                    official=official,
                    name=official.name.replace("ov", "off").upper(),
                    note="synthetic spelling",
                )
                for official in officials
                if self.random.random() < 0.2
            ),
        )
        offices = self.bulk(
            Office,
            (
                Office(title=title, country=country)
                for country in countries
                for title in TITLES
            ),
        )
        by_country: dict[int, list[Office]] = {}
        for office in offices:
            by_country.setdefault(office.country_id, []).append(office)
        positions = []
        for official in officials:
            start, start_precision = self.partial_date(recent_bias=False)
            for office in self.random.sample(
                by_country[official.country_id], self.random.choice((1, 1, 2))
            ):
                end = end_precision = None
                if self.random.random() < 0.6:
                    end = min(
                        LAST_DAY,
                        start + datetime.timedelta(days=self.random.randint(200, 3000)),
                    )
                    end_precision = Precision.DAY
                positions.append(
                    Position(
                        official=official,
                        office=office,
                        start=start,
                        start_precision=start_precision,
                        end=end,
                        end_precision=end_precision or Precision.DAY,
                        **self.publication(),
                    )
                )
        positions = self.bulk(Position, positions)
        self.cite(positions, "position", key="position")
        return officials

    def make_status_changes(self, countries: list[Country]) -> list[StatusChange]:
        changes = []
        steps = [
            AccordsStatus.CANDIDATE,
            AccordsStatus.ANNOUNCED,
            AccordsStatus.SIGNATORY,
        ]
        for country in countries:
            day = datetime.date(2020, 1, 1) + datetime.timedelta(
                days=self.random.randint(0, 1800)
            )
            for status in steps[: self.random.randint(0, 3)]:
                precision = self.random.choice((Precision.DAY, Precision.MONTH))
                changes.append(
                    StatusChange(
                        country=country,
                        status=status,
                        date=truncate(day, precision),
                        date_precision=precision,
                        note=f"{country.name}: {status.label.lower()} (synthetic).",
                        **self.publication(0.95),
                    )
                )
                day += datetime.timedelta(days=self.random.randint(40, 400))
        changes = self.bulk(StatusChange, changes)
        self.cite(changes, "status_change", key="status")
        return changes

    def document(self, key: str) -> Publication:
        published_on, precision = self.partial_date()
        return Publication(
            publisher=self.random.choice(PUBLISHERS),
            title=f"Synthetic report {key}",
            url=f"{SOURCE_DOMAIN}{key}",
            published_on=published_on,
            published_on_precision=precision,
            archive_url=f"{SOURCE_DOMAIN}archive/{key}"
            if self.random.random() < 0.5
            else "",
            accessed_on=LAST_DAY,
        )

    @staticmethod
    def citation(publication, **record) -> Citation:
        return Citation(
            publication=publication,
            quote="A synthetic passage that supports the claim.",
            **record,
        )

    def cite(self, records: list, relation: str, *, key: str) -> None:
        """Give each record a publication of its own, cited by ``relation``
        (the citation's foreign key to the record)."""
        publications = self.bulk(
            Publication, (self.document(f"{key}-{r.pk}") for r in records)
        )
        self.bulk(
            Citation,
            (
                self.citation(publication, **{relation: record})
                for publication, record in zip(publications, records, strict=True)
            ),
        )

    def make_events(self, countries, real, officials, status_changes) -> None:
        kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
        bodies = [(body, render_body(body)) for body in BODIES]
        linkable = list(status_changes)
        self.random.shuffle(linkable)
        for start in range(0, self.events, BATCH):
            size = min(BATCH, self.events - start)
            batch = []
            for i in range(start, start + size):
                kind = self.random.choices(kinds, weights)[0]
                date, precision = self.partial_date()
                end_date = None
                if precision == Precision.DAY and self.random.random() < 0.05:
                    end_date = min(
                        LAST_DAY, date + datetime.timedelta(self.random.randint(1, 5))
                    )
                place = self.random.choice(countries)
                body, body_html = self.random.choice(bodies)
                label = EventKind(kind).label
                batch.append(
                    Event(
                        title=f"{label} in {self.random.choice(CITIES)} "
                        f"(synthetic #{i})",
                        slug=f"{PREFIX}{kind}-{i}",
                        kind=kind,
                        date=date,
                        date_precision=precision,
                        end_date=end_date,
                        end_date_precision=Precision.DAY,
                        place_city=self.random.choice(CITIES),
                        place_country=place,
                        summary=f"{label} involving {place.name}, generated for "
                        "benchmarks.",
                        body=body,
                        body_html=body_html,
                        **self.publication(),
                    )
                )
            events = self.bulk(Event, batch)
            self.event_children(events, countries, real, officials, linkable)
            self.stdout.write(f"  events: {start + size:,} of {self.events:,}")

    def event_children(self, events, countries, real, officials, linkable) -> None:
        event_countries, participants, photos, shown = [], [], [], []
        publications, citations, status_links = [], [], []
        for event in events:
            involved = {event.place_country_id}
            involved.update(
                c.pk for c in self.random.sample(countries, self.random.randint(0, 2))
            )
            if real and self.random.random() < 0.25:
                involved.add(self.random.choice(real).pk)
            event_countries += [
                Event.countries.through(event=event, country_id=pk) for pk in involved
            ]
            chosen = self.random.sample(officials, self.random.randint(0, 4))
            participants += [
                Participant(
                    event=event,
                    official=official,
                    role=self.random.choice(ROLES),
                    order=n,
                )
                for n, official in enumerate(chosen)
            ]
            if self.random.random() < 0.15:
                participants.append(
                    Participant(
                        event=event,
                        name=f"{self.random.choice(FIRST_NAMES)} "
                        f"{self.random.choice(LAST_NAMES)}",
                        role="delegate",
                        order=len(chosen),
                    )
                )
            for n in range(self.random.choice((0, 0, 0, 0, 1, 1, 2))):
                shown.append(chosen[n] if n < len(chosen) else None)
                photos.append(
                    Photo(
                        event=event,
                        image=self.photo_name,
                        caption=f"{event.title}: photo {n + 1}.",
                        credit=self.random.choice(CREDITS),
                        alt_text="A grey placeholder rectangle.",
                        order=n,
                    )
                )
            publications.append(self.document(event.slug))
            causes_change = event.kind in (EventKind.SIGNING, EventKind.ANNOUNCEMENT)
            if linkable and causes_change and self.random.random() < 0.02:
                status_links.append(
                    Event.status_changes.through(
                        event=event, statuschange=self.random.choice(linkable)
                    )
                )
        self.bulk(Event.countries.through, event_countries)
        self.bulk(Participant, participants)
        photos = self.bulk(Photo, photos)
        self.bulk(
            Photo.officials.through,
            (
                Photo.officials.through(photo=photo, official=official)
                for photo, official in zip(photos, shown, strict=True)
                if official is not None
            ),
        )
        publications = self.bulk(Publication, publications)
        for publication, event in zip(publications, events, strict=True):
            citations.append(self.citation(publication, event=event))
            # Some events cite a second, shared publication.
            if self.random.random() < 0.3:
                other = self.random.choice(publications)
                if other is not publication:
                    citations.append(self.citation(other, event=event))
        self.bulk(Citation, citations)
        self.bulk(Event.status_changes.through, status_links)


class Command(BaseCommand):
    help = "Create (or with --delete remove) synthetic records for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, default=100_000, help="How many events (100,000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed, for repeatable data."
        )
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Only remove synthetic records; real ones are never touched.",
        )

    def handle(self, *args, events, seed, delete, **options):
        if events < 1:
            raise CommandError("--events must be at least 1.")
        started = timezone.now()
        removed = delete_synthetic()
        if removed:
            self.stdout.write(
                "Removed synthetic records: "
                + ", ".join(f"{name} {n:,}" for name, n in sorted(removed.items()))
            )
        if removed:
            # Raw deletes send no signals: drop their search entries.
            search.rebuild()
        if delete:
            (Path(settings.MEDIA_ROOT) / PHOTO_NAME).unlink(missing_ok=True)
            if not removed:
                self.stdout.write("No synthetic records to remove.")
            return
        with transaction.atomic():
            counts = Generator(events=events, seed=seed, stdout=self.stdout).run()
            # Participants were bulk-created after their events: index them too.
            search.rebuild()
        # Fresh statistics for the query planner: without them SQLite walks
        # every published event to find one official's few (ANALYZE works on
        # PostgreSQL too, ahead of autovacuum).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created in {seconds:.0f} s: "
                + ", ".join(f"{name} {n:,}" for name, n in sorted(counts.items()))
            )
        )
