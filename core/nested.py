"""Related rows loaded inside the main query, as JSON.

``prefetch_related`` costs a query per relation (and per level); an API list
or detail must cost the same few queries whatever it shows. ``Nested`` turns a
related queryset (filtered by an ``OuterRef`` to the row it belongs to) into
one JSON array in the main query's row, on SQLite and PostgreSQL alike, and
back into model instances, attached as ``prefetch_related`` would leave them:
``record.aliases.all()`` reads them, or a ``to_attr`` list. The API and the
public pages (a record's page, event cards) load their related rows this way.

Every concrete column of each nested record is loaded unless ``only`` says
otherwise, so that the instances behave as fetched ones (translated fields in
every language, ``is_public``…). Making the SQL of a spec costs more than
running it: a spec built once (``reused``) makes it once per process.
"""

from __future__ import annotations

import datetime
import itertools
import json
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import connections, models
from django.db.models.functions import RowNumber
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import get_language

# Stands for the time the query runs in a ``reused`` spec, whose SQL is made
# once: ``public_q(now=NOW)`` for what readers see (see Nested.annotation).
NOW = datetime.datetime(1900, 1, 1, 0, 0, 0, 424242, tzinfo=datetime.UTC)

UNSUPPORTED = (
    models.JSONField,
    models.BinaryField,
    models.TimeField,
    models.DurationField,
)

# Both backends cap a function's arguments (SQLite 127, PostgreSQL 100): a
# row's values travel in arrays of at most this many.
CHUNK = 90


class JSONArray(models.Func):
    # Django's JSONArray asks SQLite once per connection whether it has JSON
    # functions: a query more on the first request a process serves.
    function = "JSON_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="JSON_BUILD_ARRAY", **extra_context
        )


class JSONRows(models.Subquery):
    """``queryset``'s rows as one JSON array of ``[position, row]`` pairs
    (``row`` being ``value``), ``[]`` when there are none.

    A position, not the array's own order: neither SQLite before 3.44 nor the
    SQL standard promise an aggregate keeps the order of its input.
    """

    def __init__(self, queryset, value, ordering: Sequence):
        inner = (
            queryset.order_by()
            .annotate(
                _n=models.Window(RowNumber(), order_by=list(ordering)),
                _row=value,
            )
            .values("_n", "_row")
        )
        # Not a JSONField: psycopg decodes a json value itself, SQLite gives
        # text (see Nested.load).
        super().__init__(inner, output_field=models.TextField())

    def as_sql(self, compiler, connection, template=None, **extra_context):
        if connection.vendor == "postgresql":
            template = (
                '(SELECT COALESCE(JSON_AGG(JSON_BUILD_ARRAY("_n", "_row")), '
                "'[]'::json) FROM (%(subquery)s) \"_rows\")"
            )
        else:
            # JSON(): the text a subquery returns is JSON again, so that a
            # row nesting it holds an array, not a string.
            template = (
                'JSON((SELECT JSON_GROUP_ARRAY(JSON_ARRAY("_n", JSON("_row"))) '
                'FROM (%(subquery)s) "_rows"))'
            )
        return super().as_sql(compiler, connection, template=template, **extra_context)


class Nested:
    """The records of ``queryset`` (filtered by an ``OuterRef`` to the row
    they belong to), in its order, with the to-one relations ``joined``
    (``select_related`` paths), its ``annotated`` annotations set on each, and
    records ``nested`` in each in turn.

    ``order`` is a key that sorts them in Python instead (where the database's
    collation or a partial date's sort key would order them otherwise);
    ``value`` picks what is attached from each (the event of a many-to-many
    link row); ``on`` names the to-one relation of the outer record they are
    attached to instead of itself (a participation's event). ``make`` builds
    each from its columns (keyword arguments by attribute name) instead of a
    model instance, for a list that draws a few columns (a card's countries):
    a model instance costs more than the rest of its drawing.
    """

    def __init__(
        self,
        queryset: models.QuerySet,
        *,
        joined: Iterable[str] = (),
        nested: dict[str, Nested] | None = None,
        to_attr: bool = False,
        reused: bool = False,
        only: dict[str, Iterable[str]] | None = None,
        annotated: Iterable[str] = (),
        order: Callable | None = None,
        value: Callable | None = None,
        on: str = "",
        make: Callable | None = None,
    ):
        if make is not None and (joined or nested or annotated or not to_attr):
            raise TypeError("Nested(make=…) builds flat rows into a to_attr list.")
        self.make = make
        self.queryset = queryset
        self.annotated = list(annotated)
        self.order = order
        self.value = value
        self.on = on
        # Its SQL made once and kept: only for a spec built once (a cached
        # function's) whose queryset has no value that changes but the time,
        # given as NOW.
        self.reused = reused
        self._sql: dict[str, tuple[str, tuple]] = {}
        self.model = queryset.model
        self.joined = list(joined)
        self.nested = nested or {}
        self.to_attr = to_attr
        # (path, model, fields) for the record itself ("") and each join:
        # every column, or those ``only`` names for the path (and the key);
        # reading another then costs a query, as after QuerySet.only().
        only = only or {}
        self.parts = []
        for path in ["", *self.joined]:
            model = self.model
            for step in path.split("__") if path else ():
                model = model._meta.get_field(step).related_model
            fields = model._meta.concrete_fields
            if unsupported := [f for f in fields if isinstance(f, UNSUPPORTED)]:
                # Their JSON is not what the driver gives (see from_json).
                raise TypeError(f"Nested cannot load {unsupported}.")
            if path in only:
                names = set(only[path])
                fields = [f for f in fields if f.primary_key or f.name in names]
            self.parts.append((path, model, fields))

    def expression(self) -> JSONRows:
        values = [
            models.F(f"{path}__{field.name}" if path else field.name)
            for path, _, fields in self.parts
            for field in fields
        ]
        values += [models.F(name) for name in self.annotated]
        values += [spec.expression() for spec in self.nested.values()]
        chunks = [
            JSONArray(*values[start : start + CHUNK])
            for start in range(0, len(values), CHUNK)
        ]
        query = self.queryset.query
        if self.order:
            ordering = ["pk"]
        else:
            ordering = query.order_by or self.model._meta.ordering or ["pk"]
        return JSONRows(self.queryset, JSONArray(*chunks), ordering)

    def annotation(self, outer: models.QuerySet):
        """What ``outer`` is annotated with: the expression, or its SQL as
        made the first time for a ``reused`` spec (making it costs more than
        running it)."""
        if not self.reused:
            return self.expression()
        return made_once(self._sql, outer, self.expression, models.TextField())

    def load(self, pairs) -> list[models.Model]:
        if isinstance(pairs, str):
            pairs = json.loads(pairs)
        records = []
        for _, chunks in sorted(pairs or (), key=lambda pair: pair[0]):
            values = iter(itertools.chain.from_iterable(chunks))
            record = None
            for path, model, fields in self.parts:
                row = [from_json(field, next(values)) for field in fields]
                if self.make is not None:
                    names = [field.attname for field in fields]
                    record = self.make(**dict(zip(names, row, strict=True)))
                    continue
                if not path:
                    record = instance(model, fields, row)
                    continue
                owner = record
                *steps, last = path.split("__")
                for step in steps:
                    owner = getattr(owner, step) if owner is not None else None
                if owner is None:
                    continue
                related = None if row[0] is None else instance(model, fields, row)
                owner._meta.get_field(last).set_cached_value(owner, related)
            for name in self.annotated:
                setattr(record, name, next(values))
            for name, spec in self.nested.items():
                attach(record, name, spec.load(next(values)), spec=spec)
            records.append(record)
        if self.order:
            records.sort(key=self.order)
        return records


def made_once(
    made: dict, outer: models.QuerySet, build: Callable, output_field: models.Field
) -> models.expressions.RawSQL:
    """``build()``'s expression for ``outer``, its SQL made the first time
    for each database and kept in ``made``, with the time the query runs
    where ``build`` wrote ``NOW``.

    Only for an expression whose values never change but the time, over an
    outer query on the model's own table (never a subquery's relabelled
    alias), as in every query the API and the lists run.
    """
    using = outer.db
    if using not in made:
        query = models.QuerySet(outer.model).annotate(_n=build()).query
        sql, params = query.get_compiler(using).compile(query.annotations["_n"])
        made[using] = (sql, tuple(params))
    sql, params = made[using]
    adapt = connections[using].ops.adapt_datetimefield_value
    placeholder = adapt(NOW)
    if placeholder in params:
        now = adapt(timezone.now())
        params = tuple(now if value == placeholder else value for value in params)
    return models.expressions.RawSQL(sql, params, output_field=output_field)


def instance(model, fields, row) -> models.Model:
    # The first concrete field is the primary key: checked by the caller for
    # an empty join.
    return model.from_db(None, [field.attname for field in fields], row)


def from_json(field: models.Field, value):
    """A column's value as the database driver would have given it."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        moment = datetime.datetime.fromisoformat(value)
        if settings.USE_TZ and moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, models.UUIDField | models.BooleanField | models.DecimalField):
        return field.to_python(value)
    return value


def attach(record, name: str, records: list, *, spec: Nested) -> None:
    """As ``prefetch_related`` leaves ``records`` on ``record``: a list in
    ``name`` (``spec.to_attr``), or what ``record.<name>.all()`` reads."""
    if spec.on:
        record = getattr(record, spec.on)
    if spec.value:
        records = [spec.value(found) for found in records]
    if spec.to_attr:
        setattr(record, name, records)
        return
    # What the related manager's all() returns while it is in the cache; the
    # manager's own queryset, so that a filter() on it stays within the
    # record's rows, as after prefetch_related.
    queryset = getattr(record, name).get_queryset()
    queryset._result_cache = records
    queryset._prefetch_done = True
    record.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def with_nested(queryset: models.QuerySet, **specs: Nested) -> models.QuerySet:
    """``queryset`` with each of ``specs`` loaded in its rows and attached
    under its name."""
    annotations = {
        f"_nested_{name}": spec.annotation(queryset) for name, spec in specs.items()
    }

    class NestedIterable(queryset._iterable_class):
        def __iter__(self):
            for record in super().__iter__():
                for name, spec in specs.items():
                    pairs = record.__dict__.pop(f"_nested_{name}")
                    attach(record, name, spec.load(pairs), spec=spec)
                yield record

    assert issubclass(queryset._iterable_class, ModelIterable)
    queryset = queryset.annotate(**annotations)
    queryset._iterable_class = NestedIterable
    return queryset


def citations_of(model, **options) -> Nested:
    """The ``citations`` of ``model``'s records, with their publications."""
    link = model._meta.get_field("citations").field
    return Nested(
        link.model._default_manager.filter(**{link.name: models.OuterRef("pk")}),
        joined=["publication"],
        **options,
    )


def translated_order(record, field: str) -> tuple:
    """Where ``order_by(field)`` puts ``record``, for an ``order`` above:
    modeltranslation orders by the active language's column, in which a
    missing translation (NULL) comes first."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    value = getattr(record, f"{field}_{code}", None)
    return (value is not None, value or "")
