"""The paths `make bench` measures, and the SQL statements each one costs.

Run inside the benchmarked site's environment (scripts/bench.py does):

    python scripts/bench_probe.py                 # JSON on stdout

Only the sample records (an event, the country and official with the most
events, a recent change stamp) are picked through the models. Deep pages are
found the way a visitor finds them: ``?page=2000`` while pages are numbered,
otherwise the "next" links, followed from the first page.
"""

import json
import os
import re
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEEP_PAGE = 2000
# Following "next" links stops after this long: the depth reached is reported.
FOLLOW_SECONDS = 60
NEXT_LINK = re.compile(
    r"<a\b[^>]*\brel=\"next\"[^>]*>|<link\b[^>]*\brel=\"next\"[^>]*>"
)
HREF = re.compile(r"\bhref=\"([^\"]+)\"")


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accordsite.settings")
    import django

    django.setup()


def client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def next_of(response) -> str | None:
    """The "next" link of a page or an API list, or None on the last one."""
    if response.get("Content-Type", "").startswith("application/json"):
        following = response.json().get("next")
        return local(following) if following else None
    for tag in NEXT_LINK.findall(response.content.decode()):
        href = HREF.search(tag)
        if href:
            target = unescape(href.group(1))
            if target.startswith("?"):
                target = response.wsgi_request.path + target
            return local(target)
    return None


def deep(browser, first: str) -> tuple[str, int]:
    """The page DEEP_PAGE pages into the list at ``first`` (or as deep as the
    list or FOLLOW_SECONDS go), and how many pages deep that is."""
    numbered = f"{first}{'&' if '?' in first else '?'}page={DEEP_PAGE}"
    response = browser.get(first)
    following = next_of(response)
    if following and "page=2" in following and browser.get(numbered).status_code == 200:
        return numbered, DEEP_PAGE
    path, depth, stop = first, 1, time.monotonic() + FOLLOW_SECONDS
    while following and depth < DEEP_PAGE and time.monotonic() < stop:
        path, depth = following, depth + 1
        following = next_of(browser.get(path))
    return path, depth


def choose_paths() -> dict[str, str]:
    """Label: path, for every screen the benchmark measures."""
    from django.db.models import Count
    from django.urls import reverse

    from countries.models import Country, Official
    from events.models import Event

    events = Event.objects.published()
    middle = events.count() // 2
    event = events.order_by("pk")[middle]
    country = (
        Country.objects.published().annotate(n=Count("events")).order_by("-n").first()
    )
    official = (
        Official.objects.published()
        .annotate(n=Count("participations"))
        .order_by("-n")
        .first()
    )
    # About 50 events changed since then: what a client syncing daily asks.
    stamp = events.order_by("-updated_at").values_list("updated_at", flat=True)[
        min(50, middle)
    ]
    browser = client()
    api_list = "/api/v1/events/"
    api_detail = local(
        browser.get(f"{api_list}?page_size=1").json()["results"][0]["url"]
    )
    two_filters = urlencode({"kind": "meeting", "country": country.iso2})
    paths = {
        "home": "/",
        "events": "/events/",
        "events, deep": deep(browser, "/events/")[0],
        "events, two filters": f"/events/?{two_filters}",
        "event": reverse("events:detail", args=[event.slug]),
        "country": reverse("countries:detail", args=[country.slug]),
        "official": reverse("countries:official-detail", args=[official.slug]),
        "search": "/search/?q=Lutnik",
        "as of": "/as-of/2024-01-01/",
        "timeline": "/timeline/",
        "Atom": reverse("events:feed"),
        "iCalendar": reverse("events:ical"),
        "API events": api_list,
        "API events, deep": deep(browser, api_list)[0],
        "API event": api_detail,
        "API sync": f"{api_list}?{urlencode({'updated_after': stamp.isoformat()})}",
        "API CSV, filtered": f"{api_list}?{two_filters}&format=csv",
    }
    return paths


def count_queries(paths: dict[str, str]) -> dict[str, dict]:
    """Status and SQL statements of a second request to each path (the first
    warms the process, and the cache when there is one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client()
    found = {}
    for label, path in paths.items():
        browser.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(path)
        found[label] = {
            "path": path,
            "status": response.status_code,
            "queries": len(queries),
        }
    return found


def main() -> None:
    setup()
    given = os.environ.get("BENCH_PROBE_PATHS")
    paths = json.loads(given) if given else choose_paths()
    print(json.dumps(count_queries(paths)))


if __name__ == "__main__":
    main()
