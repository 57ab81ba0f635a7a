"""Serializer fields and the base serializer the apps build their API from.

Partial dates travel as ISO 8601 reduced precision plus their precision; text
must arrive as JSON strings. Writes go through ``core.api.save_record``, which
refuses stale versions and publishing without a source.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core import exceptions as django_exceptions
from django.core.validators import validate_slug
from django.db import models
from django.urls import reverse as django_reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import slugs, text
from core.models import SCHEDULE_FIELDS, PublicationStatus, translated_fields
from core.partial_dates import FORMAT_HINT, PartialDate, Precision
from core.reversing import reverse_slug
from core.translation import FALLBACK, language_codes

YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "anyOf": [
        {"format": "date"},
        {"pattern": f"^{YEAR}-(0[1-9]|1[0-2])$"},
        {"pattern": f"^{YEAR}$"},
    ],
    "description": "ISO 8601 reduced precision: YYYY-MM-DD, YYYY-MM or YYYY.",
    "example": "1992-04",
}
PRECISION_SCHEMA = {
    "type": "string",
    "enum": [p.value for p in Precision],
    "description": "How precisely the date is known: day, month or year.",
}
COUNTRY_CODE_SCHEMA = {
    "type": "string",
    "pattern": "^[A-Z]{2}$",
    "description": "A country's ISO 3166-1 alpha-2 code, in capitals.",
    "example": "KZ",
}
OFFICIAL_SLUG_SCHEMA = {
    "type": "string",
    "pattern": "^[-a-zA-Z0-9_]+$",
    "description": "An official's slug.",
    "example": "kassym-jomart-tokayev",
}


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date column and its precision as one ISO 8601 reduced-precision string."""

    default_error_messages = {
        "invalid": format_lazy("{} {}", _("Give the date as a string."), FORMAT_HINT)
    }

    def __init__(self, column: str, **kwargs):
        self.column = column
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        if data is None and self.allow_null:
            return {self.column: None, f"{self.column}_precision": Precision.DAY}
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            value = PartialDate.parse(data)
        except django_exceptions.ValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return {self.column: value.date, f"{self.column}_precision": value.precision}

    def to_representation(self, record):
        value = getattr(record, f"{self.column}_partial")
        return value.isoformat() if value else None


@extend_schema_field(PRECISION_SCHEMA)
class PrecisionField(serializers.Field):
    """The precision of a partial date; null when the date is."""

    def __init__(self, column: str, **kwargs):
        self.column = column
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, record):
        value = getattr(record, f"{self.column}_partial")
        return value.precision if value else None

    @staticmethod
    def schema_for(*, read_only: bool = True, nullable: bool = True) -> dict:
        return {**PRECISION_SCHEMA, "readOnly": read_only, "nullable": nullable}


def api_url(request, view_name: str, **kwargs) -> str:
    """An API address, absolute when there is a request to say where."""
    if len(kwargs) == 1:
        [(key, value)] = kwargs.items()
        url = reverse_slug(view_name, str(value), key)
    else:
        url = django_reverse(view_name, kwargs=kwargs)
    return request.build_absolute_uri(url) if request is not None else url


class DetailUrlField(serializers.HyperlinkedIdentityField):
    """The record's API address, without the ``format`` of the current request."""

    def get_url(self, obj, view_name, request, format):
        kwargs = {self.lookup_url_kwarg: getattr(obj, self.lookup_field)}
        return api_url(request, view_name, **kwargs)


class TextField(serializers.CharField):
    """Text that must arrive as a JSON string, stored without outer whitespace.

    Lengths are checked before trimming, as the schema's ``maxLength`` says.
    The characters are checked as the admin checks them (``core.text``);
    ``single_line`` text (names, titles) also refuses direction overrides.
    """

    def __init__(self, *, single_line: bool = False, **kwargs):
        self.single_line = single_line
        kwargs["trim_whitespace"] = False
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        if isinstance(value, str):
            if not self.allow_blank and not value.strip():
                self.fail("blank")
            try:
                text.check_text(
                    value, single_line=self.single_line, required=not self.allow_blank
                )
            except django_exceptions.ValidationError as error:
                raise serializers.ValidationError(error.messages) from None
            value = value.strip()
        return value


class SlugField(serializers.SlugField):
    """A slug exactly as sent: no trimming, no trailing newline."""

    def __init__(self, **kwargs):
        kwargs["trim_whitespace"] = False
        kwargs.setdefault("validators", []).append(validate_slug)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CodeField(serializers.CharField):
    """Letters only, of a fixed length, such as an ISO country code."""

    default_error_messages = {
        "invalid": "Give {length} letters, for example {example}.",
    }

    def __init__(self, *, length: int, example: str, **kwargs):
        self.length, self.example = length, example
        kwargs.update(trim_whitespace=False, min_length=length, max_length=length)
        super().__init__(**kwargs)
        extend_schema_field(
            {"type": "string", "pattern": f"^[A-Za-z]{{{length}}}$", "example": example}
        )(self)

    def to_internal_value(self, data):
        if (
            not (isinstance(data, str) and data.isascii() and data.isalpha())
            or len(data) != self.length
        ):
            self.fail("invalid", length=self.length, example=self.example)
        return data.upper()


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, not a string or a float that looks like one."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


def detail_serializer(serializer: type) -> type:
    """Class decorator for a record's detail serializer: it shows every field
    of the list serializer it extends, then the fields it declares itself."""
    (parent,) = serializer.__bases__
    shown = list(parent.Meta.fields)
    shown += [name for name in serializer._declared_fields if name not in shown]
    serializer.Meta = type("Meta", (parent.Meta,), {"fields": shown})
    return serializer


class TranslatedFieldsMixin:
    """Translated fields (core.translation) in the API.

    A translated field reads in the request's language (core.api picks it);
    with every language asked for (``?lang=all``, and CSV), ``name`` is the
    English value and ``name_translations`` gives ``{"en": …, "he": …, …}``,
    null where a language has none. Writes take ``name_he`` and the like,
    besides ``name``, which is written in the request's language.
    """

    def get_fields(self):
        fields = super().get_fields()
        model = getattr(getattr(self, "Meta", None), "model", None)
        translated = translated_fields(model) if model else ()
        for name, field in list(fields.items()):
            source = field.source or name  # not bound yet
            if field.read_only or source not in translated:
                continue
            for code in language_codes():
                column = f"{source}_{code}"
                fields[f"{name}_{code}"] = TextField(
                    write_only=True,
                    required=False,
                    # English is the fallback: as required as the field.
                    allow_blank=code != FALLBACK or field.allow_blank,
                    allow_null=code != FALLBACK,
                    # DRF refuses a source that repeats the field's name.
                    **({"source": column} if name != source else {}),
                    single_line=getattr(field, "single_line", False),
                    max_length=getattr(field, "max_length", None),
                    help_text=f"`{name}` in {get_language_info(code)['name']}; "
                    "empty where not translated.",
                )
                fields[f"{name}_{code}"].translation_of = name
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("all_languages"):
            return data
        for name, field in self.fields.items():
            if field.write_only or name not in data or field.source == "*":
                continue
            *path, attr = field.source_attrs
            owner = instance
            for step in path:
                owner = getattr(owner, step, None)
            if owner is not None and attr in translated_fields(type(owner)):
                data[f"{name}_translations"] = {
                    code: getattr(owner, f"{attr}_{code}") or None
                    for code in language_codes()
                }
        return data


class RecordSerializer(TranslatedFieldsMixin, serializers.ModelSerializer):
    """UUID, publication and the version used to refuse stale writes."""

    uuid = serializers.UUIDField(read_only=True, help_text="Stable identifier.")
    publication_status = serializers.ChoiceField(
        choices=PublicationStatus.choices,
        required=False,
        help_text="Drafts are seen only by editors allowed to view them.",
    )
    version = StrictIntegerField(
        min_value=1,
        required=False,
        help_text="Bumped on every save. Send the version you read with a change "
        "(or `If-Match` with the ETag): if someone saved in between, fields only "
        "one of you changed are merged, and a field you both changed is a 409.",
    )

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.SlugField: SlugField,
    }

    class Meta:
        fields = [
            "publication_status",
            "published_at",
            *SCHEDULE_FIELDS,
            "updated_at",
            "version",
        ]
        read_only_fields = ["published_at", "updated_at"]
        extra_kwargs = {
            "publish_at": {
                "help_text": "ISO 8601. Readers see a published record from this "
                "time; a draft is published then if it has a source. Shown to "
                "those who may see drafts; set by those who may publish."
            },
            "unpublish_at": {
                "help_text": "ISO 8601, after `publish_at`. Readers stop seeing "
                "the record at this time and it goes back to draft. Shown to "
                "those who may see drafts; set by those who may publish."
            },
        }

    def get_fields(self):
        fields = super().get_fields()
        drafts_visible = self.context.get("drafts_visible")
        if drafts_visible is not None and not drafts_visible(self.Meta.model):
            # The schedule is editorial: anonymous readers are not told it.
            for name in SCHEDULE_FIELDS:
                fields.pop(name, None)
        return fields

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(
            field_name, model_field
        )
        if issubclass(field_class, TextField):
            field_kwargs["single_line"] = text.is_single_line(model_field)
        return field_class, field_kwargs

    def to_representation(self, record):
        data = super().to_representation(record)
        data["version"] = record.version
        return data

    def unique_value(self, field: str, value):
        model = self.Meta.model
        taken = model._default_manager.filter(**{field: value})
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                f"Another {model._meta.verbose_name} has {field} “{value}”.",
                code="unique",
            )
        return value

    def validate_slug(self, value: str) -> str:
        return self.unique_slug(value)

    def unique_slug(self, value: str) -> str:
        model = self.Meta.model
        exclude = self.instance.pk if self.instance is not None else None
        if slugs.slug_taken(model, value, exclude_pk=exclude):
            raise serializers.ValidationError(
                f"The slug “{value}” belongs, or once belonged, to another "
                f"{model._meta.verbose_name}; choose another.",
                code="unique",
            )
        return value


def visible(records: Iterable, context: dict, model=None) -> list:
    """``records`` (prefetched) without the drafts this reader may not see."""
    records = list(records)
    if not records:
        return records
    drafts_visible = context.get("drafts_visible")
    if drafts_visible is not None and drafts_visible(model or type(records[0])):
        return records
    return [r for r in records if getattr(r, "is_public", True)]


def visible_one(record, context: dict):
    """``record``, or None when it is a draft this reader may not see."""
    if record is None or not visible([record], context, type(record)):
        return None
    return record
