"""Atom feeds of published events, and an iCalendar file of the dated ones.

Readers see only what is published: a draft country linked to a published
event is not named in its categories or its place. Text that XML cannot carry
(control characters stored before the editors' checks, or by a script) is
left out rather than failing the whole feed.
"""

import datetime

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.html import escape
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.feeds import XmlSafeAtom1Feed
from core.partial_dates import Precision
from core.text import xml_safe
from countries.models import Country
from events.models import Event

FEED_LENGTH = 50
# A calendar subscription re-downloads the whole file; keep it bounded: at
# most this many events, the latest (of the window of days the address gives
# with ``from`` and ``to``, if it does). Not a default window of days: one
# without events in it gave an empty calendar.
CALENDAR_LENGTH = 500


class LatestEventsFeed(Feed):
    feed_type = XmlSafeAtom1Feed
    title = format_lazy(_("{site}: latest events"), site=settings.SITE_NAME)
    subtitle = _(
        "Signings, announcements, visits and statements on the Abraham Accords."
    )
    link = reverse_lazy("events:list")

    def items(self):
        return Event.objects.published().latest_first().for_list()[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.title} ({item.date_partial})"

    def item_description(self, item):
        # Atom summaries are typed HTML: plain text must arrive escaped.
        return escape(item.summary)

    def item_guid(self, item):
        # Stable across slug renames, unlike the link.
        return f"urn:uuid:{item.uuid}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        countries = (c.name for c in item.countries.all() if c.is_public)
        return [item.get_kind_display(), *countries]


class CountryEventsFeed(LatestEventsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Country.objects.published(), slug=slug)

    def title(self, country):
        return gettext("%(site)s: events involving %(country)s") % {
            "site": settings.SITE_NAME,
            "country": country.name,
        }

    def subtitle(self, country):
        return gettext("Published events that involve %(country)s.") % {
            "country": country.name
        }

    def link(self, country):
        return country.get_absolute_url()

    def items(self, country):
        return country.events.published().latest_first().for_list()[:FEED_LENGTH]


def calendar_window(query) -> tuple[datetime.date | None, datetime.date | None]:
    """The ``from`` and ``to`` days of the address (either or both may be
    left out: no bound); ValueError says what is wrong with a bad one."""
    given = {}
    for name in ("from", "to"):
        values = query.getlist(name)
        if len(values) > 1:
            raise ValueError(f"Give “{name}” once.")
        if values and values[0]:
            try:
                given[name] = datetime.date.fromisoformat(values[0])
            except ValueError:
                raise ValueError(
                    f"“{values[0][:40]}” is not a day; give “{name}” as "
                    "YYYY-MM-DD, for example 2020-09-15."
                ) from None
    start, end = given.get("from"), given.get("to")
    if start and end and end < start:
        raise ValueError("“to” comes before “from”; swap them.")
    return start, end


@require_safe
def events_ics(request):
    """Events known to the day, as all-day entries, of a window of days.

    An event known only to the month or the year is left out rather than
    pinned to a day it did not happen on.
    """
    try:
        start, end = calendar_window(request.GET)
    except ValueError as error:
        return HttpResponseBadRequest(
            f"{error} The calendar takes ?from=YYYY-MM-DD&to=YYYY-MM-DD; without "
            f"them, the latest {CALENDAR_LENGTH} events.\n",
            content_type="text/plain; charset=utf-8",
        )
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Abraham Accords events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.SITE_NAME}: Abraham Accords events")
    events = (
        Event.objects.published()
        .filter(date_precision=Precision.DAY)
        .exclude(
            end_date__isnull=False,
            end_date_precision__in=[Precision.MONTH, Precision.YEAR],
        )
        .between(start, end)
        .select_related("place_country")
        .latest_first()[:CALENDAR_LENGTH]
    )
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", f"{event.uuid}@{request.get_host()}")
        entry.add("summary", xml_safe(event.title))
        entry.add("description", xml_safe(event.summary))
        entry.add("dtstart", event.date)
        # DTEND of an all-day entry is the day after the last day.
        entry.add("dtend", (event.end_date or event.date) + datetime.timedelta(days=1))
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
        entry.add("categories", [event.get_kind_display()])
        if event.place:
            entry.add("location", xml_safe(event.place))
        calendar.add_component(entry)
    response = HttpResponse(
        calendar.to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="accords-events.ics"'
    return response
