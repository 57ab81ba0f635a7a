"""Page parts that depend on nothing but the language and the code: drawn
once per process and language, not on every request."""

import functools

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, trans_real

register = template.Library()


@register.simple_tag
def fixed(template_name: str, **context):
    """``template_name`` drawn with ``context`` (strings only), kept for the
    next request in the same language: for the parts every page draws that no
    record or reader changes (the footer, the main menu). Their links and
    words change only with a new release, which starts new processes."""
    language = get_language()
    # The language's catalogue, not only its code: tests that load the
    # translations anew get a part drawn with them.
    catalog = trans_real.translation(language) if language else None
    return _drawn(template_name, language, catalog, tuple(sorted(context.items())))


@functools.lru_cache(maxsize=256)
def _drawn(template_name, language, catalog, context) -> str:
    return mark_safe(render_to_string(template_name, dict(context)))
