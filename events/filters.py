"""The filters of the events list, for the page and the API.

``date_after`` / ``date_before`` treat partial dates as the periods they
cover: ``date_after=2020-12-05`` includes an event dated "December 2020".
"""

import re

import django_filters
from django.db import models

from core.filters import (
    ChoiceFilter,
    DocumentedFilter,
    MultipleChoiceFilter,
    PartialDateFilter,
    RecordFilterSet,
    ReferenceField,
    ReferenceFilter,
    SearchFilter,
    ordering_filter,
)
from core.models import Confidence
from core.serializers import OFFICIAL_SLUG_SCHEMA
from countries.filters import CountryCodeFilter
from countries.models import Official
from events.models import (
    PRIMARY_KINDS,
    Citation,
    Event,
    EventKind,
    Publication,
    PublicationKind,
)


class OfficialSlugFilter(ReferenceFilter):
    target = Official
    to_field_name = "slug"
    schema = {k: v for k, v in OFFICIAL_SLUG_SCHEMA.items() if k != "example"}
    hint = "give an official's slug, for example kassym-jomart-tokayev."


class EventFilter(RecordFilterSet):
    q = SearchFilter(
        label="Text",
        help_text="Words in the title, summary, place, body or participants' "
        "names, in any spelling; several words find any of them, best matches "
        "first.",
    )
    kind = ChoiceFilter(
        choices=EventKind.choices, what="a kind of event", empty_label="Any kind"
    )
    country = CountryCodeFilter(
        field_name="countries", help_text="Events involving this country."
    )
    official = OfficialSlugFilter(
        field_name="participants__official",
        help_text="Events this official took part in.",
    )
    date_after = PartialDateFilter(
        method="filter_nothing",
        label="From",
        page_help_text="A year, month or day: 2020, 2020-12 or 2020-12-05.",
        help_text="Events whose period reaches this date or later (YYYY, YYYY-MM "
        "or YYYY-MM-DD; a month or year counts from its first day).",
    )
    date_before = PartialDateFilter(
        method="filter_nothing",
        label="To",
        page_help_text="The same forms; 2020 means to the end of 2020.",
        help_text="Events whose period starts on or before this date (a month or "
        "year counts to its last day).",
    )
    confidence = MultipleChoiceFilter(
        choices=Confidence.choices,
        what="a confidence",
        label="Confidence",
        page_help_text="Tick none for all events.",
        help_text="Only events of these confidences; repeat for several "
        "(`confidence=confirmed&confidence=reported` leaves out the disputed).",
    )
    ordering = ordering_filter("date", "title", "updated_at")

    orderings = {
        "date": "chronological",
        "-date": "latest_first",
        "title": ["title", "pk"],
        "-title": ["-title", "-pk"],
        "updated_at": ["updated_at", "pk"],
        "-updated_at": ["-updated_at", "-pk"],
    }
    default_ordering = "-date"
    changed_parts = ("citations", "photos")
    page_fields = (
        "q",
        "kind",
        "country",
        "official",
        "date_after",
        "date_before",
        "confidence",
    )
    ranges = (("date_after", "date_before"),)
    renamed_parameters = {"date_from": "date_after", "date_to": "date_before"}

    class Meta:
        model = Event
        fields = []

    def filter_queryset(self, queryset):
        start = self.form.cleaned_data.get("date_after")
        end = self.form.cleaned_data.get("date_before")
        if start or end:
            queryset = queryset.between(start and start.start, end and end.end)
        return super().filter_queryset(queryset)

    def filter_updated_after(self, queryset, name, value):
        # A citation shows its publication's fields: a publication corrected
        # since (its archive link, its title) changes the events citing it.
        changed = super().filter_updated_after(Event.objects.all(), name, value)
        recited = Citation.objects.filter(publication__updated_at__gt=value)
        return queryset.filter(
            models.Q(pk__in=changed.values("pk"))
            | models.Q(pk__in=recited.values("event"))
        )


class DocumentUrlFilter(DocumentedFilter, django_filters.CharFilter):
    """A document's address, exactly as stored but for a trailing slash."""

    field_class = ReferenceField
    # The schema's pattern is matched as a search, so it says "starts with".
    schema = {"type": "string", "pattern": "^https?://"}

    def __init__(self, **kwargs):
        super().__init__(
            pattern=re.compile(r"https?://.*", re.DOTALL),
            hint="give the document's address, starting with https:// or http://.",
            **kwargs,
        )

    def filter(self, queryset, value):
        if not value:
            return queryset
        bare = value.rstrip("/")
        return queryset.filter(url__in=[bare, f"{bare}/"])


YES_NO = [("true", "true"), ("false", "false")]


class PublicationFilter(RecordFilterSet):
    kind = MultipleChoiceFilter(
        choices=PublicationKind.choices,
        what="a kind of publication",
        help_text="Only publications of these kinds; repeat for several "
        "(`kind=treaty&kind=declaration`).",
    )
    primary = ChoiceFilter(
        choices=YES_NO,
        what="true or false",
        method="filter_primary",
        help_text="`true`: documents issued by a party (treaty, declaration, "
        "statement, transcript); `false`: news reports and reference works.",
    )
    publisher = django_filters.CharFilter(
        lookup_expr="iexact",
        strip=False,
        help_text="The publisher's name, in any case (`ynet` finds Ynet).",
    )
    url = DocumentUrlFilter(
        help_text="The document's address, exactly; a trailing slash does not "
        "count. Before adding a publication, ask whether it is already here.",
    )
    ordering = ordering_filter("title", "published_on", "updated_at")

    orderings = {
        "title": ["title", "publisher", "pk"],
        "-title": ["-title", "-publisher", "-pk"],
        "published_on": [models.F("published_on").asc(nulls_first=True), "pk"],
        "-published_on": [models.F("published_on").desc(nulls_last=True), "-pk"],
        "updated_at": ["updated_at", "pk"],
        "-updated_at": ["-updated_at", "-pk"],
    }
    default_ordering = "title"
    changed_parts = ("citations",)

    class Meta:
        model = Publication
        fields = []

    def filter_primary(self, queryset, name, value: str):
        if value == "true":
            return queryset.filter(kind__in=PRIMARY_KINDS)
        return queryset.exclude(kind__in=PRIMARY_KINDS)
