"""Cite this page: a permanent address by UUID, the last change and access
dates, as a sentence, as BibTeX and as CSL-JSON, on every record's page."""

import datetime
import json
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.utils import translation

from tests import factories
from tests.conftest import clock_at
from tests.page_checks import get_public_page

TODAY = datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC)
CHANGED = datetime.datetime(2025, 11, 7, 9, tzinfo=datetime.UTC)


class CiteBlock(HTMLParser):
    """The texts of the "Cite this page" section: the sentence and each <pre>
    by its format, as a reader copies them (entities decoded)."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, str] = {}
        self.sentence = ""
        self.permalink = ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "pre" and "data-format" in attrs:
            self._in = attrs["data-format"]
            self.forms[self._in] = ""
        elif tag == "p" and attrs.get("class") == "cite-page__text":
            self._in = "sentence"
        elif tag == "a" and self.permalink == "" and "/id/" in attrs.get("href", ""):
            self.permalink = attrs["href"]

    def handle_endtag(self, tag):
        if tag in {"pre", "p"}:
            self._in = None

    def handle_data(self, data):
        if self._in == "sentence":
            self.sentence += data
        elif self._in:
            self.forms[self._in] += data


def cite_block(response) -> CiteBlock:
    content = response.content.decode()
    start = content.index('<section class="cite-page"')
    parser = CiteBlock()
    parser.feed(content[start : content.index("</section>", start)])
    return parser


def bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    """The type, key and fields of one BibTeX entry, each field's braces
    balanced as BibTeX reads them (``\\{`` is a character, not a group)."""
    match = re.fullmatch(r"@(\w+)\{([^,\s]+),(.*)\}\s*", entry, re.S)
    assert match, entry
    kind, key, body = match.groups()
    fields, position = {}, 0
    field = re.compile(r"\s*(\w+)\s*=\s*\{")
    while opening := field.match(body, position):
        depth, position = 1, opening.end()
        while depth:
            char = body[position]
            if char == "\\":
                position += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            position += 1
        fields[opening.group(1)] = body[opening.end() : position - 1]
        position = re.compile(r"\s*,?").match(body, position).end()
    assert body[position:].strip() == "", f"not a field: {body[position:]}"
    return kind, key, fields


@pytest.fixture
def renamed_event(db):
    event = factories.EventFactory(title="Tokayev meets Rubio", slug="first-slug")
    event.slug = "tokayev-meets-rubio"
    event.save()
    return event


# The permanent address ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["event", "country", "official"])
def test_the_permalink_redirects_permanently_to_the_records_page(client, db, kind):
    record = {
        "event": factories.EventFactory,
        "country": factories.CountryFactory,
        "official": factories.OfficialFactory,
    }[kind]()
    response = client.get(f"/id/{record.uuid}/")
    assert response.status_code == 301
    assert response["Location"] == record.get_absolute_url()


def test_the_permalink_follows_a_renamed_slug(client, renamed_event):
    response = client.get(f"/id/{renamed_event.uuid}/")
    assert response.status_code == 301
    assert response["Location"] == "/events/tokayev-meets-rubio/"


def test_the_permalink_of_a_draft_is_not_found_for_readers(client, db):
    draft = factories.EventFactory(draft=True)
    assert client.get(f"/id/{draft.uuid}/").status_code == 404


def test_the_permalink_of_a_draft_takes_an_editor_to_the_preview_for_now(
    editor_client, db
):
    draft = factories.EventFactory(draft=True)
    response = editor_client.get(f"/id/{draft.uuid}/")
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_an_unknown_or_malformed_permalink_is_not_found(client, db):
    factories.EventFactory()
    assert client.get(f"/id/{uuid.uuid4()}/").status_code == 404
    assert client.get("/id/not-a-uuid/").status_code == 404
    assert client.post(f"/id/{uuid.uuid4()}/").status_code == 405


# The block on each page -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["event", "country", "official"])
def test_every_detail_page_offers_its_citation(client, db, kind):
    record = {
        "event": factories.EventFactory,
        "country": factories.CountryFactory,
        "official": factories.OfficialFactory,
    }[kind]()
    type(record).objects.filter(pk=record.pk).update(updated_at=CHANGED)
    with clock_at(TODAY):
        block = cite_block(get_public_page(client, record.get_absolute_url()))
    permalink = f"http://testserver/id/{record.uuid}/"
    assert block.permalink == permalink
    assert block.sentence == (
        f"“{record}.” Accords. Last changed 7 November 2025. {permalink} "
        "(accessed 4 March 2026)."
    )

    [item] = json.loads(block.forms["csl-json"])
    assert item == {
        "id": f"accords-{record.uuid.hex[:8]}",
        "type": "webpage",
        "title": str(record),
        "container-title": "Accords",
        "URL": permalink,
        "issued": {"date-parts": [[2025, 11, 7]]},
        "accessed": {"date-parts": [[2026, 3, 4]]},
    }

    kind_, key, fields = bibtex_fields(block.forms["bibtex"])
    assert (kind_, key) == ("misc", f"accords-{record.uuid.hex[:8]}")
    assert fields["title"] == f"{{{record}}}"
    assert fields["howpublished"] == f"\\url{{{permalink}}}"
    assert fields["year"] == "2025"
    assert fields["urldate"] == "2026-03-04"
    assert "Accessed 4 March 2026" in fields["note"]


def test_the_citation_reads_in_the_pages_language_and_bibtex_in_english(client, db):
    event = factories.EventFactory()
    type(event).objects.filter(pk=event.pk).update(updated_at=CHANGED)
    with clock_at(TODAY), translation.override("ar"):
        block = cite_block(client.get(event.get_absolute_url()))
    assert "آخر تغيير: 7 نوفمبر 2025." in block.sentence
    assert "Last changed" not in block.sentence
    _kind, _key, fields = bibtex_fields(block.forms["bibtex"])
    assert fields["note"] == "Last changed 7 November 2025. Accessed 4 March 2026"


def test_the_access_date_is_today_in_the_sites_time_zone(client, db, settings):
    event = factories.EventFactory()
    settings.TIME_ZONE = "Asia/Almaty"
    # 20:00 UTC is already the next day in Astana.
    with clock_at(datetime.datetime(2026, 3, 4, 20, tzinfo=datetime.UTC)):
        block = cite_block(client.get(event.get_absolute_url()))
    assert block.sentence.endswith("(accessed 5 March 2026).")


def test_a_title_with_braces_quotes_and_markup_is_escaped_in_every_form(client, db):
    title = 'Talks {draft} "in full" <script>alert(1)</script> & 100% #1 \\o/'
    event = factories.EventFactory(title=title)
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    block = cite_block(response)

    assert block.sentence.startswith(f"“{title}.” Accords.")
    [item] = json.loads(block.forms["csl-json"])
    assert item["title"] == title

    _, _, fields = bibtex_fields(block.forms["bibtex"])
    assert fields["title"] == (
        '{Talks \\{draft\\} "in full" <script>alert(1)</script> \\& 100\\% \\#1 '
        "\\textbackslash{}o/}"
    )
