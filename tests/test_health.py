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


def test_a_server_process_freezes_what_it_built_after_its_first_request(db):
    """The objects a server process builds at start-up and on its first
    request stay out of the garbage collector's full passes."""
    import gc

    from django.core.signals import request_finished
    from django.test import RequestFactory

    from accordsite import wsgi

    def serve():
        environ = RequestFactory().get("/livez").environ
        body = wsgi.application(environ, lambda status, headers: None)
        assert b"".join(body) == b"ok\n"
        body.close()  # as the server does once it has sent the response

    # As in a new process (an earlier test may have imported the module).
    request_finished.connect(wsgi.freeze_startup_objects)
    gc.unfreeze()
    try:
        serve()
        assert gc.get_freeze_count() > 0
        # Once: a later request's objects are collected as usual.
        gc.unfreeze()
        serve()
        assert gc.get_freeze_count() == 0
    finally:
        request_finished.disconnect(wsgi.freeze_startup_objects)
        gc.unfreeze()
