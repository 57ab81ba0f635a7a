"""Reads without the write lock, and anonymous reads from a shared cache.

Transactions
------------
``WriteTransactionMiddleware`` gives each POST, PUT, PATCH and DELETE one
transaction, as ``ATOMIC_REQUESTS`` did for every request. GET, HEAD and
OPTIONS run without one: on SQLite a transaction takes the write lock when it
starts (``transaction_mode="IMMEDIATE"``), so a reader would wait for, or fail
behind, a writer holding it; outside a transaction a read never does (WAL).

Content version
---------------
Every public answer is a function of the request (address, query string,
language, format), the clock (scheduled publishing) and the database's
content. The *content version* names the content: it changes with every
save, delete and relation change of the project's models (the receivers at
the end) and the ``publication_committed`` signal. Anonymous answers are
stored and validated (``ETag``, ``Last-Modified``) under it, so a change is
seen on the next request, in every process, with nothing to delete.

Where the version lives, and why it cannot go stale:

- A cache shared by every process (Redis; ``ACCORDS_CACHE_SHARED``) holds it
  itself, so a cached answer costs no SQL at all. The version is a random
  token, never reused: the order in which two writers set theirs does not
  matter, and a lost key (a flush, an eviction, a restart of Redis) is
  replaced by a new token, under which nothing old is stored. A writer sets a
  token at the change, then once more after its transaction commits, so an
  answer rendered from data read before the commit is never found under the
  token readers use afterwards.
- A cache of one process (local memory, the default; dummy) cannot be told of
  a change made by another process: the version then lives in a file that
  every process on the machine reads (``ACCORDS_CONTENT_VERSION_FILE``), set
  the same two ways and replaced whole (a reader never sees half of one).
  Reading it costs no SQL: a cached answer takes no database connection.
  Servers on several machines share Redis instead (docs/deployment.md).

Scheduled times change what readers see without a write, until
``publish_scheduled`` runs and saves the records. The version carries the
next such time; once it has passed nothing is cached or answered with a 304
until the next change is recorded.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import (
    parse_etags,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.request import Request
from rest_framework.settings import api_settings

from core.models import PublicationStatus, Publishable
from core.postgresql import prepared_statements
from core.workflow import publication_committed

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
VERSION_KEY = "accords:content-version"
# The apps whose records make up the content (history rows follow their record).
CONTENT_APPS = {"core", "countries", "events"}
# Request headers an anonymous answer may vary by: all in the cache key.
KEYED_VARY = {"accept", "accept-language", "cookie", "authorization"}
# A missing page may be published soon under the same address; a stored 404
# is keyed by the version anyway, this only bounds what scanners fill.
NOT_FOUND_SECONDS = 60


# The version --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Version:
    token: str
    changed_at: datetime.datetime
    # When a scheduled time next changes what readers see; None: none known.
    next_boundary: datetime.datetime | None

    def current(self, now: datetime.datetime) -> bool:
        return self.next_boundary is None or now < self.next_boundary


def shared() -> bool:
    return settings.ACCORDS_CACHE_SHARED


def read_version() -> Version:
    version = cache.get(VERSION_KEY) if shared() else read_version_file()
    if version is None:
        # Lost or never set: a new token, under which nothing is stored.
        if shared():
            cache.add(VERSION_KEY, new_version(timezone.now()), timeout=None)
            version = cache.get(VERSION_KEY)
        if version is None:
            version = new_version(timezone.now())
            store(version)
    return version


def version_file() -> Path:
    return Path(settings.ACCORDS_CONTENT_VERSION_FILE)


def read_version_file() -> Version | None:
    try:
        token, changed_at, next_boundary = version_file().read_text().split()
    except (FileNotFoundError, ValueError):
        return None
    return Version(
        token,
        datetime.datetime.fromisoformat(changed_at),
        None
        if next_boundary == "-"
        else datetime.datetime.fromisoformat(next_boundary),
    )


def write_version_file(version: Version) -> None:
    path = version_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    boundary = version.next_boundary.isoformat() if version.next_boundary else "-"
    # Written aside, then renamed over the old one: atomic for every reader.
    aside = path.with_name(f"{path.name}.{os.getpid()}.{version.token}")
    aside.write_text(f"{version.token} {version.changed_at.isoformat()} {boundary}\n")
    aside.replace(path)


def new_version(now, next_boundary=None, *, full=True) -> Version:
    if full:
        next_boundary = next_schedule_boundary(now)
    return Version(secrets.token_hex(8), now, next_boundary)


def publishable_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]


def next_schedule_boundary(now) -> datetime.datetime | None:
    """The next publish or unpublish time of a published record, in one query."""
    queries = [
        model._default_manager.order_by()
        .filter(publication_status=PublicationStatus.PUBLISHED)
        .values(one=models.Value(1, output_field=models.IntegerField()))
        .annotate(
            first=models.Min("publish_at", filter=models.Q(publish_at__gt=now)),
            last=models.Min("unpublish_at", filter=models.Q(unpublish_at__gt=now)),
        )
        .values_list("first", "last")
        for model in publishable_models()
    ]
    first, *others = queries
    union = first.union(*others, all=True).order_by()
    times = [t for row in union for t in row if t]
    return min(times, default=None)


def record_change(record=None) -> None:
    """Give the content a new version, at once (seen in this transaction)."""
    now = timezone.now()
    previous = read_version()
    if previous.next_boundary is not None and previous.next_boundary <= now:
        version = new_version(now)
    else:
        # This change can only bring a scheduled time of its own closer; one
        # it removes leaves an earlier boundary, which only caches less.
        times = [previous.next_boundary]
        times += [
            getattr(record, name, None) for name in ("publish_at", "unpublish_at")
        ]
        boundary = min((t for t in times if t and t > now), default=None)
        version = new_version(now, boundary, full=False)
    store(version)
    # Once more after commit, with the boundary looked up in full.
    if not any(func is record_commit for _ids, func, _robust in _pending()):
        transaction.on_commit(record_commit, robust=True)


def _pending():
    return connection.run_on_commit if connection.in_atomic_block else ()


def record_commit() -> None:
    store(new_version(timezone.now()))


def store(version: Version) -> None:
    if shared():
        cache.set(VERSION_KEY, version, timeout=None)
    else:
        write_version_file(version)


def tracked(model) -> bool:
    return (
        model._meta.app_label in CONTENT_APPS
        # A migration's models: the schema may not be complete yet.
        and model.__module__ != "__fake__"
        # simple_history's models: their record's own signal counts.
        and not hasattr(model, "instance_type")
    )


def _saved_or_deleted(sender, instance, **kwargs):
    if tracked(sender):
        record_change(instance)


def _relation_changed(sender, action, **kwargs):
    if action.startswith("post_") and tracked(sender):
        record_change()


def _publication_committed(sender, record, **kwargs):
    record_commit()


post_save.connect(_saved_or_deleted, dispatch_uid="accords-content-save")
post_delete.connect(_saved_or_deleted, dispatch_uid="accords-content-delete")
m2m_changed.connect(_relation_changed, dispatch_uid="accords-content-relation")
publication_committed.connect(
    _publication_committed, dispatch_uid="accords-content-publication"
)


# Validators ---------------------------------------------------------------------


def request_version(request) -> Version | None:
    """This request's content version (read once), or None while a scheduled
    time has passed unrecorded (nothing cached, no 304)."""
    if not hasattr(request, "_accords_version"):
        version = read_version()
        request._accords_version = version if version.current(timezone.now()) else None
    return request._accords_version


def speaks_by_header(request) -> bool:
    """Whether the answer's language follows Accept-Language: the API's does;
    a page's comes from its address only (/he/, /ar/, /ru/)."""
    return request.path_info.startswith("/api/")


def language_key(request) -> str:
    if speaks_by_header(request):
        return request.headers.get("Accept-Language", "")
    return translation.get_language_from_path(request.path_info) or "en"


def request_key(request, user=None) -> str:
    """What an answer depends on besides the content: address, language,
    format, and for a signed-in user, who."""
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        language_key(request),
        request.headers.get("Accept", ""),
        str(user.pk) if user is not None and user.is_authenticated else "",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def etag_hash(request, user=None) -> str | None:
    """The ETag's hash for this request, without rendering anything: the
    content version and the request key. None when it cannot be trusted."""
    version = request_version(request)
    if version is None:
        return None
    digest = hashlib.sha256(f"{version.token}\n{request_key(request, user)}".encode())
    return digest.hexdigest()[:24]


def last_modified(request) -> int | None:
    version = request_version(request)
    return None if version is None else int(version.changed_at.timestamp())


def matches(request, digest: str, modified: int | None) -> str | bool:
    """Whether the client's copy is current: the ETag it sent that matches,
    True for a matching If-Modified-Since (If-None-Match decides when both are
    sent, as RFC 9110 says), False when it is not. An ETag may carry a
    record's version before the hash (``"v3-…"``); the hash alone decides."""
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        for tag in parse_etags(if_none_match):
            if tag.removeprefix("W/").strip('"').rpartition("-")[2] == digest:
                return tag
        return False
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and modified is not None and modified <= since


def set_validators(response, digest: str, modified: int | None, *, prefix="") -> None:
    response["ETag"] = f'"{prefix}{digest}"'
    if modified is not None:
        response["Last-Modified"] = http_date(modified)


def not_modified(response_headers) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Expires"):
        if header in response_headers:
            response[header] = response_headers[header]
    return response


# Middleware ---------------------------------------------------------------------


class WriteTransactionMiddleware:
    """One transaction for each request that may write; none for reads, and
    prepared statements for anonymous reads (on PostgreSQL; core/postgresql).

    Last in MIDDLEWARE, so that, like ATOMIC_REQUESTS, it wraps the view only
    (django-axes records a refused login outside it, and so keeps it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            if not anonymous(request):
                return self.get_response(request)
            with prepared_statements():
                return self.get_response(request)
        with transaction.atomic():
            return self.get_response(request)

    def process_exception(self, request, exception):
        # The view failed: nothing it wrote is kept (the 500 comes after).
        if request.method not in SAFE_METHODS:
            transaction.set_rollback(True)


def rollback_failed_write(request) -> None:
    """An API write answered with an error keeps nothing it wrote."""
    if request.method not in SAFE_METHODS and connection.in_atomic_block:
        transaction.set_rollback(True)


def anonymous(request) -> bool:
    """No session (so no editor), no message waiting to be shown, and no API
    credentials."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "Authorization" not in request.headers
    )


def throttled(request) -> bool:
    """Whether the API's throttles refuse this request (counting it if not):
    an answer from the cache counts against the rate like any other."""
    if not request.path.startswith("/api/"):
        return False
    # Anonymous already (no session, no credentials): no authentication to run.
    api_request = Request(request, authenticators=())
    return not all(
        throttle().allow_request(api_request, None)
        for throttle in api_settings.DEFAULT_THROTTLE_CLASSES
    )


def uncached_path(path: str) -> bool:
    prefixes = [
        "/" + settings.STATIC_URL.lstrip("/"),
        "/" + settings.MEDIA_URL.lstrip("/"),
    ]
    prefixes += settings.ACCORDS_UNCACHED_PATHS
    return path.startswith(tuple(prefixes))


class AnonymousCacheMiddleware:
    """Anonymous GET and HEAD answers: a 304 before the view when the client's
    copy is current, else the stored answer, else the view's (stored when it
    is the same for every anonymous reader). Editors always get a fresh,
    private answer.

    Above the CSP middleware, so that a stored answer keeps the CSP header
    with the nonce its body's scripts and styles carry; below CORS, which
    answers each request's Origin itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or uncached_path(request.path):
            return self.get_response(request)
        if not anonymous(request):
            response = self.get_response(request)
            # (The session middleware adds Vary: Cookie where the session was
            # read; an embed, the same for everyone, keeps none.)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        digest = etag_hash(request)
        if digest is None:
            response = self.get_response(request)
            self.patch_headers(request, response, None, None)
            return response
        modified = last_modified(request)
        key = f"accords:page:{digest}"
        answer = self.from_cache(request, key, digest, modified)
        if answer is not None:
            return answer
        response = self.get_response(request)
        self.patch_headers(request, response, digest, modified)
        if request.method == "GET" and self.storable(request, response):
            timeout = NOT_FOUND_SECONDS if response.status_code == 404 else None
            headers = [(n, v) for n, v in response.items() if n != "Set-Cookie"]
            cache.set(key, (response.status_code, headers, response.content), timeout)
        if response.status_code == 200 and matches(request, digest, modified):
            return not_modified(response)
        return response

    def from_cache(self, request, key, digest, modified):
        """A 304 or the stored answer, without running the view; None when the
        view must answer."""
        stored = cache.get(key) if settings.ACCORDS_CACHE_PAGES else None
        current = matches(request, digest, modified)
        # Without a stored answer only a matching ETag, which this address's
        # 200 gave, is answered here: a date alone says nothing of whether the
        # address answers at all (a bad parameter is a 400), so the view decides.
        if stored is None and (not current or current is True):
            return None
        if throttled(request):
            return None  # the view answers 429
        if stored is None:
            response = HttpResponseNotModified()
            if current is not True:
                response["ETag"] = current
            if modified is not None:
                response["Last-Modified"] = http_date(modified)
            self.patch_headers(request, response, digest, modified)
            return response
        status, headers, content = stored
        if status == 200 and current:
            return not_modified(dict(headers))
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    def patch_headers(self, request, response, digest, modified):
        vary = ("Accept", "Accept-Language") if speaks_by_header(request) else ()
        patch_vary_headers(response, (*vary, "Cookie"))
        if response.cookies or request.META.get("CSRF_COOKIE_USED"):
            # A cookie for this reader, or a form's CSRF token in the body.
            patch_cache_control(response, private=True, no_cache=True)
            return
        if response.status_code == 200 and digest is not None:
            if "ETag" not in response:
                set_validators(response, digest, modified)
            elif "Last-Modified" not in response and modified is not None:
                response["Last-Modified"] = http_date(modified)
        if "Cache-Control" in response:
            return  # the view said (never_cache, a download's private copy)
        if digest is None or response.status_code not in (200, 304, 404):
            patch_cache_control(response, public=True, no_cache=True)
            return
        age = settings.ACCORDS_CACHE_MAX_AGE
        patch_cache_control(response, public=True, max_age=age, s_maxage=age)

    def storable(self, request, response) -> bool:
        """The same answer for every anonymous reader, and worth keeping."""
        if response.status_code not in (200, 404) or response.streaming:
            return False
        if response.cookies or request.META.get("CSRF_COOKIE_USED"):
            return False
        control = response.get("Cache-Control", "")
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        return vary - {""} <= KEYED_VARY
