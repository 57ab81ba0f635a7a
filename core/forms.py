"""Form fields and form bases shared by the admin, the public pages and the API.

- ``PartialDateField``: the one form field of a partial date (``1992``,
  ``1992-04``, ``1992-04-15``), parsed by ``PartialDate.parse``.
- ``PageForm`` and ``FilterForm``: the forms of the public pages, whose
  filters come from the apps' FilterSets (see ``core.filters``). A bad value
  gives the reader a message saying what to change, never a server error.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.partial_dates import HTML_PATTERN, PartialDate

SEARCH_MAX_LENGTH = 200

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


class SearchField(forms.CharField):
    """Text to look for, at most ``SEARCH_MAX_LENGTH`` characters."""

    # dir="auto": Hebrew and Arabic are typed right to left.
    widget = forms.SearchInput(attrs={"dir": "auto"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        kwargs.setdefault(
            "error_messages",
            {
                "max_length": _(
                    "Search for at most %(limit_value)d characters "
                    "(this text has %(show_value)d)."
                )
            },
        )
        super().__init__(**kwargs)


class PageNumberField(forms.IntegerField):
    """A ``page`` number that travels in the URL but is drawn as no field."""

    def __init__(self, **kwargs):
        super().__init__(
            min_value=1,
            max_value=10**9,
            required=False,
            error_messages={
                "invalid": _("The page must be a whole number, for example 2."),
                "min_value": _("Pages start at 1."),
                "max_value": _("There are not that many pages."),
            },
            **kwargs,
        )


class RecordSelect(forms.Select):
    """A select of records drawn in Python, not a template per option: the
    list of officials runs into thousands, which the template way takes 100 ms
    to draw.

    ``records()`` gives ``(value, label)`` pairs and is queried only when the
    select is drawn. A value that names none of them (typed in the address)
    stays selected, so the form shows what the list is filtered by.
    """

    def __init__(self, records, *, empty_label: str, attrs=None):
        super().__init__(attrs)
        self.records = records
        self.empty_label = empty_label

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = [("", self.empty_label), *self.records()]
        if selected and all(str(option) != selected for option, _ in options):
            options.append((selected, selected))
        rendered = mark_safe(
            "".join(
                f'<option value="{escape(option)}"'
                f"{' selected' if str(option) == selected else ''}>"
                f"{conditional_escape(label)}</option>"
                for option, label in options
            )
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attrs), rendered)


# Fields drawn in Python -----------------------------------------------------

# Widgets whose template is Django's input.html and nothing else.
PLAIN_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        *("text", "search", "number", "email", "url", "password", "hidden"),
        *("date", "datetime", "time", "tel", "color"),
    )
)


def html_attributes(attrs: dict) -> str:
    """Django's widgets/attrs.html: a False attribute left out, a True one
    bare, in the order given."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict) -> str:
    """Django's widgets/input.html for a widget's (or a choice's) context."""
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(str(value))}"'
    return (
        f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
        f"{shown}{html_attributes(widget['attrs'])}>"
    )


class PageField(forms.BoundField):
    """A field of a page's form drawn as Django's field.html draws it (label,
    help text, errors, the control), in Python: the templates of one field
    and its widget took a millisecond a field, the events filters ten.
    Widgets of other kinds, and choices in groups, keep their templates."""

    def as_field_group(self):
        parts = []
        if self.use_fieldset:
            describedby = self.aria_describedby
            parts.append(
                format_html('<fieldset aria-describedby="{}">', describedby)
                if describedby
                else "<fieldset>"
            )
            if self.label:
                parts.append(str(self.legend_tag()))
        elif self.label:
            parts.append(self.label_html())
        if self.help_text:
            helptext_id = (
                f' id="{escape(self.auto_id)}_helptext"' if self.auto_id else ""
            )
            parts.append(f'<div class="helptext"{helptext_id}>{self.help_text}</div>')
        if self.errors:
            parts.append(str(self.errors))
        parts.append(self.control())
        if self.use_fieldset:
            parts[-1] += "</fieldset>"
        return mark_safe("\n".join(parts))

    def label_html(self) -> str:
        """label_tag() with the form's empty label suffix."""
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        target = widget.id_for_label(id_) if id_ else None
        if not id_:
            return escape(self.label)
        if not target:
            return format_html("<label>{}</label>", self.label)
        return format_html('<label for="{}">{}</label>', target, self.label)

    def control(self) -> str:
        """What ``{{ field }}`` draws: the widget with the field's attributes."""
        widget = self.field.widget
        plain_select = type(widget) is forms.Select
        choices = type(widget) in (forms.CheckboxSelectMultiple, forms.RadioSelect)
        if widget.template_name not in PLAIN_INPUTS and not (plain_select or choices):
            return str(self)
        attrs = self.build_widget_attrs({}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        context = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        if plain_select:
            return self.select_html(context)
        if choices:
            return self.choices_html(context)
        return mark_safe(input_html(context))

    def choices_html(self, context: dict) -> str:
        """Django's multiple_input.html: each choice's input in its label."""
        id_ = context["attrs"].get("id")
        class_ = context["attrs"].get("class")
        items = []
        for group_name, group_options, _index in context["optgroups"]:
            if group_name:
                return str(self)
            for option in group_options:
                control = input_html(option)
                if option["wrap_label"]:
                    target = option["attrs"].get("id")
                    for_ = f' for="{escape(target)}"' if target else ""
                    control = (
                        f"<label{for_}>{control} {escape(option['label'])}</label>"
                    )
                items.append(f"<div>\n    {control}</div>")
        return mark_safe(
            "<div"
            + (f' id="{escape(id_)}"' if id_ else "")
            + (f' class="{escape(class_)}"' if class_ else "")
            + ">"
            + "".join(items)
            + "\n</div>"
        )

    def select_html(self, context: dict) -> str:
        options = []
        for group_name, group_options, _index in context["optgroups"]:
            if group_name:
                # Drawn by the templates, which know optgroups.
                return str(self)
            options += [
                f'<option value="{escape(str(option["value"]))}"'
                f"{html_attributes(option['attrs'])}>{escape(option['label'])}</option>"
                for option in group_options
            ]
        return mark_safe(
            f'<select name="{escape(context["name"])}"'
            f"{html_attributes(context['attrs'])}>{''.join(options)}</select>"
        )


# Forms ---------------------------------------------------------------------


class PageForm(forms.Form):
    """A form on a public page: labels without a trailing colon, and its
    errors ready for the summary above the results (includes/form_errors.html).
    """

    bound_field_class = PageField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def shown_fields(self) -> list[forms.BoundField]:
        """The fields drawn on the page."""
        return self.visible_fields()

    def error_label(self, field: forms.BoundField) -> str:
        return str(field.label)

    @property
    def error_items(self) -> list[dict]:
        """Each error with what it concerns: a drawn field by its label, linked
        to it; a value given only in the address by its parameter.
        """
        items = [{"message": message} for message in self.non_field_errors()]
        shown = {field.name for field in self.shown_fields()}
        for field in self:
            for message in field.errors:
                if field.name in shown:
                    label, anchor = self.error_label(field), field.auto_id
                else:
                    label, anchor = field.name, ""
                items.append({"label": label, "anchor": anchor, "message": message})
        return items


class FilterForm(PageForm):
    """The form of a FilterSet (``core.filters.RecordFilterSet`` builds it).

    ``shown`` names the filters drawn on the page, in order; the others are
    honoured all the same, and travel as hidden inputs when given, so the
    form keeps them. ``ranges`` pairs the filters that bound a period.
    """

    shown: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str], ...] = ()
    # Parameters that choose a page or an order, not which rows.
    not_filters = frozenset({"page", "ordering"})

    def shown_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.shown]

    def error_label(self, field: forms.BoundField) -> str:
        # The label, and the parameter the API and the address know it by.
        label = str(field.label)
        return label if label.lower() == field.name else f"{label} ({field.name})"

    def carried_fields(self) -> list[forms.BoundField]:
        """Filters given in the address that the form does not draw; not a bad
        one, so that sending the form again clears its error."""
        return [
            self[name]
            for name in self.fields
            if name not in self.shown
            and name != "page"
            and self.data.get(name)
            and not self.has_error(name)
        ]

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(
            value
            for name, value in self.cleaned_data.items()
            if name not in self.not_filters
        )

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        for name, field in self.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                continue  # Several values are its point.
            if getlist is not None and len(getlist(name)) > 1:
                self.add_error(
                    name,
                    ValidationError(_("Give this parameter once."), code="repeated"),
                )
        for start_name, end_name in self.ranges:
            start, end = cleaned.get(start_name), cleaned.get(end_name)
            if start and end and start.start > end.end:
                self.add_error(
                    end_name,
                    ValidationError(
                        _(
                            "The period ends (%(end)s) before it starts "
                            "(%(start)s); swap the two dates."
                        )
                        % {"end": end, "start": start},
                        code="dates_out_of_order",
                    ),
                )
        return cleaned
