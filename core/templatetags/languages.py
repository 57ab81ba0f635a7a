"""The same page in every language: the header's switcher and the
``hreflang`` alternates both read ``page_languages``."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, pgettext

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """One entry per language: its code, its name in its own script, this
    page's address in it (query string kept) and whether it is the current one.
    A page whose address resolves to nothing (a 404) links to the home pages."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    if request is None or getattr(request, "resolver_match", None) is None:
        path = "/" if current == settings.LANGUAGE_CODE else f"/{current}/"
    languages = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        absolute = request.build_absolute_uri(url) if request else url
        languages.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": absolute,
                "current": code == current,
                "default": code == settings.LANGUAGE_CODE,
            }
        )
    return languages


def list_separator() -> str:
    """What goes between the items of a list in the active language: ", ",
    but Arabic writes its own comma ("، ")."""
    return pgettext("list separator", ", ")


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    return list_separator()
