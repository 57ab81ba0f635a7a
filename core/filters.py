"""Filter building blocks for the apps' FilterSets, and the list pages they drive.

One FilterSet per list serves both the public page and the API endpoint, with
the same parameters and values. Values are parsed strictly (a date or a code
exactly as given), each filter's schema is exact, and errors keep their codes.

The API adds its own strictness before a FilterSet sees the query string (an
unknown, repeated or empty parameter is a 400, see ``core.api``). A page
ignores parameters it does not know (``utm_source``, or the API's ``format``
and ``page_size``), takes an empty value as "any" (a GET form sends its empty
fields), refuses a repeated one, and answers a bad value with its form and the
message, status 400. Parameters a page took before redirect to today's.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core import exceptions as django_exceptions
from django.db import models
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions
from rest_framework.exceptions import ErrorDetail

from core import search
from core.api import parse_day, parse_timestamp
from core.api_policies import shorten
from core.forms import (
    SEARCH_MAX_LENGTH,
    FilterForm,
    PageNumberField,
    ParsedField,
    PartialDateField,
    PartialDateWidget,
    RecordSelect,
    SearchField,
)
from core.serializers import PARTIAL_DATE_SCHEMA


class QueryValueField(ParsedField):
    """A query-string value, parsed exactly as given: never silently stripped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strip", False)
        super().__init__(**kwargs)


class DayFormField(QueryValueField):
    parse = staticmethod(parse_day)


class TimestampFormField(QueryValueField):
    parse = staticmethod(parse_timestamp)


class ShortQuoteMixin:
    """A choice field whose error quotes at most the start of a long value."""

    def validate(self, value):
        try:
            super().validate(value)
        except django_exceptions.ValidationError as error:
            if error.params and isinstance(error.params.get("value"), str):
                error.params["value"] = shorten(error.params["value"])
            raise


class ChoiceField(ShortQuoteMixin, django_filters.fields.ChoiceField):
    pass


class MultipleChoiceField(ShortQuoteMixin, django_filters.fields.MultipleChoiceField):
    """Any of the choices, each given as its own parameter; a page's empty
    value is left out."""

    def to_python(self, value):
        return [item for item in super().to_python(value) if item != ""]


class ReferenceField(QueryValueField):
    """A code or slug of the form ``pattern`` (matched whole), normalised."""

    def __init__(self, *, pattern: re.Pattern, hint: str, normalize=None, **kwargs):
        self.pattern, self.hint = pattern, hint
        self.normalize = normalize or (lambda text: text)
        super().__init__(**kwargs)

    def parse(self, text: str) -> str:
        if not self.pattern.fullmatch(text):
            raise django_exceptions.ValidationError(
                f"“{shorten(text)}” is malformed; {self.hint}", code="invalid"
            )
        return self.normalize(text)

    def prepare_value(self, value):
        # As the select of a page shows it: "ma" selects Morocco's "MA".
        if isinstance(value, str) and self.pattern.fullmatch(value):
            return self.normalize(value)
        return value


# Filters -------------------------------------------------------------------


class PageFilter:
    """A filter whose ``help_text`` documents the API parameter, as
    drf-spectacular shows it; the page's form shows ``page_help_text``.

    ``moved_value`` turns a value a page took before into today's.
    """

    def __init__(self, *args, page_help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.page_help_text = page_help_text

    @property
    def field(self):
        if not hasattr(self, "_field"):
            kwargs = {**self.extra, "help_text": self.page_help_text}
            self._field = self.field_class(label=self.label, **kwargs)
        return self._field

    def moved_value(self, value: str, request) -> str:
        return value


class DocumentedFilter(PageFilter):
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
        # Drawn as on the pages before: ten characters wide, no placeholder.
        kwargs.setdefault(
            "widget",
            PartialDateWidget(attrs={"size": 10, "placeholder": False, "dir": "auto"}),
        )
        super().__init__(**kwargs)


class DayFilter(DocumentedFilter, django_filters.Filter):
    field_class = DayFormField
    schema = {"type": "string", "format": "date"}


class TimestampFilter(DocumentedFilter, django_filters.Filter):
    field_class = TimestampFormField
    schema = {"type": "string", "format": "date-time"}


class SearchFilter(DocumentedFilter, django_filters.CharFilter):
    """Text to look for, through the queryset's ``search`` (``core.search``):
    any spelling, script or word of it; surrounding spaces never count.
    Unless the request asks for an order, the best matches come first."""

    field_class = SearchField
    schema = {"type": "string", "maxLength": SEARCH_MAX_LENGTH}

    def filter(self, queryset, value):
        return queryset.search(value) if value else queryset


def choice_errors(choices, what: str) -> dict[str, str]:
    values = ", ".join(str(value) for value, _ in choices)
    return {
        "invalid_choice": format_lazy(
            _("“%(value)s” is not {what}; use one of: {values}."),
            what=what,
            values=values,
        )
    }


class ChoiceFilter(PageFilter, django_filters.ChoiceFilter):
    """One of ``choices``; ``what`` names them in the error ("a region")."""

    field_class = ChoiceField

    def __init__(self, *, choices, what: str, **kwargs):
        kwargs.setdefault("error_messages", choice_errors(choices, what))
        super().__init__(choices=choices, **kwargs)


class MultipleChoiceFilter(PageFilter, django_filters.MultipleChoiceFilter):
    """Any of ``choices``, repeated for several (``?kind=a&kind=b``); ``what``
    names them in the error. A page draws it as checkboxes."""

    field_class = MultipleChoiceField

    def __init__(self, *, choices, what: str, **kwargs):
        kwargs.setdefault("error_messages", choice_errors(choices, what))
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(choices=choices, **kwargs)

    def filter(self, queryset, value):
        # One column: an IN, with no join to make rows distinct.
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": value})


class ReferenceFilter(DocumentedFilter, django_filters.CharFilter):
    """Records linked to the ``target`` record a code or slug names (its
    ``to_field_name``).

    A well-formed code that names no record this reader may see matches
    nothing, like any other value without a match; a malformed one (not of
    ``schema``'s pattern) is a 400 whose message ends with ``hint``. A page
    draws the filter as a select of the published targets by name.
    """

    field_class = ReferenceField
    target: type[models.Model]
    to_field_name: str
    hint: str
    normalize = None
    # The widget's first option ("Any country"), in the reader's language.
    any_label = ""

    def __init__(self, **kwargs):
        # Not self.model: django-filter sets that to the FilterSet's model.
        target, to_field_name = self.target, self.to_field_name
        name = target._meta.verbose_name
        kwargs.setdefault("label", name.capitalize())
        super().__init__(
            pattern=re.compile(
                self.schema["pattern"].removeprefix("^").removesuffix("$")
            ),
            hint=self.hint,
            normalize=self.normalize,
            widget=RecordSelect(
                lambda: (
                    target.objects.published()
                    .order_by("name")
                    .values_list(to_field_name, "name")
                ),
                empty_label=self.any_label,
            ),
            **kwargs,
        )

    def records(self, request):
        return self.target.objects.visible_to(getattr(request, "user", None))

    def filter(self, queryset, value):
        if not value:
            return queryset
        named = self.records(getattr(self.parent, "request", None)).filter(
            **{self.to_field_name: value}
        )
        return queryset.filter(**{f"{self.field_name}__in": named})


def ordering_filter(*names: str) -> ChoiceFilter:
    choices = [(name, name) for name in names]
    choices += [(f"-{name}", f"-{name}") for name in names]
    return ChoiceFilter(
        choices=choices,
        what=_("a sort order"),
        method="filter_nothing",
        help_text="Sort order; a leading minus reverses it. Ties are broken by "
        "creation order, so pages are stable.",
    )


# FilterSets ----------------------------------------------------------------


class RecordFilterSet(django_filters.FilterSet):
    """``updated_after`` for incremental sync and a whitelisted ``ordering``.

    ``orderings`` maps each ``ordering`` value to its ``order_by`` terms, or
    to the name of a queryset method that orders;
    ``changed_parts`` names the nested relations whose changes count as a
    change of the record for ``updated_after``.

    For the page: ``page_fields`` names the filters its form draws, in order;
    ``ranges`` pairs the filters that bound a period (the end may not come
    before the start); ``renamed_parameters`` maps a parameter the page took
    before to today's. A FilterSet made with ``paged=True`` also validates the
    page's ``page`` number.
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
    page_fields: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str], ...] = ()
    renamed_parameters: dict[str, str] = {}

    def __init__(self, data=None, queryset=None, *, paged: bool = False, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.paged = paged

    def get_form_class(self):
        attrs = {name: filter_.field for name, filter_ in self.filters.items()}
        if self.paged:
            attrs["page"] = PageNumberField()
        attrs.update(shown=self.page_fields, ranges=self.ranges)
        return type(f"{type(self).__name__}Form", (FilterForm,), attrs)

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
        cleaned = self.form.cleaned_data
        for name, filter_ in self.filters.items():
            queryset = filter_.filter(queryset, cleaned.get(name))
        ordering = self.orderings[cleaned.get("ordering") or self.default_ordering]
        if isinstance(ordering, str):
            # The name of the model's own ordering method, e.g. latest_first.
            queryset = getattr(queryset, ordering)()
        else:
            queryset = queryset.order_by(*ordering)
        # A search without an order asked for: the best matches first.
        return queryset if cleaned.get("ordering") else search.ranked(queryset)

    def moved_query(self) -> str | None:
        """The query string in today's parameters and values, or None when
        it holds nothing a page took before.
        """
        moved, changed = QueryDict(mutable=True), False
        for name, values in self.data.lists():
            new_name = self.renamed_parameters.get(name, name)
            if new_name != name:
                changed = True
                if new_name in self.data:
                    continue  # Given under both names: today's wins.
            filter_ = self.filters.get(new_name)
            for value in values:
                new_value = (
                    filter_.moved_value(value, self.request) if filter_ else value
                )
                changed |= new_value != value
                moved.appendlist(new_name, new_value)
        return moved.urlencode() if changed else None


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
