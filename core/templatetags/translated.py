"""``{% translated record "field" %}``: a translated field as readers see it.

In the page's language when it has been translated; otherwise the English
value, marked ``lang="en"`` (for screen readers' pronunciation and for
browsers' hyphenation) and followed by a visible "(in English)". In an
attribute (``attr="alt"``) there is no room for a mark: the attribute is
written with ``lang="en"`` beside it, for the element that carries both.
With ``mark=False`` the English value is marked ``lang="en"`` but not
followed by "(in English)": for a short label, such as an office's title
before a name, where a mark on every line would drown the text.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.translation import FALLBACK, shown_value

register = template.Library()


@register.simple_tag
def translated(record, field: str, attr: str = "", mark: bool = True):
    value, fallen_back = shown_value(record, field)
    return shown_html(value, fallen_back, attr, mark)


def shown_html(value, fallen_back: bool, attr: str = "", mark: bool = True):
    """A value as ``translated`` draws it, given whether it is the English
    value in another language's page."""
    value = "" if value is None else value
    if attr:
        if fallen_back:
            return format_html('{}="{}" lang="{}"', attr, value, FALLBACK)
        return format_html('{}="{}"', attr, value)
    if not fallen_back:
        return value
    if not mark:
        return format_html('<span lang="{}">{}</span>', FALLBACK, value)
    return format_html(
        '<span lang="{}">{}</span> <small class="in-english">({})</small>',
        FALLBACK,
        value,
        _("in English"),
    )
