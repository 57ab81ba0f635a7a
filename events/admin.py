from django.contrib import admin, messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core import workflow
from core.admin import (
    ChoiceFilter,
    EditorialAdmin,
    EditorialForm,
    EditorialInline,
    EditorialStackedInline,
    add_inline,
    partial_date_column,
    public_url,
)
from countries.models import DiplomaticRelation, Mission, Position, StatusChange
from events import desk, quality
from events.forms import EventForm, PhotoForm
from events.models import Event, Participant, Photo, Source
from events.templatetags.photos import renditions

# Sources


class SourceLinkFormSet(BaseInlineFormSet):
    """Counts the sources about to be saved: a published record needs one."""

    def clean(self):
        super().clean()
        if not getattr(self.instance, "is_published", False):
            return
        kept = sum(
            1
            for form in self.forms
            if form.cleaned_data.get("source") and not form.cleaned_data.get("DELETE")
        )
        problems = workflow.publication_problems(self.instance, source_count=kept)
        if problems:
            raise ValidationError(
                [*problems, "Pick a source below, or save it as a draft."]
            )


class SourceLinkInline(admin.TabularInline):
    """A claim's sources: pick an existing source, or add one with “+”."""

    checks_publication_sources = True
    formset = SourceLinkFormSet
    autocomplete_fields = ["source"]
    fields = ["source", "cited"]
    readonly_fields = ["cited"]
    extra = 0
    verbose_name = "source"
    verbose_name_plural = "sources (at least one before publishing)"

    @admin.display(description="document")
    def cited(self, link):
        if not link.pk:
            return ""
        source = link.source
        archive = (
            format_html(' · <a href="{}">archived copy</a>', source.archive_url)
            if source.archive_url
            else " · no archived copy"
        )
        return format_html(
            '<a href="{}">{}</a>{}',
            source.url,
            source.published_on_partial or "",
            archive,
        )


class EventSourceInline(SourceLinkInline):
    model = Source.events.through


class StatusChangeSourceInline(SourceLinkInline):
    model = Source.status_changes.through


class PositionSourceInline(SourceLinkInline):
    model = Source.positions.through


class MissionSourceInline(SourceLinkInline):
    model = Source.missions.through


class RelationSourceInline(SourceLinkInline):
    model = Source.relations.through


# countries/ may not import events/, so sources reach its claims' pages here.
add_inline(StatusChange, StatusChangeSourceInline)
add_inline(Position, PositionSourceInline)
add_inline(Mission, MissionSourceInline)
add_inline(DiplomaticRelation, RelationSourceInline)


def admin_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def link_count(relation: str):
    """How many claims of one kind a source supports, without joining the
    other kinds (five joins would multiply rows)."""
    links = (
        getattr(Source, relation)
        .through.objects.filter(source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(links), 0)


class ArchiveFilter(ChoiceFilter):
    title = "archive copy and access date"
    parameter_name = "archived"

    def conditions(self):
        missing = Q(archive_url="") | Q(accessed_on__isnull=True)
        return {
            "complete": ("Both recorded", ~missing),
            "missing": ("Archive URL or access date missing", missing),
        }


SOURCE_CLAIMS = ["events", "status_changes", "positions", "missions", "relations"]


class SourceForm(EditorialForm):
    """Unlinking a source from a published claim it alone supports is refused."""

    class Meta:
        model = Source
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        for relation in SOURCE_CLAIMS:
            if relation not in cleaned:
                continue
            kept = {record.pk for record in cleaned[relation]}
            unlinked = [
                record
                for record in getattr(self.instance, relation).all()
                if record.pk not in kept
            ]
            try:
                workflow.check_keeps_sources(
                    removed_sources=[self.instance], claims=unlinked
                )
            except ValidationError as error:
                self.add_error(relation, error)
        return cleaned


@admin.register(Source)
class SourceAdmin(EditorialAdmin):
    form = SourceForm
    list_display = [
        "publisher",
        "title",
        partial_date_column("published_on", "published"),
        "archived",
        "accessed_on",
        "claims",
    ]
    list_filter = [ArchiveFilter, "publisher"]
    search_fields = ["publisher", "title", "url", "author", "quote", "archive_url"]
    date_hierarchy = "published_on"
    autocomplete_fields = SOURCE_CLAIMS
    fieldsets = [
        (None, {"fields": ["publisher", "title", "url", "author", "published_on"]}),
        (
            "Archive",
            {
                "fields": ["archive_url", "accessed_on"],
                "description": "Save a copy of the page in a web archive "
                "(for example web.archive.org) and note when you read it.",
            },
        ),
        (
            "What it supports",
            {
                "fields": [
                    "quote",
                    "events",
                    "status_changes",
                    "positions",
                    "missions",
                    "relations",
                ],
                "description": "Copy the passage that supports the claim, then "
                "pick every claim it supports.",
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                claim_count=link_count("events")
                + link_count("status_changes")
                + link_count("positions")
                + link_count("missions")
                + link_count("relations")
            )
        )

    def get_deleted_objects(self, objs, request):
        # The delete confirmation and the bulk "delete selected" both ask
        # here: a published claim left without a source blocks the delete.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        left = workflow.left_unsourced(removed_sources=objs)
        if left:
            self.message_user(
                request,
                "Not deleted: " + workflow.unsourced_message(left),
                messages.ERROR,
            )
            protected = [
                *protected,
                *(
                    format_html(
                        '{} <a href="{}">{}</a> (published; it would have no source)',
                        record._meta.verbose_name.capitalize(),
                        admin_url(record),
                        record,
                    )
                    for record in left
                ),
            ]
        return deleted, counts, perms_needed, protected

    @admin.display(boolean=True, description="archived")
    def archived(self, source):
        return bool(source.archive_url)

    @admin.display(description="claims supported", ordering="claim_count")
    def claims(self, source):
        return source.claim_count


# Events


class ParticipantInline(EditorialInline):
    model = Participant
    fields = ["official", "name", "role", "order"]
    autocomplete_fields = ["official"]
    verbose_name_plural = "participants (link the official whenever possible)"


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

    @admin.display(description="preview")
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

    title = "sources"
    parameter_name = "sourced"

    def conditions(self):
        return {
            "yes": ("Has a source", Q(source_count__gt=0)),
            "no": ("No source", Q(source_count=0)),
        }


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    form = EventForm
    list_display = [
        "title",
        partial_date_column("date", "date"),
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
        ("Account", {"fields": ["summary", "body"]}),
        ("Confidence", {"fields": ["confidence", "confidence_note"]}),
        (
            "Links",
            {
                "fields": ["countries", "status_changes"],
                "description": "The countries involved, and the status changes "
                "this event caused (create those on the country's page).",
            },
        ),
        ("Publication", {"fields": ["publication_status", "published_at"]}),
    ]
    inlines = [ParticipantInline, EventSourceInline, PhotoInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("place_country")
            .annotate(source_count=Count("sources", distinct=True))
        )

    # Not named "sources": the admin would show the relation itself, whose
    # text is "events.Source.None".
    @admin.display(description="sources", ordering="source_count")
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
            "title": "Data quality",
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

    @admin.display(boolean=True, description="linked to an official")
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
        ("Where it is used", {"fields": ["used_on"]}),
    ]

    @admin.display(description="photo")
    def thumbnail(self, photo):
        return photo_preview(photo, width=120)

    @admin.display(description="caption")
    def caption_start(self, photo):
        return str(photo)

    @admin.display(description="preview")
    def preview(self, photo):
        return photo_preview(photo)

    @admin.display(description="original and renditions")
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

    @admin.display(description="used on")
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


# The index is the editor's desk (events/desk.py) above the list of models.
def desk_index(request, extra_context=None):
    context = {
        "desk": desk.gather(request.user, today=timezone.localdate()),
        **(extra_context or {}),
    }
    return AdminSite.index(admin.site, request, context)


admin.site.index = desk_index
