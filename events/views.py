import datetime
import itertools
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Count, F
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core import search as search_index
from core.citations import Notes
from core.downloads import download_links
from core.models import can_see_drafts
from core.partial_dates import Precision
from core.translation import shown_value
from core.views import FilteredListView, RecordDetailView
from countries.models import AccordsStatus, Country, Official, Role
from countries.world_map import view_named
from events import dataset
from events.filters import EventFilter
from events.models import Claim, DatasetVersion, Event, sanitize_html
from events.search_forms import AsOfForm, SearchForm

EVENTS_PER_PAGE = 20
LATEST_ON_HOME = 6
SEARCH_LIMIT = 20
# Above this many events the timeline page lists the years, each on a page
# of its own, instead of every event at once.
TIMELINE_LIMIT = 1000

STATUS_HEADINGS = [
    (AccordsStatus.SIGNATORY, gettext_lazy("Signatories")),
    (AccordsStatus.ANNOUNCED, gettext_lazy("Announced")),
    (AccordsStatus.CANDIDATE, gettext_lazy("Candidates")),
]


def accords_state(day: datetime.date) -> dict:
    """What the home and "as of" pages share: every status group on ``day``."""
    groups = Country.objects.published().grouped_by_status(day)
    is_today = day == timezone.localdate()
    return {
        "day": day,
        "is_today": is_today,
        "map_title": _("Where the Abraham Accords stand today")
        if is_today
        else _("Where the Abraham Accords stood on %(day)s")
        % {"day": format_date(day, "j E Y")},
        "status_groups": [
            {"status": status, "heading": heading, "countries": groups[status]}
            for status, heading in STATUS_HEADINGS
        ],
        # The party and the broker are on the map too, by their role.
        "map_groups": groups,
        "map_roles": Country.objects.published().exclude(role=Role.NONE),
        "as_of_form": AsOfForm(initial={"date": day}),
    }


@require_safe
def home(request):
    today = timezone.localdate()
    context = accords_state(today)
    context["map_view"] = view_named(request.GET.get("map"))
    context["latest_events"] = (
        Event.objects.published().latest_first().for_cards()[:LATEST_ON_HOME]
    )
    # The "as of today" claim is about the countries listed: the most recent
    # day an editor checked one of them (each country's page gives its own).
    checked = [
        country.last_checked
        for group in context["status_groups"]
        for country in group["countries"]
        if country.last_checked
    ]
    context["last_checked"] = max(checked, default=None)
    return render(request, "home.html", context)


@require_safe
def as_of(request, day: str):
    try:
        parsed = datetime.date.fromisoformat(day)
    except ValueError:
        parsed = None
    if parsed is None or parsed > timezone.localdate():
        # A 404 that says why: the generic one guesses at a draft.
        context = {"day": day, "not_yet": parsed is not None, "as_of_form": AsOfForm()}
        return render(request, "as_of_missing.html", context, status=404)
    day = parsed
    context = accords_state(day)
    context["map_view"] = view_named(request.GET.get("map"))
    context["latest_events"] = (
        Event.objects.published()
        .between(None, day)
        .latest_first()
        .for_cards()[:LATEST_ON_HOME]
    )
    return render(request, "as_of.html", context)


@require_safe
def as_of_form(request):
    """The home page's date form: a valid date goes to its own address."""
    if "date" not in request.GET:
        return render(request, "as_of_form.html", {"as_of_form": AsOfForm()})
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "as_of_form.html", {"as_of_form": form}, status=400)
    return redirect("as-of", day=form.cleaned_data["date"].isoformat())


event_list = FilteredListView.as_view(
    filterset_class=EventFilter,
    template_name="events/event_list.html",
    context_object_name="events",
    paginate_by=EVENTS_PER_PAGE,
    numbered_pages=20,
    api_list="api:event-list",
    rows="for_cards",
)


class EventDetailView(RecordDetailView):
    model = Event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        may_preview_officials = can_see_drafts(self.request.user, Official)
        participants = event.participants_with_positions()
        for participant in participants:
            official = participant.official
            participant.url = (
                official.get_absolute_url()
                if official and (official.is_public or may_preview_officials)
                else ""
            )
        photos = list(event.photos.all())
        body, body_in_english = shown_value(event, "body_html")
        status_changes = [s for s in event.status_changes.all() if s.is_public]
        notes = Notes.build(event.citations.all())
        cited = cited_by_place(
            event.citations.all(),
            shown={
                Claim.DATE: True,
                Claim.PLACE: bool(event.place),
                Claim.PARTICIPANTS: bool(participants),
                Claim.STATUS: bool(status_changes),
            },
        )
        # The status is claimed on each change's line: the same marks on each.
        for change in status_changes:
            change.note_marks = notes.marks(cited[Claim.STATUS])
        context.update(
            participants=participants,
            countries=[c for c in event.countries.all() if c.is_public],
            photos=photos,
            notes=notes,
            marks={
                place: notes.marks(citations)
                for place, citations in cited.items()
                if place != Claim.STATUS
            },
            status_changes=status_changes,
            # Stored clean, and cleaned again on the way out in case the
            # allowlist has been tightened since the event was saved.
            body_html=mark_safe(sanitize_html(body)),
            body_in_english=body_in_english,
            og_image=photos[0].image.url if photos else "",
        )
        return context


def cited_by_place(citations, *, shown: dict[str, bool]) -> dict[str, list]:
    """An event's citations by where their marks stand: beside each claim the
    page shows, and the rest (the account, the whole event, a claim not shown)
    under ``text``, so that every note has a mark."""
    places = {claim: [] for claim, is_shown in shown.items() if is_shown}
    places["text"] = []
    for citation in citations:
        place = citation.supports if citation.supports in places else "text"
        places[place].append(citation)
    return places


event_detail = EventDetailView.as_view()


def timeline_groups(events) -> list[dict]:
    """Events by year; within a year, by month, with the events known only to
    the month, and then those known only to the year, in groups of their own.
    """

    def group_key(event):
        if event.date_precision == Precision.YEAR:
            return (event.date.year, 13, Precision.YEAR)
        return (event.date.year, event.date.month, event.date_precision)

    years = []
    for year, in_year in itertools.groupby(events, key=lambda e: e.date.year):
        groups = []
        for (_year, _month, precision), grouped in itertools.groupby(
            in_year, key=group_key
        ):
            grouped = list(grouped)
            first = grouped[0].date
            if precision == Precision.YEAR:
                label = _("%(year)s, month not known") % {"year": year}
            elif precision == Precision.MONTH:
                label = _("%(month)s, day not known") % {
                    "month": format_date(first, "F Y")
                }
            else:
                label = format_date(first, "F Y")
            groups.append({"label": label, "precision": precision, "events": grouped})
        years.append({"year": year, "groups": groups})
    return years


@require_safe
def timeline(request, year: int | None = None):
    published = Event.objects.published()
    years = list(
        # Integer division of the indexed sort key: no table scan.
        published.annotate(year=F("date_order") / 10_000)
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("year")
    )
    if year is not None and not any(row["year"] == year for row in years):
        raise Http404("No events that year.")
    total = sum(row["count"] for row in years)
    show_all = year is None and total <= TIMELINE_LIMIT
    events = published.chronological().for_cards()
    if year is not None:
        events = events.in_year(year)
    context = {
        "years": years,
        "year": year,
        "show_all": show_all,
        "timeline": timeline_groups(events) if show_all or year else [],
    }
    return render(request, "events/timeline.html", context)


# The search page's lists: key, heading, the model, its records as its list
# shows them (order, status, offices), and its API list.
SEARCHED = (
    (
        "countries",
        gettext_lazy("Countries"),
        Country,
        lambda: Country.objects.for_search(timezone.localdate()),
        "country",
    ),
    (
        "officials",
        gettext_lazy("Officials"),
        Official,
        lambda: Official.objects.for_search(),
        "official",
    ),
    (
        "events",
        gettext_lazy("Events"),
        Event,
        lambda: Event.objects.for_search(),
        "event",
    ),
)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    context = {"form": form, "query": ""}
    if not form.is_valid():
        return render(request, "search.html", context, status=400)
    query = form.cleaned_data["q"]
    if query:
        results = []
        # The matching and ranking of each list's own ``q``, on its page and
        # in the API (core.search).
        found = search_index.matches(query)
        for key, heading, model, records, api_list in SEARCHED:
            rows = []
            # A list nothing matched costs no query.
            if found is None or found.get(search_index.label(model)):
                searched = search_index.search(
                    records().visible_to(request.user), query, among=found
                )
                rows = list(search_index.ranked(searched)[: SEARCH_LIMIT + 1])
            more = len(rows) > SEARCH_LIMIT
            results.append(
                {
                    "key": key,
                    "heading": heading,
                    "rows": rows[:SEARCH_LIMIT],
                    "more": more,
                    # Every match, not only those shown: uncounted beyond them.
                    "downloads": download_links(
                        f"api:{api_list}-list",
                        [("q", query)],
                        count=None if more else len(rows),
                    )
                    if rows
                    else None,
                }
            )
        context.update(
            query=query,
            results=results,
            total=sum(len(group["rows"]) for group in results),
            more_events_url=f"{reverse('events:list')}?{urlencode({'q': query})}",
        )
    return render(request, "search.html", context)


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain; charset=utf-8")


# The bulk dataset ----------------------------------------------------------------

# Versions listed on /data/: every kept file and the most recent pruned ones.
VERSIONS_SHOWN = 100


@require_safe
def data(request):
    versions = list(DatasetVersion.objects.all()[:VERSIONS_SHOWN])
    latest = versions[0] if versions else None
    counts = latest.record_counts if latest else {}
    context = {
        "latest": latest,
        "earlier": versions[1:],
        "stale": latest is not None and dataset.is_stale(latest),
        "tables": [
            {"table": table, "rows": counts.get(table.name)} for table in dataset.TABLES
        ],
        "license": settings.ACCORDS_DATA_LICENSE,
        "keep": settings.ACCORDS_DATASET_KEEP,
        "citation": dataset.cite(request, latest) if latest else None,
    }
    return render(request, "data/data.html", context)


@require_safe
def dataset_latest(request):
    latest = DatasetVersion.objects.kept().first()
    if latest is None:
        raise Http404("No dataset has been built yet.")
    return redirect(latest)


@require_safe
def dataset_file(request, file_name: str):
    version = None
    if dataset.FILE_NAME.fullmatch(file_name):
        version = DatasetVersion.objects.kept().filter(file_name=file_name).first()
    if version is None:
        raise Http404("There is no dataset file of this name.")
    try:
        file = default_storage.open(dataset.storage_path(file_name))
    except FileNotFoundError:
        raise Http404("There is no dataset file of this name.") from None
    response = FileResponse(
        file, as_attachment=True, filename=file_name, content_type="application/zip"
    )
    # A version's file never changes under its name.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
