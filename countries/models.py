import datetime
import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, Length, Upper
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import partial_dates, search
from core.models import (
    Attested,
    Publishable,
    PublishableQuerySet,
    public_q,
    publication_constraints,
)
from core.nested import (
    NOW,
    Nested,
    citations_of,
    made_once,
    translated_order,
    with_nested,
)
from core.partial_dates import PartialDateColumns
from core.reversing import reverse_slug


class Region(models.TextChoices):
    MIDDLE_EAST_NORTH_AFRICA = "mena", _("Middle East and North Africa")
    SUB_SAHARAN_AFRICA = "sub-saharan-africa", _("Sub-Saharan Africa")
    CENTRAL_ASIA = "central-asia", _("Central Asia")
    SOUTH_CAUCASUS = "south-caucasus", _("South Caucasus")
    SOUTH_ASIA = "south-asia", _("South Asia")
    EAST_ASIA_PACIFIC = "east-asia-pacific", _("East Asia and Pacific")
    EUROPE = "europe", _("Europe")
    NORTH_AMERICA = "north-america", _("North America")
    LATIN_AMERICA = "latin-america", _("Latin America and the Caribbean")


class Role(models.TextChoices):
    PARTY = "party", _("Party (Israel)")
    BROKER = "broker", _("Broker (United States)")
    NONE = "none", _("None")


class AccordsStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    ANNOUNCED = "announced", _("Announced")
    SIGNATORY = "signatory", _("Signatory")


def latest_status_change(day: datetime.date):
    """The latest published status change of the outer query's country on or
    before ``day``."""
    return (
        StatusChange.objects.published()
        .filter(country=models.OuterRef("pk"), date__lte=day)
        .order_by(*partial_dates.chronological("date", descending=True), "-pk")
    )


class CountryQuerySet(search.IndexedQuerySet, PublishableQuerySet):
    searched_fields = frozenset({"name", "iso2", "iso3"})

    def search(self, text: str):
        """Countries ``text`` finds by name, other name or ISO code (see
        ``core.search``), annotated with ``search_rank``."""
        return search.search(self, text)

    def with_status_on(self, day: datetime.date):
        """Annotate ``status``: the latest published change on or before ``day``.

        A change known only to the month or year counts from the first day of
        its period.
        """
        latest = latest_status_change(day)
        return self.annotate(
            status=models.Subquery(latest.values("status")[:1]),
            status_since=models.Subquery(latest.values("date")[:1]),
            status_since_precision=models.Subquery(latest.values("date_precision")[:1]),
        )

    def for_search(self, day: datetime.date):
        """The search page's countries: by name, with the ``status`` of
        ``day`` for their badge (nothing else: it is all the page shows)."""
        status = latest_status_change(day).values("status")[:1]
        return self.annotate(status=models.Subquery(status)).order_by("name", "pk")

    def status_on(self, day: datetime.date):
        """Countries that had an accords status on ``day``, with it annotated."""
        return self.with_status_on(day).filter(status__isnull=False)

    def grouped_by_status(self, day: datetime.date) -> dict[str, list["Country"]]:
        """``{status: [countries]}`` on ``day``, every status present, in one query."""
        groups: dict[str, list[Country]] = {status: [] for status in AccordsStatus}
        for country in self.status_on(day).order_by("name"):
            groups[country.status].append(country)
        return groups

    def for_list(self):
        return self.order_by("name")

    def for_api_detail(self):
        """The API's detail: ``for_detail``'s records, the ``aliases`` and the
        citations but the relation's (``core.citations.load_citations``), in
        one query."""
        return with_nested(
            self.select_related("relation_with_israel"), **country_api_nested()
        )

    def for_api_list(self):
        """The API's list: each country with its ``aliases``, in one query."""
        return with_nested(self.for_list(), aliases=api_aliases())

    def for_detail(self):
        """A country's page: its status timeline (with each change's events),
        missions and officials (with the offices they hold today), loaded in
        the country's own query (``core.nested``). The citations come
        after, with those of the other records the page shows, in one query
        (``core.citations.load_citations``)."""
        # Reached through the link table: countries/ never imports events/.
        event_links = StatusChange._meta.get_field("events").through
        missions = Mission.objects.published()

        def mission_order(mission):
            return (
                translated_order(mission.sending_country, "name"),
                translated_order(mission.host_country, "name"),
                mission.kind,
                mission.pk,
            )

        here = models.OuterRef("pk")
        return with_nested(
            self.select_related("relation_with_israel"),
            published_status_changes=Nested(
                StatusChange.objects.published().filter(country=here),
                order=lambda change: (change.date_partial.sort_key(), change.pk),
                to_attr=True,
                nested={
                    "events": Nested(
                        event_links.objects.filter(statuschange=here),
                        joined=["event"],
                        order=lambda link: (-link.event.date_order, -link.event.pk),
                        value=lambda link: link.event,
                    )
                },
            ),
            published_missions_sent=Nested(
                missions.filter(sending_country=here),
                joined=["sending_country", "host_country"],
                order=mission_order,
                to_attr=True,
            ),
            published_missions_hosted=Nested(
                missions.filter(host_country=here),
                joined=["sending_country", "host_country"],
                order=mission_order,
                to_attr=True,
            ),
            published_officials=Nested(
                Official.objects.published()
                .filter(country=here)
                .annotate(former_title=former_title()),
                joined=["country"],
                annotated=["former_title"],
                order=lambda official: (
                    translated_order(official, "name"),
                    official.pk,
                ),
                to_attr=True,
                nested={"current_positions": current_positions()},
            ),
        )


@functools.cache
def api_aliases() -> Nested:
    """A country's other names in the API, built once (see core.nested)."""
    return Nested(
        CountryAlias.objects.filter(country=models.OuterRef("pk")), reused=True
    )


@functools.cache
def country_api_nested() -> dict[str, Nested]:
    """The records a country's API detail shows, built once (see core.nested)."""
    here = models.OuterRef("pk")
    public = public_q(now=NOW)
    events = StatusChange._meta.get_field("events").related_model
    missions = Mission.objects.filter(public)
    mission = {
        "joined": ["sending_country", "host_country"],
        "nested": {"citations": citations_of(Mission)},
        "to_attr": True,
        "reused": True,
    }
    return {
        "aliases": api_aliases(),
        "published_status_changes": Nested(
            StatusChange.objects.filter(public, country=here).chronological(),
            nested={
                "events": Nested(events._default_manager.filter(status_changes=here)),
                "citations": citations_of(StatusChange),
            },
            to_attr=True,
            reused=True,
        ),
        "published_missions_sent": Nested(
            missions.filter(sending_country=here), **mission
        ),
        "published_missions_hosted": Nested(
            missions.filter(host_country=here), **mission
        ),
        "published_officials": Nested(
            Official.objects.filter(public, country=here), to_attr=True, reused=True
        ),
    }


@functools.cache
def official_api_nested() -> dict[str, Nested]:
    """The records of officials the API shows, built once (see core.nested):
    other names, current positions (for the list), every position with its
    citations (for the detail)."""
    here = models.OuterRef("pk")
    positions = Position.objects.filter(public_q(now=NOW), official=here)
    offices = ["office", "office__country"]
    return {
        "other_names": Nested(OtherName.objects.filter(official=here), reused=True),
        "current_positions": Nested(
            positions.filter(end__isnull=True).chronological(),
            joined=offices,
            to_attr=True,
            reused=True,
        ),
        "published_positions": Nested(
            positions.chronological(),
            joined=offices,
            nested={"citations": citations_of(Position)},
            to_attr=True,
            reused=True,
        ),
    }


class Country(Publishable):
    iso2 = models.CharField(
        _("ISO alpha-2 code"),
        max_length=2,
        unique=True,
        help_text=_("Two capital letters from ISO 3166-1, for example KZ."),
    )
    iso3 = models.CharField(
        _("ISO alpha-3 code"),
        max_length=3,
        unique=True,
        help_text=_("Three capital letters from ISO 3166-1, for example KAZ."),
    )
    name = models.CharField(
        verbose_name=_("name"), max_length=100, help_text=_("Common English name.")
    )
    slug = models.SlugField(
        verbose_name=_("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in the page address."),
    )
    region = models.CharField(
        verbose_name=_("region"), max_length=20, choices=Region.choices
    )
    role = models.CharField(
        _("role in the accords"),
        max_length=6,
        choices=Role.choices,
        default=Role.NONE,
        help_text=_(
            "Israel is the party, the United States the broker; every "
            "other country has none. Its accords status comes from its status "
            "changes."
        ),
    )
    summary = models.TextField(
        verbose_name=_("summary"),
        blank=True,
        default="",
        help_text=_("Two or three sentences for readers."),
    )
    wikidata_id = models.CharField(
        _("Wikidata ID"),
        max_length=20,
        blank=True,
        default="",
        help_text=_("For example Q232 for Kazakhstan."),
    )
    last_checked = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_(
            "The day an editor last checked this country's accords status "
            "against the sources. Readers see it beside the status; leave empty "
            "to show nothing."
        ),
    )

    objects = CountryQuerySet.as_manager()
    # history: countries/translation.py

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso2=Upper("iso2"))
                & models.Q(Exact(Length("iso2"), 2)),
                name="country_iso2_two_capitals",
            ),
            models.CheckConstraint(
                condition=models.Q(iso3=Upper("iso3"))
                & models.Q(Exact(Length("iso3"), 3)),
                name="country_iso3_three_capitals",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="country_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(region__in=Region.values),
                name="country_region_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="country_slug_not_empty"
            ),
            *publication_constraints("country"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("countries:detail", self.slug)

    @property
    def status_label(self) -> str:
        """The annotated ``status`` (see ``with_status_on``) as readers see it."""
        status = getattr(self, "status", None)
        return AccordsStatus(status).label if status else ""

    @property
    def status_since_partial(self) -> partial_dates.PartialDate | None:
        """When the annotated ``status`` began, at its precision."""
        since = getattr(self, "status_since", None)
        if since is None:
            return None
        return partial_dates.PartialDate(since, self.status_since_precision)

    def clean(self):
        self.iso2 = self.iso2.upper()
        self.iso3 = self.iso3.upper()
        if len(self.iso2) != 2 or not self.iso2.isalpha():
            raise ValidationError({"iso2": _("Enter two letters, for example KZ.")})
        if len(self.iso3) != 3 or not self.iso3.isalpha():
            raise ValidationError({"iso3": _("Enter three letters, for example KAZ.")})


class CardCountry:
    """A country as an event card links it, built from the card's own query
    (``card_countries``) rather than as a Country: its slug and its names."""

    __slots__ = ("names", "pk", "slug")

    def __init__(self, *, id, slug, **names):
        self.pk = id
        self.slug = slug
        self.names = {
            attname.removeprefix("name_"): value for attname, value in names.items()
        }

    @classmethod
    def of(cls, country: Country) -> "CardCountry":
        names = {f"name_{code}": getattr(country, f"name_{code}") for code in CODES}
        return cls(id=country.pk, slug=country.slug, **names)

    def get_absolute_url(self) -> str:
        return reverse_slug("countries:detail", self.slug)

    def shown_name(self) -> tuple[str, bool]:
        """As ``core.translation.shown_value`` gives a Country's name."""
        # Not at the top: core.translation registers the models' translations.
        from core.translation import FALLBACK, language_code

        english = self.names[FALLBACK]
        code = language_code()
        own = self.names.get(code)
        if code == FALLBACK or own not in (None, ""):
            return (english if code == FALLBACK else own), False
        return english, english not in (None, "")

    def order(self) -> tuple:
        """Where ``order_by("name")`` puts it (``core.nested.translated_order``)."""
        from core.translation import language_code

        own = self.names.get(language_code())
        return (own is not None, own or "", self.pk)


CODES = [code for code, _name in settings.LANGUAGES]


def card_countries(*, outer: str = "pk", on: str = "") -> Nested:
    """An event's public countries as its card links them, in the events'
    own query: ``card_countries`` on each, a list of CardCountry."""
    return _card_countries(outer, on)


@functools.cache
def _card_countries(outer: str, on: str) -> Nested:
    # Built once (see core.nested): public at the time the query runs (NOW).
    return Nested(
        Country.objects.filter(public_q(now=NOW), events=models.OuterRef(outer)),
        only={"": ["slug", *(f"name_{code}" for code in CODES)]},
        make=CardCountry,
        order=CardCountry.order,
        to_attr=True,
        reused=True,
        on=on,
    )


class AliasKind(models.TextChoices):
    COMMON = "common", _("Common name")
    OFFICIAL = "official", _("Official name")
    FORMER = "former", _("Former name")
    ABBREVIATION = "abbreviation", _("Abbreviation")
    SCRIPT = "script", _("Other language or script")


class CountryAlias(models.Model):
    """Another name a country is known by, for search and for readers:
    “UAE”, “Emirates”, “Kazakh SSR”, “קזחסטן”, “Қазақстан”."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        help_text=_("As written, for example “UAE”, “Burma” or “Казахстан”."),
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=12,
        choices=AliasKind.choices,
        default=AliasKind.COMMON,
    )
    language = models.CharField(
        verbose_name=_("language"),
        max_length=10,
        blank=True,
        default="",
        help_text=_(
            "Language code (he, ar, ru, kk …) for a name in another "
            "language; empty when it is used in any."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="countryalias_unique_per_country"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AliasKind.values),
                name="countryalias_kind_valid",
            ),
        ]

    def __str__(self):
        return self.name


class StatusChangeQuerySet(PublishableQuerySet):
    def chronological(self):
        return self.order_by(*partial_dates.chronological("date"), "pk")


class StatusChange(Attested, Publishable):
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=9,
        choices=AccordsStatus.choices,
        help_text=_(
            "Candidate: reported in talks. Announced: intent to join "
            "announced. Signatory: signed."
        ),
    )
    date = PartialDateColumns(
        verbose_name=_("date"),
        precision_verbose_name=_("date precision"),
        help_text=_(
            "When the change happened. With month or year precision, "
            "the first day of that month or year."
        ),
    )
    note = models.TextField(
        verbose_name=_("note"),
        blank=True,
        default="",
        help_text=_("What happened, in one sentence."),
    )

    objects = StatusChangeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = [*partial_dates.chronological("date"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "status", "date"],
                name="statuschange_unique_per_country_status_date",
                violation_error_message=_(
                    "This country already has this status change on this date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AccordsStatus.values),
                name="statuschange_status_valid",
            ),
            partial_dates.precision_constraint("statuschange", "date"),
            *publication_constraints("statuschange"),
        ]

    def __str__(self):
        return f"{self.country}: {self.get_status_display()} ({self.date_partial})"

    def get_absolute_url(self):
        return self.country.get_absolute_url()


class DiplomaticRelation(Attested, Publishable):
    """A country's diplomatic relations with Israel."""

    country = models.OneToOneField(
        Country,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        related_name="relation_with_israel",
    )
    established = PartialDateColumns(
        verbose_name=_("established"),
        precision_verbose_name=_("established precision"),
        null=True,
        blank=True,
        help_text=_("When relations were first established."),
    )
    summary = models.TextField(
        verbose_name=_("summary"),
        blank=True,
        default="",
        help_text=_(
            "How relations developed, for example consular ties first, then embassies."
        ),
    )

    objects = PublishableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diplomatic relation")
        verbose_name_plural = _("diplomatic relations")
        ordering = ["country__name"]
        constraints = [
            partial_dates.precision_constraint("diplomaticrelation", "established"),
            *publication_constraints("diplomaticrelation"),
        ]

    def __str__(self):
        return f"{self.country} – Israel"

    def get_absolute_url(self):
        return self.country.get_absolute_url()


class MissionKind(models.TextChoices):
    EMBASSY = "embassy", _("Embassy")
    CONSULATE = "consulate", _("Consulate")
    LIAISON_OFFICE = "liaison", _("Liaison office")


class Mission(Publishable):
    sending_country = models.ForeignKey(
        Country,
        verbose_name=_("sending country"),
        on_delete=models.PROTECT,
        related_name="missions_sent",
        help_text=_("The country the mission represents."),
    )
    host_country = models.ForeignKey(
        Country,
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        related_name="missions_hosted",
        help_text=_("The country the mission is in."),
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=9, choices=MissionKind.choices
    )
    city = models.CharField(
        verbose_name=_("city"), max_length=100, blank=True, default=""
    )
    opened = PartialDateColumns(
        verbose_name=_("opened"),
        precision_verbose_name=_("opened precision"),
        null=True,
        blank=True,
    )
    closed = PartialDateColumns(
        verbose_name=_("closed"),
        precision_verbose_name=_("closed precision"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the mission is open."),
    )

    objects = PublishableQuerySet.as_manager()
    # history: countries/translation.py

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["sending_country__name", "host_country__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sending_country=models.F("host_country")),
                name="mission_sending_differs_from_host",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MissionKind.values),
                name="mission_kind_valid",
            ),
            *partial_dates.period_constraints("mission", "opened", "closed"),
            *publication_constraints("mission"),
        ]

    def __str__(self):
        where = f" in {self.city}" if self.city else ""
        return (
            f"{self.sending_country} {self.get_kind_display().lower()}{where}, "
            f"{self.host_country}"
        )

    def get_absolute_url(self):
        return self.sending_country.get_absolute_url()

    def clean(self):
        if self.sending_country_id and self.sending_country_id == self.host_country_id:
            raise ValidationError(
                {"host_country": _("A mission is hosted by another country.")}
            )
        partial_dates.check_end_not_before_start(
            self.opened_partial, self.closed_partial, field="closed"
        )


def former_title(outer: models.QuerySet | None = None) -> models.Expression:
    """The title of the office the outer query's official last held that has
    ended (shown as "former President" for someone who holds none today).

    Given ``outer``, a query on the officials' own table, its SQL is made once
    per language and database (see ``core.nested.made_once``)."""
    # Imported here: core.translation registers models with modeltranslation,
    # which must not happen while models load.
    from core.translation import language_code

    language = language_code()
    if outer is None:
        return _former_title(language, now=None)
    return made_once(
        _FORMER_TITLE_SQL.setdefault(language, {}),
        outer,
        lambda: _former_title(language, now=NOW),
        models.CharField(),
    )


# The SQL of former_title(outer), by language, then database.
_FORMER_TITLE_SQL: dict[str, dict] = {}


def _former_title(language: str, *, now) -> models.Expression:
    ended = Position.objects.filter(
        public_q(now=now), official=models.OuterRef("pk"), end__isnull=False
    ).order_by(*partial_dates.chronological("end", descending=True), "-pk")
    english = models.Subquery(ended.values("office__title_en")[:1])
    if language == "en":
        return english
    # In the page's language, or in English where it has no translation (an
    # untranslated title is NULL, see core.translation.Translated).
    return Coalesce(
        models.Subquery(ended.values(f"office__title_{language}")[:1]),
        english,
        output_field=models.CharField(),
    )


def position_order(position) -> tuple:
    """Where an official's page lists ``position``: by when it began."""
    return (position.start_partial.sort_key(), position.pk)


def current_positions(*, reused: bool = False) -> Nested:
    """The published offices the outer query's official holds today, as the
    officials' cards show them (``to_attr`` ``current_positions``).

    ``reused``: the spec built once, its SQL made once (see core.nested), for
    an outer query on the officials' own table."""
    if reused:
        return _reused_current_positions()
    return _current_positions(now=None)


@functools.cache
def _reused_current_positions() -> Nested:
    return _current_positions(now=NOW, reused=True)


def _current_positions(*, now, reused: bool = False) -> Nested:
    return Nested(
        Position.objects.filter(
            public_q(now=now), official=models.OuterRef("pk"), end__isnull=True
        ),
        joined=["office", "office__country"],
        order=position_order,
        to_attr=True,
        reused=reused,
    )


class OfficialQuerySet(search.IndexedQuerySet, PublishableQuerySet):
    searched_fields = frozenset({"name"})

    def search(self, text: str):
        """Officials ``text`` finds by name or other name (see
        ``core.search``), annotated with ``search_rank``."""
        return search.search(self, text)

    def for_search(self):
        """The search page's officials, in one query: as listed (country,
        offices held today, the former office), with their other names."""
        return with_nested(
            self.select_related("country")
            .annotate(former_title=former_title(self))
            .order_by("name", "pk"),
            other_names=official_api_nested()["other_names"],
            current_positions=current_positions(reused=True),
        )

    def for_api_list(self):
        """The API's list: each official with ``country``, ``other_names`` and
        ``current_positions`` (published, held today), in one query."""
        nested = official_api_nested()
        return with_nested(
            self.select_related("country"),
            other_names=nested["other_names"],
            current_positions=nested["current_positions"],
        )

    def for_api_detail(self):
        """The API's detail: ``for_detail``'s records, in one query."""
        nested = official_api_nested()
        return with_nested(
            self.select_related("country"),
            other_names=nested["other_names"],
            published_positions=nested["published_positions"],
        )

    def for_cards(self):
        """Officials as the public list shows them: with ``current_positions``
        (the offices held today) loaded in the officials' own query
        (``core.nested``), and ``former_title``."""
        return with_nested(
            self.select_related("country").annotate(former_title=former_title(self)),
            current_positions=current_positions(reused=True),
        )

    def for_detail(self):
        """With ``other_names`` and ``published_positions`` (in order, each with
        its citations and their publications), loaded in the official's own
        query (``core.nested``)."""
        here = models.OuterRef("pk")
        return with_nested(
            self.select_related("country"),
            other_names=Nested(
                OtherName.objects.filter(official=here),
                order=lambda name: (name.name, name.pk),
            ),
            published_positions=Nested(
                Position.objects.published().filter(official=here),
                joined=["office", "office__country"],
                order=position_order,
                to_attr=True,
                nested={
                    "citations": citations_of(
                        Position, order=lambda citation: citation.pk
                    )
                },
            ),
        )


class Official(Publishable):
    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        help_text=_("Full name in its usual English spelling."),
    )
    slug = models.SlugField(verbose_name=_("slug"), max_length=200, unique=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="officials",
        help_text=_("The country the person serves."),
    )
    bio = models.TextField(
        verbose_name=_("bio"), blank=True, default="", help_text=_("A short biography.")
    )
    portrait = models.ImageField(
        verbose_name=_("portrait"), upload_to="portraits/", blank=True
    )
    wikidata_id = models.CharField(
        _("Wikidata ID"), max_length=20, blank=True, default=""
    )

    objects = OfficialQuerySet.as_manager()
    # history: countries/translation.py

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="official_slug_not_empty"
            ),
            *publication_constraints("official"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_slug("countries:official-detail", self.slug)

    def public_participations(self):
        """The public events the official took part in, latest first, as the
        official's page lists them: each participation with its event, the
        event's place and (in the same query) its public countries, as its
        card links them (``card_countries``)."""
        return with_nested(
            self.participations.filter(public_q("event__"))
            .select_related("event__place_country")
            .order_by("-event__date_order", "-event__pk"),
            card_countries=card_countries(outer="event_id", on="event"),
        )

    def positions_on(self, day: datetime.date) -> list["Position"]:
        return list(Position.objects.held_on(day).filter(official=self))


class OtherName(models.Model):
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="other_names",
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=200,
        help_text=_(
            "Another spelling, transliteration or script, for example "
            "“Howard Lutnik” or “קסים-ז'ומרט טוקאייב”."
        ),
    )
    note = models.CharField(
        verbose_name=_("note"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Where this form is used, for example “spelling in Ynet”."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["official", "name"], name="othername_unique_per_official"
            )
        ]

    def __str__(self):
        return self.name


class Office(models.Model):
    """An office apart from whoever holds it: “President of Kazakhstan”."""

    title = models.CharField(
        verbose_name=_("title"),
        max_length=200,
        help_text=_(
            "For example President, Prime Minister, Special Envoy, "
            "Secretary of State, Foreign Minister."
        ),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="offices",
        null=True,
        blank=True,
        help_text=_("The country whose office it is; empty for an organisation."),
    )
    organisation = models.CharField(
        verbose_name=_("organisation"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Only for offices of an organisation rather than a country."),
    )

    # history: countries/translation.py

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "country"],
                condition=models.Q(country__isnull=False),
                name="office_unique_title_per_country",
                violation_error_message=_("This country already has this office."),
            ),
            models.UniqueConstraint(
                fields=["title", "organisation"],
                condition=models.Q(country__isnull=True),
                name="office_unique_title_per_organisation",
                violation_error_message=_("This organisation already has this office."),
            ),
            models.CheckConstraint(
                condition=models.Q(country__isnull=False) | ~models.Q(organisation=""),
                name="office_has_country_or_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.holder_name}"

    @property
    def holder_name(self) -> str:
        return self.organisation or str(self.country)

    def clean(self):
        if self.country_id is None and not self.organisation:
            raise ValidationError(
                _("Choose the country of this office, or name its organisation.")
            )


class PositionQuerySet(PublishableQuerySet):
    def held_on(self, day: datetime.date):
        """Positions held on ``day``: started on or before it, not yet ended."""
        return self.filter(
            models.Q(start__lte=day),
            models.Q(end__isnull=True) | partial_dates.ends_on_or_after("end", day),
        ).select_related("office__country", "official")

    def held_during(self, start: datetime.date, end: datetime.date):
        return self.filter(
            models.Q(start__lte=end),
            models.Q(end__isnull=True) | partial_dates.ends_on_or_after("end", start),
        ).select_related("office__country", "official")

    def chronological(self):
        return self.order_by(*partial_dates.chronological("start"), "pk")


class Position(Attested, Publishable):
    official = models.ForeignKey(
        Official,
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        related_name="positions",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="positions",
        help_text=_("The office held; create it once and reuse it for every holder."),
    )
    start = PartialDateColumns(
        verbose_name=_("start"),
        precision_verbose_name=_("start precision"),
        help_text=_("When the official took office."),
    )
    end = PartialDateColumns(
        verbose_name=_("end"),
        precision_verbose_name=_("end precision"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the official holds it."),
    )

    objects = PositionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = [*partial_dates.chronological("start"), "pk"]
        constraints = [
            *partial_dates.period_constraints("position", "start", "end"),
            *publication_constraints("position"),
        ]

    def __str__(self):
        return f"{self.official}: {self.office} ({self.period})"

    def get_absolute_url(self):
        return self.official.get_absolute_url()

    @property
    def period(self) -> str:
        end = self.end_partial
        return f"{self.start_partial} – {end if end else _('present')}"

    @property
    def is_current(self) -> bool:
        return self.end is None

    # Set by Event.participants_with_positions(): the official holds this
    # office again today (Netanyahu in 2020 was, and is again, Prime Minister).
    office_held_now = False

    @property
    def held_then_only(self) -> bool:
        """Whether the official no longer holds the office: "then-President"."""
        return not (self.is_current or self.office_held_now)

    @property
    def title_then(self) -> str:
        """The title as a past role when the official no longer holds the office."""
        if self.held_then_only:
            return f"then-{self.office.title}"
        return self.office.title

    def interval_overlaps(self, other: "Position") -> bool:
        other_end = other.end_partial.end if other.end else datetime.date.max
        return self.interval_overlaps_dates(other.start_partial.start, other_end)

    def interval_overlaps_dates(self, start: datetime.date, end: datetime.date) -> bool:
        own_end = self.end_partial.end if self.end else datetime.date.max
        return self.start_partial.start <= end and start <= own_end

    def clean(self):
        if self.start is None:
            return
        partial_dates.check_end_not_before_start(
            self.start_partial, self.end_partial, field="end"
        )
        if not (self.official_id and self.office_id):
            return
        others = Position.objects.filter(
            official_id=self.official_id, office_id=self.office_id
        ).exclude(pk=self.pk)
        for other in others:
            if self.interval_overlaps(other):
                raise ValidationError(
                    _(
                        "%(official)s already held this office %(period)s; the "
                        "periods overlap. Change the dates or edit that position."
                    )
                    % {"official": self.official, "period": other.period}
                )


# Search (core.search) ---------------------------------------------------------


def country_document(country: Country) -> search.Document:
    names = search.translations(country, "name")
    return search.Document(
        name=country.name,
        aliases=[
            *names[1:],
            *(alias.name for alias in country.aliases.all()),
            country.iso2,
            country.iso3,
        ],
    )


def official_document(official: Official) -> search.Document:
    names = search.translations(official, "name")
    return search.Document(
        name=official.name,
        aliases=[*names[1:], *(other.name for other in official.other_names.all())],
    )


search.register(Country, document=country_document, prefetch=["aliases"])
search.register(Official, document=official_document, prefetch=["other_names"])
search.follow(CountryAlias, lambda alias: [(Country, [alias.country_id])])
search.follow(OtherName, lambda other: [(Official, [other.official_id])])
