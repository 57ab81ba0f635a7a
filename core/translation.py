"""Content in every language of the site (django-modeltranslation).

Each translated field ``name`` gets a column per language (``name_en``,
``name_he``, …); reading ``name`` gives the active language's value, or the
English one when it has none (MODELTRANSLATION_FALLBACK_LANGUAGES).

History is registered here, after the translation fields exist, and not with
``history = …`` on the model: a historical model built before them lacks their
columns, and saving a version fails.
"""

import simple_history
from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.translator import TranslationOptions, register

from core.history import LinkedHistoricalRecords
from core.models import SitePage, translated_fields

# The language a missing translation falls back to.
FALLBACK = "en"


class Translated(TranslationOptions):
    # A language not translated yet is NULL, as the migration left it,
    # whether or not its (empty) box was in the form saved.
    empty_values = None


def register_history(model, *, links=None, **options) -> None:
    """simple_history.register for a model with translated fields."""
    if links is None:
        simple_history.register(model, **options)
    else:
        simple_history.register(
            model, records_class=LinkedHistoricalRecords, links=links, **options
        )


@register(SitePage)
class SitePageTranslation(Translated):
    fields = ("title", "body", "body_html")


# Rendered from body: versions keep the Markdown only.
register_history(
    SitePage,
    excluded_fields=[
        "body_html",
        *(f"body_html_{code}" for code, _ in settings.LANGUAGES),
    ],
)


def language_codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def language_code() -> str:
    """The active language's code among LANGUAGES ("he" for "he-il")."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def shown_value(record, field: str) -> tuple[object, bool]:
    """``(value, fallen_back)``: ``record.field`` in the active language, and
    whether it is the English value because that language has none."""
    value = getattr(record, field)
    code = language_code()
    if code == FALLBACK or field not in translated_fields(type(record)):
        return value, False
    own = getattr(record, f"{field}_{code}", None)
    return value, own in (None, "") and value not in (None, "")
