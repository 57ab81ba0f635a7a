import datetime

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import partial_dates
from core.history import LinkedHistoricalRecords
from core.models import (
    Attested,
    Ordered,
    Publishable,
    PublishableQuerySet,
    Record,
    normalize_partial_dates,
    publication_constraints,
)
from core.partial_dates import PartialDateColumns
from countries.models import (
    Country,
    DiplomaticRelation,
    Mission,
    Official,
    Position,
    StatusChange,
)

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def render_body(text: str) -> str:
    """Markdown to HTML, cleaned of anything but simple formatting and links."""
    html = markdown.markdown(text, output_format="html")
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


class EventKind(models.TextChoices):
    SIGNING = "signing", "Signing"
    ANNOUNCEMENT = "announcement", "Announcement"
    MEETING = "meeting", "Meeting"
    STATE_VISIT = "state-visit", "State visit"
    DIPLOMATIC_RELATIONS = "diplomatic-relations", "Diplomatic relations"
    STATEMENT = "statement", "Statement"
    REPORT = "report", "Report"
    CONFLICT = "conflict", "Conflict"


class EventQuerySet(PublishableQuerySet):
    def between(self, start: datetime.date | None, end: datetime.date | None):
        """Events whose period overlaps [start, end]; either bound may be open.

        An event dated "December 2020" overlaps a range from 5 December 2020;
        an event with an end date overlaps until its end.
        """
        query = models.Q()
        if end is not None:
            query &= models.Q(date__lte=end)
        if start is not None:
            query &= (
                models.Q(end_date__isnull=True)
                & partial_dates.ends_on_or_after("date", start)
            ) | (
                models.Q(end_date__isnull=False)
                & partial_dates.ends_on_or_after("end_date", start)
            )
        return self.filter(query)

    def bulk_create(self, objs, *args, **kwargs):
        # save() is skipped here, and the stored sort key must not drift.
        objs = list(objs)
        for event in objs:
            normalize_partial_dates(event)
            event.set_date_order()
        return super().bulk_create(objs, *args, **kwargs)

    def chronological(self):
        return self.order_by("date_order", "pk")

    def latest_first(self):
        return self.order_by("-date_order", "-pk")

    def in_year(self, year: int):
        return self.filter(
            date_order__gte=year * 10_000, date_order__lt=(year + 1) * 10_000
        )

    def search(self, text: str):
        return self.filter(
            models.Q(title__icontains=text)
            | models.Q(summary__icontains=text)
            | models.Q(place_city__icontains=text)
            | models.Q(body__icontains=text)
        )

    def for_list(self):
        return self.select_related("place_country").prefetch_related("countries")

    def for_detail(self):
        return self.select_related("place_country").prefetch_related(
            "countries",
            models.Prefetch(
                "participants",
                queryset=Participant.objects.select_related("official__country"),
            ),
            models.Prefetch(
                "photos", queryset=Photo.objects.prefetch_related("officials")
            ),
            "sources",
            "status_changes__country",
        )


class Event(Attested, Publishable):
    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=250,
        unique=True,
        help_text="Used in the page address. Changing it later leaves a redirect "
        "from the old address.",
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    date = PartialDateColumns(
        help_text="When it happened. With month or year precision, the first "
        "day of that month or year."
    )
    # The partial-date sort key, stored so that lists sort on an index: within
    # a period, a less precise date sorts after the precise ones.
    date_order = models.PositiveIntegerField(editable=False, default=0)
    end_date = PartialDateColumns(
        null=True, blank=True, help_text="Only for events that lasted several days."
    )
    place_city = models.CharField(
        "place",
        max_length=100,
        blank=True,
        default="",
        help_text="City, or the region when that is all the source says "
        "(for example Washington, Florida).",
    )
    place_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="events_hosted",
        null=True,
        blank=True,
        verbose_name="country of the place",
    )
    summary = models.TextField(
        max_length=600, help_text="One or two sentences shown in lists and feeds."
    )
    body = models.TextField(
        blank=True,
        default="",
        help_text="The full account, in Markdown. Links and simple formatting "
        "are kept; anything else is removed.",
    )
    body_html = models.TextField(blank=True, default="", editable=False)
    countries = models.ManyToManyField(
        Country,
        related_name="events",
        blank=True,
        help_text="Every country the event involves.",
    )
    status_changes = models.ManyToManyField(
        StatusChange,
        related_name="events",
        blank=True,
        help_text="Accords status changes this event caused.",
    )

    objects = EventQuerySet.as_manager()
    history = LinkedHistoricalRecords(
        links=["countries", "status_changes", "sources", "participants", "photos"]
    )

    class Meta:
        ordering = ["-date_order", "-pk"]
        indexes = [
            models.Index(
                fields=["publication_status", "date_order", "id"],
                name="event_published_order_idx",
            ),
            models.Index(fields=["date_order", "id"], name="event_order_idx"),
            models.Index(
                fields=["kind", "publication_status", "date_order", "id"],
                name="event_kind_order_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values), name="event_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="event_slug_not_empty"
            ),
            *partial_dates.period_constraints("event", "date", "end_date"),
            *publication_constraints("event"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def place(self) -> str:
        """City and country as readers see them: a draft country is left out."""
        country = self.place_country
        shown = str(country) if country is not None and country.is_public else ""
        return ", ".join(part for part in (self.place_city, shown) if part)

    @property
    def period(self):
        """(first day, last day) the event covers."""
        end = self.end_date_partial or self.date_partial
        return self.date_partial.start, end.end

    def participants_with_positions(self) -> list["Participant"]:
        """Participants, each with ``positions_then``: offices held at the time.

        One query beyond the (prefetched) participants; a page shows "then-
        President Nursultan Nazarbayev" from this without anyone typing "then".
        """
        participants = list(self.participants.all())
        official_ids = {p.official_id for p in participants if p.official_id}
        by_official: dict[int, list[Position]] = {}
        if official_ids:
            start, end = self.period
            # Positions held then and those held now, in one query.
            positions = list(
                Position.objects.published()
                .filter(official_id__in=official_ids)
                .filter(
                    models.Q(
                        pk__in=Position.objects.held_during(start, end).values("pk")
                    )
                    | models.Q(end__isnull=True)
                )
                .select_related("office__country", "official")
                .order_by(*partial_dates.chronological("start"), "pk")
            )
            held_now = {(p.official_id, p.office_id) for p in positions if p.is_current}
            for position in positions:
                if not position.interval_overlaps_dates(start, end):
                    continue
                position.office_held_now = (
                    position.official_id,
                    position.office_id,
                ) in held_now
                by_official.setdefault(position.official_id, []).append(position)
        for participant in participants:
            participant.positions_then = by_official.get(participant.official_id, [])
        return participants

    def clean(self):
        if self.date is not None:
            partial_dates.check_end_not_before_start(
                self.date_partial, self.end_date_partial, field="end_date"
            )

    def normalize(self) -> None:
        super().normalize()
        self.set_date_order()
        self.body_html = render_body(self.body)

    def set_date_order(self) -> None:
        self.date_order = self.date_partial.sort_number()


class Participant(Ordered):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants"
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,  # an official named in a published event stays
        related_name="participations",
        null=True,
        blank=True,
        help_text="Link the official whenever they have a record.",
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="Only for a participant without an official record.",
    )
    role = models.CharField(
        "role in this event",
        max_length=100,
        blank=True,
        default="",
        help_text="For example signer, host, visitor, speaker.",
    )

    history = HistoricalRecords()

    class Meta(Ordered.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(official__isnull=False) | ~models.Q(name=""),
                name="participant_official_or_name",
                violation_error_message="Choose an official or type a name.",
            ),
            models.UniqueConstraint(
                fields=["event", "official"], name="participant_official_once_per_event"
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.official.name if self.official_id else self.name

    def clean(self):
        if self.official_id is None and not self.name:
            raise ValidationError("Choose an official or type the participant's name.")


class Source(Record):
    """A citation: the document and the passage that supports a claim."""

    publisher = models.CharField(max_length=200, help_text="For example Ynet, Reuters.")
    title = models.CharField(max_length=300)
    url = models.URLField("URL", max_length=500)
    published_on = PartialDateColumns(null=True, blank=True)
    author = models.CharField(max_length=200, blank=True, default="")
    archive_url = models.URLField(
        "archive URL",
        max_length=500,
        blank=True,
        default="",
        help_text="A copy in a web archive, in case the page changes or disappears.",
    )
    accessed_on = models.DateField(
        null=True, blank=True, help_text="When an editor last read the page."
    )
    quote = models.TextField(
        blank=True,
        default="",
        help_text="The passage that supports the claim, copied word for word.",
    )
    events = models.ManyToManyField(Event, related_name="sources", blank=True)
    status_changes = models.ManyToManyField(
        StatusChange, related_name="sources", blank=True
    )
    positions = models.ManyToManyField(Position, related_name="sources", blank=True)
    missions = models.ManyToManyField(Mission, related_name="sources", blank=True)
    relations = models.ManyToManyField(
        DiplomaticRelation, related_name="sources", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "publisher", "pk"]
        constraints = [
            partial_dates.precision_constraint("source", "published_on"),
            models.CheckConstraint(
                condition=models.Q(url__startswith="http://")
                | models.Q(url__startswith="https://"),
                name="source_url_is_web_address",
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"


def _source_link_str(link) -> str:
    return str(link.source)


# A claim's link to a source (an auto-created through row) reads as the source
# in admin inlines and delete confirmations, not as "Source_events object (3)".
for _relation in ("events", "status_changes", "positions", "missions", "relations"):
    getattr(Source, _relation).through.__str__ = _source_link_str


class Photo(Record, Ordered):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="photos/%Y/")
    caption = models.TextField(help_text="What the photo shows, as readers see it.")
    credit = models.CharField(
        max_length=200, help_text="Who took or owns it, for example “Alex Brandon/AP”."
    )
    alt_text = models.CharField(
        "alt text",
        max_length=400,
        help_text="Describes the image for readers who cannot see it.",
    )
    officials = models.ManyToManyField(
        Official, related_name="photos", blank=True, help_text="Officials shown."
    )

    history = HistoricalRecords()

    class Meta(Ordered.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text=""), name="photo_alt_text_required"
            ),
            models.CheckConstraint(
                condition=~models.Q(credit=""), name="photo_credit_required"
            ),
        ]

    def __str__(self):
        return self.caption[:80]
