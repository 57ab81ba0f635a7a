"""Login protection: django-axes locks an account, or an address, after too many
failed logins (accordsite/settings.py, "Login protection").

For other tests: axes needs the request in authenticate(), so log users in with
`client.force_login(user)`; a bare `client.login(...)` raises
AxesBackendRequestParameterRequired (pass `request=HttpRequest()` if a test
must go through the password check).
"""

import datetime
import io
import logging
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PASSWORD = "a-long-test-password"  # the conftest users' password
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Every attempt checks a password; the default hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def limit(settings):
    return settings.AXES_FAILURE_LIMIT


def log_in(client, username, password=PASSWORD, address=HOME, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, username, times, address=HOME):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address)
    return response


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("admin:index")


def test_wrong_passwords_below_the_limit_get_the_usual_login_error(
    client, superuser, limit
):
    for _ in range(limit - 1):
        response = log_in(client, "admin", "wrong-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    assert logged_in(log_in(client, "admin"))


def test_the_right_password_is_refused_once_an_account_is_locked(
    client, superuser, limit
):
    assert fail(client, "admin", limit).status_code == 429

    response = log_in(client, "admin")

    assert response.status_code == 429
    assert "Login locked: too many failed attempts" in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302  # to the login


def test_an_account_is_locked_from_every_address(client, superuser, limit):
    fail(client, "admin", limit, address=HOME)

    assert log_in(client, "admin", address=ELSEWHERE).status_code == 429


def test_an_address_is_locked_for_every_account(client, superuser, editor, limit):
    # One wrong password for each of many names, as a password spray does.
    for n in range(limit):
        log_in(client, f"user{n}", "wrong-password", address=HOME)

    assert log_in(client, "eve", address=HOME).status_code == 429
    assert logged_in(log_in(client, "eve", address=ELSEWHERE))


def test_other_accounts_from_other_addresses_are_not_locked(
    client, superuser, editor, limit
):
    fail(client, "admin", limit, address=HOME)

    assert logged_in(log_in(client, "eve", address=ELSEWHERE))


def test_failures_are_recorded_for_the_admin(client, superuser, limit):
    fail(client, "admin", limit)

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("admin", HOME)
    assert attempt.failures_since_start == limit
    assert attempt.path_info == reverse("admin:login")
    assert "wrong-password" not in attempt.post_data
    failures = AccessFailureLog.objects.filter(username="admin", ip_address=HOME)
    assert failures.count() == limit
    assert failures.filter(locked_out=True).count() == 1


def test_successful_logins_are_recorded_for_the_admin(client, superuser):
    log_in(client, "admin")

    assert AccessLog.objects.get().username == "admin"
    assert not AccessAttempt.objects.exists()


def test_a_success_does_not_wipe_the_failures_counted_against_its_address(
    client, superuser, editor, limit
):
    fail(client, "admin", limit - 1, address=HOME)
    assert logged_in(log_in(client, "eve", address=HOME))
    client.logout()

    # Eve's login cleared neither count: one more failure locks the address.
    assert AccessAttempt.objects.get().failures_since_start == limit - 1
    assert fail(client, "someone", 1, address=HOME).status_code == 429
    assert log_in(client, "eve", address=HOME).status_code == 429


@pytest.mark.parametrize(
    "command, args",
    [
        ("axes_reset", []),
        ("axes_reset_username", ["admin"]),
        ("axes_reset_ip", [HOME]),
    ],
)
def test_the_reset_commands_unlock(client, superuser, limit, command, args):
    fail(client, "admin", limit)

    call_command(command, *args, stdout=io.StringIO())

    assert not AccessAttempt.objects.exists()
    assert logged_in(log_in(client, "admin"))


def test_the_lock_ends_after_the_cool_off(client, superuser, limit, settings):
    fail(client, "admin", limit)
    wait = settings.AXES_COOLOFF_TIME
    just_before = timezone.now() - wait + datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=just_before)
    assert log_in(client, "admin").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - wait)

    assert logged_in(log_in(client, "admin"))


def test_an_attempt_while_locked_starts_the_wait_again(client, superuser, limit):
    fail(client, "admin", limit)
    an_hour_ago = timezone.now() - datetime.timedelta(minutes=59)
    AccessAttempt.objects.update(attempt_time=an_hour_ago)

    assert log_in(client, "admin").status_code == 429

    assert AccessAttempt.objects.get().attempt_time > an_hour_ago


def test_the_lockout_page_says_why_for_how_long_and_whom_to_ask(
    client, superuser, limit, settings
):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
    page = fail(client, "admin", limit)

    assert page.status_code == 429
    assert page["Content-Type"].startswith("text/html")
    text = re.sub(r"\s+", " ", page.text)
    assert "<h2>Login locked: too many failed attempts</h2>" in text
    assert f"After {limit} failed login attempts" in text
    assert "Try again in 1 hour." in text
    assert "ask the site's administrator" in text
    # The admin's look, with the admin's names (set in the template).
    assert f">{admin.site.site_header}</a></h1>" in text
    assert f"<title>Login locked | {admin.site.site_title}</title>" in text
    assert re.search(r'<body class="[^"]*\blogin\b', text)


def test_the_lockout_page_gives_minutes_when_the_wait_is_not_whole_hours(
    client, superuser, limit, settings
):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=90)

    page = fail(client, "admin", limit)

    assert "Try again in 90 minutes." in re.sub(r"\s+", " ", page.text)


def test_the_lockout_page_holds_under_the_content_security_policy(
    client, superuser, limit
):
    page = fail(client, "admin", limit)

    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert "<style" not in page.text
    assert " style=" not in page.text
    for script in re.findall(r"<script[^>]*>", page.text):
        assert " src=" in script


def test_a_lockout_is_logged_with_the_address_but_not_the_typed_name(
    client, superuser, limit, caplog
):
    with caplog.at_level(logging.INFO, logger="axes"):
        fail(client, "admin", limit)

    lockouts = [r for r in caplog.records if "Locking out" in r.getMessage()]
    assert len(lockouts) == 1
    assert lockouts[0].levelno == logging.WARNING
    assert f'ip_address: "{HOME}"' in lockouts[0].getMessage()
    assert '"admin"' not in lockouts[0].getMessage()


def test_behind_the_proxy_the_client_address_is_counted(
    client, superuser, editor, limit, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    via_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(limit):
        client.post(
            reverse("admin:login"),
            {"username": f"user{n}", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.9, {HOME}",
            **via_proxy,
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}
    # Another client behind the same proxy is not locked out.
    response = client.post(
        reverse("admin:login"),
        {"username": "eve", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
        **via_proxy,
    )
    assert response.status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_is_ignored(client, superuser):
    log_in(client, "admin", "wrong-password", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert AccessAttempt.objects.get().ip_address == HOME


def test_api_requests_with_a_bad_token_are_not_login_failures(client):
    response = client.post(
        "/api/v1/events/", {}, HTTP_AUTHORIZATION="Token not-a-real-token"
    )

    assert response.status_code == 401
    assert not AccessAttempt.objects.exists()


def test_editors_cannot_see_or_change_the_login_records(editor_client, superuser):
    axes_permissions = Group.objects.get(name="Editors").permissions.filter(
        content_type__app_label="axes"
    )
    assert not axes_permissions.exists()
    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        page = editor_client.get(reverse(f"admin:axes_{model}_changelist"))
        assert page.status_code == 403


def test_superusers_see_the_login_records(client, superuser, limit):
    fail(client, "admin", limit, address=ELSEWHERE)
    log_in(client, "admin")  # refused: the account is locked
    call_command("axes_reset", stdout=io.StringIO())
    fail(client, "admin", 1)
    log_in(client, "admin")

    for model in ("accessattempt", "accesslog", "accessfailurelog"):
        page = client.get(reverse(f"admin:axes_{model}_changelist"))
        assert page.status_code == 200
        assert "admin" in page.text


def test_a_locked_account_keeps_its_api_token(client, superuser, country, limit):
    fail(client, "admin", limit)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=superuser)}")

    response = api.post(
        "/api/v1/events/",
        {
            "title": "A draft",
            "summary": "Written while the password login is locked.",
            "kind": "announcement",
            "date": "2025-11",
            "countries": ["KZ"],
        },
    )

    assert response.status_code == 201, response.json()
