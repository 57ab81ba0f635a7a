"""Plumbing every API endpoint shares.

- Every error is JSON, ``{"detail": message, "code": code}`` (plus ``errors`` per
  field for invalid input), even when the client asked for CSV.
- Lists are paginated the same way in JSON and CSV: a CSV response holds exactly
  the rows of the JSON page with the same query string.
- Query strings are strict: an unknown parameter, an empty value, a repeated
  parameter or a NUL character is a 400 that says what to change.
- GET answers carry a strong ETag (a hash of the body) and a Last-Modified, and
  a matching ``If-None-Match`` or ``If-Modified-Since`` gets a 304.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import re
from collections.abc import Iterable

import django_filters
from django import forms
from django.conf import settings
from django.core import exceptions as django_exceptions
from django.core.validators import RegexValidator, validate_slug
from django.db import IntegrityError, models, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.urls import reverse as django_reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.csp import CSP
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, permissions, serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from accordsite import slugs, workflow
from accordsite.api_policies import shorten
from accordsite.partial_dates import FORMAT_HINT, PartialDate, Precision
from accordsite.publishing import PublicationStatus, can_see_drafts

# Errors ----------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the record."
    default_code = "conflict"


def error_body(detail: str, code: str, errors=None, codes=None) -> dict:
    body = {"detail": detail, "code": code}
    if errors:
        body["errors"] = errors
        body["codes"] = codes
    return body


def exception_handler(exc, context):
    """DRF's handler, then one error shape, always rendered as JSON."""
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields = getattr(exc, "fields", None)
    if fields is None and _has_fields(exc):
        fields = exc
    errors = codes = None
    if fields is not None:
        errors, codes = fields.detail, fields.get_codes()
    response.data = error_body(_message(exc), _code(exc), errors, codes)
    request = context.get("request")
    if request is not None:
        # A CSV client still gets a readable error, not a one-cell table.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def _translate(exc):
    if isinstance(exc, models.ProtectedError | models.RestrictedError):
        blockers = getattr(exc, "protected_objects", None) or exc.restricted_objects
        names = sorted({str(obj) for obj in blockers})
        shown = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
        return Conflict(
            f"This record cannot be deleted while other records refer to it "
            f"({shown}); change or delete those first."
        )
    if isinstance(exc, django_exceptions.ValidationError):
        if getattr(exc, "code", None) == "stale":
            return Conflict(" ".join(exc.messages), code="stale")
        return exceptions.ValidationError(serializers.as_serializer_error(exc))
    if isinstance(exc, exceptions.ValidationError) and _only_unique_errors(exc):
        conflict = Conflict(_message(exc), code="unique")
        conflict.fields = exc
        return conflict
    if isinstance(exc, IntegrityError):
        return Conflict(
            "The change conflicts with an existing record (a code, slug or "
            "name that must be unique); reload and try again."
        )
    if isinstance(exc, django_exceptions.SuspiciousOperation):
        return exceptions.ParseError(
            "The request was malformed or too large; check its size and encoding."
        )
    return exc


def _only_unique_errors(exc: exceptions.ValidationError) -> bool:
    codes = list(_leaves(exc.get_codes()))
    return bool(codes) and all(code == "unique" for code in codes)


def _leaves(value) -> Iterable:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _has_fields(exc) -> bool:
    return isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict)


# Reasons a client may want to tell apart from a malformed value: a rule of
# the editors (no publishing without a source, dates in order) or a reference
# to a record that does not exist (or that this client may not see).
SPECIFIC_CODES = {"unsourced", "dates_out_of_order", "does_not_exist"}


def _code(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        codes = set(_leaves(exc.get_codes()))
        return codes.pop() if len(codes) == 1 and codes <= SPECIFIC_CODES else "invalid"
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = getattr(detail, "code", None)
        return code if isinstance(code, str) and code else exc.default_code
    return "error"


def _message(exc) -> str:
    if isinstance(exc, exceptions.NotAuthenticated):
        return (
            "Log in to change data: send the header “Authorization: Token <key>” "
            "(see /api/docs/) or use a logged-in session."
        )
    detail = getattr(exc, "detail", str(exc))
    if isinstance(detail, dict | list):
        return "; ".join(_flatten_messages(detail)) or "Invalid input."
    return str(detail)


def _flatten_messages(detail, prefix: str = "") -> list[str]:
    messages = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            label = key if key != api_settings.NON_FIELD_ERRORS_KEY else ""
            name = f"{prefix}.{label}" if prefix and label else prefix or label
            messages += _flatten_messages(value, name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                messages += _flatten_messages(value, f"{prefix}[{index}]")
            else:
                messages += _flatten_messages(value, prefix)
    else:
        messages.append(f"{prefix}: {detail}" if prefix else str(detail))
    return messages


@csrf_exempt
def not_found(request, *args, **kwargs):
    """A JSON 404 for any address under /api/ that no endpoint answers."""
    path = request.path
    hint = " The endpoints are listed at /api/v1/ and documented at /api/docs/."
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            hint = f" Did you mean {path}/ (with a trailing slash)?"
    shown = path if len(path) <= 200 else path[:199] + "…"
    return JsonResponse(
        error_body(f"There is no API endpoint at {shown}.{hint}", "not_found"),
        status=404,
    )


# Query strings ---------------------------------------------------------------

DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PARTIAL_DATE_PATTERN = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
TIMESTAMP_PATTERN = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]+))?(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})"
)


def check_query_params(request, allowed: set[str]) -> None:
    """400 for parameters a client probably mistyped or left half-filled."""
    params = request.query_params
    problems = {}
    for name in params:
        values = params.getlist(name)
        if name not in allowed:
            problems[name] = [
                "Unknown parameter. This endpoint takes: "
                + ", ".join(sorted(allowed))
                + "."
            ]
        elif len(values) > 1:
            problems[name] = ["Give this parameter once."]
        elif values[0] == "":
            problems[name] = ["Empty value: give a value or leave the parameter out."]
        elif "\x00" in values[0]:
            problems[name] = ["The value contains a NUL character."]
    if problems:
        raise exceptions.ValidationError(problems)


def parse_partial_date(value: str) -> PartialDate:
    if not PARTIAL_DATE_PATTERN.fullmatch(value):
        raise django_exceptions.ValidationError(
            f"“{shorten(value)}” is not a date. {FORMAT_HINT}"
        )
    return PartialDate.parse(value)


def parse_day(value: str) -> datetime.date:
    if DAY_PATTERN.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise django_exceptions.ValidationError(
        f"“{shorten(value)}” is not a date: use YYYY-MM-DD, for example 2020-09-15."
    )


def parse_timestamp(value: str) -> datetime.datetime:
    """An RFC 3339 timestamp with its offset, as a UTC datetime.

    Instants beyond what Python can hold in UTC (the first or last hours of
    years 1 and 9999) are clamped to the nearest one it can.
    """
    match = TIMESTAMP_PATTERN.fullmatch(value)
    if match:
        fraction = (match["fraction"] or "")[:6].ljust(6, "0")
        offset = "+00:00" if match["offset"] == "Z" else match["offset"]
        try:
            local = datetime.datetime.fromisoformat(
                f"{match['date']}T{match['time']}.{fraction}{offset}"
            )
        except ValueError:
            pass
        else:
            try:
                return local.astimezone(datetime.UTC)
            except OverflowError:
                extreme = (
                    datetime.datetime.min if local.year == 1 else datetime.datetime.max
                )
                return extreme.replace(tzinfo=datetime.UTC)
    raise django_exceptions.ValidationError(
        f"“{shorten(value)}” is not a timestamp: use RFC 3339 with an offset, "
        "for example 2025-11-06T12:00:00Z."
    )


# CSV -------------------------------------------------------------------------

# A leading sign makes spreadsheets evaluate a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class CSVRenderer(BaseRenderer):
    """The rows of a list page as flat CSV columns, UTF-8 with a BOM.

    The BOM is what makes Excel read UTF-8 (Arabic, Hebrew) instead of the
    local code page. A view names its columns in ``csv_columns`` as
    ``(header, path)``; a path like ``countries.*`` joins a list with "; ".
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        rows = data.get("results", []) if isinstance(data, dict) else data or []
        columns = getattr(view, "csv_columns", None) or [
            (key, key) for key in (rows[0] if rows else {})
        ]
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([header for header, _ in columns])
        for row in rows:
            writer.writerow([csv_cell(value_at(row, path)) for _, path in columns])
        response = renderer_context.get("response")
        if response is not None and view is not None:
            name = getattr(view, "basename", None) or "export"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return buffer.getvalue().encode("utf-8")


def value_at(row, path: str):
    head, _, rest = path.partition(".")
    if head == "*":
        items = row or []
        return [value_at(item, rest) if rest else item for item in items]
    value = row.get(head) if isinstance(row, dict) else None
    return value_at(value, rest) if rest and value is not None else value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(csv_cell(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


# Conditional GET -------------------------------------------------------------


def latest_change(*model_classes) -> datetime.datetime | None:
    """When any record of these models was last created, changed or deleted.

    Read from their history tables in one query, so a list's Last-Modified
    also moves when a row leaves it (deleted or unpublished).
    """
    queries = [
        model.history.model.objects.order_by()
        .values(one=models.Value(1, output_field=models.IntegerField()))
        .annotate(last=models.Max("history_date"))
        .values_list("last", flat=True)
        for model in model_classes
    ]
    first, *others = queries
    times = [t for t in first.union(*others, all=True).order_by() if t is not None]
    return max(times, default=None)


def latest_of(records: Iterable) -> datetime.datetime | None:
    return max(
        (r.updated_at for r in records if getattr(r, "updated_at", None)),
        default=None,
    )


def is_not_modified(request, etag: str, last_modified: datetime.datetime | None):
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        weak = etag.removeprefix("W/")
        return "*" in tags or any(tag.removeprefix("W/") == weak for tag in tags)
    if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since and last_modified is not None:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(last_modified.timestamp()) <= since
    return False


# Views -----------------------------------------------------------------------


class ApiViewMixin:
    """For every API viewset: strict query strings, visibility, caching.

    A subclass sets ``last_modified_models`` for its list's Last-Modified and
    ``csv_columns`` for its CSV.
    """

    last_modified_models: tuple = ()
    csv_columns: list[tuple[str, str]] = []
    last_modified: datetime.datetime | None = None

    def get_renderers(self):
        renderers = [JSONRenderer()]
        if getattr(self, "action", None) == "list":
            renderers.append(CSVRenderer())
        return renderers

    def initial(self, request, *args, **kwargs):
        handler = getattr(self, request.method.lower(), None)
        if request.method.lower() not in self.http_method_names or handler is None:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        check_query_params(request, self.allowed_query_params())

    def allowed_query_params(self) -> set[str]:
        allowed = {"format"}
        if self.action == "list":
            allowed |= {self.paginator.page_query_param}
            allowed |= {self.paginator.page_size_query_param}
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
        return allowed

    def drafts_visible(self, model) -> bool:
        user = self.request.user
        return user.is_authenticated and can_see_drafts(user, model)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["drafts_visible"] = self.drafts_visible
        return context

    def list(self, request, *args, **kwargs):
        if self.last_modified_models:
            self.last_modified = latest_change(*self.last_modified_models)
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Only a user already authenticated: an error may have ended the
        # transaction, and authenticating now would query the database.
        user = request.__dict__.get("_user")
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        patch_cache_control(response, no_cache=True)
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        if is_not_modified(request, etag, self.last_modified):
            not_modified = HttpResponse(status=304)
            for header in ("ETag", "Last-Modified", "Vary", "Cache-Control"):
                if header in response:
                    not_modified[header] = response[header]
            return not_modified
        return response


class RecordViewSet(ApiViewMixin):
    """A resource of records found by ``lookup_field``.

    ``lookup_label`` names the lookup value in a 404's message.
    """

    lookup_label = "identifier"

    def get_object(self):
        queryset = self.get_queryset()
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        obj = self.find(queryset, value)
        if obj is None:
            name = queryset.model._meta.verbose_name
            raise exceptions.NotFound(
                f"There is no {name} with the {self.lookup_label} “{shorten(value)}”."
            )
        self.check_object_permissions(self.request, obj)
        return obj

    def find(self, queryset, value):
        return queryset.filter(**{self.lookup_field: value}).first()

    def retrieve(self, request, *args, **kwargs):
        try:
            record = self.get_object()
        except exceptions.NotFound:
            moved = self.renamed()
            if moved is None:
                raise
            return moved
        self.last_modified = self.record_last_modified(record)
        return Response(self.get_serializer(record).data)

    def record_last_modified(self, record) -> datetime.datetime | None:
        return record.updated_at

    def renamed(self):
        """A 301 to the current address of a record found by an old slug."""
        if self.lookup_field != "slug" or self.request.method not in ("GET", "HEAD"):
            return None
        model = self.get_queryset().model
        value = self.kwargs[self.lookup_field]
        record = slugs.find_by_old_slug(model, value)
        if record is None or not (record.is_published or self.drafts_visible(model)):
            return None
        url = reverse(
            f"api:{self.basename}-detail",
            kwargs={"slug": record.slug},
            request=self.request,
        )
        name = model._meta.verbose_name
        return Response(
            error_body(
                f"This {name} was renamed: it is now at {url}.", "moved_permanently"
            ),
            status=301,
            headers={"Location": url},
        )


def visible(records: Iterable, context: dict, model=None) -> list:
    """``records`` (prefetched) without the drafts this reader may not see."""
    records = list(records)
    if not records:
        return records
    drafts_visible = context.get("drafts_visible")
    if drafts_visible is not None and drafts_visible(model or type(records[0])):
        return records
    return [r for r in records if getattr(r, "is_published", True)]


def visible_one(record, context: dict):
    """``record``, or None when it is a draft this reader may not see."""
    if record is None or not visible([record], context, type(record)):
        return None
    return record


# Serializers -----------------------------------------------------------------

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

    default_error_messages = {"invalid": f"Give the date as a string. {FORMAT_HINT}"}

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
            value = parse_partial_date(data)
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


class DetailUrlField(serializers.HyperlinkedIdentityField):
    """The record's API address, without the ``format`` of the current request."""

    def get_url(self, obj, view_name, request, format):
        kwargs = {self.lookup_url_kwarg: getattr(obj, self.lookup_field)}
        url = django_reverse(view_name, kwargs=kwargs)
        return request.build_absolute_uri(url) if request is not None else url


class TextField(serializers.CharField):
    """Text that must arrive as a JSON string, stored without outer whitespace.

    Lengths are checked before trimming, as the schema's ``maxLength`` says.
    """

    def __init__(self, **kwargs):
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


class RecordSerializer(serializers.ModelSerializer):
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
        help_text="Bumped on every save. Send the version you read with a change: "
        "if someone saved in between, the change is refused with a 409.",
    )

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.SlugField: SlugField,
    }

    class Meta:
        fields = ["publication_status", "published_at", "updated_at", "version"]
        read_only_fields = ["published_at", "updated_at"]

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


@transaction.atomic
def save_record(*, serializer, slug_from: str | None = None):
    """Save a validated write: refuse stale versions and unsourced publishing.

    A missing slug is made from ``slug_from`` (the name or title).
    """
    data = serializer.validated_data
    record = serializer.instance
    loaded_version = data.pop("version", None)
    if record is not None and loaded_version is not None:
        workflow.check_not_stale(record, loaded_version=loaded_version)
    publishing = data.get("publication_status") == PublicationStatus.PUBLISHED
    if publishing and (record is None or not record.is_published):
        try:
            workflow.check_can_publish(record or serializer.Meta.model())
        except django_exceptions.ValidationError as error:
            raise serializers.ValidationError(
                {"publication_status": error.messages}, code="unsourced"
            ) from None
    extra = {}
    if slug_from and record is None and not data.get("slug"):
        model = serializer.Meta.model
        extra["slug"] = slugs.unique_slug(model, data[slug_from])
    return serializer.save(**extra)


# Filters ---------------------------------------------------------------------


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


class PartialDateFormField(_ParsedField):
    parse = staticmethod(parse_partial_date)


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
    field_class = PartialDateFormField
    schema = {k: v for k, v in PARTIAL_DATE_SCHEMA.items() if k != "example"}


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
                    name: [
                        ErrorDetail(
                            error.message % error.params if error.params else error.message,
                            error.code,
                        )
                        for error in errors
                    ]
                    for name, errors in filterset.errors.as_data().items()
                }
            )
        return filterset.qs


class RecordFilterSet(django_filters.FilterSet):
    """``updated_after`` for incremental sync and a whitelisted ``ordering``.

    ``orderings`` maps each ``ordering`` value to its ``order_by`` terms;
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
        return queryset.order_by(*self.orderings[key])


# Schema ----------------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "code"],
    "properties": {
        "detail": {
            "type": "string",
            "description": "What was wrong, in words for the person writing the "
            "client.",
        },
        "code": {
            "type": "string",
            "description": "A stable code: invalid, not_found, not_authenticated, "
            "permission_denied, throttled, not_acceptable, conflict, …",
        },
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "For invalid input: the messages for each field or "
            "parameter.",
        },
        "codes": {
            "type": "object",
            "additionalProperties": True,
            "description": "The same, as codes: `required`, `invalid`, `blank`, "
            "`does_not_exist` (no such country or official), `unique`, "
            "`unsourced`, `dates_out_of_order`, …",
        },
    },
}

ERROR_RESPONSES = {
    "400": "Invalid input: a bad parameter, body or field value (see `errors`).",
    "401": "Not logged in: writes need a token or a session.",
    "403": "Logged in, but without the permission this operation needs.",
    "404": "No such record, page or endpoint (drafts are not found by readers "
    "who may not see them).",
    "406": "The `Accept` header asks for a format this endpoint does not offer.",
    "429": "Too many requests from an anonymous client; wait `Retry-After` seconds.",
}
WRITE_ERROR_RESPONSES = {
    "409": "Conflicts with the stored data: a code or slug already taken, a stale "
    "`version`, or a record others still refer to.",
    "415": "The body is not JSON (send `Content-Type: application/json`).",
}

ETAG_HEADERS = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "A hash of this body; send it back in `If-None-Match`.",
    },
    "Last-Modified": {
        "schema": {"type": "string"},
        "description": "When the data behind this answer last changed; send it "
        "back in `If-Modified-Since`.",
    },
}
LIST_HEADERS = {
    "X-Total-Count": {
        "schema": {"type": "string", "pattern": "^[0-9]+$"},
        "description": "Records matching the filters, on all pages.",
    },
    "Link": {
        "schema": {"type": "string"},
        "description": "RFC 8288 links to the next, previous, first and last pages.",
    },
}


class ApiSchema(AutoSchema):
    """drf-spectacular's schema plus what our views really answer.

    Reads are anonymous; every operation documents its JSON errors; lists
    document their CSV; GETs document conditional requests and their 304.
    """

    def get_auth(self):
        auths = super().get_auth()
        if self.method in permissions.SAFE_METHODS and {} not in auths:
            auths.append({})
        return auths

    def _get_format_parameters(self):
        formats = self.map_renderers("format")
        if self.method != "GET":
            return []
        return [
            {
                "name": "format",
                "in": "query",
                "required": False,
                "description": "The format of the answer, instead of an `Accept` "
                "header.",
                "schema": {"type": "string", "enum": formats},
            }
        ]

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET":
            parameters += [
                OpenApiParameter(
                    "If-None-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier answer: 304 if unchanged.",
                ),
                OpenApiParameter(
                    "If-Modified-Since",
                    str,
                    OpenApiParameter.HEADER,
                    description="A Last-Modified from an earlier answer: 304 if "
                    "nothing changed since (when If-None-Match is absent).",
                ),
            ]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET":
            ok = responses.get("200", {})
            ok.setdefault("headers", {}).update(ETAG_HEADERS)
            if "text/csv" in ok.get("content", {}):
                ok["headers"].update(LIST_HEADERS)
                ok["content"]["text/csv"] = {
                    "schema": {
                        "type": "string",
                        "description": "UTF-8 with a byte order mark; a header row, "
                        "then the rows of this page as in JSON.",
                    }
                }
            responses["304"] = {
                "description": "Not modified since the ETag or date sent.",
                "headers": ETAG_HEADERS,
            }
        errors = dict(ERROR_RESPONSES)
        if self.method not in permissions.SAFE_METHODS:
            errors.update(WRITE_ERROR_RESPONSES)
        for status_code, description in errors.items():
            responses[status_code] = {
                "description": description,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}
                    }
                },
            }
            if status_code == "429":
                responses[status_code]["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "string", "pattern": "^[0-9]+$"},
                        "description": "Seconds to wait before the next request.",
                    }
                }
        return responses


NUL_FREE = r"^[^\x00]*$"
CONSTRAINED = {"enum", "format", "pattern", "anyOf"}
NOT_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"


def finish_schema(result, generator, request, public):
    """Postprocessing hook: the shared Error component, and string constraints.

    Every free-text input refuses NUL characters, and a required text must
    hold more than whitespace, as the serializers do.
    """
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    _constrain_text(parameter["schema"], NUL_FREE, min_length=1)
    for name, component in components.items():
        if name.endswith("Request"):
            for prop in component.get("properties", {}).values():
                required = prop.get("minLength", 0) >= 1
                _constrain_text(prop, NOT_BLANK if required else NUL_FREE)
    return result


def _constrain_text(schema: dict, pattern: str, *, min_length: int = 0) -> None:
    if schema.get("type") != "string" or schema.keys() & CONSTRAINED:
        return
    schema["pattern"] = pattern
    if min_length:
        schema["minLength"] = max(schema.get("minLength", 0), min_length)


# Schema and docs views -------------------------------------------------------

# Swagger UI is served from the sidecar's static files, with its start-up
# script from our own origin; only its inline styles need a looser policy.
DOCS_CSP = {
    **settings.SECURE_CSP,
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
}


@functools.cache
def _spectacular_views():
    # Imported on first use: drf-spectacular's views read DEFAULT_SCHEMA_CLASS
    # (ApiSchema, above) while their module loads.
    from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

    return (
        SpectacularAPIView.as_view(),
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
    )


@csrf_exempt
def api_schema(request, *args, **kwargs):
    return _spectacular_views()[0](request, *args, **kwargs)


@csrf_exempt
@csp_override(DOCS_CSP)
def api_docs(request, *args, **kwargs):
    return _spectacular_views()[1](request, *args, **kwargs)
