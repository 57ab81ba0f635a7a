"""Event cards as the lists show them (home, events, search, as of, a
country's or an official's page): ``{% event_cards events level=3 %}`` for a
list, ``{% event_card event %}`` for one, and ``{% event_date event %}``.

Drawn in Python, not with an included template: a list of 25 cards cost
some 45,000 function calls through the template engine, most of the page.
The markup is what ``includes/event_item.html`` drew.
"""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.templatetags.confidence import confidence_html
from core.templatetags.translated import shown_html, translated
from countries.models import CardCountry
from events.models import EventKind

register = template.Library()

SEPARATOR = mark_safe('<span class="meta__sep" aria-hidden="true"> · </span>')


@register.simple_tag
def event_date(event):
    """Its date at its precision, and its last day when it lasts longer."""
    start = _time(event.date_partial)
    if not event.end_date:
        return start
    return format_html("{} – {}", start, _time(event.end_date_partial))


def _time(partial):
    return format_html('<time datetime="{}">{}</time>', partial.isoformat(), partial)


@register.simple_tag
def event_card(event, level=3):
    heading = mark_safe(f"h{int(level)}")
    draft = (
        ""
        if event.is_published
        else format_html(' <span class="badge badge--draft">{}</span>', _("Draft"))
    )
    place = event.place
    return format_html(
        '<article class="card event-card">\n'
        '  <{h} class="card__title"><a href="{url}">{title}</a>{draft}</{h}>\n'
        '  <p class="meta">{date}{sep}<span class="kind">{kind}</span>{place}</p>\n'
        "  {confidence}\n"
        "  <p>{summary}</p>\n"
        "  {countries}\n"
        "</article>",
        h=heading,
        url=event.get_absolute_url(),
        title=conditional_escape(translated(event, "title")),
        draft=draft,
        date=event_date(event),
        sep=SEPARATOR,
        kind=kind_label(event.kind),
        place=format_html("{}{}", SEPARATOR, place) if place else "",
        confidence=confidence_html(event, "p"),
        summary=conditional_escape(translated(event, "summary")),
        countries=_countries(event),
    )


def kind_label(kind: str) -> str:
    """get_kind_display(), without building the field's choices each time."""
    try:
        return EventKind(kind).label
    except ValueError:
        return kind


def _countries(event):
    countries = getattr(event, "card_countries", None)
    if countries is None:  # an event not loaded for a card
        countries = [CardCountry.of(c) for c in event.countries.all() if c.is_public]
    if not countries:
        return ""
    return format_html(
        '<ul class="tags" aria-label="{}">\n    {}\n  </ul>',
        _("Countries involved"),
        format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (country.get_absolute_url(), shown_html(*country.shown_name()))
                for country in countries
            ),
        ),
    )


@register.simple_tag
def event_cards(events, level=3):
    return format_html(
        '<ol class="card-list">\n{}</ol>',
        format_html_join(
            "", "  <li>{}</li>\n", ((event_card(event, level),) for event in events)
        ),
    )
