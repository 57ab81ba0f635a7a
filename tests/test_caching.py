"""Anonymous answers from the cache, invalidated exactly by the content version.

tests/settings.py leaves the store off for the rest of the suite; here it is
on (``page_cache``). Changes behind the models' back (``QuerySet.update``)
show what is served from the cache; changes through the models show that the
next request sees them.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone
from django.utils.http import http_date

from core import caching
from core.models import PublicationStatus
from events.models import Event
from tests import factories
from tests.conftest import clock_at

EVENTS = "/events/"
API_EVENTS = "/api/v1/events/"


@pytest.fixture
def page_cache(settings):
    settings.ACCORDS_CACHE_PAGES = True
    return settings


@pytest.fixture
def per_process(page_cache):
    """Local memory as under several gunicorn workers: the version comes from
    the machine's version file, which this test starts without."""
    page_cache.ACCORDS_CACHE_SHARED = False
    caching.version_file().unlink(missing_ok=True)
    return page_cache


def rename_behind_the_models_back(event, title):
    # Raw SQL: the querysets' bulk writes keep search in step, which records
    # a change too.
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET title = %s, title_en = %s WHERE id = %s",
            [title, title, event.pk],
        )


def text(response) -> str:
    return response.content.decode()


# Served from the cache ----------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", EVENTS, API_EVENTS, "/events/tokayev-meets-rubio/"]
)
def test_a_cached_answer_is_the_same_body_with_no_query(
    client, event, page_cache, django_assert_num_queries, path
):
    first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    # The stored page keeps the CSP header whose nonce its body carries.
    assert again.get("Content-Security-Policy") == first.get("Content-Security-Policy")


def test_a_cached_page_is_served_until_the_content_changes(client, event, page_cache):
    client.get(EVENTS)
    rename_behind_the_models_back(event, "Renamed quietly")
    assert "Tokayev meets Rubio" in text(client.get(EVENTS))
    event.refresh_from_db()
    event.summary = "A change through the model."
    event.save()
    assert "Renamed quietly" in text(client.get(EVENTS))


def edit(event):
    event.title = "Tokayev meets Rubio again"
    event.save()
    return "Tokayev meets Rubio again", True


def unpublish(event):
    event.publication_status = PublicationStatus.DRAFT
    event.save()
    return "Tokayev meets Rubio", False


def delete(event):
    event.delete()
    return "Tokayev meets Rubio", False


def revert(event):
    first = event.history.earliest()
    event.title = "A wrong title"
    event.save()
    first.instance.save()  # what the admin's revert does
    return "Tokayev meets Rubio", True


def publish(event):
    draft = factories.EventFactory(title="Signing in Astana", draft=True)
    factories.cite(draft)
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    return "Signing in Astana", True


def link_a_country(event):
    other = factories.CountryFactory(name="Azerbaijan", slug="azerbaijan")
    event.countries.add(other)  # a relation only (m2m_changed)
    return other.iso2, True


@pytest.mark.parametrize(
    "change", [edit, unpublish, delete, revert, publish, link_a_country]
)
@pytest.mark.parametrize("path", [EVENTS, API_EVENTS])
def test_every_kind_of_change_is_seen_on_the_next_request(
    client, event, page_cache, change, path
):
    before = client.get(path)
    assert before.status_code == 200
    if change is revert:
        # The page holds the wrong title, to be reverted.
        event.title = "A wrong title"
        event.save()
        assert "A wrong title" in text(client.get(path))
    words, shown = change(event)
    assert (words in text(client.get(path))) is shown


def test_a_page_of_a_record_is_seen_again_once_it_is_published(
    client, page_cache, country
):
    draft = factories.EventFactory(title="Not yet", slug="not-yet", draft=True)
    assert client.get("/events/not-yet/").status_code == 404
    factories.cite(draft)
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    assert client.get("/events/not-yet/").status_code == 200


def test_a_scheduled_record_appears_on_time_without_a_write(client, page_cache, db):
    now = timezone.now()
    factories.cite(
        factories.EventFactory(
            title="Embargoed visit", publish_at=now + datetime.timedelta(hours=1)
        )
    )
    assert "Embargoed visit" not in text(client.get(EVENTS))
    with clock_at(now + datetime.timedelta(hours=2)):
        assert "Embargoed visit" in text(client.get(EVENTS))


def test_a_lost_version_never_serves_a_stale_page(client, event, page_cache):
    client.get(EVENTS)
    rename_behind_the_models_back(event, "Renamed quietly")
    cache.delete(caching.VERSION_KEY)  # evicted, or Redis restarted empty
    assert "Renamed quietly" in text(client.get(EVENTS))


# Editors, cookies, what is not stored ---------------------------------------------


def test_an_editor_never_gets_a_cached_page(client, editor, event, page_cache):
    client.get(EVENTS)
    rename_behind_the_models_back(event, "Renamed quietly")
    client.force_login(editor)
    response = client.get(EVENTS)
    assert "Renamed quietly" in text(response)
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_an_editors_page_is_not_stored_for_readers(client, editor, page_cache, db):
    factories.EventFactory(title="Draft only", slug="draft-only", draft=True)
    client.force_login(editor)
    assert client.get("/events/draft-only/").status_code == 200
    client.logout()
    assert client.get("/events/draft-only/").status_code == 404


def test_an_api_token_is_never_answered_from_the_cache(
    client, event, page_cache, writer_client
):
    client.get(API_EVENTS)
    rename_behind_the_models_back(event, "Renamed quietly")
    assert "Renamed quietly" in text(writer_client.get(API_EVENTS))


def test_an_answer_with_a_csrf_token_or_a_cookie_is_not_stored(rf):
    request = rf.get("/contact/")
    request.META["CSRF_COOKIE_USED"] = True
    from django.http import HttpResponse

    middleware = caching.AnonymousCacheMiddleware(lambda request: HttpResponse())
    assert not middleware.storable(request, HttpResponse("<form>"))
    response = HttpResponse("hello")
    response.set_cookie("messages", "x")
    assert not middleware.storable(rf.get("/"), response)
    assert middleware.storable(rf.get("/"), HttpResponse("hello"))


def test_health_checks_are_never_cached(client, page_cache, db):
    response = client.get("/healthz")
    assert "public" not in response["Cache-Control"]
    assert not [key for key in cache._cache if "accords:page" in key]


def test_errors_are_not_stored_but_a_404_is(client, page_cache, db):
    assert client.get(f"{API_EVENTS}?nonsense=1").status_code == 400
    assert client.get("/events/no-such-event/").status_code == 404
    stored = [cache.get(key.split(":", 2)[2]) for key in cache._cache]
    statuses = sorted(s[0] for s in stored if isinstance(s, tuple) and len(s) == 3)
    assert statuses == [404]


# HTTP caching ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", EVENTS, API_EVENTS, f"{API_EVENTS}?format=csv"])
def test_if_none_match_gets_a_304_without_running_the_view(
    client, event, page_cache, django_assert_num_queries, path
):
    cache.clear()  # neither the page nor the version is cached
    first = client.get(path)
    etag = first["ETag"]
    cache.delete(f"accords:page:{etag.strip(chr(34))}")
    with django_assert_num_queries(0):
        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    event.title = "Renamed"
    event.save()
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_if_modified_since_gets_a_304_until_the_content_changes(client, event, db):
    first = client.get(EVENTS)
    stamp = first["Last-Modified"]
    assert client.get(EVENTS, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    later = timezone.now() + datetime.timedelta(seconds=2)
    with clock_at(later):
        event.title = "Renamed"
        event.save()
    response = client.get(EVENTS, HTTP_IF_MODIFIED_SINCE=stamp)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(later.timestamp())


def test_a_detail_etag_carries_the_record_version_and_still_gets_a_304(
    client, event, page_cache
):
    path = f"{API_EVENTS}{event.slug}/"
    etag = client.get(path)["ETag"]
    assert etag.startswith(f'"v{event.version}-')
    cache.delete(f"accords:page:{etag.strip(chr(34)).split('-')[1]}")
    again = client.get(path, HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert again.status_code == 304


@pytest.mark.parametrize("path", ["/", EVENTS, API_EVENTS])
def test_anonymous_answers_may_be_kept_by_browsers_and_proxies(
    client, event, settings, path
):
    response = client.get(path)
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=60"} <= control
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert "cookie" in vary
    # A page's language is in its address; the API's follows the header.
    speaks_by_header = path.startswith("/api/")
    assert ({"accept", "accept-language"} <= vary) == speaks_by_header
    settings.ACCORDS_CACHE_MAX_AGE = 300
    assert "s-maxage=300" in client.get(path)["Cache-Control"]


def test_a_signed_in_reader_gets_private_answers(client, editor, event):
    client.force_login(editor)
    for path in ("/", EVENTS, API_EVENTS):
        control = client.get(path)["Cache-Control"]
        assert "private" in control
        assert "no-cache" in control


def test_a_304_tells_a_cdn_how_long_to_keep_it(client, event):
    etag = client.get(EVENTS)["ETag"]
    response = client.get(EVENTS, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert "max-age=60" in response["Cache-Control"]


# Keys ---------------------------------------------------------------------------


def key_of(path, **headers):
    return caching.request_key(RequestFactory().get(path, headers=headers))


def test_keys_differ_by_language_prefix_and_query_and_accept_language():
    assert key_of("/events/") != key_of("/he/events/")
    assert key_of("/ar/events/") != key_of("/he/events/")
    assert key_of("/api/v1/events/") != key_of("/api/v1/events/?lang=he")
    english = key_of("/api/v1/events/", accept_language="en")
    assert english != key_of("/api/v1/events/", accept_language="he")
    assert english != key_of("/api/v1/events/", accept_language="ru")
    assert key_of("/api/v1/events/", accept="text/csv") != key_of("/api/v1/events/")


def test_two_languages_are_two_cached_answers(client, event, page_cache):
    # A page's language is its address; the API's, the header.
    hebrew = client.get(f"/he{EVENTS}")
    english = client.get(EVENTS, HTTP_ACCEPT_LANGUAGE="he")
    assert hebrew["ETag"] != english["ETag"]
    assert english["ETag"] == client.get(EVENTS)["ETag"]
    api_hebrew = client.get(API_EVENTS, HTTP_ACCEPT_LANGUAGE="he")
    assert api_hebrew["ETag"] != client.get(API_EVENTS)["ETag"]


def test_json_and_csv_are_two_cached_answers(client, event, page_cache):
    json = client.get(API_EVENTS)
    csv = client.get(API_EVENTS, HTTP_ACCEPT="text/csv")
    assert json["Content-Type"] != csv["Content-Type"]
    assert client.get(API_EVENTS)["Content-Type"] == json["Content-Type"]


# A cache of one process, and none ----------------------------------------------------


def test_per_process_caches_read_the_version_from_a_file_without_sql(
    per_process, client, event, django_assert_num_queries
):
    first = client.get(EVENTS)
    with django_assert_num_queries(0):
        again = client.get(EVENTS)
    assert again.content == first.content
    # Another process made a change: it wrote a new version to the file.
    rename_behind_the_models_back(event, "Renamed elsewhere")
    caching.write_version_file(caching.new_version(timezone.now()))
    assert "Renamed elsewhere" in text(client.get(EVENTS))


def test_a_commit_gives_a_version_no_reader_had_during_the_transaction(
    per_process, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = factories.EventFactory(title="Signing in Astana")
        event.title = "Renamed"
        event.save()
        during = caching.read_version()
    assert len(callbacks) == 1  # once per transaction, however many changes
    after = caching.read_version()
    assert after.token != during.token
    # Written aside and renamed: nothing is left beside the version.
    folder = caching.version_file().parent
    assert [f.name for f in folder.iterdir()] == [caching.version_file().name]


def test_a_lost_version_file_is_replaced_by_a_new_version(per_process, client, event):
    client.get(EVENTS)
    before = client.get(EVENTS)["ETag"]
    caching.version_file().unlink()
    rename_behind_the_models_back(event, "Renamed while the file was gone")
    response = client.get(EVENTS)
    assert response["ETag"] != before
    assert "Renamed while the file was gone" in text(response)
    assert caching.version_file().exists()


def test_dummycache_turns_the_store_off(client, event, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    settings.ACCORDS_CACHE_SHARED = False
    client.get(EVENTS)
    rename_behind_the_models_back(event, "Renamed quietly")
    assert "Renamed quietly" in text(client.get(EVENTS))
    # Conditional requests still work, from the version in the database.
    etag = client.get(EVENTS)["ETag"]
    assert client.get(EVENTS, HTTP_IF_NONE_MATCH=etag).status_code == 304
