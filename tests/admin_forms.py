"""Submit admin change forms the way a browser does, from the rendered page."""

from django import forms


def _put(data: dict, bound_field) -> None:
    field = bound_field.field
    if isinstance(field, forms.FileField):
        return  # an unchanged file is not sent again
    value = bound_field.value()
    if isinstance(field.widget, forms.CheckboxInput):
        if value:
            data[bound_field.html_name] = "on"
        return
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        data[bound_field.html_name] = [str(v) for v in value or []]
        return
    if isinstance(value, list | tuple):
        data[bound_field.html_name] = [str(v) for v in value]
        return
    data[bound_field.html_name] = "" if value is None else str(value)


def _put_form(data: dict, form) -> None:
    for bound_field in form:
        _put(data, bound_field)


def form_data(response) -> dict:
    """Everything the change (or add) page would post back unchanged."""
    data: dict = {}
    _put_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _put_form(data, formset.management_form)
        for form in formset.forms:
            _put_form(data, form)
    return data


def add_inline_row(data: dict, prefix: str, **values) -> None:
    """Fill one more row of the inline formset ``prefix``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
