"""A page's notes: the citations of the records it shows, each publication
listed once with its cited passages under it, primary documents first, every
passage numbered; and the note marks in the text that point at them.

A passage cited by several records on the page (the same words of the same
document at the same place) is one note, which each of their marks points at.

It works on any citation with a ``publication`` (``is_primary``, ``title``, a
partial ``published_on``): core imports no app.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q


@dataclass(eq=False)  # one note per passage: hashed by identity
class Note:
    number: int
    citation: Any
    # The ids of the marks that point here, in the order the page shows them.
    mark_ids: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"note-{self.number}"

    @property
    def first_mark_id(self) -> str:
        return self.mark_ids[0] if self.mark_ids else ""


@dataclass(frozen=True)
class Mark:
    number: int
    id: str

    @property
    def note_id(self) -> str:
        return f"note-{self.number}"


@dataclass
class NoteGroup:
    publication: Any
    notes: list[Note]


def publication_order(publication) -> tuple:
    """Primary documents first; within each kind, oldest first (undated last),
    then by title."""
    published = getattr(publication, "published_on_partial", None)
    return (
        not publication.is_primary,
        published is None,
        published.sort_key() if published is not None else (),
        publication.title.casefold(),
        publication.pk,
    )


class Notes:
    """Build once per page with ``Notes.build(citations)``, from the citations
    of the public records the page shows (their publications loaded with
    them); then ``marks(citations)`` at each place, in page order."""

    def __init__(self, groups: list[NoteGroup], by_citation: dict[Any, Note]):
        self.groups = groups
        self._by_citation = by_citation

    @classmethod
    def build(cls, citations: Iterable) -> "Notes":
        by_publication: dict[Any, NoteGroup] = {}
        by_passage: dict[tuple, Note] = {}
        by_citation: dict[Any, Note] = {}
        for citation in citations:
            if citation.pk in by_citation:
                continue
            publication = citation.publication
            passage = (
                publication.pk,
                " ".join(citation.quote.split()),
                citation.locator.strip(),
            )
            note = by_passage.get(passage)
            if note is None:
                note = by_passage[passage] = Note(number=0, citation=citation)
                by_publication.setdefault(
                    publication.pk, NoteGroup(publication=publication, notes=[])
                ).notes.append(note)
            by_citation[citation.pk] = note
        groups = sorted(
            by_publication.values(),
            key=lambda group: publication_order(group.publication),
        )
        number = 0
        for group in groups:
            for note in group.notes:
                number += 1
                note.number = number
        return cls(groups, by_citation)

    @classmethod
    def marking(cls, records: Iterable) -> "Notes":
        """The notes of a page that lists ``records`` (public, each with its
        ``citations`` prefetched), in page order; each record gets its
        ``note_marks``."""
        records = list(records)
        notes = cls.build(
            citation for record in records for citation in record.citations.all()
        )
        for record in records:
            record.note_marks = notes.marks(record.citations.all())
        return notes

    def __len__(self) -> int:
        return sum(len(group.notes) for group in self.groups)

    def __iter__(self):
        return iter(self.groups)

    def number(self, citation) -> int | None:
        note = self._by_citation.get(citation.pk)
        return note.number if note else None

    def marks(self, citations: Iterable) -> list[Mark]:
        """The marks for ``citations`` at one place on the page, in number order.

        The first mark of a note gets ``mark-N``, the note's way back; a
        citation marked again elsewhere gets ``mark-N-2`` and so on, so that
        ids stay unique. Citations not among the notes get no mark.
        """
        marks = []
        found = {self._by_citation.get(citation.pk) for citation in citations}
        found.discard(None)
        for note in sorted(found, key=lambda note: note.number):
            mark_id = f"mark-{note.number}"
            if note.mark_ids:
                mark_id = f"{mark_id}-{len(note.mark_ids) + 1}"
            note.mark_ids.append(mark_id)
            marks.append(Mark(number=note.number, id=mark_id))
        return marks


def load_citations(records: Iterable) -> None:
    """Give each of ``records`` (of any kinds a citation supports, mixed) its
    ``citations``, with their publications, in one query: what a prefetch per
    kind would do in one query per kind. ``None`` among them is skipped."""
    by_link: dict[Any, dict[Any, Any]] = {}
    for record in records:
        if record is not None:
            link = type(record)._meta.get_field("citations").field
            by_link.setdefault(link, {})[record.pk] = record
    if not by_link:
        return
    condition = Q()
    for link, by_pk in by_link.items():
        condition |= Q(**{f"{link.name}__in": list(by_pk)})
    model = next(iter(by_link)).model
    found: dict[Any, list] = {}
    for citation in model._default_manager.filter(condition).select_related(
        "publication"
    ):
        for link, by_pk in by_link.items():
            record = by_pk.get(getattr(citation, link.attname))
            if record is not None:
                link.set_cached_value(citation, record)
                found.setdefault(id(record), []).append(citation)
    for by_pk in by_link.values():
        for record in by_pk.values():
            # As prefetch_related leaves it: ``record.citations.all()`` reads this.
            citations = record.citations.get_queryset()
            citations._result_cache = found.get(id(record), [])
            citations._prefetch_done = True
            if not hasattr(record, "_prefetched_objects_cache"):
                record._prefetched_objects_cache = {}
            record._prefetched_objects_cache["citations"] = citations
