"""The API classes REST_FRAMEWORK names as defaults.

They live apart from core/api.py because DRF imports its defaults while
``rest_framework.views`` is itself being imported; this module must not import
views, generics or drf-spectacular.
"""

import base64
import binascii
import json
import re

from django.db.models import Q
from rest_framework import exceptions, permissions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param

ASCII_DIGITS = re.compile(r"[0-9]+")


def shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def positive_int(value: str, *, name: str) -> int:
    if ASCII_DIGITS.fullmatch(value) and int(value) > 0:
        return int(value)
    raise exceptions.ValidationError(
        {name: [f"“{shorten(value)}” is not a whole number from 1, for example 2."]}
    )


# Request bodies --------------------------------------------------------------


class BoundedJSONParser(JSONParser):
    """JSON bodies of a shape a record can have, or a 400.

    Deeply nested documents would exhaust the parser's recursion (a 500), and
    very long lists make a write look up every item (a worker killed after
    30 s); no record needs either.
    """

    max_depth = 32
    max_items = 500

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise self._too_deep() from None
        self._check_shape(data)
        return data

    def _check_shape(self, data) -> None:
        # Iterative: the document may be as deep as the parser allows.
        pending = [(data, 1)]
        while pending:
            value, depth = pending.pop()
            if isinstance(value, dict):
                children = value.values()
            elif isinstance(value, list):
                children = value
            else:
                continue
            if depth > self.max_depth:
                raise self._too_deep()
            if len(children) > self.max_items:
                raise exceptions.ParseError(
                    f"A list or object in the body has {len(children)} items; at "
                    f"most {self.max_items} are accepted in one request. Send "
                    "fewer, or split the change into several requests."
                )
            pending.extend((child, depth + 1) for child in children)

    def _too_deep(self) -> exceptions.ParseError:
        return exceptions.ParseError(
            f"The body is nested more than {self.max_depth} levels deep; no "
            "record has that shape. Send the fields of one record."
        )


# Pagination ------------------------------------------------------------------


class Pagination(PageNumberPagination):
    """Page numbers from 1, ``page_size`` up to a hard maximum.

    The count, the neighbouring pages and the total also travel as headers
    (``Link``, ``X-Total-Count``) so a CSV client can page without a body
    envelope.
    """

    page_size = 25
    max_page_size = 100
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = positive_int(raw, name=self.page_size_query_param)
        if size > self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"At most {self.max_page_size} rows per page; ask for "
                        f"{self.max_page_size} or fewer and follow the next links."
                    ]
                }
            )
        return size

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        return 1 if raw is None else positive_int(raw, name=self.page_query_param)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self.get_page_number(request, paginator)
        if number > paginator.num_pages:
            raise exceptions.NotFound(
                f"There is no page {number}: with these filters the last page is "
                f"{paginator.num_pages}."
            )
        self.page = paginator.page(number)
        return list(self.page)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response["X-Total-Count"] = str(self.page.paginator.count)
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (
                ("next", self.get_next_link()),
                ("prev", self.get_previous_link()),
                ("first", self._link(1)),
                ("last", self._link(self.page.paginator.num_pages)),
            )
            if url
        ]
        response["Link"] = ", ".join(links)
        return response

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Records matching the filters, on all pages.",
                },
                "next": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The next page, or null on the last one.",
                },
                "previous": {
                    "type": "string",
                    "format": "uri",
                    "nullable": True,
                    "description": "The previous page, or null on the first one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1. A page past the last is a 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page: {self.page_size} unless given, at "
                f"most {self.max_page_size}. The same in JSON and CSV.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                },
            },
        ]


class NotACursor(ValueError):
    pass


class Keyset:
    """The sort key of a queryset ordered by model fields ending with the
    primary key, all in one direction (every ordering of a FilterSet here
    is): the rows after a row's key, and a cursor that carries the key."""

    def __init__(self, queryset):
        self.ordering = [str(term) for term in queryset.query.order_by]
        self.fields = [term.lstrip("-") for term in self.ordering]

    def after(self, queryset, key, backwards: bool):
        """The rows after ``key`` in the order (before it, nearest first, when
        ``backwards``): ``WHERE key < cursor`` on an index, not an OFFSET."""
        descending = self.ordering[0].startswith("-")
        lookup = "gt" if descending == backwards else "lt"
        after = Q()
        for index, field in enumerate(self.fields):
            ties = dict(zip(self.fields[:index], key, strict=False))
            after |= Q(**ties, **{f"{field}__{lookup}": key[index]})
        # The same rows, bounded by the first field alone too: a range the
        # index seeks to, where the OR above would be tested row by row from
        # the first page down (SQLite).
        bound = Q(**{f"{self.fields[0]}__{lookup}e": key[0]})
        if backwards:
            queryset = queryset.reverse()
        return queryset.filter(bound, after)

    def key(self, row) -> list:
        key = []
        for field in self.fields:
            value = getattr(row, row._meta.pk.attname if field == "pk" else field)
            key.append(value if isinstance(value, (int, str)) else value.isoformat())
        return key

    def encode(self, row, backwards: bool) -> str:
        cursor = {"o": self.ordering, "k": self.key(row), "b": backwards}
        text = json.dumps(cursor, separators=(",", ":"), ensure_ascii=False)
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def decode(self, raw: str) -> tuple[bool, list]:
        """(backwards, key) of a cursor ``encode`` gave for this ordering."""
        try:
            padded = raw + "=" * (-len(raw) % 4)
            cursor = json.loads(base64.urlsafe_b64decode(padded.encode()))
            backwards, key = cursor["b"], cursor["k"]
            valid = (
                cursor["o"] == self.ordering
                and isinstance(backwards, bool)
                and isinstance(key, list)
                and len(key) == len(self.ordering)
                and all(isinstance(value, (int, str)) for value in key)
            )
        except (ValueError, TypeError, KeyError, binascii.Error):
            valid = False
        if not valid:
            raise NotACursor(raw)
        return backwards, key


class KeysetPage:
    """One page of ``queryset``: from a ``cursor`` if given, else page
    ``number`` by OFFSET (cheap on the first pages). Nothing is counted: one
    row more than the page tells whether another follows."""

    def __init__(self, queryset, *, cursor: str | None, number: int, size: int):
        self.keyset = Keyset(queryset)
        self.number = None if cursor else number
        if cursor:
            backwards, key = self.keyset.decode(cursor)
            rows = list(self.keyset.after(queryset, key, backwards)[: size + 1])
            more = len(rows) > size
            rows = rows[:size]
            if backwards:
                rows.reverse()
            self.has_next, self.has_previous = (
                (True, more) if backwards else (more, True)
            )
        else:
            start = (number - 1) * size
            rows = list(queryset[start : start + size + 1])
            self.has_next, self.has_previous = len(rows) > size, number > 1
            rows = rows[:size]
        self.rows = rows

    @property
    def next_cursor(self) -> str | None:
        if not (self.has_next and self.rows):
            return None
        return self.keyset.encode(self.rows[-1], backwards=False)

    @property
    def previous_cursor(self) -> str | None:
        if not (self.has_previous and self.rows):
            return None
        return self.keyset.encode(self.rows[0], backwards=True)


class KeysetPagination(BasePagination):
    """Pages that cost the same at any depth: each ``next`` or ``previous``
    link carries a cursor, the sort key of the row it continues from, and the
    page is the rows after it; nothing is counted. Rows added or removed
    between requests neither repeat nor leave a gap. ``?page=`` still reaches
    the first pages, where an OFFSET is cheap.
    """

    page_size = 25
    max_page_size = 100
    max_page_number = 20
    page_size_query_param = "page_size"
    page_query_param = "page"
    cursor_query_param = "cursor"
    response_headers = {
        "Link": {
            "schema": {"type": "string"},
            "description": "RFC 8288 links to the next and previous pages.",
        },
    }

    get_page_size = Pagination.get_page_size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        params = request.query_params
        cursor = params.get(self.cursor_query_param)
        if cursor is not None and self.page_query_param in params:
            raise exceptions.ValidationError(
                {
                    self.cursor_query_param: [
                        "Give a cursor or a page number, not both: follow the "
                        "next and previous links as they are."
                    ]
                },
                code="cursor_and_page",
            )
        number = self._page_number(params)
        try:
            self.page = KeysetPage(queryset, cursor=cursor, number=number, size=size)
        except NotACursor:
            raise exceptions.ValidationError(
                {
                    self.cursor_query_param: [
                        "This cursor was not given by this list with these "
                        "filters and this order; follow the next and previous "
                        "links as they are."
                    ]
                },
                code="not_a_cursor",
            ) from None
        if number > 1 and not self.page.rows:
            raise exceptions.NotFound(
                f"There is no page {number}: with these filters the list ends "
                "before it."
            )
        return self.page.rows

    def _page_number(self, params) -> int:
        raw = params.get(self.page_query_param)
        number = 1 if raw is None else positive_int(raw, name=self.page_query_param)
        if number > self.max_page_number:
            raise exceptions.ValidationError(
                {
                    self.page_query_param: [
                        f"Page numbers go up to {self.max_page_number}; beyond, "
                        "follow the next links, which carry a cursor and cost the "
                        "same at any depth."
                    ]
                }
            )
        return number

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = remove_query_param(
            self.request.build_absolute_uri(), self.page_query_param
        )
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self):
        return self._link(self.page.next_cursor)

    def get_previous_link(self):
        return self._link(self.page.previous_cursor)

    def get_paginated_response(self, data):
        next_link, previous_link = self.get_next_link(), self.get_previous_link()
        response = Response(
            {"next": next_link, "previous": previous_link, "results": data}
        )
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", next_link), ("prev", previous_link))
            if url
        ]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        body = Pagination.get_paginated_response_schema(self, schema)
        body["required"].remove("count")
        del body["properties"]["count"]
        return body

    def get_schema_operation_parameters(self, view):
        size, page = Pagination.get_schema_operation_parameters(self, view)[::-1]
        page["description"] = (
            f"Page number, from 1 to {self.max_page_number}; beyond, follow the "
            "`next` links. A page past the last is a 404."
        )
        page["schema"]["maximum"] = self.max_page_number
        cursor = {
            "name": self.cursor_query_param,
            "required": False,
            "in": "query",
            "description": "Where a `next` or `previous` link continues from: "
            "take it from those links, as it is.",
            "schema": {"type": "string"},
        }
        return [cursor, page, size]


# Content negotiation ---------------------------------------------------------


class ContentNegotiation(DefaultContentNegotiation):
    """Errors that name the formats on offer.

    An unknown ``?format=`` is a bad parameter (400); an ``Accept`` header no
    format meets is a 406.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        formats = [renderer.format for renderer in renderers]
        wanted = format_suffix or request.query_params.get("format")
        if wanted is not None and wanted not in formats:
            raise exceptions.ValidationError(
                {
                    "format": [
                        f"“{shorten(wanted)}” is not a format of this endpoint; use "
                        + " or ".join(formats)
                        + "."
                    ]
                }
            )
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            types = ", ".join(renderer.media_type for renderer in renderers)
            raise exceptions.NotAcceptable(
                f"This endpoint answers with {types}; accept one of them."
            ) from None


# Permissions and throttling --------------------------------------------------


class ModelPermissionsOrReadOnly(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Reads are open; a write needs the model's add, change or delete permission."""

    def has_permission(self, request, view):
        if super().has_permission(request, view):
            return True
        model = self._queryset(view).model
        action = {"POST": "add", "DELETE": "delete"}.get(request.method, "change")
        codename = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        self.message = (
            f"Your account lacks the permission {codename} needed to "
            f"{action} {model._meta.verbose_name_plural}; ask an administrator."
        )
        return False

    def _queryset(self, view):
        # Only its model is needed: a view's own queryset can cost more to
        # build (the nested records of core.nested) than the answer to read.
        queryset = getattr(view, "queryset", None)
        return queryset if queryset is not None else super()._queryset(view)


class AnonThrottle(AnonRateThrottle):
    """Anonymous clients only; the rate is read from settings on every request.

    Counted in fixed windows with one ``incr`` of a shared cache key, not
    DRF's list of timestamps: ``incr`` is atomic on Redis, so two app servers
    never overwrite each other's count, and a request costs the same however
    high the rate (a list would hold every request of the window). A client
    may therefore send up to twice the rate across a window's edge.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{ident}:{window}"
        self.cache.add(key, 0, self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the key expired between add and incr
            self.cache.set(key, 1, self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 0)
