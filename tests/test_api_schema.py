"""Schemathesis against the API's own OpenAPI schema, in process on the WSGI app.

Every operation, reads anonymous and writes by an editor holding every API
permission, with valid and invalid input, under all of Schemathesis' checks.
The test database holds the seed data and is thrown away afterwards.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from accordsite.wsgi import application
from tests.conftest import token_client

SAFE = {"GET", "HEAD", "OPTIONS"}

CONFIG = {
    "seed": 4,
    "generation": {
        "mode": "all",
        "max-examples": 12,
        "deterministic": True,
        "database": "none",
    },
    "checks": {"enabled": True},
}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Requests made straight to the WSGI app, unlike those of Django's test
    # client, close the database connection when they finish, and with it
    # the test's transaction (PostgreSQL). Disconnect as the test client does.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(seeded, api_writer):
    config = schemathesis.Config.from_dict(CONFIG)
    loaded = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, config=config
    )
    loaded.hook("filter_failure")(not_a_data_rule)
    return loaded


# What JSON Schema cannot state, because it depends on another field or on
# the stored data: no publishing without a source, an end not before the
# start, references to countries or officials that exist, and codes or slugs
# that are free (alone a 409; beside another of these, part of a 400). Their
# answers are asserted in tests/events/test_api.py and tests/countries/. A
# cursor is the server's to give (in a next link), never one to make up, and
# goes without a page number (tests/test_api.py).
DATA_RULES = {
    "unsourced",
    "dates_out_of_order",
    "does_not_exist",
    "not_a_cursor",
    "cursor_and_page",
}


def not_a_data_rule(context, failure, case, response) -> bool:
    """Keep every failure except a well-formed request refused by such a rule."""
    if response.status_code == 412 and failure.title == "Schema-valid request rejected":
        return False  # an If-Match naming a version the record no longer has
    if response.status_code != 400 or failure.title != "Schema-valid request rejected":
        return True
    return not set(leaves(response.json().get("codes"))) <= DATA_RULES | {"unique"}


def leaves(codes):
    if isinstance(codes, dict):
        codes = list(codes.values())
    if isinstance(codes, list):
        for code in codes:
            yield from leaves(code)
    elif codes is not None:
        yield codes


@pytest.fixture
def writer_headers(api_writer):
    token = token_client(api_writer)._credentials["HTTP_AUTHORIZATION"]
    return {"Authorization": token}


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    # Schemathesis 4.32 names each operation's subtest through
    # `node._nodeid`, which pytest 9.2 no longer has.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_the_promises_of_its_schema(case, writer_headers):
    headers = None if case.method.upper() in SAFE else writer_headers
    case.call_and_validate(headers=headers)
