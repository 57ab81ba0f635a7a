"""JSON shapes of countries and officials in the API.

A list shows each record's own fields; a detail adds its nested parts (a
country's status timeline, relation and missions; an official's positions).
Partial dates travel as ISO 8601 reduced precision plus their precision.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from core.models import Confidence
from core.serializers import (
    COUNTRY_CODE_SCHEMA,
    OFFICIAL_SLUG_SCHEMA,
    CodeField,
    DetailUrlField,
    PartialDateField,
    PrecisionField,
    RecordSerializer,
    SlugField,
    TranslatedFieldsMixin,
    api_url,
    detail_serializer,
    visible,
    visible_one,
)
from countries.models import AccordsStatus, AliasKind, Country, Official


@extend_schema_field(COUNTRY_CODE_SCHEMA)
class CountryCodeField(serializers.SlugRelatedField):
    """A country by its ISO alpha-2 code, the API's name for a country."""

    default_error_messages = {
        "does_not_exist": "There is no country with the code “{value}”; use its "
        "ISO 3166-1 alpha-2 code in capitals, for example KZ.",
        "invalid": "Give a country code as a string, for example KZ.",
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Country.objects.all())
        super().__init__(slug_field="iso2", **kwargs)

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update(
            (key, value) for key, value in kwargs.items() if key in MANY_RELATION_KWARGS
        )
        return JsonListField(**list_kwargs)

    def run_validation(self, data=serializers.empty):
        # DRF reads "" as null for relations; here it is a code that does not
        # exist, as the schema says.
        return serializers.Field.run_validation(self, data)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class JsonListField(serializers.ManyRelatedField):
    """Related records as a JSON array, never an object or a string."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


@extend_schema_field(OFFICIAL_SLUG_SCHEMA)
class OfficialSlugField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(slug_field="slug", **kwargs)


class CitationSerializer(serializers.Serializer):
    """A citation: the passage of a publication that supports a record. The
    models live in events, which uses this too."""

    uuid = serializers.UUIDField(read_only=True)
    publication = serializers.UUIDField(
        source="publication.uuid",
        read_only=True,
        help_text="The publication's id: /api/v1/publications/{id}/.",
    )
    publication_url = serializers.CharField(
        source="publication.url", read_only=True, help_text="The document's URL."
    )
    publication_api_url = serializers.SerializerMethodField(
        help_text="The publication in this API, with the other records citing it."
    )
    title = serializers.CharField(source="publication.title", read_only=True)
    publisher = serializers.CharField(source="publication.publisher", read_only=True)
    kind = serializers.CharField(source="publication.kind", read_only=True)
    primary = serializers.BooleanField(
        source="publication.is_primary",
        read_only=True,
        help_text="Issued by a party: a treaty, declaration, statement or transcript.",
    )
    published_on = serializers.SerializerMethodField(
        help_text="When the document was published, at its precision "
        "(YYYY, YYYY-MM or YYYY-MM-DD)."
    )
    archive_url = serializers.CharField(
        source="publication.archive_url", read_only=True
    )
    quote = serializers.CharField(read_only=True)
    locator = serializers.CharField(
        read_only=True, help_text="Where in the document: page, paragraph, timestamp."
    )
    supports = serializers.CharField(
        read_only=True,
        help_text="The claim it supports (date, place, participants, status, "
        "summary, office); empty for the whole record.",
    )

    def get_publication_api_url(self, citation) -> str:
        return api_url(
            self.context.get("request"),
            "api:publication-detail",
            uuid=citation.publication.uuid,
        )

    def get_published_on(self, citation) -> str | None:
        day = citation.publication.published_on_partial
        return day.isoformat() if day else None


class AttestedSerializer(TranslatedFieldsMixin, serializers.Serializer):
    """How sure the sources are of a fact, for every record that says."""

    confidence = serializers.ChoiceField(
        choices=Confidence.choices,
        read_only=True,
        help_text="confirmed, reported (a source says so, unconfirmed) or "
        "disputed (sources or the parties disagree).",
    )
    confidence_note = serializers.CharField(
        read_only=True,
        help_text="What is reported or disputed, and by whom; empty when confirmed.",
    )


class OtherNameSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)


class CountryAliasSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=AliasKind.choices, read_only=True)
    language = serializers.CharField(
        read_only=True, help_text="Language code; empty when used in any."
    )


class StatusChangeSerializer(AttestedSerializer):
    uuid = serializers.UUIDField(read_only=True)
    status = serializers.ChoiceField(choices=AccordsStatus.choices, read_only=True)
    date = PartialDateField("date", read_only=True)
    date_precision = PrecisionField("date")
    note = serializers.CharField(read_only=True)
    events = serializers.SerializerMethodField(
        help_text="Slugs of the events that caused this change."
    )
    citations = CitationSerializer(many=True, read_only=True)

    def get_events(self, change) -> list[str]:
        return [event.slug for event in visible(change.events.all(), self.context)]


class RelationSerializer(AttestedSerializer):
    uuid = serializers.UUIDField(read_only=True)
    established = PartialDateField("established", read_only=True, allow_null=True)
    established_precision = PrecisionField("established", allow_null=True)
    summary = serializers.CharField(read_only=True)
    citations = CitationSerializer(many=True, read_only=True)


class MissionSerializer(TranslatedFieldsMixin, serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    sending_country = CountryCodeField(read_only=True)
    host_country = CountryCodeField(read_only=True)
    kind = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    opened = PartialDateField("opened", read_only=True, allow_null=True)
    opened_precision = PrecisionField("opened", allow_null=True)
    closed = PartialDateField("closed", read_only=True, allow_null=True)
    closed_precision = PrecisionField("closed", allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)


class CountrySerializer(RecordSerializer):
    url = DetailUrlField(
        view_name="api:country-detail", lookup_field="iso2", lookup_url_kwarg="iso2"
    )
    iso2 = CodeField(
        length=2,
        example="KZ",
        help_text="ISO 3166-1 alpha-2 code; stored in capitals.",
    )
    iso3 = CodeField(
        length=3,
        example="KAZ",
        help_text="ISO 3166-1 alpha-3 code; stored in capitals.",
    )
    status = serializers.SerializerMethodField(
        help_text="Accords status on the `as_of` date (today by default), from the "
        "latest published status change on or before it; null when none."
    )
    status_since = serializers.SerializerMethodField(
        help_text="When that status began (ISO 8601 reduced precision)."
    )
    status_since_precision = serializers.SerializerMethodField()
    other_names = CountryAliasSerializer(
        source="aliases",
        many=True,
        read_only=True,
        help_text="Other names search finds the country by: common and former "
        "names, abbreviations, the name in other languages and scripts.",
    )

    class Meta(RecordSerializer.Meta):
        model = Country
        # Also the order of the CSV columns (see ApiViewMixin.get_csv_columns).
        fields = [
            "uuid",
            "iso2",
            "iso3",
            "name",
            "other_names",
            "slug",
            "region",
            "role",
            "status",
            "status_since",
            "status_since_precision",
            "summary",
            "wikidata_id",
            "url",
            *RecordSerializer.Meta.fields,
        ]

    @extend_schema_field(
        {
            "type": "string",
            "enum": AccordsStatus.values,
            "nullable": True,
            "readOnly": True,
        }
    )
    def get_status(self, country):
        return getattr(country, "status", None)

    def validate_iso2(self, value: str) -> str:
        return self.unique_value("iso2", value.upper())

    def validate_iso3(self, value: str) -> str:
        return self.unique_value("iso3", value.upper())

    @extend_schema_field(
        {"type": "string", "nullable": True, "example": "2020-09-15", "readOnly": True}
    )
    def get_status_since(self, country):
        since = getattr(country, "status_since_partial", None)
        return since.isoformat() if since else None

    @extend_schema_field(PrecisionField.schema_for(read_only=True))
    def get_status_since_precision(self, country):
        since = getattr(country, "status_since_partial", None)
        return since.precision if since else None


@detail_serializer
class CountryDetailSerializer(CountrySerializer):
    status_timeline = serializers.SerializerMethodField(
        help_text="Every published status change, oldest first."
    )
    relation_with_israel = serializers.SerializerMethodField(
        help_text="Diplomatic relations with Israel, when recorded."
    )
    missions = serializers.SerializerMethodField(
        help_text="Missions the country sends or hosts, in order of opening."
    )
    officials = serializers.SerializerMethodField(
        help_text="Slugs of the officials who serve this country."
    )

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_status_timeline(self, country):
        return StatusChangeSerializer(
            country.published_status_changes, many=True, context=self.context
        ).data

    @extend_schema_field(RelationSerializer(allow_null=True))
    def get_relation_with_israel(self, country):
        relation = visible_one(
            getattr(country, "relation_with_israel", None), self.context
        )
        if relation is None:
            return None
        return RelationSerializer(relation, context=self.context).data

    @extend_schema_field(MissionSerializer(many=True))
    def get_missions(self, country):
        missions = sorted(
            country.published_missions_sent + country.published_missions_hosted,
            key=lambda m: (
                m.opened_partial.sort_key() if m.opened else (10_000,),
                m.pk,
            ),
        )
        return MissionSerializer(missions, many=True, context=self.context).data

    def get_officials(self, country) -> list[str]:
        return [official.slug for official in country.published_officials]


class PositionSerializer(AttestedSerializer):
    uuid = serializers.UUIDField(read_only=True)
    title = serializers.CharField(source="office.title", read_only=True)
    country = CountryCodeField(
        source="office.country",
        read_only=True,
        allow_null=True,
        help_text="The country of the office; null for an organisation's.",
    )
    organisation = serializers.CharField(source="office.organisation", read_only=True)
    start = PartialDateField("start", read_only=True)
    start_precision = PrecisionField("start")
    end = PartialDateField("end", read_only=True, allow_null=True)
    end_precision = PrecisionField("end", allow_null=True)
    current = serializers.BooleanField(source="is_current", read_only=True)
    citations = CitationSerializer(many=True, read_only=True)


class CurrentPositionSerializer(PositionSerializer):
    citations = None


class OfficialSerializer(RecordSerializer):
    url = DetailUrlField(view_name="api:official-detail", lookup_field="slug")
    slug = SlugField(
        max_length=200,
        required=False,
        help_text="Made from the name when left out.",
    )
    country = CountryCodeField(help_text="The country the official serves.")
    portrait = serializers.ImageField(read_only=True, use_url=True, allow_null=True)
    other_names = OtherNameSerializer(many=True, read_only=True)
    current_positions = serializers.SerializerMethodField(
        help_text="Published offices held today."
    )

    class Meta(RecordSerializer.Meta):
        model = Official
        fields = [
            "uuid",
            "slug",
            "name",
            "other_names",
            "country",
            "current_positions",
            "bio",
            "portrait",
            "wikidata_id",
            "url",
            *RecordSerializer.Meta.fields,
        ]

    @extend_schema_field(CurrentPositionSerializer(many=True))
    def get_current_positions(self, official):
        positions = getattr(official, "current_positions", None)
        if positions is None and hasattr(official, "published_positions"):
            positions = [p for p in official.published_positions if p.is_current]
        if positions is None:
            # A record just written has nothing prefetched.
            positions = (
                official.positions.published()
                .filter(end__isnull=True)
                .select_related("office__country")
                .chronological()
            )
        return CurrentPositionSerializer(
            positions, many=True, context=self.context
        ).data

    def to_representation(self, official):
        data = super().to_representation(official)
        if data.get("portrait") and not official.portrait:
            data["portrait"] = None
        return data


class OfficialDetailSerializer(OfficialSerializer):
    positions = serializers.SerializerMethodField(
        help_text="Every published position, oldest first, with its citations."
    )

    class Meta(OfficialSerializer.Meta):
        fields = [*OfficialSerializer.Meta.fields, "positions"]

    @extend_schema_field(PositionSerializer(many=True))
    def get_positions(self, official):
        return PositionSerializer(
            official.published_positions, many=True, context=self.context
        ).data
