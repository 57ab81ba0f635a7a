"""`make bench`: its baseline view, its data and its report (not its timings)."""

import io
import math
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from events.management.commands.generate_synthetic import PREFIX
from events.models import Event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import bench  # noqa: E402
import bench_probe  # noqa: E402

# The baseline ----------------------------------------------------------------


def test_livez_answers_ok_without_touching_the_database(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_livez_answers_while_the_database_is_down(client, db):
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.cursor"
    ) as cursor:
        cursor.side_effect = AssertionError("livez used the database")
        assert client.get("/livez").status_code == 200


def test_livez_refuses_writes(client, db):
    assert client.post("/livez").status_code == 405


# The data and the paths ------------------------------------------------------


@pytest.mark.django_db
def test_generated_data_is_published_with_sources_and_every_path_answers():
    call_command("generate_synthetic", "--events", "120", stdout=io.StringIO())
    published = Event.objects.published().filter(slug__startswith=PREFIX)
    assert published.count() > 80
    assert not published.filter(citations__isnull=True).exists()

    paths = bench_probe.choose_paths()
    assert set(paths) >= {"home", "events, deep", "API events, deep", "API sync"}
    # 120 events make 6 pages of 20: "deep" is found by following "next".
    assert paths["events, deep"] != "/events/"
    assert paths["API events, deep"] != "/api/v1/events/"
    found = bench_probe.count_queries(paths)
    assert {label: f["status"] for label, f in found.items()} == dict.fromkeys(
        paths, 200
    )
    assert all(f["queries"] > 0 for f in found.values())


def test_deep_takes_numbered_pages_when_the_list_has_them():
    page = mock.Mock(status_code=200)
    page.get.return_value = "text/html"
    page.content = b'<a href="?page=2" rel="next">Next</a>'
    page.wsgi_request.path = "/events/"
    browser = mock.Mock(**{"get.return_value": page})
    assert bench_probe.deep(browser, "/events/") == ("/events/?page=2000", 2000)


# Settings and the report -----------------------------------------------------


def test_a_new_size_or_migration_makes_a_new_database(tmp_path):
    assert bench.data_key(100) != bench.data_key(1000)
    assert bench.data_key(100) == bench.data_key(100)


def test_the_site_database_is_never_the_bench_one():
    url = "postgres://u:p@127.0.0.1:5432/accords"
    assert bench.bench_database_url(url).endswith("/accords_bench")
    assert bench.bench_database_url(url + "_bench").endswith("/accords_bench")


def test_paths_pick_by_label_or_path():
    paths = {"events": "/events/", "API events": "/api/v1/events/", "home": "/"}
    assert bench.pick(paths, "") == paths
    assert bench.pick(paths, "Events, /") == {"events": "/events/", "home": "/"}
    with pytest.raises(SystemExit):
        bench.pick(paths, "nothing")


def row(label, path, *, cold, cached, queries=3):
    return {
        "label": label,
        "path": path,
        "status": {"cold": 200, "cached": 200},
        "queries": {"cold": queries, "cached": 0},
        "ratio": {"cold": cold, "cached": cached},
        "p50": {"cold": 12.34, "cached": math.nan},
        "p99": {"cold": 50.0, "cached": 2.0},
        "errors": {"cold": 0, "cached": 1},
    }


def test_the_report_gives_each_figure_and_whether_the_issue_s_targets_are_met():
    database = bench.Database(
        "SQLite 3.40.1",
        rows=[
            row("events", "/events/", cold=0.2, cached=0.9),
            row("events, deep", "/events/?page=2000", cold=0.1, cached=0.85),
            row("API events", "/api/v1/events/", cold=0.1, cached=0.5, queries=6),
        ],
        livez={"cold": 800.0, "cached": 790.0},
    )
    facts = {
        "when": "2026-12-01 03:00 UTC",
        "commit": "abc1234",
        "machine": "2 CPUs",
        "client": "wrk, 4 connections",
        "rounds": 3,
        "duration": 2,
        "cache": "locmemcache://",
        "events": 100_000,
    }
    text = bench.report([database], facts)
    assert "make bench" in text  # how to reproduce
    assert "commit `abc1234`, 100,000 synthetic events" in text
    assert "## SQLite 3.40.1" in text
    assert "`/livez`: 800 req/s cold, 790 req/s cached." in text
    lines = {line.split(" `")[0].lstrip("| "): line for line in text.splitlines()}
    events = lines["events"]
    assert "| 3 / 0 | 0.200 | 0.900 | 12.3 / 50.0 | – / 2.0 | 1 |" in events
    assert "≤ 4 SQL: met; cold ≥ 0.12: met; cached ≥ 0.8: met" in events
    # A deep page is held to 80 % of its first page.
    assert "cold ≥ 80% of events: **not met**" in lines["events, deep"]
    api = lines["API events"]
    assert "≤ 2 SQL: **not met**; cold ≥ 0.15: **not met**" in api
    assert "cached ≥ 0.8: **not met**" in api
