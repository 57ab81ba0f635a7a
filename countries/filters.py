"""The filters of the country and official lists, for the pages and the API.

Besides what the pages' forms draw, both take ``q``, ``ordering`` and
``updated_after`` (incremental sync), and countries ``role`` and ``as_of``
(the accords status on a past date). The countries page also takes ``view``:
its cards, or the comparison table whose headers sort it (``ordering``).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import (
    ChoiceField,
    ChoiceFilter,
    DayFilter,
    RecordFilterSet,
    ReferenceFilter,
    SearchFilter,
    choice_errors,
    ordering_filter,
)
from core.slugs import find_by_old_slug
from countries import growth
from countries.models import AccordsStatus, Country, Official, Region, Role

NO_STATUS = "none"
STATUS_CHOICES = [*AccordsStatus.choices, (NO_STATUS, _("No status"))]
# How the countries page shows its rows: a choice of the page, not a filter
# (the API does not take it).
CARDS, TABLE = "cards", "table"
VIEW_CHOICES = [(CARDS, _("Cards")), (TABLE, _("Table"))]


class CountryCodeFilter(ReferenceFilter):
    """A country by its ISO 3166-1 alpha-2 code, in any case."""

    any_label = _("Any country")

    target = Country
    to_field_name = "iso2"
    schema = {"type": "string", "pattern": "^[A-Za-z]{2}$"}
    hint = "give a country's ISO 3166-1 alpha-2 code, for example KZ."
    normalize = staticmethod(str.upper)

    def moved_value(self, value: str, request) -> str:
        """The pages took a country's slug (``kazakhstan``) before its code."""
        if not value or self.field.pattern.fullmatch(value):
            return value
        countries = self.records(request)
        country = countries.filter(slug=value).first() or find_by_old_slug(
            Country, value
        )
        if country is None or not countries.filter(pk=country.pk).exists():
            return value
        return country.iso2


class CountryFilter(RecordFilterSet):
    as_of = DayFilter(
        method="filter_nothing",
        help_text="The date whose accords status `status` reports and filters "
        "(YYYY-MM-DD); today when left out.",
    )
    status = ChoiceFilter(
        choices=STATUS_CHOICES,
        what=_("an accords status"),
        method="filter_status",
        label=_("Accords status"),
        empty_label=_("Any status"),
        help_text="Accords status on the `as_of` date; `none` for countries "
        "without one.",
    )
    region = ChoiceFilter(
        choices=Region.choices,
        what=_("a region"),
        label=_("Region"),
        empty_label=_("Any region"),
    )
    role = ChoiceFilter(choices=Role.choices, what=_("a role"), label=_("Role"))
    q = SearchFilter(
        help_text="Any name of the country, in any language or spelling "
        "(“UAE”, “Kazakstan”, “קזחסטן”), or its ISO code."
    )
    ordering = ordering_filter(
        "name", "iso2", "region", "updated_at", "status", *growth.STEPS
    )

    orderings = {
        **growth.step_orderings(),
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
    page_fields = ("status", "region")

    class Meta:
        model = Country
        fields = []

    @property
    def status_day(self):
        """The day whose accords status the list shows and filters."""
        return self.form.cleaned_data.get("as_of") or timezone.localdate()

    def get_form_class(self):
        form_class = super().get_form_class()
        view = ChoiceField(
            choices=VIEW_CHOICES,
            required=False,
            error_messages=choice_errors(VIEW_CHOICES, "a view"),
        )
        return type(
            form_class.__name__,
            (form_class,),
            {"view": view, "not_filters": form_class.not_filters | {"view"}},
        )

    def filter_queryset(self, queryset):
        queryset = queryset.with_status_on(self.status_day)
        return super().filter_queryset(
            growth.with_step_dates(queryset, self.status_day)
        )

    # The comparison table (``?view=table``) ---------------------------------

    @property
    def shows_table(self) -> bool:
        return self.form.cleaned_data.get("view") == TABLE

    @property
    def table_rows(self) -> list[growth.Row]:
        # The rows the page already fetched: qs is evaluated once.
        return growth.table_rows(self.qs)

    @property
    def table_columns(self) -> list[growth.Column]:
        ordering = self.form.cleaned_data.get("ordering") or self.default_ordering
        return growth.table_columns(self.data, ordering)

    @property
    def sorted_column(self) -> growth.Column | None:
        return next((c for c in self.table_columns if c.sort), None)

    def filter_status(self, queryset, name, value: str):
        if value == NO_STATUS:
            return queryset.filter(status__isnull=True)
        return queryset.filter(status=value)


class OfficialFilter(RecordFilterSet):
    q = SearchFilter(
        help_text="Any name of the official, in any spelling or script "
        "(“Lutnik” finds Howard Lutnick, “nazarbaev” Nursultan Nazarbayev); "
        "several words find any of them, best matches first.",
    )
    country = CountryCodeFilter(
        label=_("Country"), help_text="The country the official serves."
    )
    ordering = ordering_filter("name", "updated_at")

    orderings = {
        "name": ["name", "pk"],
        "-name": ["-name", "-pk"],
        "updated_at": ["updated_at", "pk"],
        "-updated_at": ["-updated_at", "-pk"],
    }
    default_ordering = "name"
    changed_parts = ("positions",)
    page_fields = ("country",)

    class Meta:
        model = Official
        fields = []
