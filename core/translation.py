"""Content in every language of the site (django-modeltranslation).

Each translated field ``name`` gets a column per language (``name_en``,
``name_he``, …); reading ``name`` gives the active language's value, or the
English one when it has none (MODELTRANSLATION_FALLBACK_LANGUAGES).

History is registered here, after the translation fields exist, and not with
``history = …`` on the model: a historical model built before them lacks their
columns, and saving a version fails.
"""

import functools

import simple_history
from django.conf import settings
from django.utils.translation import get_language
from modeltranslation import manager as modeltranslation_manager
from modeltranslation.translator import TranslationOptions, register

from core.history import LinkedHistoricalRecords
from core.models import SitePage, translated_fields

# The language a missing translation falls back to.
FALLBACK = "en"

_multilingual_class = functools.cache(
    functools.partial(
        modeltranslation_manager.multilingual_queryset_factory, instantiate=False
    )
)


def multilingual_queryset_factory(old_cls, instantiate=True):
    """modeltranslation's factory, with one class per queryset class: its own
    makes a new class on every ``get_queryset()``, a dozen per event card
    list (every ``event.countries.all()``), which took a tenth of its time."""
    new_class = _multilingual_class(old_cls)
    return new_class() if instantiate else new_class


modeltranslation_manager.multilingual_queryset_factory = multilingual_queryset_factory


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
