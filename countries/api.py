"""API endpoints of countries (by ISO code) and officials (by slug)."""

from django.utils import timezone

from core.api import RecordViewSet, SluggedRecordViewSet, record_endpoints
from core.citations import load_citations
from core.filters import FilterBackend
from countries import models
from countries.filters import CountryFilter, OfficialFilter
from countries.serializers import (
    CountryDetailSerializer,
    CountrySerializer,
    OfficialDetailSerializer,
    OfficialSerializer,
)

# Citations and events belong to events/, which countries/ does not import;
# their models are reached through the relations that show them here.
CITATION = models.StatusChange._meta.get_field("citations").related_model
PUBLICATION = CITATION._meta.get_field("publication").related_model
EVENT = models.StatusChange._meta.get_field("events").related_model


@record_endpoints(
    models.Country,
    list={
        "description": "Countries with their accords status on `as_of` (today by "
        "default). CSV (`?format=csv` or `Accept: text/csv`) holds the same rows "
        "as the JSON page."
    },
    retrieve={
        "description": "By ISO 3166-1 alpha-2 code (any case), with its status "
        "timeline, relation with Israel and missions, each with its citations."
    },
    destroy={
        "description": "Refused with a 409 while officials, missions or events "
        "refer to it."
    },
)
class CountryViewSet(RecordViewSet):
    lookup_field = "iso2"
    lookup_value_regex = "[A-Za-z]{2}"
    lookup_label = "code"
    filter_backends = [FilterBackend]
    filterset_class = CountryFilter
    queryset = models.Country.objects.all()
    serializer_class = CountrySerializer
    detail_serializer_class = CountryDetailSerializer
    csv_paths = {"other_names": "other_names.*.name"}

    def get_queryset(self):
        countries = models.Country.objects.visible_to(self.request.user)
        if self.action == "list":
            return countries.for_api_list()
        if self.action == "retrieve":
            return countries.with_status_on(timezone.localdate()).for_api_detail()
        return countries.with_status_on(timezone.localdate())

    def find(self, queryset, value):
        country = queryset.filter(iso2=value.upper()).first()
        if country is not None and self.action == "retrieve":
            load_citations([getattr(country, "relation_with_israel", None)])
        return country


@record_endpoints(
    models.Official,
    list={
        "description": "People who hold or held an office. `q` searches every "
        "spelling of the name."
    },
    retrieve={
        "description": "By slug, with other names and every position (office, "
        "dates, citations). An old slug answers with a 301 to the current one."
    },
    destroy={"description": "Refused with a 409 while an event names them."},
)
class OfficialViewSet(SluggedRecordViewSet):
    filter_backends = [FilterBackend]
    filterset_class = OfficialFilter
    queryset = models.Official.objects.all()
    serializer_class = OfficialSerializer
    detail_serializer_class = OfficialDetailSerializer
    slug_from = "name"
    csv_paths = {
        "other_names": "other_names.*.name",
        "current_positions": "current_positions.*.title",
    }

    def get_queryset(self):
        officials = models.Official.objects.visible_to(self.request.user)
        if self.action == "list":
            return officials.for_api_list()
        if self.action == "retrieve":
            return officials.for_api_detail()
        return officials.select_related("country")
