"""On PostgreSQL, anonymous readers' queries are prepared once per connection
and run again without being parsed and planned anew (core/postgresql); an
editor's requests, which reach Django's admin, keep client-side parameters."""

import pytest
from django.db import connection

from core.postgresql import prepared_statements, preparing


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


def prepared() -> set[str]:
    """The statements this connection has prepared, as PostgreSQL lists them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_the_flag_holds_inside_the_block_only():
    assert not preparing()
    with prepared_statements():
        assert preparing()
        with prepared_statements():
            assert preparing()
        assert preparing()
    assert not preparing()


def test_a_page_read_again_runs_prepared_statements(postgresql, client, event):
    before = prepared()
    pages = [
        f"/search/?q={event.title.split()[0]}",
        "/events/",
        event.get_absolute_url(),
    ]
    for _ in range(3):
        for page in pages:
            assert client.get(page).status_code == 200
    made = prepared() - before
    assert any("events_event" in statement for statement in made)
    # With the parameters apart from the text, as $n.
    assert all("$1" in statement for statement in made if "WHERE" in statement)


def test_the_api_read_again_runs_prepared_statements(postgresql, client, event):
    before = prepared()
    for _ in range(3):
        assert client.get("/api/v1/events/").status_code == 200
    assert prepared() - before


def test_an_editor_never_prepares(postgresql, editor_client, event):
    before = prepared()
    for _ in range(3):
        assert editor_client.get("/events/").status_code == 200
        assert editor_client.get("/admin/events/event/?q=a").status_code == 200
    assert prepared() == before


def test_a_read_after_a_write_sees_it(postgresql, client, event):
    """A prepared statement plans anew with each run's values: the page
    shows the record's current state, not the one first read."""
    for _ in range(3):
        client.get(event.get_absolute_url())
    event.title = "Retitled after three reads"
    event.save()
    assert "Retitled after three reads" in client.get(event.get_absolute_url()).text


def test_a_text_search_is_never_prepared(postgresql, client, event):
    """A generic plan, which PostgreSQL may choose for a prepared statement,
    cannot use the trigram index: the matching query keeps its own plan."""
    before = prepared()
    word = event.title.split()[0]
    for _ in range(4):
        assert client.get(f"/search/?q={word}").status_code == 200
        assert client.get(f"/events/?q={word}").status_code == 200
    made = prepared() - before
    assert made
    assert not [statement for statement in made if "%>" in statement]
