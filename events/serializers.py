"""JSON shapes of events and publications in the API.

The list shows an event's own fields; the detail adds its participants (with
the offices they held at the time), citations, photos and the status changes it
caused. A publication lists the records citing it.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import partial_dates
from core.models import PublicationStatus, confidence_problem
from core.serializers import (
    DetailUrlField,
    PartialDateField,
    PrecisionField,
    RecordSerializer,
    SlugField,
    TextField,
    TranslatedFieldsMixin,
    api_url,
    detail_serializer,
    visible,
    visible_one,
)
from countries.serializers import (
    AttestedSerializer,
    CitationSerializer,
    CountryCodeField,
    PositionSerializer,
)
from events.models import (
    CITED,
    Claim,
    Event,
    Publication,
    PublicationKind,
    sanitize_html,
)


class ParticipantSerializer(TranslatedFieldsMixin, serializers.Serializer):
    name = serializers.CharField(
        source="display_name", read_only=True, help_text="As the event names them."
    )
    role = serializers.CharField(read_only=True, help_text="Their role in this event.")
    official = serializers.SerializerMethodField(
        help_text="The official's slug, when they have a published record."
    )
    positions = serializers.SerializerMethodField(
        help_text="Offices the official held at the time of the event."
    )

    @extend_schema_field({"type": "string", "nullable": True})
    def get_official(self, participant):
        official = visible_one(participant.official, self.context)
        return official.slug if official else None

    @extend_schema_field(PositionSerializer(many=True))
    def get_positions(self, participant):
        positions = getattr(participant, "positions_then", [])
        return PositionSerializer(positions, many=True, context=self.context).data


class PhotoSerializer(TranslatedFieldsMixin, serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    image = serializers.ImageField(
        read_only=True, use_url=True, help_text="Absolute URL of the image."
    )
    caption = serializers.CharField(read_only=True)
    credit = serializers.CharField(read_only=True)
    alt_text = serializers.CharField(read_only=True)
    officials = serializers.SerializerMethodField(help_text="Slugs of officials shown.")

    def get_officials(self, photo) -> list[str]:
        return [o.slug for o in visible(photo.officials.all(), self.context)]


class CausedStatusChangeSerializer(AttestedSerializer):
    uuid = serializers.UUIDField(read_only=True)
    country = CountryCodeField(read_only=True)
    status = serializers.CharField(read_only=True)
    date = PartialDateField("date", read_only=True)
    date_precision = PrecisionField("date")


class EventSerializer(RecordSerializer):
    url = DetailUrlField(view_name="api:event-detail", lookup_field="slug")
    slug = SlugField(
        max_length=250, required=False, help_text="Made from the title when left out."
    )
    date = PartialDateField("date", help_text="When it happened.")
    date_precision = PrecisionField("date")
    end_date = PartialDateField(
        "end_date",
        required=False,
        allow_null=True,
        help_text="Only for events that lasted several days; not before `date`.",
    )
    end_date_precision = PrecisionField("end_date", allow_null=True)
    place_country = CountryCodeField(
        required=False, allow_null=True, help_text="The country of the place."
    )
    place = serializers.CharField(
        read_only=True, help_text="City and country, as readers see it."
    )
    countries = CountryCodeField(
        many=True, required=False, help_text="Every country the event involves."
    )
    body = TextField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="The full account in Markdown; the detail shows it and its HTML.",
    )

    class Meta(RecordSerializer.Meta):
        model = Event
        fields = [
            "uuid",
            "slug",
            "title",
            "kind",
            "date",
            "date_precision",
            "end_date",
            "end_date_precision",
            "place_city",
            "place_country",
            "place",
            "countries",
            "summary",
            "confidence",
            "confidence_note",
            "body",
            "url",
            *RecordSerializer.Meta.fields,
        ]

    def validate(self, attrs):
        if problem := confidence_problem(
            self._current(attrs, "confidence"), self._current(attrs, "confidence_note")
        ):
            raise serializers.ValidationError(
                {"confidence_note": [problem]}, code="confidence_note_required"
            )
        start = self._partial(attrs, "date")
        end = self._partial(attrs, "end_date")
        try:
            partial_dates.check_end_not_before_start(start, end, field="end_date")
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {"end_date": error.message_dict["end_date"]}, code="dates_out_of_order"
            ) from None
        return attrs

    def _current(self, attrs, name: str) -> str:
        """The value a write leaves: the one sent, else the stored one."""
        return attrs.get(name, getattr(self.instance, name, ""))

    def _partial(self, attrs, column: str):
        if column in attrs:
            value = attrs[column]
            if value is None:
                return None
            precision = attrs[f"{column}_precision"]
            return partial_dates.PartialDate(value, precision)
        if self.instance is not None:
            return getattr(self.instance, f"{column}_partial")
        return None

    def to_representation(self, event):
        data = super().to_representation(event)
        if "countries" in data:
            shown = {c.iso2 for c in visible(event.countries.all(), self.context)}
            data["countries"] = [code for code in data["countries"] if code in shown]
        if data.get("place_country") and not visible_one(
            event.place_country, self.context
        ):
            data["place_country"] = None
        return data


class EventCreateSerializer(EventSerializer):
    """A new event starts as a draft: citations are added in the admin first."""

    publication_status = serializers.ChoiceField(
        choices=[(PublicationStatus.DRAFT, "Draft")],
        required=False,
        error_messages={
            "invalid_choice": "A new event starts as a draft: add at least one "
            "source in the admin, then publish it (“{input}” is not allowed here)."
        },
        help_text="Always draft for a new event.",
    )


@detail_serializer
class EventDetailSerializer(EventSerializer):
    body = serializers.CharField(read_only=True, help_text="Markdown source.")
    body_html = serializers.SerializerMethodField(
        help_text="The body as sanitised HTML: simple formatting and links only."
    )
    participants = serializers.SerializerMethodField(
        help_text="In order, with the offices each held at the time."
    )
    citations = CitationSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    status_changes = serializers.SerializerMethodField(
        help_text="Accords status changes this event caused."
    )

    def get_body_html(self, event) -> str:
        return sanitize_html(event.body_html)

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, event):
        return ParticipantSerializer(
            event.participants_then(), many=True, context=self.context
        ).data

    @extend_schema_field(CausedStatusChangeSerializer(many=True))
    def get_status_changes(self, event):
        changes = visible(event.status_changes.all(), self.context)
        return CausedStatusChangeSerializer(
            changes, many=True, context=self.context
        ).data


# Publications ------------------------------------------------------------------


class ShownIn(NamedTuple):
    """Where the API shows a kind of cited record: ``home`` leads from the
    record to the one whose detail shows it (itself when empty)."""

    home: str
    view_name: str
    lookup: str


SHOWN_IN = {
    "event": ShownIn("", "api:event-detail", "slug"),
    "status_change": ShownIn("country", "api:country-detail", "iso2"),
    "relation": ShownIn("country", "api:country-detail", "iso2"),
    "mission": ShownIn("sending_country", "api:country-detail", "iso2"),
    "position": ShownIn("official", "api:official-detail", "slug"),
}


class CitedRecordSerializer(serializers.Serializer):
    """The record a citation supports, read from the citation."""

    type = serializers.ChoiceField(
        choices=list(CITED),
        read_only=True,
        help_text="An event, or a status change, relation with Israel or "
        "mission (shown in its country), or a position (shown in its official).",
    )
    uuid = serializers.UUIDField(read_only=True)
    url = serializers.URLField(
        read_only=True,
        help_text="The API detail that shows the record: the event's own, or "
        "that of its country or official.",
    )

    def to_representation(self, citation):
        name = next(n for n in CITED if getattr(citation, f"{n}_id") is not None)
        record = getattr(citation, name)
        shown = SHOWN_IN[name]
        home = getattr(record, shown.home) if shown.home else record
        request = self.context.get("request")
        return {
            "type": name,
            "uuid": str(record.uuid),
            "url": api_url(
                request, shown.view_name, **{shown.lookup: getattr(home, shown.lookup)}
            ),
        }


class CitedBySerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    quote = serializers.CharField(read_only=True)
    locator = serializers.CharField(
        read_only=True, help_text="Where in the document: page, paragraph, timestamp."
    )
    supports = serializers.ChoiceField(
        choices=[("", "The whole record"), *Claim.choices],
        read_only=True,
        help_text="The claim it supports; empty for the whole record.",
    )
    record = CitedRecordSerializer(source="*", read_only=True)


class PublicationSerializer(serializers.ModelSerializer):
    url = DetailUrlField(view_name="api:publication-detail", lookup_field="uuid")
    kind = serializers.ChoiceField(
        choices=PublicationKind.choices,
        read_only=True,
        help_text="treaty, declaration, statement or transcript (primary "
        "documents); news or reference.",
    )
    primary = serializers.BooleanField(
        source="is_primary",
        read_only=True,
        help_text="Issued by a party: a treaty, declaration, statement or transcript.",
    )
    document_url = serializers.CharField(
        source="url",
        read_only=True,
        help_text="The document's address (the `url` filter); empty when it "
        "has none online.",
    )
    published_on = PartialDateField("published_on", read_only=True, allow_null=True)
    published_on_precision = PrecisionField("published_on", allow_null=True)
    archive_url = serializers.CharField(
        read_only=True,
        help_text="A copy in a web archive; empty when there is none yet.",
    )
    cited_by = CitedBySerializer(
        source="visible_citations",
        many=True,
        read_only=True,
        help_text="Its citations, each with the record it supports: only those "
        "of records this reader may see.",
    )

    class Meta:
        model = Publication
        # Also the order of the CSV columns (see ApiViewMixin.get_csv_columns).
        fields = [
            "uuid",
            "kind",
            "primary",
            "title",
            "publisher",
            "author",
            "language",
            "document_url",
            "published_on",
            "published_on_precision",
            "archive_url",
            "accessed_on",
            "cited_by",
            "url",
            "updated_at",
        ]
        read_only_fields = fields
