"""What every editing screen of the admin shares, for both apps.

- Partial dates typed as one value (``1992``, ``1992-04``, ``1992-04-15``)
  that sets the date and its precision.
- Optimistic locking: the record's ``version`` travels as a hidden input, and
  a save based on an older version is refused (see ``core.workflow``).
- Slugs made from the title, unique, and stable once a record is published.
- History with a field-by-field difference and revert (django-simple-history).
- Publish / unpublish, single and bulk, gated on sources; "View on site" for
  published records and a preview link for drafts.
- An app higher up adds inlines to a lower app's admin with ``add_inline``
  (events/ shows the sources of countries/' claims on their pages).
"""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation, InlineModelAdmin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core import (  # noqa: F401
    audit,
    audit_admin,
    history,
    review_admin,
    slugs,
    text,
    workflow,
)
from core.forms import PartialDateField
from core.merge import latest_history, three_way_merge
from core.models import (
    AuditAction,
    Correction,
    PublicationStatus,
    Publishable,
    SitePage,
    partial_date_fields,
    record_correction,
    translated_fields,
)
from core.partial_dates import FORMAT_HINT, Precision
from core.templatetags.languages import list_separator
from core.translation import FALLBACK, language_codes


def precision_fields(model) -> list[str]:
    return [f"{name}_precision" for name in partial_date_fields(model)]


def partial_date_help(model_field) -> str:
    # Only the model's first sentence: its note on how a partial date is
    # stored does not concern an editor, who types the precision itself.
    first = str(model_field.help_text).split(". ")[0].rstrip(".")
    type_only = gettext(
        "Type only what the source says: 1992-04 is kept and shown as “April 1992”."
    )
    hint = f"{FORMAT_HINT} {type_only}"
    return f"{first}. {hint}" if first else hint


def show_partial_date(record, field: str) -> str:
    value = getattr(record, f"{field}_partial")
    return str(value) if value else ""


def partial_date_column(field: str, description: str):
    """A changelist column showing a partial date at its precision."""

    @admin.display(description=description, ordering=field)
    def column(record):
        return show_partial_date(record, field) or None

    column.__name__ = f"{field}_shown"
    return column


# Hidden fields that say which version an editor opened, not what they changed.
BOOKKEEPING = ("version", "loaded_history")


def tracks_history_only(model) -> bool:
    """Versioned by its history rows: history, but no ``version`` field."""
    return hasattr(model, "history") and not workflow.has_version(model)


class EditorialForm(forms.ModelForm):
    """The admin form of every editable model (and of inline rows)."""

    # Set by EditorialAdmin.get_form: whether a sources inline on the same page
    # checks the publication gate (it sees the sources about to be saved).
    sources_checked_by_inline = False
    # Set for the revert screen: the record is saved over its stored version.
    lock_on_stored_version = False

    # What a record without a ``version`` field (a participant) was when the
    # form was opened: its latest history row (see core.merge).
    loaded_history = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        # A translated field's own name (``name``) edits its English column,
        # whatever language the admin is shown in; its other languages are
        # fields of their own (``name_he``…) beside it (translated_fieldsets).
        with translation.override(FALLBACK):
            super().__init__(*args, **kwargs)
        model = self._meta.model
        for name in translated_fields(model):
            if name in self.fields:
                self.fields[name].label = f"{self.fields[name].label} [{FALLBACK}]"
            for code in language_codes():
                column = self.fields.get(f"{name}_{code}")
                if column is not None:
                    column.widget.attrs.update(lang=code, dir="auto")
        if not tracks_history_only(model):
            self.fields.pop("loaded_history", None)
        elif self.instance.pk:
            self.initial["loaded_history"] = latest_history(self.instance)
        self.partial_dates = [
            name for name in partial_date_fields(model) if name in self.fields
        ]
        for name in self.partial_dates:
            model_field = model._meta.get_field(name)
            self.fields[name] = PartialDateField(
                required=not model_field.blank,
                label=self.fields[name].label,
                help_text=partial_date_help(model_field),
            )
            self.initial[name] = getattr(self.instance, f"{name}_partial")
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False
            if self.lock_on_stored_version and self.instance.pk:
                self.initial["version"] = (
                    type(self.instance)
                    ._default_manager.filter(pk=self.instance.pk)
                    .values_list("version", flat=True)
                    .first()
                )

    def _post_clean(self):
        # The form's values go onto the record here: ``name`` into name_en.
        with translation.override(FALLBACK):
            super()._post_clean()

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            # Browsers send text areas with CRLF: saved as is, every re-save
            # would show each multi-line field as changed in the history.
            if isinstance(value, str) and "\r" in value:
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        self._check_text(cleaned)
        for name in self.partial_dates:
            if name not in cleaned:
                continue
            value = cleaned[name]
            setattr(
                self.instance,
                f"{name}_precision",
                value.precision if value else Precision.DAY,
            )
            cleaned[name] = value.date if value else None
        self._check_version(cleaned)
        self._check_publication(cleaned)
        return cleaned

    def _check_text(self, cleaned) -> None:
        """Control characters, direction overrides, invisible-only text."""
        opts = self._meta.model._meta
        problems = {}
        if cleaned.get("correction_note"):
            try:
                text.check_text(
                    cleaned["correction_note"], single_line=True, required=False
                )
            except ValidationError as error:
                problems["correction_note"] = error
        for name, value in cleaned.items():
            try:
                text.check_field_text(opts.get_field(name), value)
            except FieldDoesNotExist:
                continue
            except ValidationError as error:
                problems[name] = error
        for name, error in problems.items():
            self.add_error(name, error)

    def _is_unchanged_inline_row(self) -> bool:
        # Inline rows carry a formset prefix, and their formset saves only the
        # rows that changed; the main object is saved whatever changed.
        return self.prefix is not None and not self.has_changed()

    def _check_version(self, cleaned) -> None:
        """Merge this save with any made since the editor opened the form.

        Fields only the other person changed keep their value; fields both
        changed are shown side by side (``merge_conflicts``) with a choice
        posted as ``<prefix>-merge-<field>``, valid for the stored version
        posted as ``<prefix>-merge_against``.
        """
        self.merge = None
        loaded = cleaned.get("version", cleaned.get("loaded_history"))
        if loaded is None or self.instance.pk is None:
            return
        if self._is_unchanged_inline_row():
            return
        changes = {
            name: cleaned[name]
            for name in self.fields
            if name in cleaned and name not in BOOKKEEPING
        }
        for name in self.partial_dates:
            if name in changes:
                changes[f"{name}_precision"] = getattr(
                    self.instance, f"{name}_precision"
                )
        merge = three_way_merge(self.instance, loaded_version=loaded, changes=changes)
        if not merge.stale:
            return
        self.merge = merge
        if str(merge.stored_version) == self.data.get(self.add_prefix("merge_against")):
            merge.resolve(
                {
                    name: self.data.get(self.add_prefix(f"merge-{name}"))
                    for name in list(merge.conflicts)
                }
            )
        if merge.conflicts:
            names = list_separator().join(c.label for c in merge.conflicts.values())
            self.add_error(
                None, merge.message(workflow.STALE_IN_ADMIN % {"fields": names})
            )
            return
        for name, value in merge.values.items():
            if name.endswith("_precision") and name not in self.fields:
                setattr(self.instance, name, value)
            elif name in cleaned:
                cleaned[name] = value
        if "version" in cleaned:
            # Saved on top of the stored version, which the save moves on.
            cleaned["version"] = merge.stored_version
        if self.prefix is not None and set(self.changed_data) <= set(merge.kept):
            # A row the editor left as they found it: only its stale values
            # differed, and theirs are kept. Its formset leaves it alone.
            self.__dict__["changed_data"] = []
            self.merge = None

    @cached_property
    def changed_data(self):
        # What the editor changed: the version fields only say what they saw.
        return [
            name
            for name, bound in self._bound_items()
            if name not in BOOKKEEPING and bound._has_changed()
        ]

    def merge_note(self) -> str:
        """After a merged save: whose changes were kept, for a message."""
        merge = getattr(self, "merge", None)
        if merge is None or merge.conflicts:
            return ""
        who, _when = merge.saved_by()
        values = {
            "who": who,
            "record": self.instance,
            "kept": list_separator().join(merge.kept_labels()),
        }
        chosen = [
            (
                gettext("their %(field)s")
                if choice == "theirs"
                else gettext("your %(field)s")
            )
            % {"field": label.lower()}
            for label, choice in merge.resolved.items()
        ]
        if chosen:
            note = gettext(
                "%(who)s saved “%(record)s” after you opened it; you kept %(chosen)s."
            ) % {**values, "chosen": list_separator().join(chosen)}
            if merge.kept:
                note += " " + gettext("Their %(kept)s kept too.") % values
            return note
        if not merge.kept:
            return (
                gettext(
                    "%(who)s saved “%(record)s” after you opened it, changing "
                    "other fields than yours: both changes are saved."
                )
                % values
            )
        return (
            gettext(
                "%(who)s saved “%(record)s” after you opened it: their %(kept)s "
                "kept, with your changes."
            )
            % values
        )

    def merge_conflicts(self) -> dict | None:
        """The conflicts to show side by side, or None."""
        merge = getattr(self, "merge", None)
        if merge is None or not merge.conflicts:
            return None
        who, when = merge.saved_by()
        return {
            "record": self.instance,
            "verbose_name": self._meta.model._meta.verbose_name,
            "who": who,
            "when": when,
            "against_name": self.add_prefix("merge_against"),
            "against": merge.stored_version,
            "fields": [
                {
                    "label": conflict.label,
                    "theirs": conflict.theirs_shown,
                    "yours": conflict.yours_shown,
                    "name": self.add_prefix(f"merge-{conflict.name}"),
                    "id": f"id_{self.add_prefix(f'merge-{conflict.name}')}",
                    "chosen": self.data.get(self.add_prefix(f"merge-{conflict.name}")),
                }
                for conflict in merge.conflicts.values()
            ],
        }

    def _check_publication(self, cleaned) -> None:
        if self.sources_checked_by_inline or self._is_unchanged_inline_row():
            return
        if cleaned.get("publication_status") != PublicationStatus.PUBLISHED:
            return
        problems = workflow.publication_problems(self.instance)
        if problems:
            self.add_error(
                "publication_status",
                [
                    *problems,
                    gettext(
                        "Save it as a draft, add its source on its own page, then "
                        "publish it."
                    ),
                ],
            )


def offers_correction_note(request, record) -> bool:
    """A record's own form offers the correction note when the record is
    published as stored (only a published fact is corrected in readers' eyes),
    but not on the revert screen, which restores a version."""
    return (
        isinstance(record, Publishable)
        and record.pk is not None
        and record.is_published
        and not getattr(request, "reverting_record", False)
    )


def with_correction_note(form_class):
    """``form_class`` with the one-line note that logs a correction."""
    note = forms.CharField(
        label=_("Correction note"),
        required=False,
        max_length=300,
        help_text=_(
            "If this change corrects a published fact, say what was "
            "wrong, in one line; readers see it on the corrections page."
        ),
    )
    return type(form_class.__name__, (form_class,), {"correction_note": note})


class SluggedForm(EditorialForm):
    """A record with a slug made from ``slug_from``; stable once published."""

    slug_from = "title"

    confirm_slug_change = forms.BooleanField(
        label=_("Change the published address"),
        required=False,
        help_text=_(
            "Tick to change the slug of a published record. Links to "
            "the old address keep working: they redirect to the new one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields.pop("confirm_slug_change", None)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            source = self._meta.model._meta.get_field(self.slug_from).verbose_name
            self.fields["slug"].help_text = _(
                "The record's address. Leave empty to make it from the %(field)s. "
                "Once published, change it only when you must."
            ) % {"field": source}

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and "slug" not in self.errors:
            self._clean_slug(cleaned)
        return cleaned

    def _clean_slug(self, cleaned) -> None:
        model = self._meta.model
        pk = self.instance.pk
        slug = cleaned.get("slug")
        if not slug:
            # A translated field's form fields are per language: the English.
            source = cleaned.get(self.slug_from)
            if source:
                cleaned["slug"] = slugs.unique_slug(model, source, exclude_pk=pk)
            return
        taken = self._taken_by(model, slug, pk)
        if taken:
            another = gettext("Choose another, for example %(slug)s.") % {
                "slug": slugs.unique_slug(model, slug, exclude_pk=pk)
            }
            self.add_error("slug", f"{taken} {another}")
            return
        if pk is None:
            return
        stored = (
            model._default_manager.filter(pk=pk)
            .values("slug", "publication_status")
            .first()
        )
        if (
            stored
            and stored["publication_status"] == PublicationStatus.PUBLISHED
            and stored["slug"] != slug
            and not cleaned.get("confirm_slug_change")
        ):
            self.add_error(
                "slug",
                gettext(
                    "This record is published at the address “%(slug)s”. To "
                    "change it, tick “Change the published address” below; the "
                    "old address will redirect to the new one."
                )
                % {"slug": stored["slug"]},
            )

    @staticmethod
    def _taken_by(model, slug: str, pk) -> str:
        """Which other record has, or had, ``slug``; empty when it is free."""
        other = slugs.current_holder(model, slug, exclude_pk=pk)
        if other is not None:
            return gettext("“%(record)s” already has this address.") % {"record": other}
        former = slugs.former_holder(model, slug, exclude_pk=pk)
        if former is not None:
            return gettext(
                "“%(record)s” had this address before and it still redirects there."
            ) % {"record": former}
        return ""


# Images


def check_uploaded_image(image) -> None:
    """Refuse an upload that is not a photo the pages can use."""
    if image is None or not hasattr(image, "image"):
        return  # unchanged: the stored file was checked when it was uploaded
    limits = settings.ACCORDS_IMAGE_UPLOADS
    if image.size > limits["max_bytes"]:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s. Export a smaller JPEG.")
            % {
                "size": filesizeformat(image.size),
                "limit": filesizeformat(limits["max_bytes"]),
            }
        )
    kind = (image.image.format or "").upper()
    if kind not in limits["formats"]:
        raise ValidationError(
            _("This is a %(kind)s image; upload %(formats)s.")
            % {"kind": kind or _("unknown"), "formats": ", ".join(limits["formats"])}
        )
    width, height = image.image.size
    min_width, min_height = limits["min_size"]
    max_width, max_height = limits["max_size"]
    if width < min_width or height < min_height:
        raise ValidationError(
            _(
                "This image is %(width)s×%(height)s pixels; it must be at least "
                "%(min_width)s×%(min_height)s to be readable on a page."
            )
            % {
                "width": width,
                "height": height,
                "min_width": min_width,
                "min_height": min_height,
            }
        )
    if width > max_width or height > max_height:
        raise ValidationError(
            _(
                "This image is %(width)s×%(height)s pixels; the largest accepted is "
                "%(max_width)s×%(max_height)s. Resize it first."
            )
            % {
                "width": width,
                "height": height,
                "max_width": max_width,
                "max_height": max_height,
            }
        )


# Admin

# Inlines that apps higher up add to a model's admin page (see add_inline).
_added_inlines: defaultdict[type, list[type[InlineModelAdmin]]] = defaultdict(list)


def add_inline(model, inline: type[InlineModelAdmin]) -> None:
    """Show ``inline`` on the admin page of ``model``, after its own inlines.

    For an app whose inline relates to a lower app's model: countries/ may not
    import events/, so events/ adds the sources inline to countries' claims.
    """
    if inline not in _added_inlines[model]:
        _added_inlines[model].append(inline)


def editorial_action(description: str, description_plural: str):
    """An admin action on the change list and on a record's change form, for
    editors who may change the records."""
    return admin.action(
        description=description,
        description_plural=description_plural,
        permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )


class ChoiceFilter(admin.SimpleListFilter):
    """A list filter whose every choice narrows the list by one condition.

    ``conditions()`` gives ``{value: (label, condition)}``, a ``Q`` or a
    boolean expression, made per request (one may depend on today's date).
    """

    def conditions(self) -> dict:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return [
            (value, label) for value, (label, _condition) in self.conditions().items()
        ]

    def queryset(self, request, queryset):
        chosen = self.conditions().get(self.value())
        return queryset if chosen is None else queryset.filter(chosen[1])


def public_url(record) -> str | None:
    try:
        return record.get_absolute_url()
    except (NoReverseMatch, AttributeError):
        # The public page of this kind of record is not built (yet).
        return None


def merge_conflicts(context) -> list[dict]:
    """The conflicts of the record's form and of its inline rows, to show
    side by side above the form (admin/accords/merge_conflicts.html)."""
    forms_ = [context["adminform"].form] if context.get("adminform") else []
    for inline in context.get("inline_admin_formsets", []):
        forms_ += inline.formset.forms
    return [
        conflicts
        for form in forms_
        if isinstance(form, EditorialForm) and (conflicts := form.merge_conflicts())
    ]


# What only those who may publish change (a Contributor sees them read-only).
PUBLICATION_FIELDS = ("publication_status", "publish_at", "unpublish_at")


def add_schedule(fieldsets) -> None:
    """The publish and unpublish times, after the publication state."""
    for _title, options in fieldsets:
        names = options["fields"]
        for anchor in ("published_at", "publication_status"):
            if anchor in names:
                position = names.index(anchor) + 1
                names[position:position] = ["publish_at", "unpublish_at"]
                return


class ScheduledFilter(ChoiceFilter):
    title = _("schedule")
    parameter_name = "scheduled"

    def conditions(self) -> dict:
        return {
            "publish": (_("To be published"), Q(publish_at__isnull=False)),
            "unpublish": (_("To be unpublished"), Q(unpublish_at__isnull=False)),
            "no": (_("Not scheduled"), Q(publish_at__isnull=True, unpublish_at=None)),
        }


def translated_fieldsets(model, fieldsets) -> None:
    """Each translated field followed by its other languages' columns."""
    translated = translated_fields(model)
    if not translated:
        return
    others = [code for code in language_codes() if code != FALLBACK]
    for _title, options in fieldsets:
        lines = []
        for line in options["fields"]:
            lines.append(line)
            if isinstance(line, str) and line in translated:
                lines += [f"{line}_{code}" for code in others]
        options["fields"] = lines


class EditorialFieldsMixin:
    """get_exclude / get_fieldsets shared by model admins and inlines."""

    def get_exclude(self, request, obj=None):
        return [*(self.exclude or ()), *precision_fields(self.model)]

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj)]
        # A Contributor writes drafts: the state is shown, not changed.
        if issubclass(self.model, Publishable) and not workflow.may_publish(
            request.user
        ):
            readonly += [name for name in PUBLICATION_FIELDS if name not in readonly]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": list(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]
        fields = {
            field
            for _title, options in fieldsets
            for line in options["fields"]
            for field in (line if isinstance(line, list | tuple) else [line])
        }
        if (
            issubclass(self.model, Publishable)
            and not isinstance(self, InlineModelAdmin)
            and not {"publish_at", "unpublish_at"} & fields
        ):
            add_schedule(fieldsets)
        translated_fieldsets(self.model, fieldsets)
        has_version = "version" in {f.name for f in self.model._meta.fields}
        if has_version and "version" not in fields:
            fieldsets[-1][1]["fields"].append("version")
        if (
            issubclass(self.form, EditorialForm)
            and tracks_history_only(self.model)
            and "loaded_history" not in fields
        ):
            fieldsets[-1][1]["fields"].append("loaded_history")
        if (
            isinstance(self, EditorialAdmin)
            and offers_correction_note(request, obj)
            and "correction_note" not in fields
        ):
            fieldsets.append((_("Correction"), {"fields": ["correction_note"]}))
        if (
            obj is not None
            and issubclass(self.form, SluggedForm)
            and "slug" in fields
            and "confirm_slug_change" not in fields
        ):
            for _title, options in fieldsets:
                if "slug" in options["fields"]:
                    position = options["fields"].index("slug") + 1
                    options["fields"].insert(position, "confirm_slug_change")
        return fieldsets


class EditorialInline(EditorialFieldsMixin, admin.TabularInline):
    form = EditorialForm
    extra = 0
    show_change_link = True


class EditorialStackedInline(EditorialFieldsMixin, admin.StackedInline):
    form = EditorialForm
    extra = 0
    show_change_link = True


class EditorialAdmin(EditorialFieldsMixin, SimpleHistoryAdmin):
    form = EditorialForm
    change_form_template = "admin/accords/change_form.html"
    object_history_template = "admin/accords/object_history.html"
    object_history_list_template = "admin/accords/object_history_list.html"
    object_history_form_template = "admin/accords/object_history_form.html"
    save_on_top = True
    list_per_page = 50
    actions = ["publish_selected", "unpublish_selected"]

    # Changelist helpers

    @admin.display(
        boolean=True, description=_("published"), ordering="publication_status"
    )
    def published(self, obj):
        return obj.is_published

    def get_list_filter(self, request):
        filters = [*super().get_list_filter(request)]
        if self.is_publishable() and ScheduledFilter not in filters:
            filters.append(ScheduledFilter)
        return filters

    # Inlines: the admin's own, then those other apps added

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *_added_inlines[self.model]]

    # Publication

    def is_publishable(self) -> bool:
        return issubclass(self.model, Publishable)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not self.is_publishable() or not workflow.may_publish(request.user):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj)]
        if self.is_publishable() and "published_at" not in readonly:
            readonly.append("published_at")
        if (
            self.is_publishable()
            and getattr(request, "reverting_version", None)
            and "publication_status" not in readonly
        ):
            # A revert keeps the publication state unless the editor ticks
            # "also restore the publication state" (object_history_form.html).
            readonly.append("publication_status")
        return readonly

    @editorial_action(_("Publish"), _("Publish the selected %(verbose_name_plural)s"))
    def publish_selected(self, request, queryset):
        published, refused = [], []
        for record in queryset:
            try:
                workflow.publish(record=record, user=request.user)
            except ValidationError as error:
                refused.append((record, error.messages))
            else:
                published.append(record)
        if published:
            self.message_user(
                request,
                _("Published %(count)s %(name)s: %(records)s")
                % {
                    "count": len(published),
                    "name": self._name(len(published)),
                    "records": list_separator().join(
                        f"“{record}”" for record in published
                    ),
                },
                messages.SUCCESS,
            )
        for record, reasons in refused:
            # The fix is on the record's page: the sources inline ("#sources",
            # admin/accords/change_form.html).
            self.message_user(
                request,
                format_html(
                    _(
                        "Not published: “{record}”: {reasons} "
                        '<a href="{url}#sources">Add a source to “{record}”</a>.'
                    ),
                    record=record,
                    reasons=" ".join(reasons),
                    url=reverse(
                        f"admin:{record._meta.app_label}_"
                        f"{record._meta.model_name}_change",
                        args=[record.pk],
                    ),
                ),
                messages.ERROR,
            )

    @editorial_action(
        _("Unpublish (back to draft)"),
        _("Unpublish the selected %(verbose_name_plural)s"),
    )
    def unpublish_selected(self, request, queryset):
        records = [
            workflow.unpublish(record=record, user=request.user) for record in queryset
        ]
        self.message_user(
            request,
            _("Back to draft: %(count)s %(name)s. Readers no longer see them.")
            % {"count": len(records), "name": self._name(len(records))},
            messages.SUCCESS,
        )

    def _name(self, count: int) -> str:
        opts = self.model._meta
        return str(opts.verbose_name if count == 1 else opts.verbose_name_plural)

    # Forms: publication gate, revert

    def get_form(self, request, obj=None, change=False, **kwargs):
        if offers_correction_note(request, obj):
            kwargs.setdefault("form", with_correction_note(self.form))
        form = super().get_form(request, obj, change=change, **kwargs)
        # Only an inline the editor may use shows (and checks) the sources.
        form.sources_checked_by_inline = any(
            getattr(inline, "checks_publication_sources", False)
            for inline in self.get_inline_instances(request, obj)
        )
        form.lock_on_stored_version = getattr(request, "reverting_record", False)
        version = getattr(request, "reverting_version", None)
        if version is not None:
            form = revert_form(form, version)
        return form

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history only hides the Revert button from readers; a posted
        # revert still needs the right to change the record.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        # The revert screen shows an old version; it saves over the stored one.
        request.reverting_record = True
        try:
            version = (
                self.model.history.model.objects.filter(
                    **{self.model._meta.pk.attname: object_id, "history_id": version_id}
                )
                .select_related("history_user")
                .first()
            )
        except (ValueError, ValidationError):
            raise Http404("No such version.") from None
        record = self.model._default_manager.filter(pk=object_id).first()
        if record is not None:
            try:
                workflow.check_may_revert(record=record, user=request.user)
            except PermissionDenied as refusal:
                if request.method == "POST":
                    self.message_user(request, str(refusal), messages.ERROR)
                    opts = record._meta
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{opts.app_label}_{opts.model_name}_change",
                            args=[record.pk],
                            current_app=self.admin_site.name,
                        )
                    )
                self.message_user(request, str(refusal), messages.WARNING)
        latest = record and record.history.order_by("-history_date", "-history_id")
        latest = latest and latest.first()
        if version is not None and latest is not None:
            request.reverting_version = version
            extra_context = {
                **(extra_context or {}),
                "version_label": version_label(version),
                "revert_changes": history.describe_changes(self.model, latest, version),
                "current_publication": getattr(
                    record, "get_publication_status_display", None
                ),
                "version_publication": getattr(
                    version, "get_publication_status_display", None
                ),
            }
        return super().history_form_view(request, object_id, version_id, extra_context)

    def response_change(self, request, obj):
        version = getattr(request, "reverting_version", None)
        if version is None or request.method != "POST":
            return super().response_change(request, obj)
        before = history.snapshot_links(obj)
        notes = history.restore_links(
            obj, version.links, skip=getattr(request, "reverted_by_form", ())
        )
        published = isinstance(obj, Publishable) and obj.is_published
        if published and before.get("citations") and workflow.publication_problems(obj):
            # Nothing is published without a source: it keeps its citations.
            history.restore_links(obj, {"citations": before["citations"]})
            notes.append(
                gettext(
                    "Its sources were kept: %(version)s had none, and nothing is "
                    "published without one."
                )
                % {"version": version_label(version)}
            )
        if published and workflow.publication_problems(obj):
            workflow.unpublish(record=obj, user=request.user)
            notes.append(gettext("It is back to draft: it has no source."))
        history.record_links(obj)
        audit.record(
            action=AuditAction.REVERT,
            user=request.user,
            obj=obj,
            request=request,
            # History and the audit log keep their words in English: data.
            detail=f"Reverted to {version_label(version, english=True)}.",
        )
        values = {
            "record": obj,
            "version": version_label(version),
            "number": getattr(obj, "version", None),
        }
        if hasattr(obj, "version"):
            message = gettext(
                "“%(record)s” reverted to %(version)s, its fields and links; "
                "saved as a new version (version %(number)s)."
            )
        else:
            message = gettext(
                "“%(record)s” reverted to %(version)s, its fields and links; "
                "saved as a new version."
            )
        sentences = [message % values]
        if isinstance(obj, Publishable):
            if request.POST.get("restore_publication"):
                state = gettext("Publication state restored: %(state)s.")
            elif obj.is_published:
                state = gettext(
                    "Publication state kept: %(state)s (readers still see it)."
                )
            else:
                state = gettext("Publication state kept: %(state)s (a draft).")
            sentences.append(state % {"state": obj.get_publication_status_display()})
        self.message_user(request, " ".join([*sentences, *notes]), messages.SUCCESS)
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )

    # Two editors at once: say whose changes a merged save kept

    def save_model(self, request, obj, form, change):
        version = getattr(request, "reverting_version", None)
        if version is not None:
            prepare_revert(request, obj, form, version)
        was_published = None
        if isinstance(obj, Publishable):
            stored = type(obj)._default_manager.filter(
                pk=obj.pk, publication_status=PublicationStatus.PUBLISHED
            )
            was_published = change and stored.exists()
            if obj.is_published != was_published:
                workflow.check_may_publish(request.user)
        super().save_model(request, obj, form, change)
        if was_published is not None:
            workflow.publication_changed(
                obj, was_published=was_published, user=request.user, request=request
            )
        note = form.cleaned_data.get("correction_note") if was_published else ""
        if note:
            record_correction(record=obj, note=note, user=request.user)
        self._report_merge(request, form)

    def save_formset(self, request, form, formset, change):
        was_published = {
            row: bool(row.instance.pk)
            and row.initial.get("publication_status") == PublicationStatus.PUBLISHED
            for row in formset.forms
            if isinstance(row.instance, Publishable)
        }
        super().save_formset(request, form, formset, change)
        for row, was in was_published.items():
            if row.instance.pk is not None and row not in formset.deleted_forms:
                workflow.publication_changed(
                    row.instance, was_published=was, user=request.user, request=request
                )
        for row in formset.forms:
            self._report_merge(request, row)

    def _report_merge(self, request, form) -> None:
        note = form.merge_note() if isinstance(form, EditorialForm) else ""
        if note:
            self.message_user(request, note, messages.INFO)

    # Review: the panel below the form and its buttons (core/review_admin.py)

    def get_urls(self):
        urls = super().get_urls()
        if not self.is_publishable():
            return urls
        opts = self.model._meta
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name=f"{opts.app_label}_{opts.model_name}_review",
        )
        return [review, *urls]

    def review_view(self, request, object_id):
        return review_admin.review_view(self, request, object_id)

    # View on site, preview

    def view_on_site(self, obj):
        if isinstance(obj, Publishable) and not obj.is_published:
            return None
        return public_url(obj)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and isinstance(obj, Publishable) and not obj.is_published:
            context["preview_url"] = public_url(obj)
        context["merge_conflicts"] = merge_conflicts(context)
        if obj is not None and self.is_publishable():
            context["review"] = review_admin.panel(request, obj)
        if context.get("action_form") is not None and self.is_publishable():
            # Publish / Unpublish are buttons by the title (change_form.html),
            # posting the change-form action, instead of a dropdown.
            actions = self.get_actions(request, ActionLocation.CHANGE_FORM)
            context["publication_buttons"] = [
                (name, actions[name].description)
                for name in ("publish_selected", "unpublish_selected")
                if name in actions
            ]
            context["action_field"] = context["action_form"]["action"].html_name
            context["action_form"] = None
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History

    def get_history_list_display(self, request):
        names = {f.name for f in self.model._meta.fields}
        return [name for name in ("version", "publication_status") if name in names]

    def set_history_delta_changes(
        self, request, historical_records, foreign_keys_are_objs=True
    ):
        # In words: labels, dates at their precision, names, links (core.history).
        previous = None
        for current in historical_records:
            if previous is not None:
                previous.history_delta_changes = history.describe_changes(
                    self.model, current, previous
                )
            previous = current


# Revert


def version_label(version, *, english: bool = False) -> str:
    """The version's name ("version 3") in the editor's language; in English
    (``english``) for what history and the audit log keep."""
    if english:
        with translation.override("en"):
            return version_label(version)
    if getattr(version, "version", None) is not None:
        return gettext("version %(number)s") % {"number": version.version}
    return gettext("the version of %(time)s") % {
        "time": history.show_time(version.history_date)
    }


def revert_form(form_class, version):
    """The change form showing ``version`` over the stored record: its links
    chosen, the stored publication state kept (a checkbox restores it)."""

    class RevertForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            model = type(self.instance)
            stored = model._default_manager.filter(pk=self.instance.pk).first()
            if isinstance(self.instance, Publishable) and stored is not None:
                self.instance.publication_status = stored.publication_status
                self.instance.published_at = stored.published_at
            links = getattr(version, "links", None)
            if links is None:
                return
            for name, _label in history.history_links(model):
                if name in self.fields and name in links:
                    self.initial[name] = [row["id"] for row in links[name]]

    RevertForm.__name__ = form_class.__name__
    return RevertForm


def prepare_revert(request, record, form, version) -> None:
    """Before the reverted record is saved: its publication state and the
    change reason of the new version."""
    if isinstance(record, Publishable) and request.POST.get("restore_publication"):
        record.publication_status = version.publication_status
        record.stamp_publication()
    record._change_reason = f"Reverted to {version_label(version, english=True)}"
    request.reverted_by_form = {
        name
        for name, _label in history.history_links(type(record))
        if name in form.fields and getattr(version, "links", None) is not None
    }


# The trust pages and the corrections log (core/views.py shows them)


@admin.register(SitePage)
class SitePageAdmin(EditorialAdmin):
    """The four pages are made by a migration; their addresses are fixed."""

    list_display = ["title", "slug", "last_checked", "updated_at"]
    fields = ["title", "body", "last_checked"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Correction)
class CorrectionAdmin(audit_admin.ReadOnlyAdmin):
    """Written by an editor's correction note; a note entered by mistake is
    deleted by an Administrator (``core.delete_correction``)."""

    list_display = ["when", "object_repr", "note", "editor"]
    list_filter = [("content_type", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "when"
    search_fields = ["object_repr", "note"]
    list_select_related = ["editor"]
    fields = [
        "when",
        "object_repr",
        "url",
        "content_type",
        "object_id",
        "note",
        "editor",
    ]
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("core.delete_correction")
