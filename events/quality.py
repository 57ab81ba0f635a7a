"""The data-quality report editors work through in admin.

Each check is one query (the timeline check reads every status change once),
so the report costs the same whatever the size of the database.
"""

import datetime
from dataclasses import dataclass, field
from itertools import groupby, pairwise

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core import partial_dates
from countries.models import (
    AccordsStatus,
    DiplomaticRelation,
    Mission,
    Official,
    Position,
    StatusChange,
)
from events.models import Event, Participant, Source

# Claims that must cite a source once published, with what their text needs.
SOURCED_CLAIMS = [
    (Event, []),
    (StatusChange, ["country"]),
    (Position, ["official", "office__country"]),
    (Mission, ["sending_country", "host_country"]),
    (DiplomaticRelation, ["country"]),
]

RANK = {
    AccordsStatus.CANDIDATE: 0,
    AccordsStatus.ANNOUNCED: 1,
    AccordsStatus.SIGNATORY: 2,
}


@dataclass
class Finding:
    record: object
    detail: str = ""

    @property
    def admin_url(self) -> str:
        opts = self.record._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.record.pk]
        )


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
        officials_without_current_position(today),
        unlinked_participants(),
        sources_without_archive(),
    ]


def unsourced_published(claims=SOURCED_CLAIMS) -> Check:
    check = Check(
        "Published records without a source",
        "Readers see these, but nothing shows where the facts come from. Add a "
        "source, or unpublish the record.",
    )
    for model, related in claims:
        records = model.objects.published().filter(sources__isnull=True)
        if related:
            records = records.select_related(*related)
        check.findings += [
            Finding(record, model._meta.verbose_name.capitalize()) for record in records
        ]
    return check


def sources_without_archive() -> Check:
    check = Check(
        "Sources without an archive copy or an access date",
        "Pages change and disappear: save a copy in a web archive and note the "
        "day you read the page.",
        routine=True,
    )
    sources = Source.objects.filter(Q(archive_url="") | Q(accessed_on__isnull=True))
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
        "Officials without a current position",
        "Fine for someone who has left office (then give the position its end "
        "date); otherwise add the position they hold today.",
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
        "Participants not linked to an official",
        "Only a typed name: link the official, creating their record if needed, "
        "so their role at the time shows on the event page.",
    )
    participants = (
        Participant.objects.filter(official__isnull=True)
        .select_related("event")
        .order_by("event__title", "order")
    )
    check.findings = [
        Finding(participant, f"in “{participant.event}”")
        for participant in participants
    ]
    return check


def timeline_contradictions() -> Check:
    check = Check(
        "Status timelines with gaps or contradictions",
        "A country's status goes candidate → announced → signatory. Check the "
        "dates and statuses of these changes against their sources.",
    )
    changes = StatusChange.objects.select_related("country").order_by(
        "country__name", "country", *partial_dates.chronological("date"), "pk"
    )
    for _, country_changes in groupby(changes, key=lambda change: change.country_id):
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
