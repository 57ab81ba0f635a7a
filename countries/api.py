"""API endpoints of countries (by ISO code) and officials (by slug)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from core.api import RecordViewSet
from core.filters import FilterBackend
from core.serializers import save_record
from countries.filters import CountryFilter, OfficialFilter
from countries.models import (
    Country,
    DiplomaticRelation,
    Mission,
    Office,
    Official,
    OtherName,
    Position,
    StatusChange,
)
from countries.serializers import (
    CountryDetailSerializer,
    CountrySerializer,
    OfficialDetailSerializer,
    OfficialSerializer,
)

# Sources and events belong to events/, which countries/ does not import;
# their models are reached through the relations that show them here.
SOURCE = StatusChange._meta.get_field("sources").related_model
EVENT = StatusChange._meta.get_field("events").related_model

RECORD_CSV_COLUMNS = [
    ("publication_status", "publication_status"),
    ("published_at", "published_at"),
    ("updated_at", "updated_at"),
    ("version", "version"),
]


@extend_schema_view(
    list=extend_schema(
        summary="Countries",
        description="Countries with their accords status on `as_of` (today by "
        "default). CSV (`?format=csv` or `Accept: text/csv`) holds the same rows "
        "as the JSON page.",
    ),
    retrieve=extend_schema(
        summary="A country",
        description="By ISO 3166-1 alpha-2 code (any case), with its status "
        "timeline, relation with Israel and missions, each with its sources.",
    ),
    create=extend_schema(summary="Add a country"),
    update=extend_schema(summary="Replace a country's fields"),
    partial_update=extend_schema(summary="Change some of a country's fields"),
    destroy=extend_schema(
        summary="Delete a country",
        description="Refused with a 409 while officials, missions or events "
        "refer to it.",
    ),
)
class CountryViewSet(RecordViewSet, viewsets.ModelViewSet):
    lookup_field = "iso2"
    lookup_value_regex = "[A-Za-z]{2}"
    lookup_label = "code"
    filter_backends = [FilterBackend]
    filterset_class = CountryFilter
    queryset = Country.objects.all()
    last_modified_models = (
        Country,
        StatusChange,
        DiplomaticRelation,
        Mission,
        Official,
        SOURCE,
        EVENT,
    )
    csv_columns = [
        (name, name)
        for name in (
            "uuid",
            "iso2",
            "iso3",
            "name",
            "slug",
            "region",
            "role",
            "status",
            "status_since",
            "status_since_precision",
            "summary",
            "wikidata_id",
            "url",
        )
    ] + RECORD_CSV_COLUMNS

    def get_queryset(self):
        countries = Country.objects.visible_to(self.request.user)
        if self.action == "list":
            return countries.for_list()
        if self.action == "retrieve":
            return (
                countries.with_status_on(timezone.localdate())
                .for_detail()
                .select_related("relation_with_israel")
                .prefetch_related("relation_with_israel__sources")
            )
        return countries.with_status_on(timezone.localdate())

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CountryDetailSerializer
        return CountrySerializer

    def find(self, queryset, value):
        return queryset.filter(iso2=value.upper()).first()

    def perform_create(self, serializer):
        save_record(serializer=serializer)

    def perform_update(self, serializer):
        save_record(serializer=serializer)


@extend_schema_view(
    list=extend_schema(
        summary="Officials",
        description="People who hold or held an office. `q` searches every "
        "spelling of the name.",
    ),
    retrieve=extend_schema(
        summary="An official",
        description="By slug, with other names and every position (office, "
        "dates, sources). An old slug answers with a 301 to the current one.",
    ),
    create=extend_schema(summary="Add an official"),
    update=extend_schema(summary="Replace an official's fields"),
    partial_update=extend_schema(summary="Change some of an official's fields"),
    destroy=extend_schema(
        summary="Delete an official",
        description="Refused with a 409 while an event names them.",
    ),
)
class OfficialViewSet(RecordViewSet, viewsets.ModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    lookup_label = "slug"
    filter_backends = [FilterBackend]
    filterset_class = OfficialFilter
    queryset = Official.objects.all()
    last_modified_models = (Official, OtherName, Position, Office, Country, SOURCE)
    csv_columns = [
        ("uuid", "uuid"),
        ("slug", "slug"),
        ("name", "name"),
        ("other_names", "other_names.*.name"),
        ("country", "country"),
        ("current_positions", "current_positions.*.title"),
        ("bio", "bio"),
        ("portrait", "portrait"),
        ("wikidata_id", "wikidata_id"),
        ("url", "url"),
        *RECORD_CSV_COLUMNS,
    ]

    def get_queryset(self):
        officials = Official.objects.visible_to(self.request.user)
        if self.action == "list":
            return officials.for_list().prefetch_related("other_names")
        if self.action == "retrieve":
            return officials.for_detail()
        return officials.select_related("country")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return OfficialDetailSerializer
        return OfficialSerializer

    def perform_create(self, serializer):
        save_record(serializer=serializer, slug_from="name")

    def perform_update(self, serializer):
        save_record(serializer=serializer)
