"""Query-string filters of the country and official endpoints.

The same filters as the pages, plus ``as_of`` (the accords status on a past
date), ``updated_after`` (incremental sync) and a whitelisted ``ordering``.
"""

import django_filters
from django.db.models import Q
from django.utils import timezone

from core.filters import (
    DayFilter,
    RecordFilterSet,
    ReferenceFilter,
    SearchFilter,
    choice_errors,
    ordering_filter,
)
from core.serializers import COUNTRY_CODE_SCHEMA
from countries.models import AccordsStatus, Country, Official, Region, Role

NO_STATUS = "none"
STATUS_CHOICES = [*AccordsStatus.choices, (NO_STATUS, "No status")]


def visible_countries(request):
    user = getattr(request, "user", None)
    return Country.objects.visible_to(user)


class CountryCodeFilter(ReferenceFilter):
    schema = {k: v for k, v in COUNTRY_CODE_SCHEMA.items() if k != "example"}

    def __init__(self, **kwargs):
        super().__init__(
            records=visible_countries,
            to_field_name="iso2",
            pattern=COUNTRY_CODE_SCHEMA["pattern"],
            hint="give a country's ISO 3166-1 alpha-2 code in capitals, "
            "for example KZ.",
            **kwargs,
        )


class CountryFilter(RecordFilterSet):
    as_of = DayFilter(
        method="filter_nothing",
        help_text="The date whose accords status `status` reports and filters "
        "(YYYY-MM-DD); today when left out.",
    )
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES,
        method="filter_status",
        error_messages=choice_errors("an accords status", STATUS_CHOICES),
        help_text="Accords status on the `as_of` date; `none` for countries "
        "without one.",
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices, error_messages=choice_errors("a region", Region.choices)
    )
    role = django_filters.ChoiceFilter(
        choices=Role.choices, error_messages=choice_errors("a role", Role.choices)
    )
    q = SearchFilter(
        method="filter_text", help_text="Text in the name or the ISO codes."
    )
    ordering = ordering_filter("name", "iso2", "region", "updated_at")

    orderings = {
        "name": ["name", "pk"],
        "-name": ["-name", "-pk"],
        "iso2": ["iso2"],
        "-iso2": ["-iso2"],
        "region": ["region", "name", "pk"],
        "-region": ["-region", "-name", "-pk"],
        "updated_at": ["updated_at", "pk"],
        "-updated_at": ["-updated_at", "-pk"],
    }
    default_ordering = "name"
    changed_parts = (
        "status_changes",
        "relation_with_israel",
        "missions_sent",
        "missions_hosted",
    )

    class Meta:
        model = Country
        fields = []

    def filter_queryset(self, queryset):
        day = self.form.cleaned_data.get("as_of") or timezone.localdate()
        return super().filter_queryset(queryset.with_status_on(day))

    def filter_status(self, queryset, name, value: str):
        if value == NO_STATUS:
            return queryset.filter(status__isnull=True)
        return queryset.filter(status=value)

    def filter_text(self, queryset, name, value: str):
        return queryset.filter(
            Q(name__icontains=value) | Q(iso2__iexact=value) | Q(iso3__iexact=value)
        )


class OfficialFilter(RecordFilterSet):
    q = SearchFilter(
        method="filter_text",
        help_text="Text in the name or any other spelling (“Lutnik” finds Howard "
        "Lutnick).",
    )
    country = CountryCodeFilter(help_text="The country the official serves.")
    ordering = ordering_filter("name", "updated_at")

    orderings = {
        "name": ["name", "pk"],
        "-name": ["-name", "-pk"],
        "updated_at": ["updated_at", "pk"],
        "-updated_at": ["-updated_at", "-pk"],
    }
    default_ordering = "name"
    changed_parts = ("positions",)

    class Meta:
        model = Official
        fields = []

    def filter_text(self, queryset, name, value: str):
        return queryset.search(value)
