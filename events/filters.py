"""The filters of the events list, for the page and the API.

``date_after`` / ``date_before`` treat partial dates as the periods they
cover: ``date_after=2020-12-05`` includes an event dated "December 2020".
"""

import copy
import re

import django_filters
from django.core.cache import cache
from django.db import models
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from core.filters import (
    ChoiceFilter,
    DocumentedFilter,
    MultipleChoiceFilter,
    PartialDateFilter,
    RecordFilterSet,
    ReferenceField,
    ReferenceFilter,
    SearchFilter,
    ordering_filter,
)
from core.forms import RecordSelect
from core.models import Confidence, public_q
from core.serializers import OFFICIAL_SLUG_SCHEMA
from core.translation import language_code
from countries.filters import CountryCodeFilter
from countries.models import Official
from events.models import (
    PRIMARY_KINDS,
    Event,
    EventKind,
    Participant,
    Publication,
    PublicationKind,
)

# The officials the page's select offers; the others are found by name.
MOST_CITED_OFFICIALS = 25
# Counted over the latest published events only, so the list costs the same
# whatever the size of the archive: the officials readers look for are the
# ones in the news.
RECENT_EVENTS = 500
# The short list changes rarely: kept this many seconds, shared by every
# request.
MOST_CITED_SECONDS = 60


def most_cited_officials() -> list[tuple[str, str]]:
    """(slug, name) of the published officials in most of the latest
    published events, by name."""

    def compute():
        # One query: the events page counts every statement (core/caching.py).
        recent = Event.objects.published().order_by("-date_order", "-pk")
        language = language_code()
        # The name in the page's language, in English where it has none.
        name = Coalesce(
            NullIf(F(f"official__name_{language}"), Value("")),
            F("official__name_en"),
            output_field=CharField(),
        )
        # The official's conditions on the one join that also gives the name,
        # and a plain count: an official takes part in an event once.
        rows = (
            Participant.objects.filter(
                public_q("official__"),
                event__in=recent.values("pk")[:RECENT_EVENTS],
            )
            .order_by()
            .values("official__slug")
            .annotate(shown=name, events=Count("event"))
            .order_by("-events", "shown", "official__slug")[:MOST_CITED_OFFICIALS]
        )
        top = [(row["official__slug"], row["shown"]) for row in rows]
        return sorted(top, key=lambda row: row[1])

    key = f"events:most-cited-officials:{language_code()}"
    return cache.get_or_set(key, compute, MOST_CITED_SECONDS)


class OfficialSelect(RecordSelect):
    """The most cited officials, and the chosen one by name whoever it is."""

    def __init__(self, **kwargs):
        super().__init__(most_cited_officials, **kwargs)

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)

        def officials():
            options = most_cited_officials()
            if chosen and all(slug != chosen for slug, _ in options):
                named = Official.objects.published().filter(slug=chosen)
                options = [*options, *named.values_list("slug", "name")]
            return options

        # A copy per drawing: forms share a widget's attributes between copies.
        widget = copy.copy(self)
        widget.records = officials
        return RecordSelect.render(widget, name, value, attrs, renderer)


class OfficialSlugFilter(ReferenceFilter):
    any_label = _("Any official")
    target = Official
    to_field_name = "slug"
    schema = {k: v for k, v in OFFICIAL_SLUG_SCHEMA.items() if k != "example"}
    hint = "give an official's slug, for example kassym-jomart-tokayev."

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Thousands of officials make a select too long to draw or to use.
        self.extra["widget"] = OfficialSelect(empty_label="Any official")


class OfficialNameFilter(SearchFilter):
    """Events with a participant whose name holds the text: the way to any
    official the page's short list leaves out."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        officials = Official.objects.visible_to(
            getattr(getattr(self.parent, "request", None), "user", None)
        ).filter(name__icontains=value)
        named = Participant.objects.filter(
            models.Q(official__in=officials)
            | models.Q(official__isnull=True, name__icontains=value)
        )
        return queryset.filter(pk__in=named.values("event"))


class EventFilter(RecordFilterSet):
    q = SearchFilter(
        label=_("Text"),
        help_text="Words in the title, summary, place, body or participants' "
        "names, in any spelling; several words find any of them, best matches "
        "first.",
    )
    kind = ChoiceFilter(
        choices=EventKind.choices,
        what=_("a kind of event"),
        label=_("Kind"),
        empty_label=_("Any kind"),
    )
    country = CountryCodeFilter(
        field_name="countries",
        label=_("Country"),
        help_text="Events involving this country.",
    )
    official = OfficialSlugFilter(
        field_name="participants__official",
        label=_("Official"),
        help_text="Events this official took part in.",
    )
    official_name = OfficialNameFilter(
        label="Official’s name",
        page_help_text="Part of a name, for an official not in the list.",
        help_text="Events with a participant whose name holds this text, in any "
        "case (`rubio` finds Marco Rubio's events).",
    )
    date_after = PartialDateFilter(
        method="filter_nothing",
        label=_("From"),
        page_help_text=_("A year, month or day: 2020, 2020-12 or 2020-12-05."),
        help_text="Events whose period reaches this date or later (YYYY, YYYY-MM "
        "or YYYY-MM-DD; a month or year counts from its first day).",
    )
    date_before = PartialDateFilter(
        method="filter_nothing",
        label=_("To"),
        page_help_text=_("The same forms; 2020 means to the end of 2020."),
        help_text="Events whose period starts on or before this date (a month or "
        "year counts to its last day).",
    )
    confidence = MultipleChoiceFilter(
        choices=Confidence.choices,
        what=_("a confidence"),
        label=_("Confidence"),
        page_help_text=_("Tick none for all events."),
        help_text="Only events of these confidences; repeat for several "
        "(`confidence=confirmed&confidence=reported` leaves out the disputed).",
    )
    ordering = ordering_filter("date", "title", "updated_at")

    orderings = {
        "date": "chronological",
        "-date": "latest_first",
        "title": ["title", "pk"],
        "-title": ["-title", "-pk"],
        "updated_at": ["updated_at", "pk"],
        "-updated_at": ["-updated_at", "-pk"],
    }
    default_ordering = "-date"
    changed_parts = ("citations", "photos")
    page_fields = (
        "q",
        "kind",
        "country",
        "official",
        "official_name",
        "date_after",
        "date_before",
        "confidence",
    )
    ranges = (("date_after", "date_before"),)
    renamed_parameters = {"date_from": "date_after", "date_to": "date_before"}

    class Meta:
        model = Event
        fields = []

    def filter_queryset(self, queryset):
        start = self.form.cleaned_data.get("date_after")
        end = self.form.cleaned_data.get("date_before")
        if start or end:
            queryset = queryset.between(start and start.start, end and end.end)
        return super().filter_queryset(queryset)

    def filter_updated_after(self, queryset, name, value):
        # One indexed column, which every change to what the event shows bumps
        # (events.models: mark_events_changed). Asked as the keys found on its
        # index: SQLite, with no statistics on a range, otherwise walks the
        # list's order index through every event for the few changed since a
        # client's last sync (170 ms at 100,000 events, against 0.1 ms). A
        # client whose last sync is so old that most events changed since
        # pays instead for sorting them (120 ms); PostgreSQL, which plans by
        # its statistics, takes half a millisecond either way.
        changed = queryset.model._base_manager.filter(changed_at__gt=value)
        return queryset.filter(pk__in=changed.values("pk"))


class DocumentUrlFilter(DocumentedFilter, django_filters.CharFilter):
    """A document's address, exactly as stored but for a trailing slash."""

    field_class = ReferenceField
    # The schema's pattern is matched as a search, so it says "starts with".
    schema = {"type": "string", "pattern": "^https?://"}

    def __init__(self, **kwargs):
        super().__init__(
            pattern=re.compile(r"https?://.*", re.DOTALL),
            hint="give the document's address, starting with https:// or http://.",
            **kwargs,
        )

    def filter(self, queryset, value):
        if not value:
            return queryset
        bare = value.rstrip("/")
        return queryset.filter(url__in=[bare, f"{bare}/"])


YES_NO = [("true", "true"), ("false", "false")]


class PublicationFilter(RecordFilterSet):
    kind = MultipleChoiceFilter(
        choices=PublicationKind.choices,
        what="a kind of publication",
        help_text="Only publications of these kinds; repeat for several "
        "(`kind=treaty&kind=declaration`).",
    )
    primary = ChoiceFilter(
        choices=YES_NO,
        what="true or false",
        method="filter_primary",
        help_text="`true`: documents issued by a party (treaty, declaration, "
        "statement, transcript); `false`: news reports and reference works.",
    )
    publisher = django_filters.CharFilter(
        lookup_expr="iexact",
        strip=False,
        help_text="The publisher's name, in any case (`ynet` finds Ynet).",
    )
    url = DocumentUrlFilter(
        help_text="The document's address, exactly; a trailing slash does not "
        "count. Before adding a publication, ask whether it is already here.",
    )
    ordering = ordering_filter("title", "published_on", "updated_at")

    orderings = {
        "title": ["title", "publisher", "pk"],
        "-title": ["-title", "-publisher", "-pk"],
        "published_on": [models.F("published_on").asc(nulls_first=True), "pk"],
        "-published_on": [models.F("published_on").desc(nulls_last=True), "-pk"],
        "updated_at": ["updated_at", "pk"],
        "-updated_at": ["-updated_at", "-pk"],
    }
    default_ordering = "title"
    changed_parts = ("citations",)

    class Meta:
        model = Publication
        fields = []

    def filter_primary(self, queryset, name, value: str):
        if value == "true":
            return queryset.filter(kind__in=PRIMARY_KINDS)
        return queryset.exclude(kind__in=PRIMARY_KINDS)
