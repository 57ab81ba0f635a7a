"""Related records loaded inside their record's own query: one JSON array per
relation, built by the database, instead of one prefetch query per relation.

A record page shows a handful of related rows of several kinds; each prefetch
costs a round trip and a query to plan, which at that size cost more than the
rows. ``RelatedRows`` is an annotation that aggregates the related rows (and
the records they point to, as nested objects) into a JSON array; a queryset
that ``with_related_rows()`` turns them into model instances as its rows are
read, and leaves them where ``prefetch_related`` would: ``record.photos.all()``
or a ``to_attr`` list. Portable SQL: ``JSON_GROUP_ARRAY`` on SQLite,
``JSONB_AGG`` on PostgreSQL.
"""

import datetime
import functools
from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models.expressions import Col
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language


class JSONList(models.Aggregate):
    """The aggregated values as one JSON array (no order is promised)."""

    function = "JSON_GROUP_ARRAY"
    name = "JSONList"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class _Object(models.Expression):
    """``JSON_OBJECT`` of resolved columns under names (JSONObject resolves
    and copies each name and column again whenever the query is)."""

    output_field = models.JSONField()

    def __init__(self, columns: dict):
        super().__init__()
        self.names = list(columns)
        self.values = list(columns.values())

    def get_source_expressions(self):
        return self.values

    def set_source_expressions(self, exprs):
        self.values = list(exprs)

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        copy = self.copy()
        copy.values = [
            value
            if isinstance(value, Col)
            else value.resolve_expression(query, allow_joins, reuse, summarize)
            for value in self.values
        ]
        return copy

    def as_sql(self, compiler, connection):
        # Not asking SQLite first whether it has JSON functions (JSONObject
        # does, in a query of its own on each connection): the project cannot
        # run without them.
        function = (
            "JSONB_BUILD_OBJECT" if connection.vendor == "postgresql" else "JSON_OBJECT"
        )
        parts, params = [], []
        for name, value in zip(self.names, self.values, strict=True):
            sql, value_params = compiler.compile(value)
            parts.append(f"'{name}', {sql}")
            params.extend(value_params)
        return f"{function}({', '.join(parts)})", params


class _Row(models.Expression):
    """``model``'s columns as one JSON object (``path`` leads to it from the
    query's model), each of ``related`` (to-one paths, with ``__`` between
    steps) as a nested object under its name, and ``extra`` expressions, each
    under its name.

    The join to the model is set up once, by resolving one column; the others
    are columns of the same table alias: resolving each as an ``F()`` would
    cost more than the rest of the page's query building."""

    output_field = models.JSONField()

    def __init__(
        self,
        model,
        related: tuple[str, ...],
        path: str = "",
        extra=None,
        only: tuple[str, ...] = (),
    ):
        super().__init__()
        self.model = model
        self.related = related
        self.path = path
        self.extra = extra or {}
        self.only = only

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        fields = _fields_of(self.model, self.only)
        # Not the primary key: a join to it may be trimmed to the foreign key.
        some_column = next(field for field in fields if not field.primary_key)
        alias = (
            models.F(f"{self.path}{some_column.attname}")
            .resolve_expression(query, allow_joins, reuse, summarize)
            .alias
        )
        columns = {field.attname: field.get_col(alias) for field in fields}
        nested: dict[str, list[str]] = {}
        for name in self.related:
            first, _, rest = name.partition("__")
            nested.setdefault(first, [])
            if rest:
                nested[first].append(rest)
        for name, deeper in nested.items():
            target = self.model._meta.get_field(name).related_model
            columns[f"@{name}"] = _Row(
                target, tuple(deeper), f"{self.path}{name}__"
            ).resolve_expression(query, allow_joins, reuse, summarize)
        for name, expression in self.extra.items():
            columns[f"+{name}"] = expression.resolve_expression(
                query, allow_joins, reuse, summarize
            )
        return _Object(columns)


class RelatedRows(models.Subquery):
    """The rows of ``queryset`` whose ``link`` is the outer record, as a JSON
    array, read back as instances (see ``with_related_rows``) ordered by
    ``order`` (a key on the instance: the database gives no order) and put
    where ``prefetch_related`` would: in the prefetch cache of the relation
    ``cache`` or, with ``to_attr``, in a list of that name.

    ``related`` are to-one paths loaded with each row, as ``select_related``
    would; ``extra`` are expressions (annotations) set on each row.

    Rows one step further from the record (an official's positions on a
    country's page) name the loader of their parents in ``parent`` (its
    ``to_attr`` or ``cache``) and the column that points at the parent in
    ``parent_link``; ``value`` picks what goes in the list from each row (the
    event of a many-to-many link row, for example).
    """

    def __init__(
        self,
        queryset,
        *,
        link: str,
        order: Callable,
        related: tuple[str, ...] = (),
        extra: dict | None = None,
        only: tuple[str, ...] = (),
        cache: str = "",
        to_attr: str = "",
        parent: str = "",
        parent_link: str = "",
        value: Callable | None = None,
        outer: str = "pk",
        on: str = "",
    ):
        self.row_model = queryset.model
        self.only = only
        self.order = order
        self.cache = cache
        self.to_attr = to_attr
        self.parent = parent
        self.parent_link = parent_link
        self.value = value
        self.on = on
        row = _Row(self.row_model, related, extra=extra, only=only)
        rows = (
            queryset.filter(**{link: models.OuterRef(outer)})
            .order_by()
            # A constant grouping: one aggregate over every matching row.
            .annotate(whole=models.Value(1))
            .values("whole")
            .annotate(rows=JSONList(row))
            .values("rows")
        )
        super().__init__(rows, output_field=models.JSONField())

    @property
    def slot(self) -> str:
        return self.to_attr or self.cache

    def attach(self, record, rows, attached: dict[str, list]) -> None:
        """Put the instances of ``rows`` on ``record``, or on the records
        already attached to it by the loader named ``parent``."""
        found = [build(self.row_model, row, only=self.only) for row in rows or ()]
        found.sort(key=self.order)
        if self.on:
            record = getattr(record, self.on)
        if not self.parent:
            attached[self.slot] = found
            self.put(
                record, [self.value(row) for row in found] if self.value else found
            )
            return
        by_parent = {parent.pk: [] for parent in attached[self.parent]}
        for row in found:
            rows_of_parent = by_parent.get(getattr(row, self.parent_link))
            if rows_of_parent is not None:
                rows_of_parent.append(self.value(row) if self.value else row)
        for parent in attached[self.parent]:
            self.put(parent, by_parent[parent.pk])

    def put(self, record, values: list) -> None:
        if self.to_attr:
            setattr(record, self.to_attr, values)
            return
        # As prefetch_related leaves it: ``record.<cache>.all()`` reads this.
        queryset = getattr(record, self.cache).get_queryset()
        queryset._result_cache = values
        queryset._prefetch_done = True
        if not hasattr(record, "_prefetched_objects_cache"):
            record._prefetched_objects_cache = {}
        record._prefetched_objects_cache[self.cache] = queryset


def _datetime(value):
    # SQLite's text is naive UTC; PostgreSQL's JSON carries the offset.
    if isinstance(value, str):
        value = parse_datetime(value)
    if settings.USE_TZ and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


# Fields whose JSON value is already the Python value.
_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.AutoField,
    models.FileField,
    models.JSONField,
    models.ForeignKey,
)


@functools.cache
def _fields_of(model, only: tuple[str, ...] = ()) -> list:
    """``model``'s columns, or only those named in ``only`` and its key."""
    fields = model._meta.concrete_fields
    if not only:
        return fields
    return [f for f in fields if f.primary_key or f.attname in only or f.name in only]


@functools.cache
def _columns_of(model, only: tuple[str, ...] = ()) -> tuple[list[str], list]:
    """``model``'s column names, and for each the function that turns its JSON
    value into the Python one (None where they are the same)."""
    names, converters = [], []
    for field in _fields_of(model, only):
        names.append(field.attname)
        if isinstance(field, models.DateTimeField):
            converters.append(_datetime)
        elif isinstance(field, _AS_IS):
            converters.append(None)
        else:
            converters.append(field.to_python)
    return names, converters


def build(model, row: dict, db: str = "default", only: tuple[str, ...] = ()):
    """A ``model`` instance from a row object of ``_Row``."""
    names, converters = _columns_of(model, only)
    values = []
    for name, convert in zip(names, converters, strict=True):
        value = row.get(name)
        values.append(value if convert is None or value is None else convert(value))
    instance = model.from_db(db, names, values)
    for key, nested in row.items():
        if key[0] == "+":
            setattr(instance, key[1:], nested)
        elif key[0] == "@":
            field = model._meta.get_field(key[1:])
            target = field.related_model
            if nested is None or nested.get(target._meta.pk.attname) is None:
                field.set_cached_value(instance, None)
            else:
                field.set_cached_value(instance, build(target, nested, db))
    return instance


# Annotation names apart from the model's own fields and relations.
ROWS_SUFFIX = "_json_rows"


class RelatedRowsIterable(models.query.ModelIterable):
    def __iter__(self):
        loaders = {
            name: annotation
            for name, annotation in self.queryset.query.annotations.items()
            if isinstance(annotation, RelatedRows)
        }
        for record in super().__iter__():
            attached: dict[str, list] = {}
            for name, loader in loaders.items():
                loader.attach(record, record.__dict__.pop(name, None), attached)
            yield record


def with_related_rows(queryset, **loaders: RelatedRows):
    """``queryset`` with each of ``loaders`` loaded in its rows (see above)."""
    queryset = queryset.annotate(
        **{f"{name}{ROWS_SUFFIX}": loader for name, loader in loaders.items()}
    )
    queryset._iterable_class = RelatedRowsIterable
    return queryset


def translated_order(record, field: str) -> tuple:
    """Where ``order_by(field)`` puts ``record``, for an ``order`` above:
    modeltranslation orders by the active language's column, in which a
    missing translation (NULL) comes first."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    value = getattr(record, f"{field}_{code}", None)
    return (value is not None, value or "")
