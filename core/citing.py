"""How a reader cites a record's page: its permanent address (by UUID, so it
survives a renamed slug), when it last changed and when it was read, as a
plain sentence, as BibTeX and as CSL-JSON.
"""

import datetime
import json
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.partial_dates import PartialDate, Precision

SITE_NAME = "Accords"

# LaTeX's special characters; braces escaped keep a title's braces balanced.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_PATTERN = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIAL))


def bibtex_escape(text: str) -> str:
    return _BIBTEX_PATTERN.sub(lambda match: _BIBTEX_SPECIAL[match.group()], text)


def long_date(day: datetime.date) -> str:
    """30 November 2026: the site's way of writing a day."""
    return str(PartialDate(day, Precision.DAY))


def _date_parts(day: datetime.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


@dataclass(frozen=True)
class PageCitation:
    title: str
    url: str
    key: str
    last_changed: datetime.date
    accessed: datetime.date

    @property
    def text(self) -> str:
        # In the page's language as a whole: an English frame around a Hebrew
        # title and Arabic dates reads as neither.
        return _(
            "“%(title)s.” %(site)s. Last changed %(changed)s. %(url)s"
            " (accessed %(accessed)s)."
        ) % {
            "title": self.title,
            "site": SITE_NAME,
            "changed": long_date(self.last_changed),
            "url": self.url,
            "accessed": long_date(self.accessed),
        }

    @property
    def bibtex(self) -> str:
        # The URL is built from a validated host and a UUID; ``%`` and ``#``
        # would still end the field inside \url's argument, so they are escaped.
        url = self.url.replace("%", r"\%").replace("#", r"\#")
        # BibTeX's note is English whatever the page's language, dates too.
        with translation.override("en"):
            changed, accessed = long_date(self.last_changed), long_date(self.accessed)
        fields = [
            ("title", f"{{{bibtex_escape(self.title)}}}"),
            ("howpublished", f"\\url{{{url}}}"),
            ("organization", SITE_NAME),
            ("note", f"Last changed {changed}. Accessed {accessed}"),
            ("year", str(self.last_changed.year)),
            ("urldate", self.accessed.isoformat()),
        ]  # fmt: skip
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"

    @property
    def csl_json(self) -> str:
        item = {
            "id": self.key,
            "type": "webpage",
            "title": self.title,
            "container-title": SITE_NAME,
            "URL": self.url,
            "issued": _date_parts(self.last_changed),
            "accessed": _date_parts(self.accessed),
        }
        # CSL-JSON is a list of items, as reference managers import it.
        return json.dumps([item], ensure_ascii=False, indent=2)


def cite_page(request, record) -> PageCitation:
    """``record``'s page as a reader cites it, read today."""
    path = reverse("permalink", kwargs={"uuid": record.uuid})
    return PageCitation(
        title=str(record),
        url=request.build_absolute_uri(path),
        key=f"accords-{record.uuid.hex[:8]}",
        last_changed=timezone.localdate(record.updated_at),
        accessed=timezone.localdate(),
    )
