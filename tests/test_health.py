from unittest import mock

from django.db import DatabaseError


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_and_nothing_else_when_the_database_fails(client, db):
    broken = mock.Mock(**{"cursor.side_effect": DatabaseError("boom")})
    with mock.patch("accordsite.health.connection", broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"boom" not in response.content


def test_healthz_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
