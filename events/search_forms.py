"""The forms of the search page and the home page's "as of" date.

The events list's filters are its FilterSet's (events/filters.py).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PageForm, SearchField


class SearchForm(PageForm):
    q = SearchField(label=_("Search for"), required=False)


class AsOfForm(PageForm):
    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d"],
        help_text=_("YYYY-MM-DD, for example 2020-09-15."),
        # A text box: browsers draw type="date" in the reader's locale
        # (11/30/2026), beside a help text and errors that speak ISO.
        widget=forms.DateInput(
            format="%Y-%m-%d",
            attrs={
                "size": 10,
                "maxlength": 10,
                "pattern": "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                "autocomplete": "off",
                "dir": "auto",
            },
        ),
        error_messages={
            "required": _("Enter a date, for example 2020-09-15."),
            "invalid": _("Enter a real date as YYYY-MM-DD, for example 2020-09-15."),
        },
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise ValidationError(
                _(
                    "Choose today or a date in the past: the tracker records what "
                    "has happened."
                )
            )
        if day < datetime.date(1900, 1, 1):
            raise ValidationError(_("Choose a date from 1900 on."))
        return day
