from django.contrib import admin, messages
from django.contrib.admin import AdminSite
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import workflow
from core.admin import (
    ChoiceFilter,
    EditorialAdmin,
    EditorialInline,
    EditorialStackedInline,
    add_inline,
    partial_date_column,
    public_url,
)
from countries.models import DiplomaticRelation, Mission, Position, StatusChange
from events import desk, quality
from events.forms import EventForm, PhotoForm
from events.models import (
    CITED,
    PRIMARY_KINDS,
    Citation,
    Event,
    Participant,
    Photo,
    Publication,
)
from events.publications import label, merge_publications
from events.templatetags.photos import renditions

# Publications and their citations


class CitationFormSet(BaseInlineFormSet):
    """Counts the citations about to be saved: a published record needs one."""

    def clean(self):
        super().clean()
        if not getattr(self.instance, "is_published", False):
            return
        kept = sum(
            1
            for form in self.forms
            if form.cleaned_data.get("publication")
            and not form.cleaned_data.get("DELETE")
        )
        problems = workflow.publication_problems(self.instance, source_count=kept)
        if problems and self.initial_form_count():
            # Its last citations deleted: name the record, as a delete does.
            problems.append(
                _(
                    "Deleting its last citation would leave the published "
                    "%(name)s “%(record)s” without one."
                )
                % {"name": self.instance._meta.verbose_name, "record": self.instance}
            )
        if problems:
            raise ValidationError(
                [*problems, _("Cite a publication below, or save it as a draft.")]
            )


class CitationInline(EditorialStackedInline):
    """A record's citations: the publication, picked by title, and the passage."""

    model = Citation
    checks_publication_sources = True
    formset = CitationFormSet
    autocomplete_fields = ["publication"]
    fields = [("publication", "document"), "quote", ("locator", "supports")]
    readonly_fields = ["document"]
    show_change_link = False
    verbose_name = _("citation")
    verbose_name_plural = _("citations (at least one before publishing)")

    @admin.display(description=_("document"))
    def document(self, citation):
        if not citation.pk:
            return ""
        return document_links(citation.publication)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "publication":
            # The chosen one reads as the autocomplete's suggestions do.
            field.label_from_instance = label
        return field


def document_links(publication) -> str:
    archive = (
        format_html(' · <a href="{}">archived copy</a>', publication.archive_url)
        if publication.archive_url
        else " · no archived copy"
    )
    where = (
        format_html('<a href="{}">{}</a>', publication.url, publication.url)
        if publication.url
        else "no URL"
    )
    return format_html("{} · {}{}", publication.get_kind_display(), where, archive)


def citing(citation) -> str:
    """A citation in a list of what keeps a publication: the record it supports."""
    record = citation.record
    if record is None:
        return format_html("“{}”: a citation of no record", citation.publication)
    return format_html(
        '“{}” cited by {} <a href="{}">{}</a>',
        citation.publication,
        record._meta.verbose_name,
        admin_url(record),
        record,
    )


def citation_inline(fk: str) -> type[CitationInline]:
    return type(
        f"{fk.title().replace('_', '')}CitationInline",
        (CitationInline,),
        {"fk_name": fk},
    )


EventCitationInline = citation_inline("event")
# countries/ may not import events/, so citations reach its claims' pages here.
add_inline(StatusChange, citation_inline("status_change"))
add_inline(Position, citation_inline("position"))
add_inline(Mission, citation_inline("mission"))
add_inline(DiplomaticRelation, citation_inline("relation"))


def admin_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


class ArchiveFilter(ChoiceFilter):
    title = _("archive copy and access date")
    parameter_name = "archived"

    def conditions(self):
        missing = Q(archive_url="") | Q(accessed_on__isnull=True)
        return {
            "complete": (_("Both recorded"), ~missing),
            "missing": (_("Archive URL or access date missing"), missing),
        }


class PrimaryFilter(ChoiceFilter):
    title = _("primary or secondary")
    parameter_name = "primary"

    def conditions(self):
        primary = Q(kind__in=PRIMARY_KINDS)
        return {
            "yes": (_("Primary (issued by a party)"), primary),
            "no": (_("Secondary (about it)"), ~primary),
        }


class CitationOnPublicationInline(EditorialInline):
    """What the publication supports, to read; citations are edited on the
    record they support."""

    model = Citation
    fields = ["supported", "quote", "locator", "supports"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False
    verbose_name_plural = _("citations (edit them on the record they support)")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("supports"))
    def supported(self, citation):
        record = citation.record
        if record is None:
            return "nothing"
        return format_html('<a href="{}">{}</a>', admin_url(record), record)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*CITED)


@admin.register(Publication)
class PublicationAdmin(EditorialAdmin):
    list_display = [
        "title",
        "publisher",
        "kind",
        partial_date_column("published_on", _("published")),
        "archived",
        "accessed_on",
        "cited",
    ]
    list_filter = [PrimaryFilter, "kind", ArchiveFilter, "language", "publisher"]
    search_fields = ["title", "publisher", "url", "author", "archive_url"]
    # Explicit: the citation count groups rows, and grouped rows lose the
    # model's ordering (the autocomplete pages through them).
    ordering = ["title", "publisher", "pk"]
    date_hierarchy = "published_on"
    actions = ["merge_selected"]
    inlines = [CitationOnPublicationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "publisher",
                    "author",
                    "language",
                    "url",
                    "published_on",
                ]
            },
        ),
        (
            "Archive",
            {
                "fields": ["archive_url", "accessed_on"],
                "description": "Save a copy of the document in a web archive "
                "(for example web.archive.org) and note when you read it.",
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(citation_count=Count("citations", distinct=True))
        )

    @admin.display(boolean=True, description=_("archived"))
    def archived(self, publication):
        return bool(publication.archive_url)

    @admin.display(description=_("citations"), ordering="citation_count")
    def cited(self, publication):
        return publication.citation_count

    def autocomplete_label(self, publication) -> str:
        return label(publication)

    def get_deleted_objects(self, objs, request):
        # PROTECT keeps a cited publication: say which records cite it and
        # what to do first, instead of listing bare citations.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        citations = (
            Citation.objects.filter(publication__in=objs)
            .select_related("publication", *CITED)
            .order_by("publication", "pk")
        )
        if not protected or not citations:
            return deleted, counts, perms_needed, protected
        protected = [citing(citation) for citation in citations]
        names = sorted({f"“{citation.publication}”" for citation in citations})
        self.message_user(
            request,
            format_html(
                ngettext(
                    "Cannot delete {names}: cited by the records listed below. "
                    "First merge it with its duplicate (select both in the list, "
                    "then “Merge the selected publications into one”), or cite "
                    "another publication on each of those records' pages.",
                    "Cannot delete {names}: cited by the records listed below. "
                    "First merge them with their duplicate (select both in the "
                    "list, then “Merge the selected publications into one”), or "
                    "cite another publication on each of those records' pages.",
                    len(names),
                ),
                names=", ".join(names),
            ),
            messages.ERROR,
        )
        return deleted, counts, perms_needed, protected

    def has_merge_permission(self, request) -> bool:
        # A merge changes one publication and deletes the others.
        return self.has_change_permission(request) and self.has_delete_permission(
            request
        )

    @admin.action(
        description=_("Merge the selected %(verbose_name_plural)s into one"),
        permissions=["merge"],
    )
    def merge_selected(self, request, queryset):
        try:
            kept, moved, deleted = merge_publications(list(queryset), user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.message_user(
            request,
            format_html(
                _(
                    'Merged into <a href="{url}">{kept}</a>: {moved} citation(s) '
                    "moved, {deleted} duplicate(s) deleted."
                ),
                url=admin_url(kept),
                kept=kept,
                moved=moved,
                deleted=deleted,
            ),
            messages.SUCCESS,
        )
        return None


# Events


class ParticipantInline(EditorialInline):
    model = Participant
    fields = ["official", "name", "role", "order"]
    autocomplete_fields = ["official"]
    verbose_name_plural = _("participants (link the official whenever possible)")


class PhotoInline(EditorialStackedInline):
    model = Photo
    form = PhotoForm
    fields = [
        "image",
        "preview",
        "caption",
        "credit",
        "alt_text",
        "officials",
        "order",
    ]
    readonly_fields = ["preview"]
    autocomplete_fields = ["officials"]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_preview(photo)


def photo_preview(photo, width: int = 320):
    candidates = renditions(photo.image) if photo.pk else []
    if not candidates:
        return ""
    url, w, h = candidates[0]
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}">',
        url,
        min(w, width),
        round(h * min(w, width) / w),
        photo.alt_text,
    )


class HasSourceFilter(ChoiceFilter):
    """Needs the ``source_count`` that EventAdmin annotates."""

    title = _("sources")
    parameter_name = "sourced"

    def conditions(self):
        return {
            "yes": (_("Has a source"), Q(source_count__gt=0)),
            "no": (_("No source"), Q(source_count=0)),
        }


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    form = EventForm
    list_display = [
        "title",
        partial_date_column("date", _("date")),
        "kind",
        "place",
        "source_count_shown",
        "published",
    ]
    list_filter = [
        "publication_status",
        HasSourceFilter,
        "kind",
        "confidence",
        "date_precision",
        "countries",
    ]
    search_fields = [
        "title",
        "slug",
        "summary",
        "place_city",
        "participants__name",
        "participants__official__name",
        "participants__official__other_names__name",
    ]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["place_country", "countries", "status_changes"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind"]}),
        (
            "When and where",
            {"fields": ["date", "end_date", "place_city", "place_country"]},
        ),
        (_("Account"), {"fields": ["summary", "body"]}),
        (_("Confidence"), {"fields": ["confidence", "confidence_note"]}),
        (
            "Links",
            {
                "fields": ["countries", "status_changes"],
                "description": "The countries involved, and the status changes "
                "this event caused (create those on the country's page).",
            },
        ),
        (_("Publication"), {"fields": ["publication_status", "published_at"]}),
    ]
    inlines = [ParticipantInline, EventCitationInline, PhotoInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("place_country")
            .annotate(source_count=Count("citations", distinct=True))
        )

    # Not named "sources": the admin would show the relation itself, whose
    # text is "events.Source.None".
    @admin.display(description=_("sources"), ordering="source_count")
    def source_count_shown(self, event):
        return event.source_count

    def get_urls(self):
        return [
            path(
                "data-quality/",
                self.admin_site.admin_view(self.data_quality_view),
                name="data_quality",
            ),
            *super().get_urls(),
        ]

    def data_quality_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        checks = quality.report(timezone.localdate())
        context = {
            **self.admin_site.each_context(request),
            "title": _("Data quality"),
            "checks": checks,
            "problem_count": sum(len(check.findings) for check in checks),
        }
        return TemplateResponse(request, "admin/accords/data_quality.html", context)


@admin.register(Participant)
class ParticipantAdmin(EditorialAdmin):
    list_display = ["__str__", "event", "role", "linked"]
    list_filter = [("official", admin.EmptyFieldListFilter)]
    list_select_related = ["event", "official"]
    search_fields = ["name", "role", "official__name", "event__title"]
    autocomplete_fields = ["event", "official"]
    # Explicit: "order" comes from the Ordered base, which would put it first.
    fields = ["event", "official", "name", "role", "order"]

    @admin.display(boolean=True, description=_("linked to an official"))
    def linked(self, participant):
        return participant.official_id is not None


@admin.register(Photo)
class PhotoAdmin(EditorialAdmin):
    form = PhotoForm
    list_display = ["thumbnail", "caption_start", "event", "credit", "order"]
    list_display_links = ["thumbnail", "caption_start"]
    list_select_related = ["event"]
    list_filter = ["event__publication_status", "event__kind"]
    search_fields = ["caption", "credit", "alt_text", "event__title"]
    autocomplete_fields = ["event", "officials"]
    readonly_fields = ["preview", "original", "used_on"]
    fieldsets = [
        (None, {"fields": ["event", "image", "preview", "original"]}),
        (
            "For readers",
            {"fields": ["caption", "credit", "alt_text", "officials", "order"]},
        ),
        (_("Where it is used"), {"fields": ["used_on"]}),
    ]

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        return photo_preview(photo, width=120)

    @admin.display(description=_("caption"))
    def caption_start(self, photo):
        return str(photo)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_preview(photo)

    @admin.display(description=_("original and renditions"))
    def original(self, photo):
        candidates = renditions(photo.image) if photo.pk else []
        if not candidates:
            return ""
        return format_html(
            "The original is kept as uploaded. Sizes served to readers: {}",
            format_html_join(
                ", ", '<a href="{}">{}×{}</a>', ((u, w, h) for u, w, h in candidates)
            ),
        )

    @admin.display(description=_("used on"))
    def used_on(self, photo):
        if not photo.pk:
            return "Not yet saved."
        event = photo.event
        state = "published" if event.is_published else "draft"
        parts = [
            format_html(
                'The page of the event <a href="{}">{}</a> ({})',
                reverse("admin:events_event_change", args=[event.pk]),
                event,
                state,
            )
        ]
        page = public_url(event)
        if page:
            parts.append(format_html('<a href="{}">public page</a>', page))
        officials = list(photo.officials.all())
        if officials:
            parts.append(
                format_html(
                    "shows {}",
                    format_html_join(
                        ", ",
                        '<a href="{}">{}</a>',
                        (
                            (reverse("admin:countries_official_change", args=[o.pk]), o)
                            for o in officials
                        ),
                    ),
                )
            )
        return format_html_join("; ", "{}", ((part,) for part in parts))


class AutocompleteView(AutocompleteJsonView):
    """Suggestions named by the model admin's ``autocomplete_label``, if any."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        named = getattr(self.model_admin, "autocomplete_label", None)
        if named is not None:
            result["text"] = named(obj)
        return result


def autocomplete(request):
    return AutocompleteView.as_view(admin_site=admin.site)(request)


admin.site.autocomplete_view = autocomplete


# The index is the editor's desk (events/desk.py) above the list of models.
def desk_index(request, extra_context=None):
    context = {
        "desk": desk.gather(request.user, today=timezone.localdate()),
        **(extra_context or {}),
    }
    return AdminSite.index(admin.site, request, context)


admin.site.index = desk_index
