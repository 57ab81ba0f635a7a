"""Form fields shared by the admin, the public pages and the API.

- ``PartialDateField``: the one form field of a partial date (``1992``,
  ``1992-04``, ``1992-04-15``), parsed by ``PartialDate.parse``.
"""

from __future__ import annotations

from django import forms

from core.partial_dates import HTML_PATTERN, PartialDate

# Fields --------------------------------------------------------------------


class PartialDateWidget(forms.TextInput):
    """Digits and hyphens, with a pattern the browser checks without JS."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "size": 12,
                "maxlength": 10,
                "placeholder": "e.g. 1992-04",
                "inputmode": "numeric",
                "pattern": HTML_PATTERN,
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, PartialDate):
            return value.isoformat()
        return super().format_value(value)


class ParsedField(forms.CharField):
    """Text turned into a value by ``parse`` (None when left empty), which
    raises a ValidationError saying what to change."""

    def parse(self, text: str):
        raise NotImplementedError

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return self.parse(text)


class PartialDateField(ParsedField):
    """A date known to the day, the month or the year, typed the ISO way.

    Cleaned to a ``PartialDate``. Surrounding spaces are stripped unless
    ``strip=False`` (the API's query strings take a value exactly as given).
    """

    widget = PartialDateWidget

    def parse(self, text: str) -> PartialDate:
        return PartialDate.parse(text)

    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        return super().to_python(value)

    def prepare_value(self, value):
        # What a browser sends back (BoundField.value()), not "April 1992".
        return value.isoformat() if isinstance(value, PartialDate) else value
