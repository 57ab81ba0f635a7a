"""API endpoints of events (by slug), and the records removed from view."""

import datetime

from django import forms
from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, permissions, serializers, viewsets

from core.api import (
    ApiViewMixin,
    RecordViewSet,
    SluggedRecordViewSet,
    record_endpoints,
)
from core.api_policies import KeysetPagination
from core.filters import FilterBackend, TimestampFormField
from core.models import PublicationStatus, can_see_drafts, public_q
from countries.models import (
    Country,
    Official,
)
from events.filters import EventFilter, PublicationFilter
from events.models import CITED, Event, Publication
from events.serializers import (
    SHOWN_IN,
    EventCreateSerializer,
    EventDetailSerializer,
    EventSerializer,
    PublicationSerializer,
)

PUBLISHING_NEEDS_A_SOURCE = {
    "description": "Publishing (`publication_status: published`) needs at least "
    "one source, or the answer is a 400."
}


@record_endpoints(
    Event,
    list={
        "description": "Latest first unless `ordering` says otherwise. CSV "
        "(`?format=csv` or `Accept: text/csv`) holds the same rows as the JSON "
        "page."
    },
    retrieve={
        "description": "By slug, with participants and the offices they held at "
        "the time, citations, photos and the status changes it caused. An old slug "
        "answers with a 301 to the current one."
    },
    create={
        "description": "A new event is a draft: add its citations in the admin, then "
        "publish it here or there.",
        "request": EventCreateSerializer,
        "responses": {201: EventSerializer},
    },
    update=PUBLISHING_NEEDS_A_SOURCE,
    partial_update=PUBLISHING_NEEDS_A_SOURCE,
)
class EventViewSet(SluggedRecordViewSet):
    filter_backends = [FilterBackend]
    filterset_class = EventFilter
    pagination_class = KeysetPagination
    queryset = Event.objects.all()
    serializer_class = EventSerializer
    detail_serializer_class = EventDetailSerializer
    slug_from = "title"

    def get_queryset(self):
        events = Event.objects.visible_to(self.request.user)
        if self.action == "list":
            return events.for_api_list()
        if self.action == "retrieve":
            return events.for_api_detail()
        return events.for_list()

    def get_serializer_class(self):
        if self.action == "create":
            return EventCreateSerializer
        return super().get_serializer_class()


# Publications ------------------------------------------------------------------


def readable_citations(drafts_visible) -> models.Q:
    """The citations of records a reader may see, in API details they may see
    (a status change's citation only while its country is visible too)."""
    readable = models.Q(pk__in=[])
    for name, model in CITED.items():
        condition = models.Q(**{f"{name}__isnull": False})
        home = SHOWN_IN[name].home
        paths = {name: model}
        if home:
            paths[f"{name}__{home}"] = model._meta.get_field(home).related_model
        for path, path_model in paths.items():
            if not drafts_visible(path_model):
                condition &= public_q(f"{path}__")
        readable |= condition
    return readable


@record_endpoints(
    Publication,
    list={
        "description": "The documents records cite: treaties, declarations, "
        "statements, transcripts, news reports and reference works, by title. "
        "Read only: publications are edited in the admin. A reader who may not "
        "see drafts sees only those cited by a published record, and only "
        "those citations. CSV (`?format=csv` or `Accept: text/csv`) holds the "
        "same rows as the JSON page, `cited_by` as the records' addresses."
    },
    retrieve={
        "description": "By id (a UUID), with every citation of it this reader "
        "may see and the record each supports."
    },
)
class PublicationViewSet(RecordViewSet):
    http_method_names = ["get", "head", "options"]
    lookup_field = "uuid"
    lookup_value_regex = (
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    )
    lookup_label = "id"
    filter_backends = [FilterBackend]
    filterset_class = PublicationFilter
    queryset = Publication.objects.all()
    serializer_class = PublicationSerializer
    csv_paths = {"cited_by": "cited_by.*.record.url"}

    def get_queryset(self):
        # The record a citation supports, and the one whose detail shows it.
        # Of those, only what CitedRecordSerializer reads.
        only = {}
        for name, shown in SHOWN_IN.items():
            if shown.home:
                only[name] = ["uuid", shown.home]
                only[f"{name}__{shown.home}"] = [shown.lookup]
            else:
                only[name] = ["uuid", shown.lookup]
        return Publication.objects.for_api(
            readable=readable_citations(self.drafts_visible),
            cited_only=not self.drafts_visible(Publication),
            only=only,
        )


# Records removed from public view --------------------------------------------

TRACKED = {"country": Country, "official": Official, "event": Event}


class RemovedRecordSerializer(serializers.Serializer):
    model = serializers.ChoiceField(
        source="removed_model", choices=list(TRACKED), read_only=True
    )
    uuid = serializers.UUIDField(read_only=True)
    removed_at = serializers.DateTimeField(read_only=True)
    reason = serializers.ChoiceField(
        source="removed_because",
        choices=["deleted", "unpublished"],
        read_only=True,
        help_text="`unpublished`: back to draft, so gone from public view.",
    )


class RemovedQuery(forms.Form):
    since = TimestampFormField(required=False)
    model = forms.ChoiceField(
        choices=[(name, name) for name in TRACKED],
        required=False,
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of record; use one of: "
            + ", ".join(TRACKED)
            + "."
        },
    )


def removed_records(*, user, since: datetime.datetime | None, names):
    """Country, official and event records a mirror of this reader should drop.

    Deleted records this reader could have seen (for anonymous clients: those
    once published), and, for readers who see only published records, those
    unpublished since. One query: the union of the history and record tables.
    """
    parts = []
    for name in names:
        model = TRACKED[name]
        drafts = bool(user and user.is_authenticated and can_see_drafts(user, model))
        deleted = model.history.model.objects.filter(history_type="-")
        if not drafts:
            deleted = deleted.filter(published_at__isnull=False)
        if since is not None:
            deleted = deleted.filter(history_date__gt=since)
        parts.append(_removal_rows(deleted, name, "history_date", "deleted"))
        if not drafts:
            # A plain QuerySet, as for the history table: modeltranslation's
            # (model.objects) orders the columns of values() its own way,
            # which a union must not mix.
            withdrawn = models.QuerySet(model).filter(
                publication_status=PublicationStatus.DRAFT,
                published_at__isnull=False,
            )
            if since is not None:
                withdrawn = withdrawn.filter(updated_at__gt=since)
            parts.append(_removal_rows(withdrawn, name, "updated_at", "unpublished"))
    first, *others = parts
    return first.union(*others, all=True).order_by("removed_at", "uuid")


def _removal_rows(queryset, name: str, when: str, reason: str):
    return (
        queryset.order_by()
        .annotate(
            removed_model=models.Value(name, output_field=models.CharField()),
            removed_at=models.F(when),
            removed_because=models.Value(reason, output_field=models.CharField()),
        )
        .values("removed_model", "uuid", "removed_at", "removed_because")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Removed records",
        description="Countries, officials and events a mirror should drop: "
        "deleted ones and, for readers who see only published records, those "
        "unpublished. Oldest first. Pair it with `updated_after` on the lists.",
        parameters=[
            OpenApiParameter(
                "since",
                OpenApiTypes.DATETIME,
                description="Only records removed after this instant (RFC 3339, "
                "e.g. 2025-11-06T12:00:00Z).",
            ),
            OpenApiParameter(
                "model",
                str,
                enum=list(TRACKED),
                description="Only this kind of record.",
            ),
        ],
    )
)
class RemovedRecordViewSet(
    ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    serializer_class = RemovedRecordSerializer
    permission_classes = [permissions.AllowAny]

    def allowed_query_params(self) -> set[str]:
        return super().allowed_query_params() | set(RemovedQuery.base_fields)

    def get_queryset(self):
        query = RemovedQuery(self.request.query_params)
        if not query.is_valid():
            raise exceptions.ValidationError(
                {name: list(errors) for name, errors in query.errors.items()}
            )
        model = query.cleaned_data["model"]
        return removed_records(
            user=self.request.user,
            since=query.cleaned_data["since"],
            names=[model] if model else list(TRACKED),
        )
