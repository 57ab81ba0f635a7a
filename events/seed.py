"""Reading the seed file, ``seed/accords.toml``: the seed facts as checked data.

``read()`` checks the whole file before anything is loaded: the sections and
keys it knows, text where text belongs, ISO 8601 partial dates, references
that name a record of the file, and a quoted passage for every claim. A slip
stops with a SeedError naming the file and the record. The file's own
comments say what each section holds.
"""

import datetime
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from core.models import Confidence
from core.partial_dates import PartialDate

# The records read so far, by section and key: references look them up here,
# so a record can refer only to the sections read before its own.
Known = dict[str, dict[str, dict]]
Check = Callable[[Any, Known], Any]


class SeedError(CommandError):
    """A slip in the seed file; the message names the file and the record."""


class Placed(ValueError):
    """A problem already named by the record it is in."""


@dataclass(frozen=True)
class Optional:
    check: Check
    default: Any


def default_path() -> Path:
    return Path(settings.BASE_DIR) / "seed" / "accords.toml"


# Checks: each returns the value as the loader uses it, or raises ValueError
# saying what is wrong with it.


def text(value: Any, known: Known) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text in quotes, not {value!r}")
    return value


def whole_number(value: Any, known: Known) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, not {value!r}")
    return value


def day(value: Any, known: Known) -> datetime.date:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValueError(
            f"must be a date without quotes, like 2026-11-26, not {value!r}"
        )
    return value


def partial_date(value: Any, known: Known) -> PartialDate:
    try:
        return PartialDate.parse(text(value, known))
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None


def confidence(value: Any, known: Known) -> str:
    if text(value, known) not in Confidence.values:
        raise ValueError(
            f"must be one of {', '.join(Confidence.values)}, not {value!r}"
        )
    return value


def listed(check: Check) -> Check:
    def check_each(value: Any, known: Known) -> list:
        if not isinstance(value, list):
            raise ValueError(f"must be a list in square brackets, not {value!r}")
        return [check(item, known) for item in value]

    return check_each


def translations(value: Any, known: Known) -> dict[str, str]:
    """``{ he = "…", ar = "…", ru = "…" }``: a name in each language of the
    site besides English (which is ``name``)."""
    codes = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    if not isinstance(value, dict):
        raise ValueError(
            "must be a table of the name in each language, "
            f"{{ {', '.join(f'{code} = "…"' for code in codes)} }}, not {value!r}"
        )
    unknown = sorted(set(value) - set(codes))
    if unknown:
        raise ValueError(
            f"{unknown[0]!r} is not a language of the site; give {', '.join(codes)}"
        )
    missing = [code for code in codes if code not in value]
    if missing:
        raise ValueError(f"the name in {missing[0]!r} is missing")
    for code, name in value.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{code}: must be text in quotes, not {name!r}")
    return value


def ref(section: str) -> Check:
    def check(value: Any, known: Known) -> str:
        if text(value, known) not in known.get(section, {}):
            raise ValueError(f"no [[{section}]] record has the key {value!r}")
        return value

    return check


def cited_passages(value: Any, known: Known) -> list[str]:
    keys = listed(ref("documents.passages"))(value, known)
    if not any(known["documents.passages"][key]["quote"] for key in keys):
        raise ValueError(
            "needs at least one passage with a quote: nothing is published "
            "without the words that support it"
        )
    return keys


def tables(section: str, fields: dict) -> Check:
    """A list of records (``[[section]]``), each checked against ``fields``."""

    def check(value: Any, known: Known) -> list[dict]:
        if not isinstance(value, list):
            raise ValueError(f"write each record as [[{section}]]")
        checked = []
        for number, record in enumerate(value, start=1):
            try:
                checked.append(read_record(section, record, fields, known))
            except ValueError as error:
                raise Placed(
                    f"[[{section}]] {label(record, number)}: {error}"
                ) from None
        return checked

    return check


COUNTRY = ref("countries")
OFFICIAL = ref("officials")
# A fact the sources only report, or that is disputed, says so and by whom.
ATTESTED = {
    "confidence": Optional(confidence, Confidence.CONFIRMED.value),
    "confidence_note": Optional(text, ""),
}

# The file's sections, read in this order. A record is named by its ``key``
# (``iso2`` for a country); a field wrapped in Optional may be left out.
SECTIONS: dict[str, dict[str, Check | Optional]] = {
    "documents": {
        "key": text,
        "kind": Optional(text, "news"),
        "publisher": text,
        "title": text,
        "url": Optional(text, ""),
        "author": Optional(text, ""),
        "language": Optional(text, "en"),
        "published_on": Optional(partial_date, None),
        "archive_url": Optional(text, ""),
        "passages": Optional(
            tables(
                "documents.passages",
                {
                    "key": text,
                    "quote": text,
                    "locator": Optional(text, ""),
                    "supports": Optional(text, ""),
                },
            ),
            [],
        ),
    },
    "countries": {
        "iso2": text,
        "iso3": text,
        "name": text,
        "names": Optional(translations, {}),
        "slug": text,
        "region": text,
        "role": Optional(text, "none"),
        "wikidata_id": text,
        "summary": text,
        "aliases": Optional(
            tables(
                "countries.aliases",
                {"name": text, "kind": text, "language": Optional(text, "")},
            ),
            [],
        ),
    },
    "officials": {
        "key": text,
        "name": text,
        "names": Optional(translations, {}),
        "slug": text,
        "country": COUNTRY,
        "bio": text,
        "other_names": Optional(
            tables("officials.other_names", {"name": text, "note": text}), []
        ),
    },
    "positions": {
        "key": text,
        "official": OFFICIAL,
        "office": text,
        "office_country": COUNTRY,
        "start": partial_date,
        "end": Optional(partial_date, None),
        **ATTESTED,
        "sources": cited_passages,
    },
    "relations": {
        "key": text,
        "country": COUNTRY,
        "established": partial_date,
        "summary": text,
        **ATTESTED,
        "sources": cited_passages,
    },
    "missions": {
        "key": text,
        "sending": COUNTRY,
        "host": COUNTRY,
        "kind": text,
        "city": text,
        "opened": partial_date,
        "sources": cited_passages,
    },
    "events": {
        "key": text,
        "title": text,
        "slug": text,
        "kind": text,
        "date": partial_date,
        "place_city": Optional(text, ""),
        "place_country": Optional(COUNTRY, None),
        "countries": listed(COUNTRY),
        "participants": Optional(
            tables("events.participants", {"official": OFFICIAL, "role": text}), []
        ),
        "summary": text,
        "body": text,
        **ATTESTED,
        "sources": cited_passages,
    },
    "status_changes": {
        "key": text,
        "country": COUNTRY,
        "status": text,
        "date": partial_date,
        "event": ref("events"),
        "note": text,
        **ATTESTED,
        "sources": cited_passages,
    },
    "photos": {
        "key": text,
        "event": ref("events"),
        "order": whole_number,
        "caption_passage": ref("documents.passages"),
        "credit": text,
        "alt_text": text,
        "officials": listed(OFFICIAL),
    },
}

FILE = {
    "accessed": day,
    **{name: Optional(tables(name, fields), []) for name, fields in SECTIONS.items()},
}


def label(record: Any, number: int) -> str:
    """How an error names a record: by its key, else by its place."""
    key = record.get("key", record.get("iso2")) if isinstance(record, dict) else None
    return repr(key) if isinstance(key, str) else f"number {number}"


def read_record(section: str, record: Any, fields: dict, known: Known) -> dict:
    """The record with its values checked and its left-out fields filled in."""
    if not isinstance(record, dict):
        raise ValueError(f"must be a table, not {record!r}")
    unknown = sorted(set(record) - set(fields))
    if unknown:
        raise ValueError(
            f"unknown key {unknown[0]!r}; the keys here are " + ", ".join(fields)
        )
    checked = {}
    for name, field in fields.items():
        check = field.check if isinstance(field, Optional) else field
        if name in record:
            try:
                checked[name] = check(record[name], known)
            except Placed:
                raise
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
        elif isinstance(field, Optional):
            checked[name] = field.default
        else:
            raise ValueError(f"the required key {name!r} is missing")
    key = checked.get("key", checked.get("iso2"))
    if key is not None:
        records = known.setdefault(section, {})
        if key in records:
            raise ValueError(f"another [[{section}]] record has the key {key!r}")
        records[key] = checked
    return checked


def read(path: Path) -> dict[str, Any]:
    """The seed file's records, section by section, checked (see the module)."""
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
    except OSError as error:
        raise SeedError(
            f"{path}: cannot read the seed file ({error.strerror})."
        ) from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SeedError(f"{path}: not a valid TOML file: {error}.") from error
    try:
        return read_record("file", data, FILE, known={})
    except ValueError as error:
        raise SeedError(f"{path}: {error}") from None
