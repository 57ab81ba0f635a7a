"""Reads never wait for a writer, and writes keep their transaction.

The site runs under gunicorn in a process of its own, on a database file
(SQLite) or on the test database (PostgreSQL): a second connection takes the
write lock and holds it while anonymous readers ask for pages and the API.
"""

import secrets
import sqlite3
import threading
import time
import urllib.request

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.http import HttpResponse
from django.urls import path
from rest_framework import exceptions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from accordsite import urls as site_urls
from scripts import local_site

HOLD_SECONDS = 8
# Far below the hold and SQLite's busy timeout (20 s): a read that waited
# for the lock would take the whole hold, or fail.
PROMPT_SECONDS = 3
READS = ["/", "/events/", "/api/v1/events/", "/countries/"]


def hold_write_lock(take, ready: threading.Event, release: threading.Event):
    """Run ``take`` (it takes the lock and writes), then hold until released."""
    conn = take()
    ready.set()
    release.wait(HOLD_SECONDS)
    conn.rollback()
    conn.close()


def sqlite_writer(db_file):
    def take():
        conn = sqlite3.connect(db_file, timeout=1, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE events_event SET title = title")
        return conn

    return take


def postgresql_writer(params):
    def take():
        import psycopg

        conn = psycopg.connect(**params)
        conn.execute("LOCK TABLE events_event IN EXCLUSIVE MODE")
        conn.execute("UPDATE events_event SET title = title")
        return conn

    return take


@pytest.fixture
def site(tmp_path, request):
    """(base URL, a function that takes the write lock) of a served site."""
    env = local_site.throwaway_env(tmp_path, DJANGO_SETTINGS_MODULE="tests.settings")
    if connection.vendor == "sqlite":
        local_site.manage(env, "migrate", "--verbosity", "0")
        local_site.manage(env, "load_seed")
        take = sqlite_writer(tmp_path / "db.sqlite3")
    else:
        # The test database, migrated by pytest-django.
        request.getfixturevalue("django_db_setup")
        params = connection.get_connection_params()
        settings_dict = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@"
            f"{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/"
            f"{settings_dict['NAME']}"
        )
        take = postgresql_writer(params)
    port = local_site.free_port()
    with open(tmp_path / "gunicorn.log", "w") as log:
        server = local_site.start_server(env, port, workers=2, logfile=log)
        try:
            yield f"http://127.0.0.1:{port}", take
        finally:
            local_site.stop_server(server)


def timed_get(url):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=HOLD_SECONDS * 3) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.monotonic() - started


def test_a_writer_holding_the_lock_delays_and_fails_no_read(site):
    base, take = site
    ready, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=hold_write_lock, args=(take, ready, release))
    writer.start()
    try:
        assert ready.wait(10), "the writer did not get the lock"
        started = time.monotonic()
        answers = {path: timed_get(base + path) for path in READS}
        still_held = time.monotonic() - started < HOLD_SECONDS
    finally:
        release.set()
        writer.join()
    assert still_held, "the reads outlasted the writer: they proved nothing"
    assert {path: status for path, (status, _) in answers.items()} == dict.fromkeys(
        READS, 200
    )
    slow = {path: round(t, 2) for path, (_, t) in answers.items() if t > PROMPT_SECONDS}
    assert slow == {}


# Writes keep their transaction (tests of the middleware in this process) -------------


def write_something():
    Group.objects.create(name=secrets.token_hex(8))


def write_then_fail(request):
    write_something()
    raise RuntimeError("the view failed after writing")


def write_on_get(request):
    write_something()
    return HttpResponse("written")


@api_view(["POST"])
@permission_classes([AllowAny])
def api_write_then_refuse(request):
    write_something()
    raise exceptions.ValidationError({"field": ["Refused after writing."]})


@api_view(["GET"])
@permission_classes([AllowAny])
def api_read(request):
    write_something()
    return HttpResponse("read")


def depth(request):
    return HttpResponse(str(len(connection.savepoint_ids)))


urlpatterns = [
    path("depth/", depth),
    path("fail/", write_then_fail),
    path("write-on-get/", write_on_get),
    path("api/refuse/", api_write_then_refuse),
    path("api/read/", api_read),
    # The error pages link to the site's.
    *site_urls.urlpatterns,
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_a_failed_write_keeps_nothing(client, db, test_urls):
    client.raise_request_exception = False
    before = Group.objects.count()
    assert client.post("/fail/").status_code == 500
    assert Group.objects.count() == before


def test_an_api_write_refused_after_writing_keeps_nothing(client, db, test_urls):
    before = Group.objects.count()
    response = client.post("/api/refuse/", {}, content_type="application/json")
    assert response.status_code == 400
    assert Group.objects.count() == before


def test_a_read_that_writes_still_writes(client, db, test_urls):
    before = Group.objects.count()
    assert client.get("/write-on-get/").status_code == 200
    assert client.get("/api/read/").status_code == 200
    assert Group.objects.count() == before + 2


def test_a_read_runs_outside_any_transaction_and_a_write_inside_one(
    client, db, test_urls
):
    # The test itself runs in a transaction: the view sees its savepoints.
    outer = len(connection.savepoint_ids)
    assert client.get("/depth/").content == str(outer).encode()
    assert client.post("/depth/").content == str(outer + 1).encode()
