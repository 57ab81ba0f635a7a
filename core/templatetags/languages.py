"""The same page in every language: the header's switcher and the
``hreflang`` alternates both read ``page_languages``."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override, pgettext

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """One entry per language: its code, its name in its own script, this
    page's address in it (query string kept) and whether it is the current one.
    A page whose address resolves to nothing (a 404) links to the home pages."""
    request = context.get("request")
    current = get_language()
    match = getattr(request, "resolver_match", None) if request else None
    query = request.META.get("QUERY_STRING", "") if request else ""
    languages = []
    for code, name in settings.LANGUAGES:
        url = _address_in(match, code) + (f"?{query}" if query and match else "")
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


@register.simple_tag
def alternate_links(languages):
    """The head's ``hreflang`` alternates, the default language also as
    ``x-default``. Drawn in Python, as the switcher's items: every page
    draws both."""
    links = []
    for language in languages:
        links.append(
            format_html(
                '\n  <link rel="alternate" hreflang="{}" href="{}">',
                language["code"],
                language["absolute_url"],
            )
        )
        if language["default"]:
            links.append(
                format_html(
                    '\n  <link rel="alternate" hreflang="x-default" href="{}">',
                    language["absolute_url"],
                )
            )
    return mark_safe("".join(links))


@register.simple_tag
def language_items(languages):
    """The switcher's items: each language's name, in its own script, linking
    to this page in it."""
    return mark_safe(
        "".join(
            format_html(
                '\n        <li><a href="{}" lang="{}" hreflang="{}"{}>{}</a></li>',
                language["url"],
                language["code"],
                language["code"],
                mark_safe(' aria-current="true"') if language["current"] else "",
                language["name"],
            )
            for language in languages
        )
    )


def _address_in(match, code: str) -> str:
    """The matched page's address in language ``code``: the URL resolved
    for this request, reversed again (what ``translate_url`` does, less
    resolving the path a second time per language)."""
    if match is not None and match.url_name:
        name = (
            f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        )
        with override(code):
            try:
                return reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
    return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"


def list_separator() -> str:
    """What goes between the items of a list in the active language: ", ",
    but Arabic writes its own comma ("، ")."""
    return pgettext("list separator", ", ")


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    return list_separator()
