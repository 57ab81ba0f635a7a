"""Every cache the README offers in DJANGO_CACHE_URL works as configured.

A redis:// URL needs the `redis` client (a dependency) and a server: the test
starts Debian's redis-server on a free loopback port and skips when it is not
installed (CI installs it, so there the skip is a failure).
"""

import shutil
import socket
import subprocess
import time

import environ
import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from tests.conftest import skip_unless_installed


def cache_from_url(url, settings, monkeypatch):
    """The cache that settings.py makes when DJANGO_CACHE_URL is ``url``."""
    monkeypatch.setenv("DJANGO_CACHE_URL", url)
    config = environ.Env().cache("DJANGO_CACHE_URL", default="locmemcache://")
    settings.CACHES = {**settings.CACHES, "under_test": config}
    return caches["under_test"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        skip_unless_installed(
            "redis-server is not installed (apt-get install redis-server)"
        )
    port = free_port()
    log = tmp_path / "redis.log"
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(tmp_path)]
        + ["--save", "", "--appendonly", "no", "--logfile", str(log)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = log.read_text() if log.exists() else ""
                    pytest.fail(f"redis-server did not start on port {port}:\n{output}")
                time.sleep(0.05)
        client.close()
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_default_cache_is_local_memory(settings, monkeypatch):
    cache = cache_from_url("locmemcache://", settings, monkeypatch)
    assert isinstance(cache, LocMemCache)


def test_a_redis_url_selects_djangos_own_redis_backend():
    # django-environ would pick django-redis instead if it were installed.
    config = environ.Env.cache_url_config("redis://127.0.0.1:6379/0")
    assert config == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }


def test_a_cache_from_a_redis_url_stores_and_reads_values(
    redis_url, settings, monkeypatch
):
    cache = cache_from_url(redis_url, settings, monkeypatch)
    assert isinstance(cache, RedisCache)
    cache.set("accords:test", {"status": "signatory"}, timeout=30)
    assert cache.get("accords:test") == {"status": "signatory"}
    assert cache.add("accords:counter", 1)
    assert cache.incr("accords:counter") == 2
    cache.delete("accords:test")
    assert cache.get("accords:test") is None


# Shared across processes -------------------------------------------------------


@pytest.fixture
def two_processes(redis_url, settings):
    """The default cache as two server processes see it: two clients of one
    Redis, each with its own connections."""
    config = environ.Env.cache_url_config(redis_url)
    before = settings.CACHES
    settings.CACHES = {"default": config, "other": config}
    settings.ACCORDS_CACHE_SHARED = True
    yield caches["default"], caches["other"]
    # Before Redis stops: the suite clears the default cache after each test.
    settings.CACHES = before


def test_a_change_in_one_process_is_seen_by_another(two_processes, db):
    from core import caching

    mine, other = two_processes
    assert mine._cache.get_client() is not other._cache.get_client()
    caching.read_version()
    before = other.get(caching.VERSION_KEY)
    assert before is not None
    caching.record_change()
    after = other.get(caching.VERSION_KEY)
    assert after.token != before.token
    # Flushed (or Redis restarted empty): a new token, never an old one.
    other.clear()
    assert caching.read_version().token not in (before.token, after.token)


def test_the_anonymous_api_throttle_counts_across_processes(two_processes, settings):
    from rest_framework.request import Request
    from rest_framework.settings import api_settings
    from rest_framework.test import APIRequestFactory

    from core.api_policies import AnonThrottle

    mine, other = two_processes
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min"},
    }
    api_settings.reload()

    def allowed(cache) -> bool:
        throttle = AnonThrottle()
        throttle.cache = cache
        request = Request(APIRequestFactory().get("/api/v1/events/"))
        return throttle.allow_request(request, None)

    try:
        assert [allowed(mine), allowed(other), allowed(mine)] == [True] * 3
        assert not allowed(other)
    finally:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": None},
        }
        api_settings.reload()
