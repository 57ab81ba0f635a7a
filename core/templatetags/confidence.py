"""``{% confidence record %}``: a fact's confidence when the sources do not
confirm it, the word "Reported" or "Disputed" (never colour alone) and the
note saying who reports or disputes it; nothing for a confirmed fact.

With ``tag="p"`` it stands as its own paragraph; inline (a ``span``), it
brings its own leading space. Drawn in Python: lists show it on every card.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.models import Confidence

register = template.Library()


@register.simple_tag
def confidence(record, tag: str = "span"):
    return confidence_html(record, tag)


def confidence_html(record, tag: str = "span"):
    level = record.confidence
    if not level or level == Confidence.CONFIRMED:
        return ""
    note = record.confidence_note
    return format_html(
        ' <{tag} class="confidence confidence--{level}">'
        '<strong class="confidence__label">{label}</strong>{note}</{tag}>',
        tag=mark_safe("p" if tag == "p" else "span"),
        level=level,
        label=record.get_confidence_display(),
        note=format_html(': <bdi class="confidence__note" lang="en">{}</bdi>', note)
        if note
        else "",
    )
