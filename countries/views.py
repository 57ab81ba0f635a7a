from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.citations import Notes, load_citations
from core.embeds import Embed, embeddable, register
from core.views import FilteredListView, RecordDetailView
from countries import growth
from countries.filters import CountryFilter, OfficialFilter
from countries.models import Country, Official, Role

OFFICIALS_PER_PAGE = 50
# A country page lists its latest events and links to the full, filtered list.
EVENTS_ON_DETAIL = 20


country_list = FilteredListView.as_view(
    filterset_class=CountryFilter,
    template_name="countries/country_list.html",
    context_object_name="countries",
    api_list="api:country-list",
)


class CountryDetailView(RecordDetailView):
    model = Country

    def get_queryset(self):
        self.today = timezone.localdate()
        return Country.objects.with_status_on(self.today).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        # Loaded with the country (``for_detail``); a party needs none shown.
        relation = getattr(country, "relation_with_israel", None)
        if country.role == Role.PARTY or not (relation and relation.is_public):
            relation = None
        missions = sorted(
            country.published_missions_sent + country.published_missions_hosted,
            key=lambda mission: (
                mission.opened_partial.sort_key() if mission.opened else (10_000,)
            ),
        )
        events = list(
            country.events.published()
            .latest_first()
            .for_cards()[: EVENTS_ON_DETAIL + 1]
        )
        cited = [
            *country.published_status_changes,
            *([relation] if relation else []),
            *missions,
        ]
        load_citations(cited)
        context.update(
            notes=Notes.marking(cited),
            relation=relation,
            missions=missions,
            events=events[:EVENTS_ON_DETAIL],
            more_events=len(events) > EVENTS_ON_DETAIL,
            today=self.today,
        )
        return context


country_detail = CountryDetailView.as_view()


official_list = FilteredListView.as_view(
    filterset_class=OfficialFilter,
    template_name="countries/official_list.html",
    context_object_name="officials",
    paginate_by=OFFICIALS_PER_PAGE,
    api_list="api:official-list",
    rows="for_cards",
)


class OfficialDetailView(RecordDetailView):
    model = Official

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        official = self.object
        context["participations"] = official.public_participations()
        current = [p for p in official.published_positions if p.is_current]
        ended = [p for p in official.published_positions if not p.is_current]
        context["current_positions"] = current
        # Someone who holds no office today is "former" what they last were.
        context["former_position"] = (
            None
            if current
            else max(ended, key=lambda p: p.end_partial.sort_key(), default=None)
        )
        context["notes"] = Notes.marking(official.published_positions)
        return context


official_detail = OfficialDetailView.as_view()


# The accords over time: a page, and its embed for other sites

CHART_TITLE = gettext_lazy("The Abraham Accords over time")

register(
    "countries:chart",
    Embed(
        view="countries:chart-embed",
        width=760,
        height=900,
        title=lambda _: str(CHART_TITLE),
    ),
)


def chart_context(request) -> dict:
    day = timezone.localdate()
    return {
        **growth.chart_context(day),
        "day": day,
        "page_url": request.build_absolute_uri(reverse("countries:chart")),
    }


@require_safe
def accords_over_time(request):
    return render(request, "countries/accords_over_time.html", chart_context(request))


@require_safe
@embeddable
def accords_over_time_embed(request):
    return render(request, "embed/chart.html", chart_context(request))
