import datetime

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import (
    ChoiceFilter,
    EditorialAdmin,
    EditorialForm,
    EditorialInline,
    EditorialStackedInline,
    SluggedForm,
    check_uploaded_image,
    partial_date_column,
)
from countries.models import (
    Country,
    CountryAlias,
    DiplomaticRelation,
    Mission,
    Office,
    Official,
    OtherName,
    Position,
    StatusChange,
)

admin.site.site_header = _("Accords editorial admin")
admin.site.site_title = _("Accords admin")
admin.site.index_title = _("Countries, officials, events and their sources")


def today() -> datetime.date:
    return timezone.localdate()


class CountryForm(SluggedForm):
    slug_from = "name"


class OfficialForm(SluggedForm):
    slug_from = "name"

    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        check_uploaded_image(portrait)
        return portrait


class PositionFormSet(BaseInlineFormSet):
    """Catches overlaps between rows typed together, before any is saved."""

    def clean(self):
        super().clean()
        rows = [
            form.instance
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.instance.office_id
            and form.instance.start
        ]
        for i, position in enumerate(rows):
            for other in rows[i + 1 :]:
                if position.office_id == other.office_id and position.interval_overlaps(
                    other
                ):
                    raise ValidationError(
                        _(
                            "Two rows give %(office)s for overlapping periods "
                            "(%(period)s and %(other)s). One person holds an "
                            "office once at a time: merge them or correct the "
                            "dates."
                        )
                        % {
                            "office": position.office,
                            "period": position.period,
                            "other": other.period,
                        }
                    )


# Inlines


class StatusChangeInline(EditorialInline):
    model = StatusChange
    fields = [
        "status",
        "date",
        "note",
        "confidence",
        "confidence_note",
        "publication_status",
    ]
    verbose_name_plural = _("accords status timeline")


class DiplomaticRelationInline(EditorialStackedInline):
    model = DiplomaticRelation
    fields = [
        "established",
        "summary",
        "confidence",
        "confidence_note",
        "publication_status",
    ]
    max_num = 1
    verbose_name_plural = _("diplomatic relations with Israel")


class MissionSentInline(EditorialInline):
    model = Mission
    fk_name = "sending_country"
    fields = ["kind", "host_country", "city", "opened", "closed", "publication_status"]
    autocomplete_fields = ["host_country"]
    verbose_name_plural = _("missions this country sends")


class MissionHostedInline(EditorialInline):
    model = Mission
    fk_name = "host_country"
    fields = [
        "kind",
        "sending_country",
        "city",
        "opened",
        "closed",
        "publication_status",
    ]
    autocomplete_fields = ["sending_country"]
    verbose_name_plural = _("missions this country hosts")


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    # Not a versioned record, but its text follows the same rules.
    form = EditorialForm
    fields = ["name", "kind", "language"]
    extra = 0


class OtherNameInline(admin.TabularInline):
    model = OtherName
    # Not a versioned record, but its text follows the same rules.
    form = EditorialForm
    extra = 0


class PositionInline(EditorialInline):
    model = Position
    fields = [
        "office",
        "start",
        "end",
        "confidence",
        "confidence_note",
        "publication_status",
    ]
    autocomplete_fields = ["office"]
    formset = PositionFormSet


# Filters


class HasCurrentPositionFilter(ChoiceFilter):
    title = _("current position")
    parameter_name = "current_position"

    def conditions(self):
        held = Exists(Position.objects.held_on(today()).filter(official=OuterRef("pk")))
        return {
            "yes": (_("Holds a position today"), held),
            "no": (_("No current position"), ~held),
        }


class CurrentFilter(ChoiceFilter):
    title = _("held")
    parameter_name = "held"

    def conditions(self):
        return {
            "now": (_("Still held"), Q(end__isnull=True)),
            "ended": (_("Ended"), Q(end__isnull=False)),
        }


# Model admins


@admin.register(Country)
class CountryAdmin(EditorialAdmin):
    form = CountryForm
    list_display = ["name", "iso2", "iso3", "region", "role", "status", "published"]
    list_filter = ["publication_status", "region", "role"]
    search_fields = ["name", "slug", "iso2", "iso3", "wikidata_id", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "iso2", "iso3", "region", "role"]}),
        (_("For readers"), {"fields": ["summary", "wikidata_id", "last_checked"]}),
        (_("Publication"), {"fields": ["publication_status", "published_at"]}),
    ]
    inlines = [
        CountryAliasInline,
        StatusChangeInline,
        DiplomaticRelationInline,
        MissionSentInline,
        MissionHostedInline,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status_on(today())

    @admin.display(description=_("accords status today"), ordering="status")
    def status(self, obj):
        if not obj.status:
            return None
        return obj.status.capitalize()


@admin.register(StatusChange)
class StatusChangeAdmin(EditorialAdmin):
    list_display = [
        "country",
        "status",
        partial_date_column("date", _("date")),
        "caused_by",
        "published",
    ]
    list_filter = ["publication_status", "status", "date_precision", "confidence"]
    list_select_related = ["country"]
    search_fields = ["country__name", "country__iso2", "note"]
    autocomplete_fields = ["country"]
    date_hierarchy = "date"
    fields = [
        "country",
        "status",
        "date",
        "note",
        "confidence",
        "confidence_note",
        "publication_status",
        "published_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("events")

    @admin.display(description=_("caused by"))
    def caused_by(self, obj):
        return ", ".join(str(event) for event in obj.events.all()) or None


@admin.register(DiplomaticRelation)
class DiplomaticRelationAdmin(EditorialAdmin):
    list_display = [
        "__str__",
        partial_date_column("established", _("established")),
        "published",
    ]
    list_filter = ["publication_status", "confidence"]
    list_select_related = ["country"]
    search_fields = ["country__name", "summary"]
    autocomplete_fields = ["country"]
    fields = [
        "country",
        "established",
        "summary",
        "confidence",
        "confidence_note",
        "publication_status",
        "published_at",
    ]


@admin.register(Mission)
class MissionAdmin(EditorialAdmin):
    list_display = [
        "sending_country",
        "kind",
        "host_country",
        "city",
        partial_date_column("opened", _("opened")),
        partial_date_column("closed", _("closed")),
        "published",
    ]
    list_filter = ["publication_status", "kind"]
    list_select_related = ["sending_country", "host_country"]
    search_fields = ["sending_country__name", "host_country__name", "city"]
    autocomplete_fields = ["sending_country", "host_country"]
    fields = [
        "sending_country",
        "host_country",
        "kind",
        "city",
        "opened",
        "closed",
        "publication_status",
        "published_at",
    ]


@admin.register(Official)
class OfficialAdmin(EditorialAdmin):
    form = OfficialForm
    list_display = ["name", "country", "holds_now", "published"]
    list_filter = ["publication_status", HasCurrentPositionFilter, "country__region"]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "other_names__name", "wikidata_id"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "country"]}),
        (_("For readers"), {"fields": ["bio", "portrait", "wikidata_id"]}),
        (_("Publication"), {"fields": ["publication_status", "published_at"]}),
    ]
    inlines = [OtherNameInline, PositionInline]

    def get_queryset(self, request):
        held = Position.objects.held_on(today()).order_by()
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("positions", queryset=held, to_attr="positions_now")
            )
        )

    @admin.display(description=_("holds today"))
    def holds_now(self, obj):
        return ", ".join(str(p.office) for p in obj.positions_now) or None


@admin.register(OtherName)
class OtherNameAdmin(EditorialAdmin):
    list_display = ["name", "official", "note"]
    list_select_related = ["official"]
    search_fields = ["name", "official__name", "note"]
    autocomplete_fields = ["official"]


@admin.register(CountryAlias)
class CountryAliasAdmin(EditorialAdmin):
    list_display = ["name", "country", "kind", "language"]
    list_filter = ["kind", "language"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name"]
    autocomplete_fields = ["country"]


@admin.register(Office)
class OfficeAdmin(EditorialAdmin):
    list_display = ["title", "holder_name", "holders"]
    list_filter = ["country__region"]
    list_select_related = ["country"]
    search_fields = ["title", "organisation", "country__name"]
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(holder_count=Count("positions"))

    @admin.display(description=_("positions"), ordering="holder_count")
    def holders(self, obj):
        return obj.holder_count


@admin.register(Position)
class PositionAdmin(EditorialAdmin):
    list_display = [
        "official",
        "office",
        partial_date_column("start", _("start")),
        partial_date_column("end", _("end")),
        "published",
    ]
    list_filter = ["publication_status", CurrentFilter, "confidence", "office__title"]
    list_select_related = ["official", "office__country"]
    search_fields = [
        "official__name",
        "official__other_names__name",
        "office__title",
        "office__organisation",
        "office__country__name",
    ]
    autocomplete_fields = ["official", "office"]
    date_hierarchy = "start"
    fields = [
        "official",
        "office",
        "start",
        "end",
        "confidence",
        "confidence_note",
        "publication_status",
        "published_at",
    ]
