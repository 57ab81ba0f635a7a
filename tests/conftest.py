import contextlib
import datetime
import os

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from core.editors import CONTRIBUTORS, EDITORS
from countries.models import AccordsStatus, Role
from tests import factories
from tests.admin_forms import change_url, errors_of, form_data, post
from tests.migrations import empty_every_table, migrate, migrate_to_latest


def pytest_report_header(config):
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"database: sqlite {connection.Database.sqlite_version}"
    if connection.vendor == "postgresql":
        import psycopg

        params = connection.get_connection_params()
        with psycopg.connect(**params) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        return f"database: postgresql {version.split()[0]}"
    return f"database: {connection.vendor}"


def skip_unless_installed(reason: str) -> None:
    """Skip for a missing system package, except in CI, where it is a failure.

    `.ci/run` installs every package and sets ACCORDS_REQUIRE_ALL=1, so CI can
    never pass by skipping.
    """
    if os.environ.get("ACCORDS_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (required: ACCORDS_REQUIRE_ALL=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    # The thumbnail store caches renditions by file name, and every test's
    # media folder is new: a cached entry would point at another test's file.
    cache.clear()


@pytest.fixture
def country(db):
    return factories.CountryFactory(
        iso2="KZ", iso3="KAZ", name="Kazakhstan", slug="kazakhstan"
    )


@pytest.fixture
def official(country):
    return factories.OfficialFactory(
        name="Kassym-Jomart Tokayev", slug="kassym-jomart-tokayev", country=country
    )


@pytest.fixture
def israel(db):
    return factories.CountryFactory(
        iso2="IL", iso3="ISR", name="Israel", slug="israel", role=Role.PARTY
    )


@pytest.fixture
def kazakhstan(country, official, israel):
    """Kazakhstan as the seed article tells it, built with factories: talks,
    then an announcement; ties with Israel since 1992; President Tokayev."""
    _, announced = factories.status_timeline(
        country,
        (AccordsStatus.CANDIDATE, "2025-08"),
        (AccordsStatus.ANNOUNCED, "2025-11-06", "Announced at the White House."),
    )
    factories.cite(
        announced,
        quote="Kazakhstan is poised to become the latest nation to join the "
        "Abraham Accords",
    )
    relation = factories.DiplomaticRelationFactory(
        country=country,
        summary="Consular-level ties in April 1992, then embassies in both "
        "capitals later that year.",
    )
    factories.cite(
        relation,
        quote="The two countries established consular-level ties in April 1992",
    )
    embassy = factories.MissionFactory(
        sending_country=country, host_country=israel, city="Tel Aviv"
    )
    factories.cite(embassy, quote="operates an embassy in Tel Aviv")
    factories.PositionFactory(
        official=official,
        office=factories.OfficeFactory(title="President", country=country),
        start=datetime.date(2019, 3, 20),
    )
    return country


@pytest.fixture
def event(official, country):
    event = factories.EventFactory(
        title="Tokayev meets Rubio", slug="tokayev-meets-rubio", countries=[country]
    )
    factories.ParticipantFactory(event=event, official=official, role="guest")
    return event


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="a-long-test-password", is_staff=True
    )


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "admin", password="a-long-test-password"
    )


@contextlib.contextmanager
def clock_at(moment):
    """Run the block with ``timezone.now()`` at ``moment``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    # Permissions are cached on the instance.
    for attribute in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attribute, None)
    return user


@pytest.fixture
def seeded(db):
    """The seed data (every fact of the seed article), as `make run` loads it."""
    import io

    from django.core.management import call_command

    call_command("load_seed", stdout=io.StringIO())


def logged_in(user):
    """A test client of its own, logged in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def user_with_role(django_user_model):
    """Makes a staff user in one of the groups made after migrate
    (core/editors.py): `user_with_role("carol", CONTRIBUTORS)`; the first name
    is the username, capitalised."""
    from django.contrib.auth.models import Group

    def make(username: str, group_name: str = EDITORS):
        user = django_user_model.objects.create_user(
            username,
            password="a-long-test-password",
            is_staff=True,
            first_name=username.capitalize(),
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor(user_with_role):
    """A staff user in the Editors group: edits, publishes, reviews."""
    return user_with_role("eve")


@pytest.fixture
def contributor(user_with_role):
    """A staff user in the Contributors group: saves drafts, submits them."""
    return user_with_role("carol", CONTRIBUTORS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


@pytest.fixture
def second_editor_client(user_with_role):
    """Another editor, Alice, in a client of her own: two people editing at once."""
    return logged_in(user_with_role("alice"))


@pytest.fixture
def alice_saves_after_eve_opened(editor_client, second_editor_client):
    """Eve opens a record's form; then Alice opens it too and saves it with
    some changes: ``alice_saves_after_eve_opened(record, **alice_changes)``
    gives Eve's form data, now stale."""

    def run(record, **alice_changes) -> dict:
        eve_form = form_data(editor_client.get(change_url(record)))
        alice_form = form_data(second_editor_client.get(change_url(record)))
        saved = post(second_editor_client, record, alice_form, **alice_changes)
        assert saved.status_code == 302, errors_of(saved)
        return eve_form

    return run


@pytest.fixture
def sourced_draft(country):
    """A draft event with a source, so that it may be published."""
    draft = factories.EventFactory(
        draft=True, title="Witkoff speaks", slug="witkoff-speaks", countries=[country]
    )
    factories.cite(draft)
    return draft


# Query counts ------------------------------------------------------------------


def query_counts(sizes: list[int], counts: dict[str, int]):
    """Parametrise a test with ``size``, ``page`` and ``queries``: each page of
    ``counts`` with its exact number of queries, at each of the data sizes."""
    return pytest.mark.parametrize(
        ("size", "page", "queries"),
        [(size, page, queries) for page, queries in counts.items() for size in sizes],
    )


@pytest.fixture
def assert_queries(django_assert_num_queries):
    """``assert_queries(client, path, n)``: ``client`` gets ``path`` with a 200
    in exactly ``n`` queries."""

    def check(client, path: str, queries: int):
        with django_assert_num_queries(queries):
            response = client.get(path)
        assert response.status_code == 200
        return response

    return check


# API -------------------------------------------------------------------------

API_MODELS = ("country", "official", "event")


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def results(response) -> list[dict]:
    """The rows of a 200 answer from a list endpoint."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def token_client(user):
    """An API client that sends ``user``'s token, as a script would."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def patch_event(client, event, **fields):
    """PATCHes ``event`` through the API with ``fields``, at the version it has."""
    return client.patch(
        f"/api/v1/events/{event.slug}/",
        {**fields, "version": event.version},
        format="json",
    )


@pytest.fixture
def api_writer(django_user_model):
    """A user with every add/change/delete/view permission of the API's models,
    who may publish (an editor's permissions, core/editors.py)."""
    user = django_user_model.objects.create_user(
        "writer", password="a-long-test-password"
    )
    return grant(
        user,
        *(
            f"{action}_{model}"
            for model in API_MODELS
            for action in ("add", "change", "delete", "view")
        ),
        "publish_records",
    )


@pytest.fixture
def writer_client(api_writer):
    return token_client(api_writer)


@pytest.fixture
def old_apps(request, transactional_db):
    """The models as they were at the test module's ``BEFORE`` migrations,
    over empty tables; the latest schema again after the module's last such
    test, for the tests that follow.

    Between two such tests of a module the schema stays where the first
    left it and only its rows go: migrating all the way back and forth
    again took over a minute per test."""
    apps = migrate(request.module.BEFORE)
    yield apps
    items = request.session.items
    following = items[items.index(request.node) + 1 :][:1]
    if (
        following
        and following[0].module is request.module
        and ("old_apps" in following[0].fixturenames)
    ):
        empty_every_table()
    else:
        migrate_to_latest()


@pytest.fixture(scope="session")
def compiled_messages():
    """The interface's translations compiled: `make` compiles them, and a bare
    pytest run gets them too (up-to-date ones are left alone)."""
    from django.core.management import call_command

    call_command("compilemessages", ignore_patterns=[".venv"], verbosity=0)


@pytest.fixture
def english_afterwards():
    """A request under /he/ or an editor's admin request leaves its language
    active in this thread; the tests that follow expect the default one."""
    from django.utils import translation

    yield
    translation.deactivate()
