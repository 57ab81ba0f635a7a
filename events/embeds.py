"""The embeds of the home page's map, a country's status timeline and an
event's card (the mechanism is ``core/embeds.py``). They live here because the
map combines countries and events, like the home page."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.embeds import Embed, embeddable, register
from countries.models import Country, StatusChange
from events.models import Event
from events.views import accords_state

MAP_TITLE = gettext_lazy("Where the Abraham Accords stand today")


def published_country(*, slug: str) -> Country:
    return get_object_or_404(Country.objects.published(), slug=slug)


def published_event(*, slug: str) -> Event:
    return get_object_or_404(Event.objects.published(), slug=slug)


register(
    "home",
    Embed(view="embed-map", width=800, height=640, title=lambda _: str(MAP_TITLE)),
)
register(
    "countries:detail",
    Embed(
        view="embed-country-timeline",
        width=480,
        height=400,
        title=lambda country: f"{country.name}: Abraham Accords status timeline",
        find=published_country,
    ),
)
register(
    "events:detail",
    Embed(
        view="embed-event",
        width=480,
        height=320,
        title=lambda event: f"{event.title} (Abraham Accords event)",
        find=published_event,
    ),
)


@require_safe
@embeddable
def map_embed(request):
    context = accords_state(timezone.localdate())
    context["page_url"] = request.build_absolute_uri(reverse("home"))
    context["page_is_home"] = True
    return render(request, "embed/map.html", context)


@require_safe
@embeddable
def country_timeline_embed(request, slug: str):
    changes = (
        StatusChange.objects.published()
        .chronological()
        .annotate(source_count=Count("citations"))
    )
    country = get_object_or_404(
        Country.objects.published().prefetch_related(
            Prefetch("status_changes", queryset=changes, to_attr="timeline")
        ),
        slug=slug,
    )
    page_url = request.build_absolute_uri(country.get_absolute_url())
    return render(
        request,
        "embed/country_timeline.html",
        {"country": country, "page_url": page_url},
    )


@require_safe
@embeddable
def event_embed(request, slug: str):
    event = get_object_or_404(
        Event.objects.published().select_related("place_country"), slug=slug
    )
    page_url = request.build_absolute_uri(event.get_absolute_url())
    return render(request, "embed/event.html", {"event": event, "page_url": page_url})
