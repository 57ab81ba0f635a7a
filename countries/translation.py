"""The translated fields of countries and officials (see core.translation)."""

from modeltranslation.translator import TranslationOptions, register

from core.translation import register_history
from countries.models import Country, Mission, Office, Official


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Official)
class OfficialTranslation(TranslationOptions):
    fields = ("name", "bio")


@register(Office)
class OfficeTranslation(TranslationOptions):
    fields = ("title", "organisation")


@register(Mission)
class MissionTranslation(TranslationOptions):
    fields = ("city",)


register_history(
    Country,
    links=[
        "status_changes",
        ("missions_sent", "missions abroad"),
        ("missions_hosted", "missions it hosts"),
        ("relation_with_israel", "relations with Israel"),
    ],
)
register_history(Official, links=["positions", "other_names"])
register_history(Office)
register_history(Mission)
