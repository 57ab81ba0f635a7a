"""Forms that validate the query strings of the public event pages.

Every filter lives in the URL so a view can be shared; a bad value gives a
message saying what to change, never a server error.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.forms import PartialDateField, PartialDateWidget
from countries.models import Country, Official
from countries.search_forms import PagedFilterForm, PageForm
from events.models import EventKind

MAX_QUERY_LENGTH = 200


def text_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters "
            "(this text has %(show_value)d)."
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class LongSelect(forms.Select):
    """A select rendered in Python, not a template per option: the list of
    officials runs into thousands, which the template way takes 100 ms to draw.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, " selected" if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


class EventFilterForm(PagedFilterForm):
    q = text_field("Text")
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Any kind"), *EventKind.choices],
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of event; choose one "
            "from the list."
        },
    )
    country = forms.ModelChoiceField(
        queryset=Country.objects.published().only("name", "slug").order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any country",
        error_messages={
            "invalid_choice": "There is no such country; choose one from the list."
        },
    )
    official = forms.ModelChoiceField(
        queryset=Official.objects.published().only("name", "slug").order_by("name"),
        to_field_name="slug",
        widget=LongSelect,
        required=False,
        empty_label="Any official",
        error_messages={
            "invalid_choice": "There is no such official; choose one from the list."
        },
    )
    date_from = PartialDateField(
        label="From",
        required=False,
        widget=PartialDateWidget(attrs={"size": 10, "placeholder": False}),
        help_text="A year, month or day: 2020, 2020-12 or 2020-12-05.",
    )
    date_to = PartialDateField(
        label="To",
        required=False,
        widget=PartialDateWidget(attrs={"size": 10, "placeholder": False}),
        help_text="The same forms; 2020 means to the end of 2020.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start.start > end.end:
            raise ValidationError(
                f"“From” ({start}) is after “To” ({end}); swap the two dates."
            )
        return cleaned

    def filter(self, events):
        if text := self.cleaned("q"):
            events = events.search(text)
        if kind := self.cleaned("kind"):
            events = events.filter(kind=kind)
        if country := self.cleaned("country"):
            events = events.filter(countries=country)
        if official := self.cleaned("official"):
            events = events.filter(participants__official=official)
        start, end = self.cleaned("date_from"), self.cleaned("date_to")
        if start or end:
            events = events.between(start and start.start, end and end.end)
        return events


class SearchForm(PageForm):
    q = text_field("Search for")


class AsOfForm(PageForm):
    date = forms.DateField(
        label="Date",
        input_formats=["%Y-%m-%d"],
        help_text="Year, month and day, for example 2020-09-15.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter a date, for example 2020-09-15.",
            "invalid": "Enter a real date as YYYY-MM-DD, for example 2020-09-15.",
        },
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(
                "Choose today or a date in the past: the tracker records what "
                "has happened."
            )
        if day < datetime.date(1900, 1, 1):
            raise ValidationError("Choose a date from 1900 on.")
        return day
