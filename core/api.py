"""Plumbing every API endpoint shares.

- Every error is JSON, ``{"detail": message, "code": code}`` (plus ``errors``
  and ``codes`` per field for invalid input), even when the client asked for CSV.
- Lists are paginated the same way in JSON and CSV (see api_policies): a CSV
  answer holds exactly the rows of the JSON page with the same query string.
  ``download=true`` asks for the list as a file: every row up to
  ``DOWNLOAD_LIMIT`` on its first page, saved under a dated name
  (``core.downloads``; the list pages link to it).
- Query strings are strict: an unknown parameter, an empty value, a repeated
  parameter (but for a filter of several values) or a NUL character is a 400
  that says what to change.
- Writes follow the editorial workflow (``save_record``): a change names the
  version it was made to (``version`` or ``If-Match``, else a 428) and is merged
  with any save since (``core.merge``); a field both changed is a 409, a stale
  ``If-Match`` a 412, publishing without a source a 400, with the admin's words.
- Translated fields (names, titles, summaries…) are in the language ``?lang=``
  names, else the first of ``Accept-Language`` the site has, else English;
  ``?lang=all`` adds every language (``core.serializers``); a CSV list has a
  column per language. Answers say ``Content-Language`` and vary on
  ``Accept-Language``.
- GET answers carry an ETag and a Last-Modified made from the content version
  without rendering the body (``core.caching``; a record's detail puts its own
  version first, ``"v3-…"``), and a matching ``If-None-Match`` or
  ``If-Modified-Since`` gets a 304.
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import re
from collections.abc import Iterable

import django_filters
from django.conf import settings
from django.core import exceptions as django_exceptions
from django.db import IntegrityError, models, transaction
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.urls import reverse as django_reverse
from django.utils import translation
from django.utils.cache import (
    patch_cache_control,
    patch_vary_headers,
)
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, viewsets
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core import caching, slugs, workflow
from core.api_policies import shorten
from core.downloads import DOWNLOAD_LIMIT, DOWNLOAD_PARAMETER, download_filename
from core.merge import stored_version, three_way_merge
from core.models import (
    SCHEDULE_FIELDS,
    PublicationStatus,
    Publishable,
    can_see_drafts,
    schedule_problem,
    translated_fields,
)
from core.translation import FALLBACK, language_code, language_codes

# Errors ----------------------------------------------------------------------


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the record."
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Say which version your change was made to: send the `version` you "
        "read in the body, or the record's ETag in an `If-Match` header."
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The record changed since the ETag sent in `If-Match`."
    default_code = "stale"


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
    request = context.get("request")
    if request is not None:
        caching.rollback_failed_write(request)
    fields = getattr(exc, "fields", None)
    if fields is None and _has_fields(exc):
        fields = exc
    errors = codes = None
    if fields is not None:
        errors, codes = fields.detail, fields.get_codes()
    response.data = error_body(_message(exc), _code(exc), errors, codes)
    if getattr(exc, "conflicts", None):
        response.data["conflicts"] = exc.conflicts
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
TIMESTAMP_PATTERN = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]+))?(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})"
)


def check_query_params(
    request, allowed: set[str], repeatable: frozenset[str] | set[str] = frozenset()
) -> None:
    """400 for parameters a client probably mistyped or left half-filled;
    only those ``repeatable`` may be given more than once."""
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
        elif len(values) > 1 and name not in repeatable:
            problems[name] = ["Give this parameter once."]
        elif "" in values:
            problems[name] = ["Empty value: give a value or leave the parameter out."]
        elif any("\x00" in value for value in values):
            problems[name] = ["The value contains a NUL character."]
    if problems:
        raise exceptions.ValidationError(problems)


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
    local code page. A view names its columns in ``get_csv_columns()`` as
    ``(header, path)``; a path like ``countries.*`` joins a list with "; ".
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        rows = data.get("results", []) if isinstance(data, dict) else data or []
        columns = view.get_csv_columns() if hasattr(view, "get_csv_columns") else []
        columns = columns or [(key, key) for key in (rows[0] if rows else {})]
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([header for header, _ in columns])
        for row in rows:
            writer.writerow([csv_cell(value_at(row, path)) for _, path in columns])
        response = renderer_context.get("response")
        # A download has named its file already.
        if (
            response is not None
            and view is not None
            and not getattr(view, "download", False)
        ):
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


# Views -----------------------------------------------------------------------


LANGUAGE_PARAMETER = "lang"
ALL_LANGUAGES = "all"


def request_language(request) -> str:
    """The language an API request asks for: ``?lang=`` (a 400 when the site
    has no such language), else ``Accept-Language``, else English."""
    value = request.query_params.get(LANGUAGE_PARAMETER)
    codes = language_codes()
    if value is not None:
        if value not in (*codes, ALL_LANGUAGES):
            raise exceptions.ValidationError(
                {
                    LANGUAGE_PARAMETER: [
                        f"“{shorten(value)}” is not a language of this site; give "
                        f"one of {', '.join(codes)}, or {ALL_LANGUAGES} for every "
                        "language at once."
                    ]
                }
            )
        return value
    header = request.headers.get("Accept-Language", "")
    for code, _ in translation.trans_real.parse_accept_lang_header(header):
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ApiViewMixin:
    """For every API viewset: strict query strings, visibility, caching.

    The CSV columns are the list's readable fields, in order; ``csv_paths``
    flattens a nested one (``{"other_names": "other_names.*.name"}``).
    """

    csv_paths: dict[str, str] = {}
    # A list asked for as a file (``download=true``).
    download = False
    # A record's detail: its version leads the ETag, for If-Match on writes.
    etag_version: int | None = None

    def get_renderers(self):
        renderers = [JSONRenderer()]
        if getattr(self, "action", None) == "list":
            renderers.append(CSVRenderer())
        return renderers

    # The language of the answer (request_language); set in initial().
    language: str | None = None

    def initial(self, request, *args, **kwargs):
        handler = getattr(self, request.method.lower(), None)
        if request.method.lower() not in self.http_method_names or handler is None:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        check_query_params(
            request, self.allowed_query_params(), self.repeatable_query_params()
        )
        self.language = request_language(request)
        # Undone in finalize_response: the thread serves other requests next.
        self.previous_language = translation.get_language()
        translation.activate(
            settings.LANGUAGE_CODE if self.language == ALL_LANGUAGES else self.language
        )

    def allowed_query_params(self) -> set[str]:
        allowed = {"format", LANGUAGE_PARAMETER}
        if self.action == "list":
            allowed |= {self.paginator.page_query_param}
            if cursor := getattr(self.paginator, "cursor_query_param", None):
                allowed.add(cursor)
            allowed |= {self.paginator.page_size_query_param, DOWNLOAD_PARAMETER}
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                allowed |= set(filterset_class.base_filters)
        return allowed

    def repeatable_query_params(self) -> set[str]:
        """The list's filters of several values (``?a=x&a=y``)."""
        filterset_class = getattr(self, "filterset_class", None)
        if self.action != "list" or filterset_class is None:
            return set()
        return {
            name
            for name, filter_ in filterset_class.base_filters.items()
            if isinstance(filter_, django_filters.MultipleChoiceFilter)
        }

    def get_csv_columns(self) -> list[tuple[str, str]]:
        serializer = self.get_serializer()
        model = getattr(getattr(serializer, "Meta", None), "model", None)
        translated = translated_fields(model) if model else ()
        columns = []
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            columns.append((name, self.csv_paths.get(name, name)))
            if field.source in translated:
                # Every language: a CSV is for storing (core.serializers).
                columns += [
                    (f"{name}_{code}", f"{name}_translations.{code}")
                    for code in language_codes()
                ]
        return columns

    def drafts_visible(self, model) -> bool:
        user = self.request.user
        return user.is_authenticated and can_see_drafts(user, model)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["drafts_visible"] = self.drafts_visible
        renderer = getattr(self.request, "accepted_renderer", None)
        context["all_languages"] = self.language == ALL_LANGUAGES or (
            getattr(renderer, "format", None) == "csv"
        )
        return context

    def list(self, request, *args, **kwargs):
        self.download = self.download_asked(request)
        if self.download and self.paginator is not None:
            # Only the default: a page_size the client gives still applies.
            self.paginator.page_size = DOWNLOAD_LIMIT
        return super().list(request, *args, **kwargs)

    def download_asked(self, request) -> bool:
        value = request.query_params.get(DOWNLOAD_PARAMETER)
        if value not in (None, "true", "false"):
            raise exceptions.ValidationError(
                {
                    DOWNLOAD_PARAMETER: [
                        f"“{shorten(value)}” is neither true nor false; give "
                        "download=true for the list as a file, or leave it out."
                    ]
                }
            )
        return value == "true"

    def download_name(self, extension: str) -> str:
        queryset = getattr(self, "queryset", None)
        plural = (
            queryset.model._meta.verbose_name_plural
            if queryset is not None
            else self.basename
        )
        return download_filename(str(plural), extension)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = self.language
        if language is not None:
            translation.activate(self.previous_language or settings.LANGUAGE_CODE)
            response["Content-Language"] = (
                ", ".join(language_codes()) if language == ALL_LANGUAGES else language
            )
        patch_vary_headers(response, ("Accept-Language",))
        # Only a user already authenticated: an error may have ended the
        # transaction, and authenticating now would query the database.
        user = request.__dict__.get("_user")
        signed_in = user is not None and user.is_authenticated
        if signed_in:
            patch_cache_control(response, private=True, no_cache=True)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        if self.download:
            name = self.download_name(request.accepted_renderer.format)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        # Validators from the content version and the request, not the body
        # (core.caching); a record's detail puts its version first, for
        # If-Match on writes. An anonymous If-None-Match was answered before
        # the view; a signed-in reader's is answered here.
        digest = caching.etag_hash(request._request, user if signed_in else None)
        if digest is None:
            return response
        prefix = "" if self.etag_version is None else f"v{self.etag_version}-"
        modified = caching.last_modified(request._request)
        caching.set_validators(response, digest, modified, prefix=prefix)
        if caching.matches(request._request, digest, modified):
            return caching.not_modified(response)
        return response


@transaction.atomic
def save_record(*, serializer, slug_from: str | None = None):
    """Save a validated write: merged with saves made since the version it was
    made to, and refused when unsourced publishing.

    A missing slug is made from ``slug_from`` (the name or title).
    """
    data = serializer.validated_data
    record = serializer.instance
    # ``name`` is written in the request's language. In English it is the
    # field as the admin shows it (core.merge reads its English column); in
    # another language, that language's column.
    code = language_code()
    for name in translated_fields(serializer.Meta.model):
        if name in data and code != FALLBACK:
            data.setdefault(f"{name}_{code}", data.pop(name))
    loaded_version = data.pop("version", None)
    if record is not None:
        request = serializer.context.get("request")
        matched = if_match_version(record, request)
        if loaded_version is None:
            loaded_version = matched
        if loaded_version is None:
            raise PreconditionRequired()
        merge = three_way_merge(record, loaded_version=loaded_version, changes=data)
        if merge.conflicts:
            raise merge_conflict(merge, serializer)
        if merge.stale:
            record.refresh_from_db()
            data.update(merge.values)
    was_published = record is not None and getattr(record, "is_published", False)
    publishing = data.get("publication_status") == PublicationStatus.PUBLISHED
    user = getattr(serializer.context.get("request"), "user", None)
    changing = "publication_status" in data and publishing != was_published
    if changing and not workflow.may_publish(user):
        raise exceptions.PermissionDenied(workflow.MAY_NOT_PUBLISH)
    check_schedule(record=record, data=data, user=user, model=serializer.Meta.model)
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
        source = data.get(f"{slug_from}_en") or data.get(
            f"{slug_from}_{language_code()}", data.get(slug_from)
        )
        extra["slug"] = slugs.unique_slug(model, source)
    saved = serializer.save(**extra)
    if "publication_status" in data:
        workflow.publication_changed(saved, was_published=was_published, user=user)
    return saved


MAY_NOT_SCHEDULE = (
    "Only editors set the publish and unpublish times. Leave them out of your "
    "change and ask an editor to schedule the record."
)


def check_schedule(*, record, data: dict, user, model) -> None:
    """Scheduled times: changed only by those who may publish (a 403), and
    unpublishing after publishing (a 400)."""
    if not issubclass(model, Publishable):
        return
    changed = [
        name
        for name in SCHEDULE_FIELDS
        if name in data and data[name] != getattr(record, name, None)
    ]
    if changed and not workflow.may_publish(user):
        raise exceptions.PermissionDenied(MAY_NOT_SCHEDULE)
    problem = schedule_problem(
        *(data.get(name, getattr(record, name, None)) for name in SCHEDULE_FIELDS)
    )
    if problem:
        raise serializers.ValidationError(
            {"unpublish_at": [problem]}, code="schedule_order"
        )


IF_MATCH_TAG = re.compile(r'\s*(?:W/)?"v(?P<version>[0-9]{1,9})(?:-[^"]*)?"\s*')


def if_match_version(record, request) -> int | None:
    """The version an ``If-Match`` header names: the record's own when one of
    its ETags is current (a 412 otherwise); None without the header.

    Only the ETags the API sends (``"v3-…"``) name a version; ``*`` does not.
    """
    header = if_match_header(request)
    if header is None:
        return None
    tags = [IF_MATCH_TAG.fullmatch(tag) for tag in header.split(",")]
    versions = {int(tag["version"]) for tag in tags if tag}
    if not versions:
        raise PreconditionFailed(
            f"“{shorten(header)}” is not an ETag of this record: send the ETag "
            'of its detail answer (it starts with the version, "v3-…"), or '
            "the `version` in the body."
        )
    stored = stored_version(record)
    if stored in versions:
        return stored
    raise PreconditionFailed(
        workflow.stale_message(
            record,
            loaded_version=max(versions),
            stored=stored,
            next_step=str(workflow.STALE_IN_API),
        )
    )


def if_match_header(request) -> str | None:
    """The ``If-Match`` header, unless absent, empty or ``*`` (which names
    no version)."""
    header = request.headers.get("If-Match", "").strip() if request else ""
    return None if header in ("", "*") else header


def merge_conflict(merge, serializer) -> Conflict:
    """A 409 naming each field both changed, with both values as the API
    shows them."""
    names = api_names(serializer)
    conflicts = {}
    for name, conflict in merge.conflicts.items():
        api_name = names.get(name, name)
        conflicts[api_name] = {
            "theirs": api_value(serializer, api_name, merge.record, conflict.theirs),
            "yours": api_value(serializer, api_name, merge.record, conflict.yours),
        }
    fields = ", ".join(conflicts)
    error = Conflict(
        merge.message(workflow.CONFLICT_IN_API % {"fields": fields}),
        code="conflict",
    )
    error.conflicts = conflicts
    return error


def api_names(serializer) -> dict[str, str]:
    """Model field names to the API fields that write them."""
    names = {}
    for api_name, api_field in serializer.fields.items():
        if api_field.read_only:
            continue
        column = getattr(api_field, "column", None)
        names[column if api_field.source == "*" and column else api_field.source] = (
            api_name
        )
    return names


def api_value(serializer, api_name: str, stored, values: dict):
    """How the API shows ``values`` (a field's columns) of the record."""
    api_field = serializer.fields.get(api_name)
    if api_field is None:
        return None
    if isinstance(api_field, serializers.ManyRelatedField):
        # A many-to-many field's value is its list of records, which cannot
        # be set on a copy of the record.
        (records,) = values.values()
        return api_field.to_representation(records)
    shown = copy.copy(stored)
    for column, value in values.items():
        setattr(shown, column, value)
    try:
        value = api_field.get_attribute(shown)
    except (AttributeError, KeyError, django_exceptions.ObjectDoesNotExist):
        return None
    return None if value is None else api_field.to_representation(value)


DOWNLOAD_SCHEMA = OpenApiParameter(
    DOWNLOAD_PARAMETER,
    str,
    enum=["true", "false"],
    description="`true`: the list as a file to save (`Content-Disposition: "
    "attachment`, named by the day, e.g. `accords-events-2026-12-01.csv`), "
    f"with up to {DOWNLOAD_LIMIT} rows on a page unless `page_size` says "
    "otherwise. The list pages' “Download” links ask for it.",
)


def record_endpoints(model, **operations):
    """The OpenAPI summaries of a RecordViewSet's endpoints, from the model's
    name ("Add an official"); ``operations`` adds keywords of ``extend_schema``
    per action: ``list={"description": "…"}``.
    """
    name, plural = model._meta.verbose_name, model._meta.verbose_name_plural
    a = "an" if name[0] in "aeiou" else "a"
    summaries = {
        "list": plural.capitalize(),
        "retrieve": f"{a.capitalize()} {name}",
        "create": f"Add {a} {name}",
        "update": f"Replace {a} {name}'s fields",
        "partial_update": f"Change some of {a} {name}'s fields",
        "destroy": f"Delete {a} {name}",
    }
    app, model_name = model._meta.app_label, model._meta.model_name
    writes = {
        "create": f"Needs the `{app}.add_{model_name}` permission. A new {name} "
        "starts as a draft; publishing it needs a source.",
        "update": f"Needs the `{app}.change_{model_name}` permission. Say which "
        "version the change was made to: the `version` you read in the body "
        "(without it and without `If-Match`, a 428). If someone saved since, "
        "the change is merged: fields only they changed keep their value; a "
        "field you both changed is a 409 naming it (`conflicts`), and nothing "
        "is saved. `If-Match` with the detail's ETag asks for no merge: if the "
        "record changed since, the answer is a 412.",
        "destroy": f"Needs the `{app}.delete_{model_name}` permission. A {name} "
        "other records refer to cannot be deleted (409).",
    }
    writes["partial_update"] = writes["update"]
    return extend_schema_view(
        **{
            action: extend_schema(
                summary=summary,
                **{
                    "description": writes.get(action, ""),
                    **({"parameters": [DOWNLOAD_SCHEMA]} if action == "list" else {}),
                    **operations.get(action, {}),
                },
            )
            for action, summary in summaries.items()
        }
    )


class RecordViewSet(ApiViewMixin, viewsets.ModelViewSet):
    """A resource of records found by ``lookup_field``.

    ``lookup_label`` names the lookup value in a 404's message.
    """

    # (Comments, not the docstring: the schema shows it for operations that
    # have no description of their own.) Writes go through save_record;
    # detail_serializer_class shapes one record, serializer_class the list and
    # writes; slug_from names the field a new record's slug is made from.
    lookup_label = "identifier"
    detail_serializer_class = None
    slug_from: str | None = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()

    def perform_create(self, serializer):
        save_record(serializer=serializer, slug_from=self.slug_from)

    def update(self, request, *args, **kwargs):
        # DRF's, with the version asked for before the body is validated: a
        # client that sends none learns that first, whatever else is wrong.
        partial = kwargs.pop("partial", False)
        record = self.get_object()
        data = request.data
        has_version = isinstance(data, dict) and "version" in data
        if not has_version and if_match_header(request) is None:
            raise PreconditionRequired()
        serializer = self.get_serializer(record, data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(serializer.data)

    def perform_update(self, serializer):
        save_record(serializer=serializer)

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
        self.etag_version = getattr(record, "version", None)
        return Response(self.get_serializer(record).data)

    def renamed(self):
        """A 301 to the current address of a record found by an old slug."""
        if self.lookup_field != "slug" or self.request.method not in ("GET", "HEAD"):
            return None
        model = self.get_queryset().model
        value = self.kwargs[self.lookup_field]
        record = slugs.find_by_old_slug(model, value)
        if record is None or not record.is_visible_to(self.request.user):
            return None
        url = self.request.build_absolute_uri(
            django_reverse(f"api:{self.basename}-detail", kwargs={"slug": record.slug})
        )
        name = model._meta.verbose_name
        return Response(
            error_body(
                f"This {name} was renamed: it is now at {url}.", "moved_permanently"
            ),
            status=301,
            headers={"Location": url},
        )


class SluggedRecordViewSet(RecordViewSet):
    # Records found by slug; an old slug answers with a 301 (see renamed).
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    lookup_label = "slug"
