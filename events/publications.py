"""Publications cited more than once: finding duplicates and merging them.

Two publication records are the same document when they share a URL, or,
without one, a title and publisher. Merging keeps one, moves every citation of
the others to it (each move a version of the citation, saying where it came
from), fills the kept record's empty fields from the others and deletes them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from core import audit
from events.models import Publication

# Filled on the kept publication from a duplicate when the kept one has none;
# a date comes with its precision.
FILLED = {
    "author": [],
    "url": [],
    "archive_url": [],
    "published_on": ["published_on_precision"],
}


def label(publication) -> str:
    """How editors pick a publication: publisher, title and date, so that two
    reports with the same title tell apart."""
    when = publication.published_on_partial
    return f"{publication} ({when or 'no date'})"


def keys(publication) -> set[tuple[str, ...]]:
    """What makes two records the same document: a URL (without case or a
    trailing slash), or a title and publisher (without case or spacing)."""
    found = {
        (
            "title",
            " ".join(publication.title.lower().split()),
            " ".join(publication.publisher.lower().split()),
        )
    }
    if publication.url:
        found.add(("url", publication.url.strip().rstrip("/").lower()))
    return found


def duplicate_groups(publications=None) -> list[list[Publication]]:
    """Publications that are the same document, in groups of two or more."""
    if publications is None:
        publications = Publication.objects.order_by("pk")
    groups: list[tuple[set, list[Publication]]] = []
    for publication in publications:
        own = keys(publication)
        joined = [group for group in groups if group[0] & own]
        merged = (set(own), [publication])
        for group in joined:
            groups.remove(group)
            merged[0].update(group[0])
            merged[1].extend(group[1])
        groups.append(merged)
    return [
        sorted(members, key=lambda member: member.pk)
        for _, members in groups
        if len(members) > 1
    ]


@transaction.atomic
def merge_publications(publications, *, user=None) -> tuple[Publication, int, int]:
    """Merge duplicates into the most cited one; returns it, the number of
    citations moved and of publications deleted."""
    ids = [publication.pk for publication in publications]
    # Locked apart from the count: databases refuse FOR UPDATE with GROUP BY.
    list(Publication.objects.select_for_update().filter(pk__in=ids).values("pk"))
    publications = list(
        Publication.objects.filter(pk__in=ids)
        .annotate(cited=Count("citations"))
        .order_by("-cited", "pk")
    )
    if len(publications) < 2:
        raise ValidationError(_("Select two or more publications to merge."))
    groups = duplicate_groups(publications)
    if len(groups) != 1 or len(groups[0]) != len(publications):
        raise ValidationError(
            _(
                "Not merged: these publications are not the same document. Only "
                "publications with the same URL, or the same title and publisher, "
                "are merged; correct one of them first if they are."
            )
        )
    kept, others = publications[0], publications[1:]
    moved = 0
    for other in others:
        for name, companions in FILLED.items():
            if not getattr(kept, name) and getattr(other, name):
                for filled in (name, *companions):
                    setattr(kept, filled, getattr(other, filled))
        if other.accessed_on and (
            kept.accessed_on is None or other.accessed_on > kept.accessed_on
        ):
            kept.accessed_on = other.accessed_on
        reason = f"Moved from the duplicate publication “{other}” (#{other.pk})."
        for citation in other.citations.all():
            citation.publication = kept
            citation._change_reason = reason
            citation.save()
            moved += 1
    # The others' URLs stay in the kept record's history when it has its own.
    merged = ", ".join(
        f"“{other}” (#{other.pk}{', ' + other.url if other.url else ''})"
        for other in others
    )
    for other in others:
        # Deleted before the kept record takes its URL, which is unique.
        other._change_reason = f"Merged into “{kept}” (#{kept.pk})."
        other.delete()
    kept._change_reason = f"Merged with {merged}."
    kept.save()
    audit.record(
        action=audit.Action.MERGE,
        user=user,
        obj=kept,
        detail=f"Merged with {merged}: {moved} citation(s) moved.",
    )
    return kept, moved, len(others)
