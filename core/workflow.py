"""The editorial rules every way of editing follows: admin, API and scripts.

Each rule and its message live here once; the admin, the API and management
commands call these functions and show the same words.

- ``publish`` / ``unpublish``: the two actions ("published at" is stamped by
  ``Publishable.save()`` the first time).
- Nothing is published without a source (``check_can_publish``): a record that
  cites sources (it has a ``citations`` relation) needs at least one citation
  first, and keeps one while published (``check_keeps_sources``).
- Two people editing one record: a save based on an older ``version`` than the
  stored one is merged with it (``core.merge.three_way_merge``); when both
  changed a field, the refusal names who saved in between and what they
  changed (``stale_message``, read from history).
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import audit, history
from core.editors import PUBLISH_PERMISSION
from core.models import (
    AuditAction,
    PublicationStatus,
    Publishable,
    field_label,
    translated_fields,
)
from core.templatetags.languages import list_separator


def cites_sources(model) -> bool:
    return any(
        rel.name == "citations" and rel.one_to_many
        for rel in model._meta.get_fields()
        if rel.auto_created and not rel.concrete
    )


def publication_problems(record, *, source_count: int | None = None) -> list[str]:
    """What stops ``record`` from being published, in words for editors.

    ``source_count`` lets a form count the citations it is about to save.
    """
    problems = []
    if cites_sources(type(record)):
        if source_count is None:
            source_count = record.citations.count() if record.pk else 0
        if source_count == 0:
            name = record._meta.verbose_name
            problems.append(
                _(
                    "Add at least one source before publishing this %(name)s: "
                    "nothing is published without one."
                )
                % {"name": name}
            )
    return problems


def check_can_publish(record, *, source_count: int | None = None) -> None:
    problems = publication_problems(record, source_count=source_count)
    if problems:
        raise ValidationError(problems, code="unsourced")


# Keeping published records sourced --------------------------------------------


def cited_by(citations) -> dict:
    """The records ``citations`` support, as ``{model: [their ids]}``."""
    citations = list(citations)
    if not citations:
        return {}
    claims = defaultdict(list)
    for field in type(citations[0])._meta.concrete_fields:
        model = field.related_model
        if field.many_to_one and issubclass(model, Publishable):
            claims[model] += [
                getattr(citation, field.attname)
                for citation in citations
                if getattr(citation, field.attname) is not None
            ]
    return claims


def left_unsourced(*, removed_sources, claims=None) -> list[Publishable]:
    """The published records that would cite no source without
    ``removed_sources`` (citations).

    ``claims`` narrows the question to some records; by default it is every
    record the citations support. A published record that cites no source at
    all is always in the answer.
    """
    removed = [source.pk for source in removed_sources]
    if claims is None:
        ids_by_model = cited_by(removed_sources)
    else:
        ids_by_model = defaultdict(list)
        for record in claims:
            ids_by_model[type(record)].append(record.pk)
    # Sources a record keeps: all it cites but the removed ones (none removed:
    # an empty IN would not compare as "no row").
    kept = models.Count("citations", distinct=True)
    if removed:
        kept = kept - models.Count(
            "citations", filter=models.Q(citations__in=removed), distinct=True
        )
    left = []
    for model, ids in ids_by_model.items():
        if not (issubclass(model, Publishable) and cites_sources(model)):
            continue
        left += (
            model._default_manager.filter(
                pk__in=ids, publication_status=PublicationStatus.PUBLISHED
            )
            .annotate(kept=kept)
            .filter(kept=0)
            .order_by("pk")
        )
    return left


def check_keeps_sources(*, removed_sources=(), claims=None) -> None:
    """Refuse a change that would leave a published record without a source:
    deleting its last citation, or saving a published record that cites none."""
    left = left_unsourced(removed_sources=removed_sources, claims=claims)
    if left:
        raise ValidationError(unsourced_message(left), code="unsourced")


def unsourced_message(records, *, shown: int = 10) -> str:
    names = [f"{record._meta.verbose_name} “{record}”" for record in records[:shown]]
    if len(records) > shown:
        more = len(records) - shown
        names.append(
            ngettext("and %(count)s more", "and %(count)s more", more) % {"count": more}
        )
    count = len(records)
    return ngettext(
        "This would leave %(count)s published record without any source: "
        "%(names)s. Nothing stays published without a source: add another "
        "source to each first, or unpublish them.",
        "This would leave %(count)s published records without any source: "
        "%(names)s. Nothing stays published without a source: add another "
        "source to each first, or unpublish them.",
        count,
    ) % {"count": count, "names": list_separator().join(names)}


@transaction.atomic
def publish(*, record: Publishable, user=None) -> Publishable:
    """Publish ``record`` (stamping "published at" the first time) or refuse."""
    check_may_publish(user)
    check_can_publish(record)
    if not record.is_published:
        record.publication_status = PublicationStatus.PUBLISHED
        _save_as(record, user)
        publication_changed(record, was_published=False, user=user)
    return record


@transaction.atomic
def unpublish(*, record: Publishable, user=None) -> Publishable:
    """Back to draft; "published at" keeps the first publication time.

    Unpublishing means readers do not see the record, now or later: its
    publish time is cleared, whether passed (``publish_scheduled`` had not yet
    run) or still to come, since ``publish_scheduled`` publishes a draft whose
    time has come and the admin shows the unpublished record as a plain draft.
    To publish it later, an editor sets a new publish time.
    """
    check_may_publish(user)
    if record.is_published:
        record.publication_status = PublicationStatus.DRAFT
        record.publish_at = None
        _save_as(record, user)
        publication_changed(record, was_published=True, user=user)
    return record


MAY_NOT_PUBLISH = gettext_lazy(
    "Only editors publish and unpublish. Save your changes as a draft and ask "
    "an editor to publish them."
)


def may_publish(user) -> bool:
    """Editors and Administrators (``core.publish_records``); scripts (no user)."""
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def check_may_publish(user) -> None:
    if not may_publish(user):
        raise PermissionDenied(MAY_NOT_PUBLISH)


MAY_NOT_REVERT = gettext_lazy(
    "Only editors revert a published record: readers would see the old version "
    "at once. Nothing was changed; ask an editor to revert it."
)


def check_may_revert(*, record, user) -> None:
    """A published record is reverted only by those who may publish, since
    readers see the result at once; a draft, by anyone who may change it."""
    published = isinstance(record, Publishable) and record.is_published
    if published and not may_publish(user):
        raise PermissionDenied(MAY_NOT_REVERT)


# Sent once a change of publication state is committed, however made; the
# apps above core act on it (events rebuilds the bulk dataset). Arguments:
# ``sender`` (the model) and ``record``.
publication_committed = Signal()


def publication_changed(record, *, was_published: bool, user=None, request=None):
    """Write the audit entry for a change of publication state, however made
    (the buttons, a saved form, an API write), and announce it once committed."""
    if record.is_published != was_published:
        action = AuditAction.PUBLISH if record.is_published else AuditAction.UNPUBLISH
        audit.record(action=action, user=user, obj=record, request=request)
        # Robust: what a receiver does (a rebuild) never undoes the change.
        transaction.on_commit(
            lambda: publication_committed.send(sender=type(record), record=record),
            robust=True,
        )


def _save_as(record, user) -> None:
    if user is not None:
        record._history_user = user
    record.save()


# Two editors at once ---------------------------------------------------------


def stale_message(
    record, *, loaded_version: int, stored: int, next_step: str | None = None
) -> str:
    """Who saved ``record`` since ``loaded_version`` and what they changed.

    Every way of editing gives this refusal; each adds its own next step
    (``STALE_IN_ADMIN``, ``CONFLICT_IN_API``, ``STALE_IN_API``), a sentence of
    its own that starts with "Your changes have not been saved".
    """
    name = record._meta.verbose_name
    next_step = next_step or f"{NOT_SAVED}."
    saves = list(
        history_since(record, loaded_version)
        .select_related("history_user")
        .order_by("history_date")
    )
    if not saves:
        changed_after = _("This %(name)s was changed after you opened it.") % {
            "name": name
        }
        return f"{changed_after} {next_step}"
    first = saves[0]
    who = editor_name(first.history_user)
    when = formats.date_format(
        timezone.localtime(first.history_date), "DATETIME_FORMAT"
    )
    changed = _changed_fields(record, saves, loaded_version=loaded_version)
    others = {editor_name(save.history_user) for save in saves[1:]} - {who}
    values = {"who": who, "name": name, "when": when}
    if others:
        values["others"] = list_separator().join(sorted(others))
        message = (
            _(
                "%(who)s saved this %(name)s at %(when)s, after you opened it "
                "(then %(others)s)."
            )
            % values
        )
    else:
        message = (
            _("%(who)s saved this %(name)s at %(when)s, after you opened it.") % values
        )
    if changed:
        message += " " + _("They changed: %(fields)s.") % {
            "fields": list_separator().join(changed)
        }
    return f"{message} {next_step}"


NOT_SAVED = gettext_lazy("Your changes have not been saved")
# The next step each way of editing adds to ``stale_message``, one sentence
# each (``%(fields)s``: the fields both people changed).
STALE_IN_ADMIN = gettext_lazy(
    "Your changes have not been saved and are still in the form below. You both "
    "changed: %(fields)s. Choose whose value to keep for each (above the form), "
    "then save."
)
CONFLICT_IN_API = gettext_lazy(
    "Your changes have not been saved: you both changed %(fields)s. Read the "
    "record again, decide these fields and send your change with its current "
    "version."
)
STALE_IN_API = gettext_lazy(
    "Your changes have not been saved: read the record again and send your "
    "change with its current version."
)


def has_version(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


def history_at(record, version: int):
    """The saves of ``record`` at ``version``. A record without a ``version``
    field (a participant) is versioned by the ids of its history rows."""
    if has_version(type(record)):
        return record.history.filter(version=version)
    return record.history.filter(history_id=version)


def history_since(record, version: int):
    """The saves of ``record`` after ``version`` (see ``history_at``)."""
    if has_version(type(record)):
        return record.history.filter(version__gt=version)
    return record.history.filter(history_id__gt=version)


def editor_name(user) -> str:
    if user is None:
        return _("Someone (a script or import)")
    return user.get_full_name() or user.get_username()


IGNORED_IN_DIFF = {"version", "updated_at", "created_at", "body_html", "changed_at"}


def _changed_fields(record, saves, *, loaded_version: int) -> list[str]:
    loaded = history_at(record, loaded_version).order_by("-history_date").first()
    if loaded is None:
        return []
    latest = saves[-1]
    # A translated field's changes are those of its languages' columns.
    excluded = [*IGNORED_IN_DIFF, *translated_fields(type(record))]
    excluded += [
        field.name
        for field in type(record)._meta.concrete_fields
        if field.name.startswith("body_html_")
    ]
    delta = latest.diff_against(loaded, excluded_fields=excluded)
    changed = [
        field_label(record._meta.get_field(change.field))
        for change in delta.changes
        if not history.is_blank_either_way(change.old, change.new)
    ]
    # Links are in history too (a version's snapshot); unknown before they were
    # recorded, when they are left out rather than guessed.
    before, after = getattr(loaded, "links", None), getattr(latest, "links", None)
    if before is not None and after is not None:
        changed += [
            history.link_label(type(record), name, label).lower()
            for name, label in history.history_links(type(record))
            if _link_rows(before.get(name)) != _link_rows(after.get(name))
        ]
    return changed


def _link_rows(rows) -> list:
    # Labels are left out: a linked record renamed is not a change of links.
    return sorted(
        (row["id"], sorted((row.get("fields") or {}).items())) for row in rows or []
    )
