import datetime
import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core import partial_dates, search, workflow
from core.models import (
    Attested,
    Ordered,
    Publishable,
    PublishableQuerySet,
    Record,
    normalize_partial_dates,
    publication_constraints,
)
from core.nested import Nested, citations_of, translated_order, with_nested
from core.partial_dates import PartialDateColumns
from core.reversing import reverse_slug
from core.rich_text import (  # noqa: F401  (events' API)
    render_bodies,
    render_body,
    sanitize_html,
)
from countries.models import (
    Country,
    DiplomaticRelation,
    Mission,
    Official,
    OtherName,
    Position,
    StatusChange,
    card_countries,
)


class EventKind(models.TextChoices):
    SIGNING = "signing", _("Signing")
    ANNOUNCEMENT = "announcement", _("Announcement")
    MEETING = "meeting", _("Meeting")
    STATE_VISIT = "state-visit", _("State visit")
    DIPLOMATIC_RELATIONS = "diplomatic-relations", _("Diplomatic relations")
    STATEMENT = "statement", _("Statement")
    REPORT = "report", _("Report")
    CONFLICT = "conflict", _("Conflict")


class EventQuerySet(search.IndexedQuerySet, PublishableQuerySet):
    searched_fields = frozenset({"title", "summary", "place_city", "body"})

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
        """Events ``text`` finds in their title, summary, place, body or
        participants' names (see ``core.search``), with ``search_rank``."""
        return search.search(self, text)

    def for_list(self):
        return self.select_related("place_country").prefetch_related("countries")

    def for_search(self):
        """The search page's events: as listed, latest first."""
        return self.for_cards().latest_first()

    def for_api_list(self):
        """The API's list: each event with ``place_country`` and ``countries``,
        in one query."""
        return with_nested(
            self.select_related("place_country"), countries=api_nested()["countries"]
        )

    def for_api_detail(self):
        """The API's detail: ``for_detail``'s records and the participants'
        positions (see ``Event.participants_then``), in one query."""
        return with_nested(self.select_related("place_country"), **api_nested())

    def for_cards(self):
        """Events as the public pages list them (``events/templatetags/cards.py``):
        with their place and, in the same query, their public countries
        (``card_countries``, the columns a card links them by); without
        the account a card does not show (in every language, the longest
        columns by far)."""
        return with_nested(
            self.select_related("place_country").defer("body", "body_html"),
            card_countries=card_countries(),
        )

    def for_detail(self):
        """An event's page: its countries, participants (with their officials
        and countries), photos, citations (with their publications) and
        status changes (with their countries), loaded in the event's own query
        (``core.nested``)."""
        # The API lists the officials in each photo; no query without photos.
        return with_nested(
            self.select_related("place_country"), **detail_nested()
        ).prefetch_related("photos__officials")


@functools.cache
def detail_nested() -> dict[str, Nested]:
    """The records an event's page shows, built once (see core.nested): they
    depend on no time or reader (the page leaves out what readers may not
    see)."""
    here = models.OuterRef("pk")
    return {
        "countries": event_countries(reused=True),
        "participants": Nested(
            Participant.objects.filter(event=here),
            joined=["official", "official__country"],
            order=lambda participant: (participant.order, participant.pk),
            reused=True,
        ),
        "photos": Nested(
            Photo.objects.filter(event=here),
            order=lambda photo: (photo.order, photo.pk),
            reused=True,
        ),
        "citations": citations_of(
            Event, order=lambda citation: citation.pk, reused=True
        ),
        "status_changes": Nested(
            StatusChange.objects.filter(events=here),
            joined=["country"],
            order=lambda change: (change.date_partial.sort_key(), change.pk),
            reused=True,
        ),
    }


def event_countries(*, outer: str = "pk", **options) -> Nested:
    """An event's countries, in its own query (``core.nested``); ``outer``
    is the outer query's column that holds the event's key."""
    return Nested(
        Country.objects.filter(events=models.OuterRef(outer)),
        order=lambda country: (translated_order(country, "name"), country.pk),
        **options,
    )


@functools.cache
@functools.cache
def api_nested() -> dict[str, Nested]:
    """The records an event's API detail shows, built once: they depend on
    no time or reader (drafts are left out as they are serialized)."""
    here = models.OuterRef("pk")
    return {
        # A country is shown by its code, when readers may see it.
        "countries": Nested(
            Country.objects.filter(events=here),
            only={"": ["iso2", "publication_status", "publish_at", "unpublish_at"]},
            reused=True,
        ),
        "participants": Nested(
            Participant.objects.filter(event=here),
            joined=["official", "official__country"],
            nested={
                # Every position of the official: which were held then is
                # worked out from the event's dates (Event.participants_then).
                "official_positions": Nested(
                    Position.objects.filter(official=models.OuterRef("official")),
                    joined=["office", "office__country"],
                    nested={"citations": citations_of(Position)},
                    to_attr=True,
                )
            },
            reused=True,
        ),
        "photos": Nested(
            Photo.objects.filter(event=here),
            nested={"officials": Nested(Official.objects.filter(photos=here))},
            reused=True,
        ),
        "citations": citations_of(Event, reused=True),
        "status_changes": Nested(
            StatusChange.objects.filter(events=here), joined=["country"], reused=True
        ),
    }


class Event(Attested, Publishable):
    title = models.CharField(verbose_name=_("title"), max_length=250)
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=250,
        unique=True,
        help_text=_(
            "Used in the page address. Changing it later leaves a redirect "
            "from the old address."
        ),
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=20, choices=EventKind.choices
    )
    date = PartialDateColumns(
        verbose_name=_("date"),
        precision_verbose_name=_("date precision"),
        help_text=_(
            "When it happened. With month or year precision, the first "
            "day of that month or year."
        ),
    )
    # The partial-date sort key, stored so that lists sort on an index: within
    # a period, a less precise date sorts after the precise ones.
    date_order = models.PositiveIntegerField(
        verbose_name=_("date order"), editable=False, default=0
    )
    end_date = PartialDateColumns(
        verbose_name=_("end date"),
        precision_verbose_name=_("end date precision"),
        null=True,
        blank=True,
        help_text=_("Only for events that lasted several days."),
    )
    place_city = models.CharField(
        _("place"),
        max_length=100,
        blank=True,
        default="",
        help_text=_(
            "City, or the region when that is all the source says "
            "(for example Washington, Florida)."
        ),
    )
    place_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="events_hosted",
        null=True,
        blank=True,
        verbose_name=_("country of the place"),
    )
    summary = models.TextField(
        verbose_name=_("summary"),
        max_length=600,
        help_text=_("One or two sentences shown in lists and feeds."),
    )
    body = models.TextField(
        verbose_name=_("body"),
        blank=True,
        default="",
        help_text=_(
            "The full account, in Markdown. Links and simple formatting "
            "are kept; anything else is removed."
        ),
    )
    body_html = models.TextField(
        verbose_name=_("body html"), blank=True, default="", editable=False
    )
    # When the event or anything its API answer shows last changed (its
    # participants, citations and their publications, photos, countries,
    # status changes): what ``updated_after`` reads, on an index. The
    # receivers at the end of this module bump it.
    changed_at = models.DateTimeField(
        verbose_name=_("changed at"), default=timezone.now, editable=False
    )
    countries = models.ManyToManyField(
        Country,
        related_name="events",
        blank=True,
        help_text=_("Every country the event involves."),
    )
    status_changes = models.ManyToManyField(
        StatusChange,
        related_name="events",
        blank=True,
        help_text=_("Accords status changes this event caused."),
    )

    objects = EventQuerySet.as_manager()
    # history: events/translation.py

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date_order", "-pk"]
        indexes = [
            models.Index(
                fields=["publication_status", "date_order", "id"],
                name="event_published_order_idx",
            ),
            # Covers the timeline's count of public events per year: read
            # from the index alone, without a row lookup per event.
            models.Index(
                fields=[
                    "publication_status",
                    "date_order",
                    "publish_at",
                    "unpublish_at",
                    "id",
                ],
                name="event_public_years_idx",
            ),
            models.Index(fields=["date_order", "id"], name="event_order_idx"),
            models.Index(fields=["changed_at", "id"], name="event_changed_idx"),
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
        return reverse_slug("events:detail", self.slug)

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
        positions = []
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
        self._set_positions_then(participants, positions)
        return participants

    def participants_then(self) -> list["Participant"]:
        """``participants_with_positions()`` from the positions
        ``for_api_detail()`` loaded with each participant (every one of their
        official's, in order): no query."""
        participants = list(self.participants.all())
        if any(not hasattr(p, "official_positions") for p in participants):
            return self.participants_with_positions()
        by_official = {}
        for participant in participants:
            if participant.official_id is not None:
                by_official[participant.official_id] = [
                    position
                    for position in participant.official_positions
                    if position.is_public
                ]
                for position in by_official[participant.official_id]:
                    Position.official.field.set_cached_value(
                        position, participant.official
                    )
        positions = [p for positions in by_official.values() for p in positions]
        self._set_positions_then(participants, positions)
        return participants

    def _set_positions_then(self, participants, positions) -> None:
        """Each participant's ``positions_then`` from ``positions`` (published,
        in order): those held during the event, each knowing whether the
        official holds that office today."""
        start, end = self.period
        held_now = {(p.official_id, p.office_id) for p in positions if p.is_current}
        by_official: dict[int, list[Position]] = {}
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

    def clean(self):
        if self.date is not None:
            partial_dates.check_end_not_before_start(
                self.date_partial, self.end_date_partial, field="end_date"
            )

    def save(self, *args, **kwargs):
        self.changed_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "changed_at"}
        super().save(*args, **kwargs)

    def normalize(self) -> None:
        super().normalize()
        self.set_date_order()
        render_bodies(self)

    def set_date_order(self) -> None:
        self.date_order = self.date_partial.sort_number()


class Participant(Ordered):
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.PROTECT,  # an official named in a published event stays
        related_name="participations",
        null=True,
        blank=True,
        help_text=_("Link the official whenever they have a record."),
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Only for a participant without an official record."),
    )
    role = models.CharField(
        _("role in this event"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("For example signer, host, visitor, speaker."),
    )

    # history: events/translation.py

    class Meta(Ordered.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(official__isnull=False) | ~models.Q(name=""),
                name="participant_official_or_name",
                violation_error_message=_("Choose an official or type a name."),
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
            raise ValidationError(
                _("Choose an official or type the participant's name.")
            )


class PublicationKind(models.TextChoices):
    TREATY = "treaty", _("Treaty or agreement")
    DECLARATION = "declaration", _("Declaration")
    STATEMENT = "statement", _("Official statement")
    TRANSCRIPT = "transcript", _("Transcript")
    NEWS = "news", _("News report")
    REFERENCE = "reference", _("Reference work")


# Documents issued by the parties themselves: readers see them first.
PRIMARY_KINDS = (
    PublicationKind.TREATY,
    PublicationKind.DECLARATION,
    PublicationKind.STATEMENT,
    PublicationKind.TRANSCRIPT,
)


class PublicationQuerySet(models.QuerySet):
    def primary_first(self):
        return self.annotate(
            secondary=models.Case(
                models.When(kind__in=PRIMARY_KINDS, then=models.Value(0)),
                default=models.Value(1),
            )
        ).order_by("secondary", "-published_on", "publisher", "title", "pk")

    def for_api(
        self, *, readable: models.Q, cited_only: bool, only: dict[str, list[str]]
    ):
        """The API's list and detail: each publication with
        ``visible_citations``, those ``readable``, with the records they
        support (the fields ``only`` names of each path), in one query; only
        publications cited by one of them when ``cited_only``."""
        citations = Citation.objects.filter(readable)
        publications = self
        if cited_only:
            # A document cited only by drafts would tell of them.
            publications = publications.filter(
                models.Exists(citations.filter(publication=models.OuterRef("pk")))
            )
        return with_nested(
            publications,
            visible_citations=Nested(
                citations.filter(publication=models.OuterRef("pk")),
                joined=list(only),
                only=only,
                to_attr=True,
            ),
        )


class Publication(Record):
    """A document: the treaty, the statement, the news report; cited by passages."""

    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=20,
        choices=PublicationKind.choices,
        default=PublicationKind.NEWS,
        db_index=True,
        help_text=_(
            "Primary: issued by a party (treaty, declaration, statement, "
            "transcript). Secondary: a report or reference work about it."
        ),
    )
    title = models.CharField(verbose_name=_("title"), max_length=300)
    publisher = models.CharField(
        verbose_name=_("publisher"),
        max_length=200,
        help_text=_("For example Ynet, Reuters."),
    )
    author = models.CharField(
        verbose_name=_("author"), max_length=200, blank=True, default=""
    )
    language = models.CharField(
        verbose_name=_("language"),
        max_length=20,
        blank=True,
        default="en",
        help_text=_("The document's language as a BCP 47 tag, for example en, fr, ar."),
    )
    url = models.URLField(_("URL"), max_length=500, blank=True, default="")
    published_on = PartialDateColumns(
        verbose_name=_("published on"),
        precision_verbose_name=_("published on precision"),
        null=True,
        blank=True,
    )
    archive_url = models.URLField(
        _("archive URL"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("A copy in a web archive, in case the page changes or disappears."),
    )
    accessed_on = models.DateField(
        verbose_name=_("accessed on"),
        null=True,
        blank=True,
        help_text=_("When an editor last read the document."),
    )

    objects = PublicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("a document", "publication")
        verbose_name_plural = _("publications")
        ordering = ["title", "publisher", "pk"]
        constraints = [
            partial_dates.precision_constraint("publication", "published_on"),
            models.CheckConstraint(
                condition=models.Q(url="")
                | models.Q(url__startswith="http://")
                | models.Q(url__startswith="https://"),
                name="publication_url_is_web_address",
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=~models.Q(url=""),
                name="publication_url_unique",
                violation_error_message=_(
                    "A publication with this URL exists: "
                    "cite it instead of adding it again."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    @property
    def is_primary(self) -> bool:
        return self.kind in PRIMARY_KINDS


class Claim(models.TextChoices):
    DATE = "date", _("Date")
    PLACE = "place", _("Place")
    PARTICIPANTS = "participants", _("Participants")
    STATUS = "status", _("Status")
    SUMMARY = "summary", _("What happened")
    OFFICE = "office", _("Office")


# The records a citation may support, each by its own foreign key.
CITED = {
    "event": Event,
    "status_change": StatusChange,
    "position": Position,
    "mission": Mission,
    "relation": DiplomaticRelation,
}


def _at_most_one_of(names) -> models.Q:
    condition = models.Q(**{f"{name}__isnull": True for name in names})
    for name in names:
        others = {f"{other}__isnull": True for other in names if other != name}
        condition |= models.Q(**{f"{name}__isnull": False}, **others)
    return condition


def _cited(model, *, verbose_name) -> models.ForeignKey:
    """The citation's link to one kind of record it may support."""
    return models.ForeignKey(
        model,
        verbose_name=verbose_name,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
    )


class Citation(Record):
    """One use of a publication: the passage that supports a record or one of
    its claims."""

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="citations",
        help_text=_("The document; pick it by title, or add it once."),
    )
    quote = models.TextField(
        verbose_name=_("quote"),
        blank=True,
        default="",
        help_text=_("The passage that supports the claim, copied word for word."),
    )
    locator = models.CharField(
        verbose_name=_("locator"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("Where in the document: a page, paragraph or timestamp."),
    )
    supports = models.CharField(
        verbose_name=_("supports"),
        max_length=20,
        choices=Claim.choices,
        blank=True,
        default="",
        help_text=_("The claim it supports; empty for the record as a whole."),
    )
    event = _cited(Event, verbose_name=_("event"))
    status_change = _cited(StatusChange, verbose_name=_("status change"))
    position = _cited(Position, verbose_name=_("position"))
    mission = _cited(Mission, verbose_name=_("mission"))
    relation = _cited(DiplomaticRelation, verbose_name=_("relation"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=_at_most_one_of(CITED),
                name="citation_supports_one_record",
                violation_error_message=_("A citation supports one record."),
            ),
        ]

    def __str__(self):
        where = f", {self.locator}" if self.locator else ""
        return f"{self.publication}{where}"

    @property
    def record(self):
        for name in CITED:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None


class Photo(Record, Ordered):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(verbose_name=_("image"), upload_to="photos/%Y/")
    caption = models.TextField(
        verbose_name=_("caption"),
        help_text=_("What the photo shows, as readers see it."),
    )
    credit = models.CharField(
        verbose_name=_("credit"),
        max_length=200,
        help_text=_("Who took or owns it, for example “Alex Brandon/AP”."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=400,
        help_text=_("Describes the image for readers who cannot see it."),
    )
    officials = models.ManyToManyField(
        Official, related_name="photos", blank=True, help_text=_("Officials shown.")
    )

    # history (with the officials shown): events/translation.py

    class Meta(Ordered.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            # On the English column: modeltranslation writes `alt_text` there
            # (events/translation.py), and English is never left empty.
            models.CheckConstraint(
                condition=models.Q(alt_text_en__isnull=False)
                & ~models.Q(alt_text_en=""),
                name="photo_alt_text_required",
            ),
            models.CheckConstraint(
                condition=~models.Q(credit=""), name="photo_credit_required"
            ),
        ]

    def __str__(self):
        return self.caption[:80]


# The bulk dataset (/data/; built by events/dataset.py) -------------------------


class DatasetVersionQuerySet(models.QuerySet):
    def kept(self):
        """Versions whose file is still there to download, newest first."""
        return self.filter(file_deleted_at__isnull=True)


class DatasetVersion(models.Model):
    """One build of the bulk dataset: its zip while kept, and always its
    checksum and what it held."""

    built_at = models.DateTimeField(
        verbose_name=_("built at"), default=timezone.now, db_index=True
    )
    # The latest build also finds the records unchanged (no new version).
    checked_at = models.DateTimeField(
        verbose_name=_("checked at"), default=timezone.now
    )
    version = models.CharField(verbose_name=_("version"), max_length=20, unique=True)
    file_name = models.CharField(
        verbose_name=_("file name"), max_length=100, unique=True
    )
    size = models.PositiveBigIntegerField(
        verbose_name=_("size"), help_text=_("In bytes.")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # Of the tables alone, which a build compares to tell whether anything changed.
    tables_sha256 = models.CharField(verbose_name=_("tables sha256"), max_length=64)
    record_counts = models.JSONField(verbose_name=_("record counts"), default=dict)
    file_deleted_at = models.DateTimeField(
        verbose_name=_("file deleted at"), null=True, blank=True
    )

    objects = DatasetVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")
        ordering = ["-built_at", "-pk"]

    def __str__(self):
        return self.file_name

    def get_absolute_url(self):
        return reverse("events:dataset-file", kwargs={"file_name": self.file_name})

    @property
    def is_kept(self) -> bool:
        return self.file_deleted_at is None

    @property
    def record_total(self) -> int:
        return sum(self.record_counts.values())


@receiver(workflow.publication_committed)
def rebuild_dataset(sender, **kwargs):
    # Imported here: the dataset reads these models through the API's
    # serializers, which import this module.
    from events.dataset import rebuild

    rebuild.enqueue()


# The change stamp -----------------------------------------------------------------


def mark_events_changed(events) -> None:
    """Bump the change stamp of ``events`` (a queryset or pks): an UPDATE, not
    a save, so neither their version nor their history moves."""
    if not isinstance(events, models.QuerySet):
        events = [pk for pk in events if pk is not None]
        if not events:
            return
    Event.objects.filter(pk__in=events).update(changed_at=timezone.now())


@receiver(post_save, sender=Participant, dispatch_uid="events:stamp_participant")
@receiver(post_delete, sender=Participant, dispatch_uid="events:stamp_participant-")
@receiver(post_save, sender=Citation, dispatch_uid="events:stamp_citation")
@receiver(post_delete, sender=Citation, dispatch_uid="events:stamp_citation-")
@receiver(post_save, sender=Photo, dispatch_uid="events:stamp_photo")
@receiver(post_delete, sender=Photo, dispatch_uid="events:stamp_photo-")
def _part_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_events_changed([instance.event_id])


@receiver(post_save, sender=Publication, dispatch_uid="events:stamp_publication")
def _publication_changed(sender, instance, raw=False, **kwargs):
    # A citation shows its publication's fields (title, archive link).
    if not raw:
        mark_events_changed(
            Citation.objects.filter(publication=instance).values("event")
        )


@receiver(post_save, sender=StatusChange, dispatch_uid="events:stamp_status")
def _status_change_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_events_changed(
            Event.status_changes.through.objects.filter(statuschange=instance).values(
                "event"
            )
        )


@receiver(m2m_changed, sender=Event.countries.through, dispatch_uid="events:c")
@receiver(m2m_changed, sender=Event.status_changes.through, dispatch_uid="events:s")
@receiver(m2m_changed, sender=Photo.officials.through, dispatch_uid="events:p")
def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if isinstance(instance, Event):
        mark_events_changed([instance.pk])
    elif isinstance(instance, Photo):
        mark_events_changed([instance.event_id])
    elif sender is Photo.officials.through:
        # Photos linked or unlinked from the official's side; pre_clear runs
        # while the rows still say which.
        photos = Photo.objects.filter(
            pk__in=pk_set
            if action != "pre_clear"
            else sender.objects.filter(official=instance).values("photo")
        )
        mark_events_changed(photos.values("event"))
    elif action != "pre_clear":
        mark_events_changed(pk_set or [])
    else:
        column = "country" if sender is Event.countries.through else "statuschange"
        mark_events_changed(sender.objects.filter(**{column: instance}).values("event"))


# Search (core.search) ---------------------------------------------------------


def event_document(event: Event) -> search.Document:
    titles = search.translations(event, "title")
    people = []
    for participant in event.participants.all():
        if participant.official is not None:
            people.append(participant.official.name)
            people.extend(
                other.name for other in participant.official.other_names.all()
            )
        people.append(participant.name)
    return search.Document(
        name=event.title,
        aliases=titles[1:],
        text=[
            *search.translations(event, "summary"),
            event.place_city,
            event.body,
            *people,
        ],
    )


def events_of(official_id):
    return [
        (
            Event,
            Participant.objects.filter(official_id=official_id).values_list(
                "event_id", flat=True
            ),
        )
    ]


search.register(
    Event,
    document=event_document,
    prefetch=["participants__official__other_names"],
)
search.follow(Participant, lambda participant: [(Event, [participant.event_id])])
search.follow(Official, lambda official: events_of(official.pk))
search.follow(OtherName, lambda other: events_of(other.official_id))
