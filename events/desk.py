"""The editor's desk: what the admin index shows an editor first.

Drafts awaiting review, their own drafts, drafts others left, published
records missing something (read from the data-quality checks) and what others
changed lately. One query per kind of record for each section, whatever the
number of records.
"""

import datetime
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Subquery
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PublicationStatus, ReviewRequest, partial_date_fields
from countries.models import Country, Official
from events import quality
from events.models import CITED, Citation, Event, Publication

# Every record with a publication status, with what its name needs to load.
PUBLISHABLE = [
    (Event, []),
    (Country, []),
    (Official, []),
    *quality.SOURCED_CLAIMS[1:],
]
# Whose changes show in "recent activity": the publishable records, the
# documents they cite and the citations.
WATCHED = [*PUBLISHABLE, (Publication, []), (Citation, ["publication"])]
RECENT_LIMIT = 15
# A fact younger than this whose source has no archive copy is worth fixing
# first: new pages change and disappear soonest.
RECENT_FACT = datetime.timedelta(days=365)

HISTORY_VERBS = {"+": _("added"), "~": _("changed"), "-": _("deleted")}


def admin_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def edited_at(record) -> str:
    """Where an editor changes ``record``: a citation on the page of the record
    it supports (it has no page of its own), by ids, without loading it."""
    if not isinstance(record, Citation):
        return admin_url(record)
    for name, model in CITED.items():
        pk = getattr(record, f"{name}_id")
        if pk is not None:
            opts = model._meta
            return (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
                + "#sources"
            )
    return reverse("admin:events_publication_change", args=[record.publication_id])


def changelist_url(model, query: str = "") -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{query}" if query else url


@dataclass
class Item:
    record: object
    url: str
    detail: str = ""
    who: str = ""
    when: datetime.datetime | None = None
    comment: str = ""

    @property
    def kind(self) -> str:
        return str(self.record._meta.verbose_name).capitalize()


@dataclass
class Section:
    key: str
    title: str
    explanation: str
    empty: str
    items: list[Item] = field(default_factory=list)
    link: str = ""
    link_text: str = ""

    @property
    def count(self) -> int:
        return len(self.items)


def shown_name(user) -> str:
    if user is None:
        return _("an import or script")
    return user.get_full_name() or user.get_username()


def select_related(records, related: list[str]):
    return records.select_related(*related) if related else records


def can_view(user, model) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def gather(user, *, today: datetime.date) -> list[Section]:
    publishable = [(m, rel) for m, rel in PUBLISHABLE if can_view(user, m)]
    mine, others = drafts(user, publishable)
    return [
        awaiting_review(publishable),
        mine,
        others,
        missing(user, today=today),
        recent_activity(user),
    ]


def awaiting_review(models) -> Section:
    """The open review requests, oldest first, with their last comment."""
    section = Section(
        "review",
        _("Awaiting review"),
        _(
            "Drafts submitted for review, the longest waiting first: open one to "
            "approve and publish it, or return it to its author with a comment."
        ),
        _("Nothing is awaiting review."),
        link=changelist_url(ReviewRequest, "status__exact=open") if models else "",
        link_text=_("Every review request"),
    )
    related = dict(models)
    requests = list(
        ReviewRequest.objects.open()
        .of_models(list(related))
        .with_thread()
        .order_by("submitted_at", "pk")
    )
    ids = defaultdict(set)
    for request in requests:
        ids[request.content_type.model_class()].add(request.object_id)
    # One query per kind of record, with what their names need.
    records = {
        (model, record.pk): record
        for model, pks in ids.items()
        for record in select_related(model.objects.filter(pk__in=pks), related[model])
    }
    for request in requests:
        record = records.get((request.content_type.model_class(), request.object_id))
        if record is None:
            continue
        last = request.last_comment
        section.items.append(
            Item(
                record,
                admin_url(record) + "#review",
                detail=_("Already published") if record.is_published else "",
                who=shown_name(request.submitted_by),
                when=request.submitted_at,
                comment=(
                    f"{shown_name(last.author)}: {truncatechars(last.text, 140)}"
                    if last
                    else ""
                ),
            )
        )
    return section


def drafts(user, models) -> tuple[Section, Section]:
    mine = Section(
        "my-drafts",
        _("My drafts"),
        _("Drafts you saved last. Readers do not see them until you publish."),
        _("You have no drafts."),
    )
    others = Section(
        "others-drafts",
        _("Drafts by others"),
        _(
            "Drafts someone else (or an import) saved last: publish them once "
            "checked, or ask who wrote them."
        ),
        _("No drafts by anyone else."),
    )
    rows = []
    for model, related in models:
        last = model.history.model.objects.filter(id=OuterRef("pk")).order_by(
            "-history_date", "-history_id"
        )
        records = (
            select_related(
                model.objects.filter(publication_status=PublicationStatus.DRAFT),
                related,
            )
            .annotate(
                last_user_id=Subquery(last.values("history_user_id")[:1]),
                last_date=Subquery(last.values("history_date")[:1]),
            )
            .order_by("-updated_at")
        )
        rows += list(records)
    users = get_user_model().objects.in_bulk(
        {row.last_user_id for row in rows if row.last_user_id} - {user.pk}
    )
    for row in sorted(rows, key=lambda r: r.last_date or r.updated_at, reverse=True):
        if row.last_user_id == user.pk:
            mine.items.append(Item(row, admin_url(row), when=row.last_date))
        else:
            who = shown_name(users.get(row.last_user_id))
            others.items.append(Item(row, admin_url(row), who=who, when=row.last_date))
    return mine, others


def missing(user, *, today: datetime.date) -> Section:
    section = Section(
        "missing",
        _("Published records missing something"),
        _(
            "Readers see these: add the missing source, or an archive copy of the "
            "source of a fact less than a year old."
        ),
        _(
            "Every published record has a source, and every recent fact's source "
            "has an archive copy."
        ),
        link=reverse("admin:data_quality"),
        link_text=_("The full data-quality report"),
    )
    claims = [(m, rel) for m, rel in quality.SOURCED_CLAIMS if can_view(user, m)]
    for finding in quality.unsourced_published(claims).findings:
        section.items.append(
            Item(finding.record, finding.admin_url, detail=_("No source"))
        )
    cutoff = today - RECENT_FACT
    for model, related in claims:
        when = partial_date_fields(model)[0]
        records = select_related(
            model.objects.published()
            .filter(
                **{f"{when}__gte": cutoff, "citations__publication__archive_url": ""}
            )
            .distinct(),
            related,
        )
        section.items += [
            Item(
                record,
                admin_url(record) + "#sources",
                detail=_("A source has no archive copy"),
            )
            for record in records
        ]
    return section


def recent_activity(user) -> Section:
    section = Section(
        "recent",
        _("Recent activity by others"),
        _("The last %(count)s changes others (or imports) made.")
        % {"count": RECENT_LIMIT},
        _("Nobody else has changed anything yet."),
    )
    entries = []
    for model, related in WATCHED:
        if not can_view(user, model):
            continue
        rows = (
            model.history.exclude(history_user=user)
            .select_related("history_user", *related)
            .order_by("-history_date")[:RECENT_LIMIT]
        )
        entries += [(row, related) for row in rows]
    entries.sort(key=lambda entry: entry[0].history_date, reverse=True)
    for row, related in entries[:RECENT_LIMIT]:
        record = row.instance
        # The name of a status change or a position shows its country or
        # official: hand over those the history query loaded with the row.
        for name in {path.split("__")[0] for path in related}:
            with suppress(ObjectDoesNotExist):  # deleted since
                setattr(record, name, getattr(row, name))
        deleted = row.history_type == "-"
        section.items.append(
            Item(
                record,
                "" if deleted else edited_at(record),
                detail=HISTORY_VERBS.get(row.history_type, _("changed")),
                who=shown_name(row.history_user),
                when=row.history_date,
            )
        )
    return section
