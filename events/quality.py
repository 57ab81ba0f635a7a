"""The data-quality report editors work through in admin.

Each check is one query (the timeline check reads every status change once),
so the report costs the same whatever the size of the database.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import partial_dates
from core.models import partial_date_fields, public_q
from countries.models import (
    AccordsStatus,
    DiplomaticRelation,
    Mission,
    Official,
    Position,
    StatusChange,
)
from events.models import (
    CITED,
    Citation,
    Event,
    Participant,
    Publication,
)
from events.publications import duplicate_groups

# Claims that must cite a source once published, with what their text needs.
SOURCED_CLAIMS = [
    (Event, []),
    (StatusChange, ["country"]),
    (Position, ["official", "office__country"]),
    (Mission, ["sending_country", "host_country"]),
    (DiplomaticRelation, ["country"]),
]

# Each sourced claim's date and what its name needs.
CITED_FIELDS = {
    model: (partial_date_fields(model)[0], related) for model, related in SOURCED_CLAIMS
}

# A source published this long after the fact is a retelling, not a witness.
LATE = datetime.timedelta(days=365)

RANK = {
    AccordsStatus.CANDIDATE: 0,
    AccordsStatus.ANNOUNCED: 1,
    AccordsStatus.SIGNATORY: 2,
}


@dataclass
class Finding:
    record: object
    detail: str = ""
    # Where to fix it, when that is not the record's own page.
    url: str = ""

    @property
    def admin_url(self) -> str:
        return self.url or record_url(self.record)


@dataclass
class Check:
    title: str
    explanation: str
    findings: list[Finding] = field(default_factory=list)
    # Routine upkeep, shown folded so that the serious checks stand out.
    routine: bool = False

    @property
    def count(self) -> int:
        return len(self.findings)


def report(today: datetime.date) -> list[Check]:
    """The checks, most serious first: what readers see wrong, then upkeep."""
    return [
        unsourced_published(),
        timeline_contradictions(),
        late_secondary_only(),
        officials_without_current_position(today),
        unlinked_participants(),
        duplicate_publications(),
        citations_of_no_record(),
        publications_without_url(),
        publications_without_archive(),
    ]


def unsourced_published(claims=SOURCED_CLAIMS) -> Check:
    check = Check(
        _("Published records without a source"),
        _(
            "Readers see these, but nothing shows where the facts come from. Add a "
            "source, or unpublish the record."
        ),
    )
    for model, related in claims:
        records = model.objects.published().filter(citations__isnull=True)
        if related:
            records = records.select_related(*related)
        check.findings += [
            Finding(record, model._meta.verbose_name.capitalize()) for record in records
        ]
    return check


def late_secondary_only() -> Check:
    """Dated published facts whose every citation is a secondary publication
    published more than a year after the fact.

    A publication without a date is not counted as later (nothing says it
    is; reference works often have none), so a fact it supports is not
    listed. Partial dates are compared at their extremes (the fact's last
    possible day, the publication's first): only a source surely more than a
    year later counts. One query: every citation of a dated published fact,
    with its publication and its record.
    """
    check = Check(
        _(
            "Facts supported only by secondary sources published more than a year "
            "after the fact"
        ),
        _(
            "Readers see these facts backed only by later retellings. Cite a "
            "primary document (the agreement, the statement, the transcript) or a "
            "report from the time. A source without a date is not counted as later."
        ),
    )
    fields = {name: CITED_FIELDS[model] for name, model in CITED.items()}
    cited = Q()
    for name, (when, _related) in fields.items():
        cited |= public_q(f"{name}__") & Q(**{f"{name}__{when}__isnull": False})
    citations = (
        Citation.objects.filter(cited)
        .select_related(
            "publication",
            *(
                f"{name}__{path}" if path else name
                for name, (_when, related) in fields.items()
                for path in related or [""]
            ),
        )
        .order_by("pk")
    )
    by_record: dict = {}
    for citation in citations:
        by_record.setdefault(
            (type(citation.record), citation.record.pk), (citation.record, [])
        )[1].append(citation.publication)
    for record, publications in by_record.values():
        when, _related = CITED_FIELDS[type(record)]
        fact = getattr(record, f"{when}_partial")
        published = [publication.published_on_partial for publication in publications]
        if any(publication.is_primary for publication in publications) or not all(
            day is not None and day.start - fact.end > LATE for day in published
        ):
            continue
        check.findings.append(
            Finding(
                record,
                f"{record._meta.verbose_name.capitalize()} of {fact}; "
                f"the earliest source is from {min(published)}",
                url=record_url(record) + "#sources",
            )
        )
    return check


def record_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def duplicate_publications() -> Check:
    check = Check(
        _("Duplicate publications"),
        _(
            "The same document recorded more than once (same URL, or same title and "
            "publisher): open the list, select them all and run “Merge the selected "
            "publications into one”. Their citations move to the one kept."
        ),
    )
    changelist = reverse("admin:events_publication_changelist")
    for group in duplicate_groups():
        ids = ",".join(str(publication.pk) for publication in group)
        check.findings.append(
            Finding(
                group[0],
                f"{len(group)} records of one document: "
                + ", ".join(f"#{publication.pk}" for publication in group),
                url=f"{changelist}?id__in={ids}",
            )
        )
    return check


def citations_of_no_record() -> Check:
    check = Check(
        _("Citations of no record"),
        _(
            "A passage kept from a source that supported nothing. Cite it on the "
            "record it supports, if any; readers do not see it as it is."
        ),
        routine=True,
    )
    citations = (
        Citation.objects.filter(**{f"{name}__isnull": True for name in CITED})
        .select_related("publication")
        .order_by("publication__publisher", "publication__title", "pk")
    )
    check.findings = [
        Finding(
            citation,
            f"“{citation.quote[:80]}”" if citation.quote else _("No passage"),
            url=record_url(citation.publication),
        )
        for citation in citations
    ]
    return check


def publications_without_url() -> Check:
    check = Check(
        _("Publications without a URL"),
        _(
            "A document known by its title, whose address no editor has seen. Add "
            "the URL once you have read the document online; readers cannot follow "
            "the source until then."
        ),
        routine=True,
    )
    publications = Publication.objects.filter(url="").order_by("publisher", "title")
    check.findings = [
        Finding(publication, publication.get_kind_display())
        for publication in publications
    ]
    return check


def publications_without_archive() -> Check:
    check = Check(
        _("Publications without an archive copy or an access date"),
        _(
            "Pages change and disappear: save a copy in a web archive and note the "
            "day you read the page. One item per document, however often it is cited."
        ),
        routine=True,
    )
    sources = Publication.objects.filter(
        Q(archive_url="") | Q(accessed_on__isnull=True)
    )
    for source in sources.order_by("publisher", "title"):
        missing = [
            label
            for label, empty in (
                ("archive URL", not source.archive_url),
                ("access date", source.accessed_on is None),
            )
            if empty
        ]
        check.findings.append(Finding(source, f"No {' and no '.join(missing)}"))
    return check


def officials_without_current_position(today: datetime.date) -> Check:
    check = Check(
        _("Officials without a current position"),
        _(
            "Fine for someone who has left office (then give the position its end "
            "date); otherwise add the position they hold today."
        ),
    )
    held = Position.objects.held_on(today).filter(official=OuterRef("pk"))
    officials = Official.objects.filter(~Exists(held.order_by())).select_related(
        "country"
    )
    check.findings = [
        Finding(official, str(official.country)) for official in officials
    ]
    return check


def unlinked_participants() -> Check:
    check = Check(
        _("Participants not linked to an official"),
        _(
            "Only a typed name: link the official, creating their record if needed, "
            "so their role at the time shows on the event page."
        ),
    )
    participants = (
        Participant.objects.filter(official__isnull=True)
        .select_related("event")
        .order_by("event__title", "order")
    )
    check.findings = [
        Finding(participant, _("in “%(event)s”") % {"event": participant.event})
        for participant in participants
    ]
    return check


def timeline_contradictions() -> Check:
    check = Check(
        _("Status timelines with gaps or contradictions"),
        _(
            "A country's status goes candidate → announced → signatory. Check the "
            "dates and statuses of these changes against their sources."
        ),
    )
    changes = StatusChange.objects.select_related("country").order_by(
        "country__name", "country", *partial_dates.chronological("date"), "pk"
    )
    for _country, country_changes in groupby(
        changes, key=lambda change: change.country_id
    ):
        country_changes = list(country_changes)
        for problem in timeline_problems(country_changes):
            check.findings.append(Finding(country_changes[0].country, problem))
    return check


def timeline_problems(changes: list[StatusChange]) -> list[str]:
    """What is wrong with one country's changes, given in chronological order.

    Two partial dates whose periods overlap have no known order, so only a
    change whose whole period lies before another's can contradict it.
    """
    problems = []
    for earlier, later in pairwise(changes):
        if earlier.status == later.status:
            problems.append(
                f"{earlier.get_status_display()} twice in a row "
                f"({earlier.date_partial}, then {later.date_partial})."
            )
    for first, second in (
        (a, b) for i, a in enumerate(changes) for b in changes[i + 1 :]
    ):
        # ``second`` may still be the earlier one when the periods overlap.
        for lower, higher in ((first, second), (second, first)):
            if RANK[lower.status] < RANK[higher.status] and (
                higher.date_partial.end < lower.date_partial.start
            ):
                problems.append(
                    f"{higher.get_status_display()} ({higher.date_partial}) "
                    f"before {lower.get_status_display().lower()} "
                    f"({lower.date_partial}): the status goes backwards."
                )
    announced = any(c.status == AccordsStatus.ANNOUNCED for c in changes)
    for signed in (c for c in changes if c.status == AccordsStatus.SIGNATORY):
        if not announced:
            problems.append(
                f"Signatory ({signed.date_partial}) with no announcement "
                "recorded: add the announced step, with its source."
            )
    return problems
