"""Slugs: made from titles, unique, and still found after a rename.

A record's history (django-simple-history) keeps every slug it ever had, so an
old address can redirect to the current one without a table of its own.
"""

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model], text: str, *, exclude_pk=None, max_length: int = 0
) -> str:
    """A slug for ``text`` that no other record has now or had before.

    A slug another record once had still redirects to it, so it is not reused.
    """
    max_length = max_length or model._meta.get_field("slug").max_length
    base = (slugify(text) or model._meta.model_name)[:max_length].strip("-")
    candidate, n = base, 1
    while slug_taken(model, candidate, exclude_pk=exclude_pk):
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].strip("-") + suffix
    return candidate


def slug_taken(model: type[models.Model], slug: str, *, exclude_pk=None) -> bool:
    return current_holder(model, slug, exclude_pk=exclude_pk) is not None or (
        former_holder(model, slug, exclude_pk=exclude_pk) is not None
    )


def current_holder(model: type[models.Model], slug: str, *, exclude_pk=None):
    return model._default_manager.filter(slug=slug).exclude(pk=exclude_pk).first()


def former_holder(model: type[models.Model], slug: str, *, exclude_pk=None):
    """The other record that had ``slug`` before a rename, if it still exists."""
    return (
        model._default_manager.filter(
            pk__in=model.history.filter(slug=slug).values("id")
        )
        .exclude(pk=exclude_pk)
        .exclude(slug=slug)
        .first()
    )


def find_by_old_slug(model: type[models.Model], slug: str):
    """The record that had ``slug`` before it was renamed, or None.

    For a 301 from an old address: the caller checks that the reader may see
    the record. A slug that is some record's current slug is not "old".
    """
    if model._default_manager.filter(slug=slug).exists():
        return None
    record_id = (
        model.history.filter(slug=slug)
        .order_by("-history_date")
        .values_list("id", flat=True)
        .first()
    )
    if record_id is None:
        return None
    return model._default_manager.filter(pk=record_id).first()
