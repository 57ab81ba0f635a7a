"""Two people editing one record: a save is a three-way merge.

The editor's change was made to the version they opened (the *base*, read from
history); someone may have saved since (the stored version, *theirs*). Field by
field:

- unchanged by the other person: the editor's value is saved;
- changed only by the other person (the editor left it as they found it): the
  other person's value is kept, not silently overwritten;
- changed by both to different values: a conflict, which the editor (admin) or
  client (API) resolves; nothing is saved until then.

A partial date and its precision are one field. A many-to-many field whose
links the model keeps in history (``core.history``) merges the same way, as a
set of records: the base is the version's snapshot of its links (unknown for a
version saved before links were recorded, so any difference is then a
conflict). Other many-to-many fields are saved as sent. The admin
(``core.admin``) and the API (``core.api.save_record``) both call
``three_way_merge``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import formats, timezone

from core import workflow
from core.history import history_links
from core.models import partial_date_fields, translated_fields
from core.partial_dates import PartialDate

THEIRS, YOURS = "theirs", "yours"
EMPTY = "(empty)"


@dataclass
class Conflict:
    """One field both people changed: ``theirs`` and ``yours`` map each stored
    column of the field (a partial date has two) to its value; a many-to-many
    field's value is the list of its records."""

    name: str
    label: str
    theirs: dict
    yours: dict
    theirs_shown: str
    yours_shown: str


@dataclass
class Merge:
    record: models.Model  # the stored version, read (and locked) for the merge
    loaded_version: int
    stored_version: int
    values: dict  # what to save: the change, with theirs where only they changed
    kept: list[str] = field(default_factory=list)  # fields whose theirs was kept
    conflicts: dict[str, Conflict] = field(default_factory=dict)
    # Conflicts the editor settled: field label -> "theirs" or "yours".
    resolved: dict[str, str] = field(default_factory=dict)

    @property
    def stale(self) -> bool:
        return self.stored_version != self.loaded_version

    def resolve(self, choices: dict[str, str]) -> None:
        """Apply the editor's choice (``"theirs"`` or ``"yours"``) per conflict."""
        for name, choice in choices.items():
            conflict = self.conflicts.get(name)
            if conflict is None or choice not in (THEIRS, YOURS):
                continue
            self.values.update(conflict.theirs if choice == THEIRS else conflict.yours)
            self.resolved[conflict.label] = choice
            del self.conflicts[name]

    def message(self, next_step: str | None = None) -> str:
        """Who saved since the editor opened the record, and what they changed,
        then ``next_step`` (see ``workflow.stale_message``)."""
        return workflow.stale_message(
            self.record,
            loaded_version=self.loaded_version,
            stored=self.stored_version,
            next_step=next_step,
        )

    def saved_by(self) -> tuple[str, str]:
        """Who saved the stored version, and when, in words."""
        last = (
            workflow.history_at(self.record, self.stored_version)
            .select_related("history_user")
            .order_by("-history_date")
            .first()
        )
        if last is None:
            return workflow.editor_name(None), ""
        when = formats.date_format(
            timezone.localtime(last.history_date), "DATETIME_FORMAT"
        )
        return workflow.editor_name(last.history_user), when

    def kept_labels(self) -> list[str]:
        return [label(type(self.record), name) for name in self.kept]


def stored_version(record) -> int | None:
    """The stored version, locking the row until the surrounding transaction
    ends, so no save slips in between. A record without a ``version`` field
    (a participant) is versioned by its latest history row."""
    with transaction.atomic():
        rows = type(record)._default_manager.select_for_update().filter(pk=record.pk)
        if workflow.has_version(type(record)):
            return rows.values_list("version", flat=True).first()
        if not rows.exists():
            return None
    return latest_history(record)


def latest_history(record) -> int | None:
    return (
        record.history.order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def three_way_merge(record, *, loaded_version: int, changes: dict) -> Merge:
    """Merge ``changes`` (model field names to values), made to
    ``loaded_version`` of ``record``, with the stored version.

    Locks the stored row until the surrounding transaction ends, so no save
    slips in between the merge and the save.
    """
    model = type(record)
    with transaction.atomic():
        stored = model._default_manager.select_for_update().filter(pk=record.pk).first()
    if stored is None:
        return Merge(record, loaded_version, loaded_version, dict(changes))
    version = stored.version if workflow.has_version(model) else latest_history(stored)
    if version == loaded_version:
        return Merge(stored, loaded_version, version, dict(changes))
    base = workflow.history_at(record, loaded_version).order_by("-history_date").first()
    merge = Merge(stored, loaded_version, version, dict(changes))
    for name, columns in _units(model, changes).items():
        yours = {column: changes[column] for column in columns}
        theirs = {column: _stored_value(stored, model, column) for column in columns}
        mine, other = _comparable(model, yours), _comparable(model, theirs)
        if mine == other:
            continue
        original = None
        if base is not None:
            original = _comparable(model, _values(model, base, columns))
        if original is not None and mine == original:
            merge.values.update(theirs)
            merge.kept.append(name)
        elif original is not None and other == original:
            continue
        else:
            merge.conflicts[name] = Conflict(
                name=name,
                label=label(model, name),
                theirs=theirs,
                yours=yours,
                theirs_shown=shown(model, name, theirs),
                yours_shown=shown(model, name, yours),
            )
    _merge_links(merge, model, changes, base)
    return merge


def _merge_links(merge: Merge, model, changes: dict, base) -> None:
    """The many-to-many fields of ``changes`` kept in history, merged as sets
    of records against the base version's snapshot of its links."""
    recorded = {name for name, _ in history_links(model)}
    snapshot = getattr(base, "links", None)
    for related_field in model._meta.many_to_many:
        name = related_field.name
        if name not in changes or name not in recorded:
            continue
        yours = _records(related_field, changes[name])
        theirs = list(getattr(merge.record, name).all())
        mine, other = {obj.pk for obj in yours}, {obj.pk for obj in theirs}
        if mine == other:
            continue
        original = None
        if snapshot is not None and name in snapshot:
            original = {row["id"] for row in snapshot[name]}
        if original is not None and mine == original:
            merge.values[name] = theirs
            merge.kept.append(name)
        elif original is not None and other == original:
            continue
        else:
            merge.conflicts[name] = Conflict(
                name=name,
                label=label(model, name),
                theirs={name: _by_name(theirs)},
                yours={name: _by_name(yours)},
                theirs_shown=_names(theirs),
                yours_shown=_names(yours),
            )


def _records(related_field, value) -> list[models.Model]:
    """A form's queryset, a serializer's list of records or a list of ids, as
    records."""
    items = list(value or [])
    ids = [item for item in items if not isinstance(item, models.Model)]
    records = [item for item in items if isinstance(item, models.Model)]
    if ids:
        manager = related_field.related_model._default_manager
        records += list(manager.filter(pk__in=ids))
    return records


def _by_name(records: list[models.Model]) -> list[models.Model]:
    return sorted(records, key=lambda obj: (str(obj), obj.pk))


def _names(records: list[models.Model]) -> str:
    return ", ".join(str(obj) for obj in _by_name(records)) or EMPTY


def label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def shown(model, name: str, values: dict) -> str:
    """A field's value as an editor reads it."""
    model_field = model._meta.get_field(name)
    value = values[name]
    if value is None or value == "":
        return EMPTY
    if name in partial_date_fields(model):
        return str(PartialDate(value, values[f"{name}_precision"]))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, FieldFile):
        return value.name or EMPTY
    return str(value)


def _units(model, changes: dict) -> dict[str, list[str]]:
    """The fields to merge, each with its stored columns: a partial date and
    its precision merge as one."""
    concrete = {f.name for f in model._meta.concrete_fields}
    dated = partial_date_fields(model)
    units: dict[str, list[str]] = {}
    for name in changes:
        if name not in concrete or name in workflow.IGNORED_IN_DIFF:
            continue
        owner = name.removesuffix("_precision")
        if owner != name and owner in dated and owner in changes:
            units.setdefault(owner, []).append(name)
        elif name in dated:
            units.setdefault(name, []).insert(0, name)
        else:
            units[name] = [name]
    return units


def _stored_value(stored, model, column: str):
    field = model._meta.get_field(column)
    if field.name in translated_fields(model):
        return getattr(stored, _english(model, field))
    # The related record itself (what a form or serializer gives), not its id.
    return getattr(stored, field.name)


def _values(model, historical, columns: list[str]) -> dict:
    return {
        column: getattr(historical, _english(model, model._meta.get_field(column)))
        for column in columns
    }


def _english(model, field) -> str:
    """Where a version keeps the value a form shows: a translated field's own
    column holds the language last saved, the form the English (core.admin)."""
    if field.name in translated_fields(model):
        return f"{field.name}_en"
    return field.attname


def _comparable(model, values: dict) -> tuple:
    result = []
    for column, value in values.items():
        model_field = model._meta.get_field(column)
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, FieldFile):
            value = value.name or ""
        elif value is None and model_field.empty_strings_allowed and model_field.blank:
            value = ""
        result.append(value)
    return tuple(result)
