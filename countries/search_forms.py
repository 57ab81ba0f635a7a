"""Forms that validate the query strings of the public country and official pages.

A bad value (an unknown status, a page that is not a number) gives the reader
a message saying what to change, never a server error.
"""

from django import forms

from countries.models import AccordsStatus, Country, Region

NO_STATUS = "none"


class PageForm(forms.Form):
    """A form on a public page: labels without a trailing colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FilterForm(PageForm):
    """A GET form of filters; ``filter()`` narrows a queryset once it is valid."""

    def filter_fields(self):
        return [field for field in self.visible_fields() if field.name != "page"]

    def cleaned(self, name):
        return self.cleaned_data.get(name) or None

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(
            self.cleaned_data.get(field.name) for field in self.filter_fields()
        )


class PagedFilterForm(FilterForm):
    """Filters and a ``page`` number that travels in the URL but is no field."""

    page = forms.IntegerField(
        min_value=1,
        max_value=10**9,
        required=False,
        error_messages={
            "invalid": "The page must be a whole number, for example 2.",
            "min_value": "Pages start at 1.",
            "max_value": "There are not that many pages.",
        },
    )


class CountryFilterForm(FilterForm):
    status = forms.ChoiceField(
        label="Accords status",
        required=False,
        choices=[
            ("", "Any status"),
            *AccordsStatus.choices,
            (NO_STATUS, "No status"),
        ],
    )
    region = forms.ChoiceField(
        required=False, choices=[("", "Any region"), *Region.choices]
    )

    def filter(self, countries):
        status = self.cleaned("status")
        if status == NO_STATUS:
            countries = countries.filter(status__isnull=True)
        elif status:
            countries = countries.filter(status=status)
        if region := self.cleaned("region"):
            countries = countries.filter(region=region)
        return countries


class OfficialFilterForm(PagedFilterForm):
    country = forms.ModelChoiceField(
        queryset=Country.objects.published().order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any country",
        error_messages={
            "invalid_choice": "There is no such country; choose one from the list."
        },
    )

    def filter(self, officials):
        if country := self.cleaned("country"):
            officials = officials.filter(country=country)
        return officials
