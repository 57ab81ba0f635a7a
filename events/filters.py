"""Query-string filters of the event endpoint, the same as the events page.

``date_after`` / ``date_before`` treat partial dates as the periods they
cover: ``date_after=2020-12-05`` includes an event dated "December 2020".
"""

import django_filters

from core.filters import (
    PartialDateFilter,
    RecordFilterSet,
    ReferenceFilter,
    SearchFilter,
    choice_errors,
    ordering_filter,
)
from core.serializers import OFFICIAL_SLUG_SCHEMA
from countries.filters import CountryCodeFilter
from countries.models import Official
from events.models import Event, EventKind


def visible_officials(request):
    return Official.objects.visible_to(getattr(request, "user", None))


class OfficialSlugFilter(ReferenceFilter):
    schema = {k: v for k, v in OFFICIAL_SLUG_SCHEMA.items() if k != "example"}

    def __init__(self, **kwargs):
        super().__init__(
            records=visible_officials,
            to_field_name="slug",
            pattern=OFFICIAL_SLUG_SCHEMA["pattern"],
            hint="give an official's slug, as in /api/v1/officials/.",
            **kwargs,
        )


class EventFilter(RecordFilterSet):
    q = SearchFilter(
        method="filter_text", help_text="Text in the title, summary, place or body."
    )
    kind = django_filters.ChoiceFilter(
        choices=EventKind.choices,
        error_messages=choice_errors("a kind of event", EventKind.choices),
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
        help_text="Events whose period reaches this date or later (YYYY, YYYY-MM "
        "or YYYY-MM-DD; a month or year counts from its first day).",
    )
    date_before = PartialDateFilter(
        method="filter_nothing",
        help_text="Events whose period starts on or before this date (a month or "
        "year counts to its last day).",
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
    changed_parts = ("sources", "photos")

    class Meta:
        model = Event
        fields = []

    def filter_queryset(self, queryset):
        start = self.form.cleaned_data.get("date_after")
        end = self.form.cleaned_data.get("date_before")
        if start or end:
            queryset = queryset.between(start and start.start, end and end.end)
        return super().filter_queryset(queryset)

    def filter_text(self, queryset, name, value: str):
        return queryset.search(value)
