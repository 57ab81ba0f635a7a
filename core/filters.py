"""Filter building blocks for the apps' FilterSets.

Values are parsed strictly (nothing stripped or guessed), each filter's schema
is exact, and errors keep their codes.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core import exceptions as django_exceptions
from django.core.validators import RegexValidator
from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail

from core.api import parse_day, parse_timestamp
from core.forms import PartialDateField
from core.serializers import PARTIAL_DATE_SCHEMA


class _ParsedField(forms.CharField):
    """A query-string value parsed by ``parse``; never silently stripped."""

    parse = None

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return type(self).parse(text)


class DayFormField(_ParsedField):
    parse = staticmethod(parse_day)


class TimestampFormField(_ParsedField):
    parse = staticmethod(parse_timestamp)


class DocumentedFilter:
    """A filter whose schema is ``schema``, described by its ``help_text``.

    drf-spectacular shows a filter's own schema in place of its help text, so
    the two are joined here.
    """

    schema: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schema = dict(self.schema)
        if help_text := self.extra.get("help_text"):
            schema["description"] = help_text
        extend_schema_field(schema)(self)


class PartialDateFilter(DocumentedFilter, django_filters.Filter):
    field_class = PartialDateField
    schema = {k: v for k, v in PARTIAL_DATE_SCHEMA.items() if k != "example"}

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class DayFilter(DocumentedFilter, django_filters.Filter):
    field_class = DayFormField
    schema = {"type": "string", "format": "date"}


class TimestampFilter(DocumentedFilter, django_filters.Filter):
    field_class = TimestampFormField
    schema = {"type": "string", "format": "date-time"}


SEARCH_MAX_LENGTH = 200


class SearchFilter(DocumentedFilter, django_filters.CharFilter):
    schema = {"type": "string", "maxLength": SEARCH_MAX_LENGTH}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class ReferenceFilter(DocumentedFilter, django_filters.CharFilter):
    """Records linked to the one a code or slug names.

    A well-formed code that names no record this reader may see matches
    nothing, like any other value without a match; a malformed one is a 400.
    ``records(request)`` gives the records a reader may name.
    """

    def __init__(self, *, records, to_field_name: str, pattern: str, hint: str, **kw):
        self.records, self.to_field_name = records, to_field_name
        kw.setdefault("strip", False)
        kw["validators"] = [
            RegexValidator(
                f"{pattern.removesuffix('$')}\\Z", f"“%(value)s” is malformed; {hint}"
            )
        ]
        super().__init__(**kw)

    def filter(self, queryset, value):
        if not value:
            return queryset
        named = self.records(getattr(self.parent, "request", None)).filter(
            **{self.to_field_name: value}
        )
        return queryset.filter(**{f"{self.field_name}__in": named})


def choice_errors(what: str, choices) -> dict:
    values = ", ".join(str(value) for value, _ in choices)
    return {"invalid_choice": f"“%(value)s” is not {what}; use one of: {values}."}


def ordering_filter(*names: str) -> django_filters.ChoiceFilter:
    choices = [(f"{sign}{name}", f"{sign}{name}") for name in names for sign in "-"]
    choices = [(name, name) for name in names] + choices
    return django_filters.ChoiceFilter(
        choices=choices,
        method="filter_nothing",
        error_messages=choice_errors("a sort order", choices),
        help_text="Sort order; a leading minus reverses it. Ties are broken by "
        "creation order, so pages are stable.",
    )


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, keeping each error's code (``does_not_exist``)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise exceptions.ValidationError(
                {
                    name: [ErrorDetail(_text(error), error.code) for error in errors]
                    for name, errors in filterset.errors.as_data().items()
                }
            )
        return filterset.qs


def _text(error: django_exceptions.ValidationError) -> str:
    # Values quoted in a message may hold "%": format only when there are params.
    return error.message % error.params if error.params else error.message


class RecordFilterSet(django_filters.FilterSet):
    """``updated_after`` for incremental sync and a whitelisted ``ordering``.

    ``orderings`` maps each ``ordering`` value to its ``order_by`` terms, or
    to the name of a queryset method that orders;
    ``changed_parts`` names the nested relations whose changes count as a
    change of the record for ``updated_after``.
    """

    updated_after = TimestampFilter(
        method="filter_updated_after",
        help_text="Only records changed after this instant (RFC 3339, e.g. "
        "2025-11-06T12:00:00Z), their nested parts included. For a sync, pass "
        "the time your previous sync started.",
    )

    orderings: dict = {}
    default_ordering = ""
    changed_parts: tuple[str, ...] = ()

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_updated_after(self, queryset, name, value):
        changed = models.Q(updated_at__gt=value)
        for relation in self.changed_parts:
            # Reverse relations only: the part points back at the record.
            field = queryset.model._meta.get_field(relation)
            changed |= models.Exists(
                field.related_model._default_manager.filter(
                    **{field.remote_field.name: models.OuterRef("pk")},
                    updated_at__gt=value,
                )
            )
        return queryset.filter(changed)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        key = self.form.cleaned_data.get("ordering") or self.default_ordering
        ordering = self.orderings[key]
        if isinstance(ordering, str):
            # The name of the model's own ordering method, e.g. latest_first.
            return getattr(queryset, ordering)()
        return queryset.order_by(*ordering)
