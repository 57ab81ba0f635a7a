"""The translated fields of countries and officials (see core.translation)."""

from modeltranslation.translator import register

from core.translation import Translated, register_history
from countries.models import Country, Mission, Office, Official


@register(Country)
class CountryTranslation(Translated):
    fields = ("name", "summary")


@register(Official)
class OfficialTranslation(Translated):
    fields = ("name", "bio")


@register(Office)
class OfficeTranslation(Translated):
    fields = ("title", "organisation")


@register(Mission)
class MissionTranslation(Translated):
    fields = ("city",)


register_history(
    Country,
    links=[
        "status_changes",
        ("missions_sent", "missions abroad"),
        ("missions_hosted", "missions it hosts"),
        ("relation_with_israel", "relations with Israel"),
        ("aliases", "other names"),
    ],
)
register_history(Official, links=["positions", "other_names"])
register_history(Office)
register_history(Mission)
