"""History that covers a record's links, read as editors write.

Each version of a record (a historical row of django-simple-history) keeps a
snapshot of its *links* in ``links``: the many-to-many choices (an event's
countries and sources) and the child rows (its participants and photos), as
they were when the version was saved. A model declares which links it has:

    history = LinkedHistoricalRecords(links=["countries", ("participants", "…")])

or, for a model with translated fields, in its app's ``translation.py`` after
the translation registration (core.translation.register_history).

Versions saved before links were recorded (30 November 2026) have
``links = None``: their diff says so instead of guessing.

``describe_changes`` gives the difference of two versions in words (field
labels, partial dates at their precision, choices by label, records by name,
local times to the second, links added and removed); ``restore_links`` puts a
version's links back when an editor reverts to it.
"""

import datetime
import functools
from collections import defaultdict

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from simple_history.models import HistoricalRecords

from core.models import (
    Publishable,
    field_label,
    partial_date_fields,
    translated_fields,
)
from core.partial_dates import PartialDate

LINKS_RECORDED_SINCE = "30 November 2026"
EMPTY = "(empty)"
# Bookkeeping columns change on every save and hide the real edits.
IGNORED_FIELDS = {
    "version",
    "updated_at",
    "created_at",
    "body_html",
    "date_order",
    "changed_at",
}


class LinkedHistory(models.Model):
    """The base of a historical model that records its record's links."""

    links = models.JSONField(
        null=True,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="The record's links when this version was saved; empty for "
        f"versions saved before {LINKS_RECORDED_SINCE}.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.links is None and self.history_type != "-":
            self.links = snapshot_links(self.instance)
        super().save(*args, **kwargs)


class LinkedHistoricalRecords(HistoricalRecords):
    """HistoricalRecords whose versions also keep the record's ``links``.

    ``links`` names relations of the model: a many-to-many field (either side)
    or the child rows pointing at it; ``("name", "label")`` gives the label.
    """

    def __init__(self, *, links, **kwargs):
        kwargs.setdefault("bases", [LinkedHistory])
        super().__init__(**kwargs)
        self.links = [(link, None) if isinstance(link, str) else link for link in links]

    def finalize(self, sender, **kwargs):
        # Here rather than in contribute_to_class: a model with translated
        # fields is registered with simple_history.register(), which skips it.
        if sender is self.cls:
            sender.history_links = self.links
        super().finalize(sender, **kwargs)


def history_links(model) -> list[tuple[str, str | None]]:
    return getattr(model, "history_links", [])


def link_label(model, name: str, label: str | None) -> str:
    if label:
        return capfirst(label)
    field = model._meta.get_field(name)
    if isinstance(field, models.Field):
        return capfirst(field.verbose_name)
    opts = field.related_model._meta
    return capfirst(opts.verbose_name if field.one_to_one else opts.verbose_name_plural)


def is_restorable(model, name: str) -> bool:
    """Whether a revert puts this link back: choices and plain child rows do;
    records with their own publication (status changes, positions) do not."""
    field = model._meta.get_field(name)
    if field.many_to_many:
        return True
    return not issubclass(field.related_model, Publishable)


# Snapshot


def _child_fields(field) -> list[models.Field]:
    """The columns of a child row kept in a snapshot."""
    parent = field.field  # the child's foreign key to the record
    return [
        column
        for column in field.related_model._meta.concrete_fields
        if not column.primary_key
        and column is not parent
        and column.name not in IGNORED_FIELDS
        and column.name not in translated_fields(field.related_model)
    ]


def _stored(value):
    return value.name if isinstance(value, FieldFile) else value


def snapshot_links(record) -> dict:
    """``{link: [{"id", "label", "fields"?}]}`` for every link of ``record``."""
    model = type(record)
    links = {}
    if record.pk is None:
        return links
    for name, _ in history_links(model):
        field = model._meta.get_field(name)
        if field.one_to_one:
            try:
                related = [getattr(record, name)]
            except field.related_model.DoesNotExist:
                related = []
        else:
            related = getattr(record, name).all()
        rows = []
        for obj in related:
            row = {"id": obj.pk, "label": str(obj)}
            if not field.many_to_many:
                row["fields"] = {
                    column.attname: _stored(column.value_from_object(obj))
                    for column in _child_fields(field)
                }
            rows.append(row)
        links[name] = rows
    return links


def record_links(record) -> None:
    """Store ``record``'s current links on its latest version."""
    if not history_links(type(record)):
        return
    latest = record.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        type(latest).objects.filter(pk=latest.pk).update(links=snapshot_links(record))


# A link changes after its record's version was saved: the admin saves
# many-to-many choices and inlines after the record, a source's page changes
# the events it cites, scripts add participants. The record's latest version
# then takes the new links: a version keeps its links as they were last while
# it was the current one. (Signals, like simple-history's own, so that every
# way of editing is covered.)


@functools.cache
def _link_registry() -> tuple[dict, dict]:
    """``({through: [(model, name)]}, {child model: [(model, fk attname)]})``."""
    throughs, children = defaultdict(list), defaultdict(list)
    for model in apps.get_models():
        for name, _ in history_links(model):
            field = model._meta.get_field(name)
            if field.many_to_many:
                # The field on one side, its relation object on the other.
                through = getattr(field, "through", None) or field.remote_field.through
                throughs[through].append((model, name))
            else:
                children[field.related_model].append((model, field.field.attname))
    return dict(throughs), dict(children)


def _refresh(model, pks) -> None:
    for record in model._default_manager.filter(pk__in=set(pks)):
        record_links(record)


@receiver(m2m_changed)
def _links_changed(sender, instance, action, model, pk_set, **kwargs):
    tracked = _link_registry()[0].get(sender)
    if not tracked or action not in {
        "post_add",
        "post_remove",
        "pre_clear",
        "post_clear",
    }:
        return
    for record_model, _ in tracked:
        if isinstance(instance, record_model):
            if action != "pre_clear":
                _refresh(record_model, [instance.pk])
        elif model is record_model:
            if action == "pre_clear":
                # Which records lose the link is known only before the clear.
                instance._history_cleared = list(
                    model._default_manager.filter(
                        pk__in=sender.objects.filter(
                            **{_column(sender, type(instance)): instance.pk}
                        ).values(_column(sender, model))
                    ).values_list("pk", flat=True)
                )
            elif action == "post_clear":
                _refresh(model, getattr(instance, "_history_cleared", []))
            else:
                _refresh(model, pk_set or [])


def _column(through, model) -> str:
    """The through table's column pointing at ``model``."""
    for field in through._meta.concrete_fields:
        if field.is_relation and field.related_model is model:
            return field.attname
    raise LookupError(model)


@receiver(post_save)
@receiver(post_delete)
def _child_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    throughs, children = _link_registry()
    # A through row saved on its own, as the sources inline does.
    for record_model, _ in throughs.get(sender, []):
        _refresh(record_model, [getattr(instance, _column(sender, record_model))])
    for record_model, attname in children.get(sender, []):
        parent = getattr(instance, attname)
        if parent is not None:
            _refresh(record_model, [parent])


# Restore


def restore_links(record, links: dict | None, *, skip=()) -> list[str]:
    """Put ``links`` (a version's snapshot) back on ``record``.

    Returns notes for the editor: what could not be restored and why. Links in
    ``skip`` were already restored by the revert form.
    """
    model = type(record)
    if links is None:
        return [
            f"This version was saved before links were recorded "
            f"({LINKS_RECORDED_SINCE}): its links were left as they are."
        ]
    notes = []
    for name, label in history_links(model):
        if name in skip or name not in links:
            continue
        shown = link_label(model, name, label)
        if not is_restorable(model, name):
            notes.append(
                f"{shown} are records of their own and were not reverted: "
                "change them on their own pages."
            )
            continue
        field = model._meta.get_field(name)
        rows = links[name]
        if field.many_to_many:
            wanted = {row["id"] for row in rows}
            existing = set(
                field.related_model._default_manager.filter(pk__in=wanted).values_list(
                    "pk", flat=True
                )
            )
            getattr(record, name).set(existing)
            gone = [row["label"] for row in rows if row["id"] not in existing]
            if gone:
                notes.append(
                    f"{shown}: no longer exist, not restored: {', '.join(gone)}."
                )
        else:
            notes += _restore_children(record, field, rows, shown=shown)
    return notes


def _restore_children(record, field, rows, *, shown: str) -> list[str]:
    child_model = field.related_model
    current = {obj.pk: obj for obj in getattr(record, field.name).all()}
    wanted = {row["id"] for row in rows}
    for pk, obj in current.items():
        if pk not in wanted:
            obj.delete()
    columns = {column.attname: column for column in _child_fields(field)}
    notes = []
    for row in rows:
        gone = [
            column.verbose_name
            for attname, column in columns.items()
            if column.is_relation
            and row["fields"].get(attname) is not None
            and not column.related_model._base_manager.filter(
                pk=row["fields"][attname]
            ).exists()
        ]
        if gone:
            notes.append(
                f"{shown}: “{row['label']}” not restored: its {gone[0]} no "
                "longer exists."
            )
            continue
        obj = current.get(row["id"]) or child_model(pk=row["id"])
        setattr(obj, field.field.attname, record.pk)
        for attname, value in row["fields"].items():
            if attname in columns:
                setattr(obj, attname, columns[attname].to_python(value))
        obj.save()
    return notes


# Describe


def show_time(value: datetime.datetime) -> str:
    """A moment in the site's time zone, to the second."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "j F Y, H:i:s")


def show_value(model, field: models.Field, version) -> str:
    """The value of ``field`` in ``version`` (a historical row), in words."""
    value = getattr(version, field.attname)
    if value is None or value == "":
        return EMPTY
    if field.name in partial_date_fields(model):
        precision = getattr(version, f"{field.name}_precision")
        return str(PartialDate(value, precision))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=value).first()
        if related is None:
            return f"(a deleted {field.related_model._meta.verbose_name})"
        return str(related)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return show_time(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return Truncator(str(_stored(value))).chars(300)


def _compared_fields(model) -> list[models.Field]:
    partials = partial_date_fields(model)
    precisions = {f"{name}_precision" for name in partials}
    # A translated field's changes are those of its languages' columns.
    translated = translated_fields(model)
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in IGNORED_FIELDS
        and field.name not in precisions
        and field.name not in translated
        and not field.name.startswith("body_html_")
        and field.editable
    ]


def _differs(model, field, old, new) -> bool:
    before, after = getattr(old, field.attname), getattr(new, field.attname)
    if before != after and not is_blank_either_way(before, after):
        return True
    if field.name in partial_date_fields(model):
        name = f"{field.name}_precision"
        return getattr(old, name) != getattr(new, name)
    return False


def is_blank_either_way(before, after) -> bool:
    """An untranslated column is NULL or empty depending on how it was saved
    (core.translation): neither is a change."""
    return before in (None, "") and after in (None, "")


def describe_changes(model, old, new) -> list[dict]:
    """What differs from version ``old`` to version ``new``, in words.

    Each change is ``{"field", "old", "new"}`` for a field, ``{"field",
    "added", "removed", "changed"}`` for links, or ``{"note"}``.
    """
    changes = [
        {
            "field": capfirst(field_label(field)),
            "old": show_value(model, field, old),
            "new": show_value(model, field, new),
        }
        for field in _compared_fields(model)
        if _differs(model, field, old, new)
    ]
    return changes + describe_link_changes(
        model, getattr(old, "links", None), getattr(new, "links", None)
    )


def describe_link_changes(model, old: dict | None, new: dict | None) -> list[dict]:
    if not history_links(model):
        return []
    if old is None or new is None:
        return [
            {
                "note": "Links (participants, sources and the like) were not "
                f"recorded before {LINKS_RECORDED_SINCE}."
            }
        ]
    changes = []
    for name, label in history_links(model):
        before = {row["id"]: row for row in old.get(name, [])}
        after = {row["id"]: row for row in new.get(name, [])}
        change = {
            "field": link_label(model, name, label),
            "added": [row["label"] for pk, row in after.items() if pk not in before],
            "removed": [row["label"] for pk, row in before.items() if pk not in after],
            "changed": [
                row["label"]
                for pk, row in after.items()
                if pk in before and before[pk].get("fields") != row.get("fields")
            ],
        }
        if change["added"] or change["removed"] or change["changed"]:
            changes.append(change)
    return changes
