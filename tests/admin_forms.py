"""Submit admin change forms the way a browser does, from the rendered page."""

from django import forms
from django.urls import reverse


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


def admin_url(model, view: str, *args) -> str:
    """The admin URL of ``view`` for a model or a record of it."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def change_url(record) -> str:
    return admin_url(record, "change", record.pk)


def add_url(model) -> str:
    return admin_url(model, "add")


def changelist_url(model) -> str:
    return admin_url(model, "changelist")


def submit(client, url: str, *rows: tuple[str, dict], **changes):
    """Load the form at ``url``, change some fields, fill one more inline row
    for each ``(prefix, {field: value})``, press Save."""
    data = form_data(client.get(url))
    data.update(changes)
    for prefix, values in rows:
        add_inline_row(data, prefix, **values)
    return client.post(url, {**data, "_save": "Save"})


def post(client, record, data: dict, **changes):
    """Press Save on ``record``'s change page with ``data``, read from the
    page perhaps long before (``form_data``), and some fields changed."""
    return client.post(change_url(record), {**data, **changes, "_save": "Save"})


def save(client, record, *rows: tuple[str, dict], **changes):
    """Save ``record``'s change page with some fields changed (see ``submit``)."""
    return submit(client, change_url(record), *rows, **changes)


# A new event as an editor types it into the add form (events.Event).
NEW_EVENT = {
    "title": "Kazakhstan joins the Abraham Accords",
    "kind": "announcement",
    "date": "2025-11-06",
    "summary": "The White House announces that Kazakhstan will join.",
}


def add(client, model, *rows: tuple[str, dict], **fields):
    """Save ``model``'s add page with ``fields`` filled in (see ``submit``)."""
    return submit(client, add_url(model), *rows, **fields)


def errors_of(response) -> str:
    """All error messages on a re-displayed form, as one string."""
    adminform = response.context["adminform"]
    messages = [str(e) for e in adminform.form.non_field_errors()]
    for field_errors in adminform.form.errors.values():
        messages += [str(e) for e in field_errors]
    for inline in response.context.get("inline_admin_formsets", []):
        messages += [str(e) for e in inline.formset.non_form_errors()]
        for form_errors in inline.formset.errors:
            for field_errors in form_errors.values():
                messages += [str(e) for e in field_errors]
    return " ".join(messages)
