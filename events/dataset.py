"""The bulk dataset (/data/): every published record as CSV and JSON tables in
one dated zip, described by a Frictionless Data Package (``datapackage.json``).

A table's rows are the API's: each is made by the API serializer of its kind
of record, read as an anonymous client reads it, less the parts the API nests
(they are tables of their own here: a country's status changes, an event's
countries and participants, a record's citations) and less the API's own
addresses. Records reach a table only when readers may see them and every
record they point to is in its table too, so the package's foreign keys hold.

``build()`` writes a version (``DatasetVersion``): the management command
``build_dataset`` runs it (for cron), and so does the ``rebuild`` task, which
``core.workflow`` has enqueued by every publish and unpublish (through
``events.models``). Only the newest ``ACCORDS_DATASET_KEEP`` files are kept;
every version keeps its row, checksum and counts.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.functions import Lower
from django.tasks import task
from django.utils import timezone
from rest_framework import serializers

from core import partial_dates
from core.api import csv_cell
from core.citing import SITE_NAME, bibtex_escape, long_date
from core.models import AuditAction, AuditEntry, public_q
from core.serializers import PartialDateField, PrecisionField
from countries.models import (
    Country,
    DiplomaticRelation,
    Mission,
    Office,
    Official,
    Position,
    StatusChange,
)
from countries.serializers import (
    CitationSerializer,
    CountryCodeField,
    CountrySerializer,
    MissionSerializer,
    OfficialSerializer,
    OfficialSlugField,
    PositionSerializer,
    RelationSerializer,
    StatusChangeSerializer,
)
from events.api import readable_citations
from events.models import (
    Citation,
    DatasetVersion,
    Event,
    Participant,
    Publication,
)
from events.serializers import (
    EventSerializer,
    ParticipantSerializer,
    PublicationSerializer,
)

TITLE = "Accords: the Abraham Accords dataset"
FILE_PREFIX = "accords-dataset-"
# A version's file name: its UTC day, then its number that day when not the first.
FILE_NAME = re.compile(
    rf"{FILE_PREFIX}(?P<day>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})(\.(?P<n>[0-9]+))?\.zip"
)
# What an anonymous API client is shown (core.serializers.visible).
ANONYMOUS = {"drafts_visible": lambda model: False}
# The API's editorial and navigation fields: every row is published, and the
# API's addresses depend on the host that serves it.
NOT_IN_TABLES = ("url", "publication_status", "publish_at", "unpublish_at")


def storage_path(file_name: str) -> str:
    """Where a version's file is in the media storage."""
    return f"{settings.ACCORDS_DATASET_DIR}/{file_name}"


# Rows --------------------------------------------------------------------------


class Row:
    """An API serializer as a table's row: its fields less ``dropped`` (nested
    lists, which are tables of their own), with ``leading`` right after the
    row's identifier (the keys that point to other tables)."""

    dropped: tuple[str, ...] = ()
    leading: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name in (*NOT_IN_TABLES, *self.dropped):
            fields.pop(name, None)
        for name, api_field in list(fields.items()):
            if getattr(api_field, "translation_of", None):
                # The API writes each language (core.serializers); a table
                # has a column for each.
                fields[name] = serializers.CharField(
                    read_only=True,
                    allow_null=True,
                    help_text=api_field.help_text,
                    **({"source": api_field.source} if api_field.source else {}),
                )
        first = [name for name in ("id", "uuid") if name in fields]
        order = [*first, *self.leading]
        return {
            **{name: fields[name] for name in order},
            **{name: f for name, f in fields.items() if name not in order},
        }


class EventSlugField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", read_only=True, **kwargs)


class UUIDRelatedField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="uuid", read_only=True, **kwargs)

    def to_representation(self, obj):
        return str(obj.uuid)


class CountryRow(Row, CountrySerializer):
    dropped = ("other_names",)


class StatusChangeRow(Row, StatusChangeSerializer):
    dropped = ("citations", "events")
    leading = ("country",)
    country = CountryCodeField(read_only=True, help_text="The country (`iso2`).")


class RelationRow(Row, RelationSerializer):
    dropped = ("citations",)
    leading = ("country",)
    country = CountryCodeField(
        read_only=True, help_text="The country whose relations with Israel these are."
    )


class MissionRow(Row, MissionSerializer):
    dropped = ("citations",)


class OfficialRow(Row, OfficialSerializer):
    dropped = ("current_positions", "portrait", "other_names")
    # The API's other_names are objects; a table cell holds text.
    also_known_as = serializers.SerializerMethodField(
        help_text="Other spellings of the name (transliterations, other "
        "scripts), separated by “; ”."
    )

    class Meta(OfficialSerializer.Meta):
        fields = [
            column
            for name in OfficialSerializer.Meta.fields
            for column in ((name, "also_known_as") if name == "name" else (name,))
        ]

    def get_also_known_as(self, official) -> str:
        return "; ".join(other.name for other in official.other_names.all())


class OfficeRow(Row, serializers.Serializer):
    id = serializers.IntegerField(
        read_only=True, help_text="The office's number in this dataset's positions."
    )
    title = serializers.CharField(
        read_only=True, help_text="For example President, Foreign Minister."
    )
    country = CountryCodeField(
        read_only=True,
        allow_null=True,
        help_text="The country whose office it is (`iso2`); empty for an "
        "organisation's.",
    )
    organisation = serializers.CharField(
        read_only=True,
        help_text="The organisation whose office it is, if not a country's.",
    )


class PositionRow(Row, PositionSerializer):
    dropped = ("citations",)
    leading = ("official", "office")
    official = OfficialSlugField(help_text="The official who held it (`slug`).")
    office = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The office held (`id` in offices)."
    )


class EventRow(Row, EventSerializer):
    dropped = ("countries", "place")
    body = serializers.CharField(
        read_only=True, help_text="The full account, in Markdown."
    )


class EventCountryRow(Row, serializers.Serializer):
    event = EventSlugField(help_text="The event (`slug`).")
    country = CountryCodeField(
        read_only=True, help_text="A country the event involves (`iso2`)."
    )


class ParticipantRow(Row, ParticipantSerializer):
    dropped = ("positions",)
    leading = ("event", "order")
    id = serializers.IntegerField(
        read_only=True, help_text="The participant's number in this dataset."
    )
    event = EventSlugField(help_text="The event (`slug`).")
    order = serializers.IntegerField(
        read_only=True, help_text="The order the event lists its participants in."
    )

    def get_official(self, participant):
        # Only an official in the officials table, so that the key holds.
        official = participant.official
        if official is None or not (official.is_public and official.country.is_public):
            return None
        return official.slug


class PublicationRow(Row, PublicationSerializer):
    dropped = ("cited_by",)


CITED_KEYS = {
    "event": ("events", "slug"),
    "status_change": ("status_changes", "uuid"),
    "relation": ("relations", "uuid"),
    "mission": ("missions", "uuid"),
    "position": ("positions", "uuid"),
}


class CitationRow(Row, CitationSerializer):
    # The publication's own fields are in publications.
    dropped = (
        "publication_url",
        "publication_api_url",
        "title",
        "publisher",
        "kind",
        "primary",
        "published_on",
        "archive_url",
    )
    leading = ("publication", *CITED_KEYS)
    publication = UUIDRelatedField(help_text="The publication cited (`uuid`).")
    event = EventSlugField(allow_null=True, help_text="The event it supports (`slug`).")
    status_change = UUIDRelatedField(
        allow_null=True, help_text="The status change it supports (`uuid`)."
    )
    relation = UUIDRelatedField(
        allow_null=True, help_text="The relation with Israel it supports (`uuid`)."
    )
    mission = UUIDRelatedField(
        allow_null=True, help_text="The mission it supports (`uuid`)."
    )
    position = UUIDRelatedField(
        allow_null=True, help_text="The position it supports (`uuid`)."
    )


# Tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    row: type
    rows: Callable[[], models.QuerySet]
    primary_key: tuple[str, ...] = ("uuid",)
    # {column: (table, column)}
    foreign_keys: dict[str, tuple[str, str]] = field(default_factory=dict)

    def serialize(self) -> list[dict]:
        return list(self.row(self.rows(), many=True, context=ANONYMOUS).data)

    def fields(self) -> list[dict]:
        """The Table Schema fields, from the row serializer's fields."""
        return [
            schema_field(name, api_field)
            for name, api_field in self.row(context=ANONYMOUS).fields.items()
        ]


def countries():
    return (
        Country.objects.published()
        .with_status_on(timezone.localdate())
        .for_list()
        .order_by("name", "pk")
    )


def status_changes():
    return (
        StatusChange.objects.published()
        .filter(public_q("country__"))
        .select_related("country")
        .order_by("country__name", *partial_dates.chronological("date"), "pk")
    )


def relations():
    return (
        DiplomaticRelation.objects.published()
        .filter(public_q("country__"))
        .select_related("country")
        .order_by("country__name", "pk")
    )


def missions():
    return (
        Mission.objects.published()
        .filter(public_q("sending_country__"), public_q("host_country__"))
        .select_related("sending_country", "host_country")
        .order_by("sending_country__name", "host_country__name", "kind", "pk")
    )


def officials():
    return (
        Official.objects.published()
        .filter(public_q("country__"))
        .select_related("country")
        .prefetch_related("other_names")
        .order_by("name", "pk")
    )


def positions():
    return (
        Position.objects.published()
        .filter(
            public_q("official__"),
            public_q("official__country__"),
            models.Q(office__country__isnull=True) | public_q("office__country__"),
        )
        .select_related("official", "office__country")
        .order_by(Lower("official__name"), *partial_dates.chronological("start"), "pk")
    )


def offices():
    return (
        Office.objects.filter(pk__in=positions().values("office"))
        .select_related("country")
        .order_by("title", "pk")
    )


def events():
    return Event.objects.published().select_related("place_country").chronological()


def event_countries():
    return (
        Event.countries.through.objects.filter(
            public_q("event__"), public_q("country__")
        )
        .select_related("event", "country")
        .order_by("event__date_order", "event__pk", "country__name")
    )


def participants():
    return (
        Participant.objects.filter(public_q("event__"))
        .select_related("event", "official__country")
        .order_by("event__date_order", "event__pk", "order", "pk")
    )


def citations():
    # Readable in the API, and of a record in its table.
    tables = {
        "event": events(),
        "status_change": status_changes(),
        "relation": relations(),
        "mission": missions(),
        "position": positions(),
    }
    in_tables = models.Q(pk__in=[])
    for name, rows in tables.items():
        in_tables |= models.Q(**{f"{name}__in": rows.order_by().values("pk")})
    return (
        Citation.objects.filter(readable_citations(ANONYMOUS["drafts_visible"]))
        .filter(in_tables)
        .select_related("publication", *tables)
        .order_by("publication__title", "pk")
    )


def publications():
    return Publication.objects.filter(
        pk__in=citations().order_by().values("publication")
    ).order_by("title", "publisher", "pk")


TABLES = [
    Table(
        "countries",
        "Countries",
        "Every country the record mentions, with its accords status on the "
        "day of the build.",
        CountryRow,
        countries,
    ),
    Table(
        "status_changes",
        "Accords status changes",
        "Each step of a country's accords status: candidate, announced, signatory.",
        StatusChangeRow,
        status_changes,
        foreign_keys={"country": ("countries", "iso2")},
    ),
    Table(
        "relations",
        "Relations with Israel",
        "A country's diplomatic relations with Israel.",
        RelationRow,
        relations,
        foreign_keys={"country": ("countries", "iso2")},
    ),
    Table(
        "missions",
        "Diplomatic missions",
        "Embassies, consulates and liaison offices between the countries.",
        MissionRow,
        missions,
        foreign_keys={
            "sending_country": ("countries", "iso2"),
            "host_country": ("countries", "iso2"),
        },
    ),
    Table(
        "officials",
        "Officials",
        "People who hold or held an office.",
        OfficialRow,
        officials,
        foreign_keys={"country": ("countries", "iso2")},
    ),
    Table(
        "offices",
        "Offices",
        "Offices apart from whoever holds them, such as President of Kazakhstan.",
        OfficeRow,
        offices,
        primary_key=("id",),
        foreign_keys={"country": ("countries", "iso2")},
    ),
    Table(
        "positions",
        "Positions",
        "Who held which office, and when.",
        PositionRow,
        positions,
        foreign_keys={
            "official": ("officials", "slug"),
            "office": ("offices", "id"),
            "country": ("countries", "iso2"),
        },
    ),
    Table(
        "events",
        "Events",
        "Dated events: signings, announcements, meetings, visits, statements.",
        EventRow,
        events,
        foreign_keys={"place_country": ("countries", "iso2")},
    ),
    Table(
        "event_countries",
        "Countries of each event",
        "Every country an event involves, one row each.",
        EventCountryRow,
        event_countries,
        primary_key=("event", "country"),
        foreign_keys={
            "event": ("events", "slug"),
            "country": ("countries", "iso2"),
        },
    ),
    Table(
        "participants",
        "Participants",
        "Who took part in each event, in the order the event lists them.",
        ParticipantRow,
        participants,
        primary_key=("id",),
        foreign_keys={
            "event": ("events", "slug"),
            "official": ("officials", "slug"),
        },
    ),
    Table(
        "publications",
        "Publications",
        "The documents cited: treaties, declarations, statements, transcripts, "
        "news reports and reference works.",
        PublicationRow,
        publications,
    ),
    Table(
        "citations",
        "Citations",
        "Each passage of a publication that supports a record, or one of its "
        "claims. Quotations remain under their publishers' terms.",
        CitationRow,
        citations,
        foreign_keys={
            "publication": ("publications", "uuid"),
            **CITED_KEYS,
        },
    ),
]


# Table Schema ------------------------------------------------------------------

PARTIAL_DATE_PATTERN = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
# Columns whose API field has no help text of its own.
DESCRIPTIONS = {
    "uuid": "Stable identifier of the record; it never changes.",
    "published_at": "When readers first saw the record (UTC).",
    "updated_at": "When the record last changed (UTC).",
    "version": "Bumped on every change of the record.",
    "name": "Name, in its usual English spelling.",
    "title": "Title, as the source gives it.",
    "status": "Accords status: candidate, announced or signatory.",
    "date": "When it happened, at its precision (YYYY, YYYY-MM or YYYY-MM-DD).",
    "note": "What happened, in one sentence.",
    "summary": "A short account for readers.",
    "kind": "What kind of record it is (one of the listed values).",
    "city": "The city of the mission.",
    "opened": "When the mission opened (YYYY, YYYY-MM or YYYY-MM-DD).",
    "closed": "When it closed; empty while open.",
    "sending_country": "The country the mission represents (`iso2`).",
    "host_country": "The country the mission is in (`iso2`).",
    "established": "When relations were first established.",
    "start": "When the official took office (YYYY, YYYY-MM or YYYY-MM-DD).",
    "end": "When they left it; empty while they hold it.",
    "current": "Whether they hold the office today.",
    "author": "Who wrote it, when named.",
    "language": "The document's language (BCP 47).",
    "accessed_on": "When an editor last read the document.",
    "role": "Their role.",
    "bio": "A short biography.",
    "wikidata_id": "The Wikidata item, for example Q232.",
    "slug": "The name in the record's web address; stable once published.",
    "region": "The country's region.",
    "organisation": "The organisation whose office it is, if not a country's.",
    "published_on": "When the document was published (YYYY, YYYY-MM or YYYY-MM-DD).",
    "quote": "The passage, word for word. It remains under its publisher's terms.",
}


def schema_field(name: str, api_field) -> dict:
    """A Table Schema field (name, type, description) for a row serializer's
    field, typed as the API writes its values."""
    description = str(api_field.help_text or DESCRIPTIONS.get(name, ""))
    if name.endswith("_precision"):
        description = description or "How precisely the date before it is known."
    spec = {"name": name, "type": "string", "description": description}
    if isinstance(api_field, PartialDateField):
        spec["constraints"] = {"pattern": PARTIAL_DATE_PATTERN}
    elif isinstance(api_field, PrecisionField):
        spec["constraints"] = {"enum": [p.value for p in partial_dates.Precision]}
    elif isinstance(api_field, serializers.BooleanField):
        spec["type"] = "boolean"
    elif isinstance(
        api_field, serializers.IntegerField | serializers.PrimaryKeyRelatedField
    ):
        spec["type"] = "integer"
    elif isinstance(api_field, serializers.DateTimeField):
        spec["type"] = "datetime"
    elif isinstance(api_field, serializers.DateField):
        spec["type"] = "date"
    elif isinstance(api_field, serializers.UUIDField | UUIDRelatedField):
        spec["format"] = "uuid"
    elif isinstance(api_field, serializers.ChoiceField):
        spec["constraints"] = {
            "enum": [value for value in api_field.choices if value != ""]
        }
    return spec


def schema(table: Table, *, suffix: str = "") -> dict:
    """``table``'s Table Schema; its foreign keys point to the resources of the
    same format (``suffix``)."""
    return {
        "fields": table.fields(),
        "primaryKey": list(table.primary_key),
        "foreignKeys": [
            {
                "fields": column,
                "reference": {"resource": f"{target}{suffix}", "fields": target_field},
            }
            for column, (target, target_field) in table.foreign_keys.items()
        ],
        "missingValues": [""],
    }


# The two formats of every table: (folder and extension, media type, suffix of
# the resource's name; a foreign key points to the same format's resource).
FORMATS = [("csv", "text/csv", ""), ("json", "application/json", "-json")]


def resource(table: Table, *, format_: str, mediatype: str, suffix: str, rows: int):
    path = f"{format_}/{table.name}.{format_}"
    same = "" if format_ == "csv" else f" The same rows as csv/{table.name}.csv."
    return {
        "name": f"{table.name}{suffix}",
        "path": path,
        "profile": "tabular-data-resource",
        "title": table.title if format_ == "csv" else f"{table.title} (JSON)",
        "description": f"{table.description} {rows} rows.{same}",
        "format": format_,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "schema": schema(table, suffix=suffix),
    }


def descriptor(*, version: str, created: datetime.datetime, counts: dict) -> dict:
    """The Data Package: the package, then each table as CSV, then as JSON."""
    resources = [
        resource(
            table,
            format_=format_,
            mediatype=mediatype,
            suffix=suffix,
            rows=counts[table.name],
        )
        for format_, mediatype, suffix in FORMATS
        for table in TABLES
    ]
    return {
        "profile": "tabular-data-package",
        "name": "accords",
        "title": TITLE,
        "description": (
            "Every published record of Accords: the countries and their accords "
            "status over time, relations with Israel, missions, officials, "
            "offices and positions, dated events with their countries and "
            "participants, and the publications cited with each passage. "
            "Partial dates are ISO 8601 reduced precision (YYYY, YYYY-MM or "
            "YYYY-MM-DD) beside a *_precision column. Each table is given twice, "
            "as CSV (csv/) and as JSON (json/); in the CSV files a cell that a "
            "spreadsheet would read as a formula (starting with =, +, -, @) "
            "starts with an apostrophe, as in the API's CSV, while the JSON "
            "files hold the exact text. Quotations of third-party documents "
            "remain under their publishers' terms."
        ),
        "version": version,
        "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": ["Abraham Accords", "diplomacy", "Israel", "treaties"],
        "licenses": [dict(settings.ACCORDS_DATA_LICENSE)],
        "sources": [
            {
                "title": "The publications cited, each with its address: "
                "csv/publications.csv, and each passage in csv/citations.csv",
                "path": "csv/publications.csv",
            }
        ],
        "resources": resources,
    }


# Building ----------------------------------------------------------------------


def table_files(tables: dict[str, list[dict]]) -> dict[str, bytes]:
    """Each table as ``csv/<name>.csv`` and ``json/<name>.json``."""
    files = {}
    for table in TABLES:
        rows = tables[table.name]
        columns = [spec["name"] for spec in table.fields()]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row[column]) for column in columns])
        files[f"csv/{table.name}.csv"] = buffer.getvalue().encode("utf-8")
        files[f"json/{table.name}.json"] = json.dumps(
            rows, ensure_ascii=False, indent=1
        ).encode("utf-8")
    return files


def digest(files: dict[str, bytes]) -> str:
    sha = hashlib.sha256()
    for path in sorted(files):
        sha.update(path.encode() + b"\0" + files[path] + b"\0")
    return sha.hexdigest()


def next_version(day: datetime.date) -> tuple[str, str]:
    """(version, file name) of the next build on ``day`` (UTC)."""
    earlier = DatasetVersion.objects.filter(
        file_name__startswith=f"{FILE_PREFIX}{day.isoformat()}"
    ).count()
    number = earlier + 1
    version = f"{day.isoformat()}.{number}"
    suffix = "" if number == 1 else f".{number}"
    return version, f"{FILE_PREFIX}{day.isoformat()}{suffix}.zip"


@dataclass(frozen=True)
class BuildResult:
    version: DatasetVersion
    created: bool


def build() -> BuildResult:
    """Write a new version of the dataset, unless the published records are
    the same as in the latest one (then it is marked as checked now)."""
    now = timezone.now()
    tables = {table.name: table.serialize() for table in TABLES}
    files = table_files(tables)
    tables_sha256 = digest(files)
    latest = DatasetVersion.objects.kept().first()
    if latest is not None and latest.tables_sha256 == tables_sha256:
        latest.checked_at = now
        latest.save(update_fields=["checked_at"])
        return BuildResult(latest, created=False)
    counts = {name: len(rows) for name, rows in tables.items()}
    version, file_name = next_version(now.astimezone(datetime.UTC).date())
    package = descriptor(version=version, created=now, counts=counts)
    archive = io.BytesIO()
    stamp = now.astimezone(datetime.UTC).timetuple()[:6]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zip_file:
        entries = {
            "datapackage.json": json.dumps(
                package, ensure_ascii=False, indent=2
            ).encode("utf-8"),
            **files,
        }
        for path, content in entries.items():
            zip_file.writestr(zipfile.ZipInfo(path, date_time=stamp), content)
    content = archive.getvalue()
    saved = default_storage.save(storage_path(file_name), ContentFile(content))
    try:
        with transaction.atomic():
            row = DatasetVersion.objects.create(
                built_at=now,
                checked_at=now,
                version=version,
                file_name=saved.rsplit("/", 1)[-1],
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                tables_sha256=tables_sha256,
                record_counts=counts,
            )
    except Exception:
        default_storage.delete(saved)
        raise
    prune()
    return BuildResult(row, created=True)


def prune(*, keep: int | None = None) -> list[DatasetVersion]:
    """Delete the files of all but the newest ``keep`` versions; their rows
    stay, so the page still lists them and their checksums."""
    keep = settings.ACCORDS_DATASET_KEEP if keep is None else keep
    old = list(DatasetVersion.objects.kept()[keep:])
    now = timezone.now()
    for version in old:
        default_storage.delete(storage_path(version.file_name))
        version.file_deleted_at = now
        version.save(update_fields=["file_deleted_at"])
    return old


def is_stale(latest: DatasetVersion | None) -> bool:
    """Whether a record was published or unpublished since ``latest`` was
    checked: the next build will hold the change."""
    changes = AuditEntry.objects.filter(
        action__in=[AuditAction.PUBLISH, AuditAction.UNPUBLISH]
    )
    if latest is not None:
        changes = changes.filter(when__gt=latest.checked_at)
    return changes.exists()


@task
def rebuild() -> str | None:
    """Build after a publish or unpublish; several in one request (a bulk
    action) make one build, since the later ones find nothing new."""
    if not is_stale(DatasetVersion.objects.kept().first()):
        return None
    return build().version.file_name


# Citing ------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetCitation:
    """How a reader cites one version: its dated file, checksum and licence."""

    version: DatasetVersion
    url: str
    accessed: datetime.date

    @property
    def built_on(self) -> datetime.date:
        return self.version.built_at.astimezone(datetime.UTC).date()

    @property
    def license_name(self) -> str:
        return settings.ACCORDS_DATA_LICENSE["name"]

    @property
    def text(self) -> str:
        return (
            f"{SITE_NAME}. “{TITLE}”, version {self.version.version} "
            f"({long_date(self.built_on)}). Licence {self.license_name}. "
            f"{self.url} (SHA-256 {self.version.sha256}; accessed "
            f"{long_date(self.accessed)})."
        )

    @property
    def bibtex(self) -> str:
        url = self.url.replace("%", r"\%").replace("#", r"\#")
        fields = [
            ("title", f"{{{bibtex_escape(TITLE)}}}"),
            ("author", f"{{{SITE_NAME}}}"),
            ("year", str(self.built_on.year)),
            ("version", self.version.version),
            ("howpublished", f"\\url{{{url}}}"),
            ("note", f"Licence {bibtex_escape(self.license_name)}. "
             f"SHA-256 {self.version.sha256}"),
            ("urldate", self.accessed.isoformat()),
        ]  # fmt: skip
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        key = self.version.file_name.removesuffix(".zip")
        return f"@misc{{{key},\n{body}\n}}"


def cite(request, version: DatasetVersion) -> DatasetCitation:
    return DatasetCitation(
        version=version,
        url=request.build_absolute_uri(version.get_absolute_url()),
        accessed=timezone.localdate(),
    )
