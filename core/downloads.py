"""A list page's rows as a file: the API list with the page's query string,
``format=csv`` or ``format=json`` and ``download=true``.

A download is one request for every filtered row, up to ``DOWNLOAD_LIMIT``
(beyond it, the answer's ``next`` link and ``Link`` header page through the
rest), saved under a dated name: ``accords-events-2026-12-01.csv``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

DOWNLOAD_PARAMETER = "download"
# Rows in one download. A whole list of today's data fits several times over,
# and a worker serialises this many in well under its 30 s.
DOWNLOAD_LIMIT = 10_000
FORMATS = ("csv", "json")


def download_filename(plural: str, extension: str) -> str:
    """The dated name a download is saved under, by its UTC day."""
    day = timezone.now().astimezone(datetime.UTC).date()
    return f"accords-{plural.replace(' ', '-')}-{day.isoformat()}.{extension}"


def filter_query(filters) -> list[tuple[str, str]]:
    """The filters given in a page's address, as the API takes them: the
    parameters of the FilterSet only (not ``page``), without empty values a
    page's form sends for "any"."""
    data = filters.data
    given = data.lists() if hasattr(data, "lists") else data.items()
    return [
        (name, value)
        for name, values in given
        if name in filters.filters
        for value in (values if isinstance(values, list) else [values])
        if value != ""
    ]


@dataclass(frozen=True)
class Downloads:
    """The links of "Download these N rows: CSV · JSON"; ``count`` is None
    when the page shows only the first rows and did not count them all."""

    count: int | None
    csv: str
    json: str

    @property
    def limit(self) -> int:
        return DOWNLOAD_LIMIT

    @property
    def truncated(self) -> bool:
        return self.count is not None and self.count > DOWNLOAD_LIMIT


def downloads(filters, *, api_list: str, count: int | None) -> Downloads:
    """The download links of a list page whose rows ``filters`` chose;
    ``api_list`` names the API list of the same FilterSet."""
    return download_links(api_list, filter_query(filters), count=count)


def download_links(api_list: str, query: list[tuple[str, str]], *, count) -> Downloads:
    """The download links of the API list ``api_list`` filtered by ``query``."""
    url = reverse(api_list)
    links = {
        format_: f"{url}?"
        + urlencode([*query, ("format", format_), (DOWNLOAD_PARAMETER, "true")])
        for format_ in FORMATS
    }
    return Downloads(count=count, **links)
