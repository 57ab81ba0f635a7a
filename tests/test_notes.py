"""Numbered notes on reader pages: the marks beside each claim, one notes list
grouped by publication with primary documents first, and the way back."""

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from core.citations import Notes
from countries.models import AccordsStatus
from events.models import Claim, PublicationKind
from tests import factories
from tests.page_checks import get_public_page, text

D = datetime.date


class Anchors(HTMLParser):
    """Every element id, every in-page link, the marks and the notes."""

    def __init__(self):
        super().__init__()
        self.ids: dict[str, str] = {}
        self.links: list[dict] = []
        self.marks: list[dict] = []
        self.notes: list[str] = []
        self._sup_mark = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            assert attrs["id"] not in self.ids, f"id {attrs['id']} twice"
            self.ids[attrs["id"]] = tag
        if tag == "sup" and "note-mark" in (attrs.get("class") or ""):
            self._sup_mark = True
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs)
            if self._sup_mark:
                self.marks.append(attrs)
        if tag == "li" and (attrs.get("id") or "").startswith("note-"):
            self.notes.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "sup":
            self._sup_mark = False


def anchors(response) -> Anchors:
    parser = Anchors()
    parser.feed(response.content.decode())
    return parser


def notes_section(response) -> str:
    content = response.content.decode()
    start = content.index('<section class="notes"')
    return content[start : content.index("</section>", start)]


def assert_marks_and_notes_link_both_ways(response) -> Anchors:
    """Each mark leads to its note, each note back to its first mark, and every
    note has a mark."""
    page = anchors(response)
    assert page.marks, "no note marks on the page"
    for mark in page.marks:
        target = mark["href"].removeprefix("#")
        assert re.fullmatch(r"note-\d+", target)
        assert page.ids.get(target) == "li", f"{target} is not a note"
        number = target.removeprefix("note-")
        assert mark["aria-label"] == f"Note {number}"
    backs = {
        link["href"].removeprefix("#")
        for link in page.links
        if link.get("class") == "notes__back"
    }
    for back in backs:
        assert page.ids.get(back) == "a", f"{back} is no mark"
    assert len(backs) == len(page.notes)
    assert {f"note-{n}" for n in range(1, len(page.notes) + 1)} == set(page.notes)
    return page


# The notes helper -----------------------------------------------------------------


def test_a_publication_cited_by_three_passages_is_listed_once_with_them_numbered(db):
    event = factories.EventFactory()
    ynet = factories.PublicationFactory(title="Kazakhstan poised to join")
    cited = [
        factories.cite(event, ynet, quote=f"Passage {n}.", locator=f"para. {n}")
        for n in (1, 2, 3)
    ]
    notes = Notes.build(cited)
    [group] = notes.groups
    assert group.publication == ynet
    assert [note.number for note in group.notes] == [1, 2, 3]
    assert [notes.number(citation) for citation in cited] == [1, 2, 3]


def test_primary_documents_come_first_then_by_date_and_title(db):
    event = factories.EventFactory()
    news = factories.cite(event, title="Report", published_on=D(2020, 9, 15))
    later = factories.cite(
        event,
        title="Transcript",
        kind=PublicationKind.TRANSCRIPT,
        published_on=D(2020, 9, 16),
    )
    declaration = factories.cite(
        event,
        title="Abraham Accords Declaration",
        kind=PublicationKind.DECLARATION,
        published_on=D(2020, 9, 15),
    )
    undated = factories.cite(
        event, title="Agreement", kind=PublicationKind.TREATY, published_on=None
    )
    notes = Notes.build([news, later, declaration, undated])
    assert [group.publication.title for group in notes] == [
        "Abraham Accords Declaration",
        "Transcript",
        "Agreement",
        "Report",
    ]
    assert [notes.number(c) for c in (declaration, later, undated, news)] == [
        1,
        2,
        3,
        4,
    ]


def test_a_note_marked_twice_keeps_its_first_mark_as_the_way_back(db):
    citation = factories.cite(factories.EventFactory())
    notes = Notes.build([citation])
    first, second = notes.marks([citation]), notes.marks([citation])
    assert [m.id for m in first + second] == ["mark-1", "mark-1-2"]
    assert notes.groups[0].notes[0].first_mark_id == "mark-1"
    # A citation the notes were not built from gets no mark.
    assert notes.marks([factories.cite(factories.EventFactory())]) == []


# Event pages --------------------------------------------------------------------


@pytest.fixture
def signing(kazakhstan, official):
    """An event citing a declaration and a news report, claim by claim."""
    event = factories.EventFactory(
        title="Kazakhstan joins",
        slug="kazakhstan-joins",
        place_city="Washington",
        countries=[kazakhstan],
        body="Kazakhstan said it would join.",
    )
    factories.ParticipantFactory(event=event, official=official, role="signer")
    event.status_changes.add(*kazakhstan.status_changes.all())
    ynet = factories.PublicationFactory(
        title="Kazakhstan poised to join",
        archive_url="https://web.archive.org/web/2025/ynet",
    )
    declaration = factories.PublicationFactory(
        title="Joint statement",
        publisher="The White House",
        kind=PublicationKind.STATEMENT,
        url="https://www.whitehouse.gov/joint-statement",
    )
    for claim in ("", Claim.DATE, Claim.PLACE, Claim.PARTICIPANTS, Claim.STATUS):
        factories.cite(
            event, ynet, quote=f"Ynet on the {claim or 'event'}.", supports=claim
        )
    factories.cite(
        event, declaration, quote="Kazakhstan will join.", supports=Claim.SUMMARY
    )
    return event


def test_each_note_mark_on_an_event_page_leads_to_its_note_and_back(client, signing):
    response = get_public_page(client, signing.get_absolute_url())
    page = assert_marks_and_notes_link_both_ways(response)
    # Six passages; the status mark stands on each of the two status lines.
    assert len(page.notes) == 6
    assert len(page.marks) == 7


def test_event_page_lists_each_publication_once_primary_first(client, signing):
    response = get_public_page(client, signing.get_absolute_url())
    notes = notes_section(response)
    assert notes.count("Kazakhstan poised to join</a>") == 1
    assert notes.count("Joint statement</a>") == 1
    assert notes.index("Joint statement") < notes.index("Kazakhstan poised")
    assert "Primary source: Official statement" in notes
    assert "News report" in notes
    assert 'href="https://web.archive.org/web/2025/ynet"' in notes
    # Numbered 1 for the statement, then Ynet's five passages from 2.
    assert '<ol class="notes__passages" start="2">' in notes
    assert notes.count('<li id="note-') == 6


def test_event_marks_stand_beside_the_claims_they_support(client, signing):
    content = client.get(signing.get_absolute_url()).content.decode()
    numbers = {
        citation.quote: Notes.build(signing.citations.all()).number(citation)
        for citation in signing.citations.all()
    }

    def mark(quote: str) -> str:
        return f'href="#note-{numbers[quote]}"'

    date_line = re.search(r"<dt>Date</dt><dd>.*?</dd>", content, re.S).group()
    assert mark("Ynet on the date.") in date_line
    place_line = re.search(r"<dt>Place</dt><dd>.*?</dd>", content, re.S).group()
    assert mark("Ynet on the place.") in place_line
    account = content[content.index('id="account-title"') :]
    account = account[: account.index("</section>")]
    assert mark("Kazakhstan will join.") in account
    assert mark("Ynet on the event.") in account
    participants = content[content.index('id="participants-title"') :]
    assert mark("Ynet on the participants.") in participants.split("</section>")[0]
    status = content[content.index('id="status-title"') :].split("</section>")[0]
    assert status.count(mark("Ynet on the status.")) == 2


def test_a_claim_the_page_does_not_show_is_marked_with_the_account(client, db):
    event = factories.EventFactory(place_city="", body="")
    citation = factories.cite(event, quote="Held somewhere.", supports=Claim.PLACE)
    response = get_public_page(client, event.get_absolute_url())
    assert_marks_and_notes_link_both_ways(response)
    lead = re.search(r'<p class="lead">.*?</p>', response.content.decode(), re.S)
    assert f'href="#note-{Notes.build([citation]).number(citation)}"' in lead.group()


def test_an_event_without_citations_says_so(client, db):
    event = factories.EventFactory()
    assert "No source is recorded yet." in text(client.get(event.get_absolute_url()))


# Country and official pages -------------------------------------------------------


def test_each_note_mark_on_a_country_page_leads_to_its_note_and_back(
    client, kazakhstan
):
    response = get_public_page(client, kazakhstan.get_absolute_url())
    page = assert_marks_and_notes_link_both_ways(response)
    # The announcement, the relation and the embassy: one mark each.
    assert len(page.marks) == len(page.notes) == 3
    content = response.content.decode()
    timeline = content[content.index('id="timeline-title"') :].split("</section>")[0]
    assert "note-mark" in timeline
    relations = content[content.index('id="relations-title"') :].split("</section>")[0]
    assert relations.count("note-mark") == 2
    assert "operates an embassy in Tel Aviv" in notes_section(response)


def test_a_country_page_lists_a_document_cited_for_many_facts_once(client, kazakhstan):
    ynet = factories.PublicationFactory(title="Kazakhstan poised to join")
    for change in kazakhstan.status_changes.all():
        factories.cite(change, ynet, quote=f"On {change.get_status_display()}.")
    factories.cite(
        kazakhstan.relation_with_israel,
        ynet,
        quote="Ties since 1992.",
        locator="para. 9",
    )
    response = get_public_page(client, kazakhstan.get_absolute_url())
    notes = notes_section(response)
    assert notes.count("Kazakhstan poised to join</a>") == 1
    group = notes[notes.index("Kazakhstan poised to join") :].split("</ol>")[0]
    assert group.count("<li id=") == 3
    assert "para. 9" in group
    assert_marks_and_notes_link_both_ways(response)


def test_a_passage_cited_for_several_facts_is_one_note_their_marks_share(
    client, kazakhstan
):
    ynet = factories.PublicationFactory(title="Kazakhstan poised to join")
    passage = "Kazakhstan has maintained formal diplomatic relations since 1992."
    changes = list(kazakhstan.status_changes.all())
    for record in [*changes, kazakhstan.relation_with_israel]:
        factories.cite(record, ynet, quote=passage)
    response = get_public_page(client, kazakhstan.get_absolute_url())
    notes = notes_section(response)
    assert notes.count(passage) == 1
    page = assert_marks_and_notes_link_both_ways(response)
    (note_id,) = re.findall(
        rf'<li id="(note-\d+)">(?:(?!</li>).)*{passage}', notes, re.S
    )
    shared = [mark for mark in page.marks if mark["href"] == f"#{note_id}"]
    assert len(shared) == len(changes) + 1


def test_each_note_mark_on_an_official_page_leads_to_its_note_and_back(
    client, kazakhstan, official
):
    position = official.positions.get()
    factories.cite(position, quote="Tokayev took office in March 2019.")
    factories.cite(position, quote="Sworn in.", kind=PublicationKind.TRANSCRIPT)
    response = get_public_page(client, official.get_absolute_url())
    page = assert_marks_and_notes_link_both_ways(response)
    assert len(page.marks) == len(page.notes) == 2
    notes = notes_section(response)
    assert notes.index("Sworn in.") < notes.index("Tokayev took office")


def test_a_citation_of_a_draft_record_never_appears(client, kazakhstan, official):
    draft_change = factories.StatusChangeFactory(
        country=kazakhstan, status=AccordsStatus.SIGNATORY, draft=True
    )
    factories.cite(draft_change, quote="A secret signing.", title="Leaked memo")
    draft_mission = factories.MissionFactory(
        sending_country=kazakhstan, host_country=factories.CountryFactory(), draft=True
    )
    factories.cite(draft_mission, quote="A secret embassy.")
    draft_position = factories.PositionFactory(official=official, draft=True)
    factories.cite(draft_position, quote="A secret office.")
    country_page = client.get(kazakhstan.get_absolute_url()).content.decode()
    official_page = client.get(official.get_absolute_url()).content.decode()
    for secret in ("A secret signing.", "Leaked memo", "A secret embassy."):
        assert secret not in country_page
    assert "A secret office." not in official_page


def test_print_shows_each_note_link_as_its_address_and_marks_as_plain_numbers():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    print_rules = css[css.index("@media print") :]
    assert re.search(
        r'\.notes a\[href\^="http"\]::after\s*\{\s*content: " <" attr\(href\) ">"',
        print_rules,
    )
    assert re.search(r"\.note-mark a\s*\{[^}]*text-decoration: none", print_rules)
