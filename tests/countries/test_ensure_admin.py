"""`manage.py ensure_admin`: an admin account always exists, never with a
default password."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

GENERATED = re.compile(
    r"^Admin account: admin / (?P<password>\S+) — shown once, change it in admin$",
    re.MULTILINE,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The slow production hasher proves nothing here and would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_admin_settings(monkeypatch):
    for name in (
        "DJANGO_SUPERUSER_USERNAME",
        "DJANGO_SUPERUSER_PASSWORD",
        "DJANGO_SUPERUSER_EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def admin_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chief-editor")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct-horse-battery-staple")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chief@example.org")


def ensure_admin() -> str:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def generated_password(output: str) -> str:
    match = GENERATED.search(output)
    assert match, output
    return match["password"]


def users():
    return get_user_model().objects


# From the environment ---------------------------------------------------------


def test_the_environment_names_the_admin_account_and_its_password(admin_settings):
    output = ensure_admin()

    user = users().get(username="chief-editor")
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password("correct-horse-battery-staple")
    assert user.email == "chief@example.org"
    assert "correct-horse-battery-staple" not in output
    assert "'chief-editor' created" in output


def test_an_existing_account_keeps_its_password_despite_the_environment(
    admin_settings,
):
    users().create_superuser("chief-editor", password="the-password-set-in-admin")

    output = ensure_admin()

    user = users().get(username="chief-editor")
    assert user.check_password("the-password-set-in-admin")
    assert not user.check_password("correct-horse-battery-staple")
    assert "left unchanged" in output


def test_an_existing_account_without_a_password_gets_the_environments(
    admin_settings,
):
    user = users().create_user("chief-editor")
    user.set_unusable_password()
    user.save()

    ensure_admin()

    user.refresh_from_db()
    assert user.check_password("correct-horse-battery-staple")
    assert user.is_superuser and user.is_staff


def test_an_existing_account_named_in_the_environment_becomes_a_superuser(
    admin_settings,
):
    users().create_user("chief-editor", password="the-password-set-in-admin")

    ensure_admin()

    user = users().get(username="chief-editor")
    assert user.is_superuser and user.is_staff
    assert user.check_password("the-password-set-in-admin")


def test_the_environment_path_is_idempotent(admin_settings):
    ensure_admin()
    before = list(users().values_list("pk", "password", "is_superuser"))

    ensure_admin()

    assert list(users().values_list("pk", "password", "is_superuser")) == before


def test_a_username_without_a_password_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chief-editor")

    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        ensure_admin()

    assert not users().exists()


def test_a_weak_password_from_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chief-editor")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "password")

    with pytest.raises(CommandError, match="not accepted.*too common"):
        ensure_admin()

    assert not users().exists()


# Generated ---------------------------------------------------------------------


def test_without_settings_admin_gets_a_generated_password_printed_once():
    output = ensure_admin()

    password = generated_password(output)
    admin = users().get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(password)
    assert output.count(password) == 1


def test_the_generated_password_is_long_and_different_every_time():
    first = generated_password(ensure_admin())
    users().all().delete()
    second = generated_password(ensure_admin())

    assert first != second
    assert len(first) >= 20 and len(second) >= 20


def test_no_default_password_opens_the_generated_admin_account():
    ensure_admin()

    admin = users().get(username="admin")
    for guess in ("admin", "password", "changeme", "accords", "", "admin123"):
        assert not admin.check_password(guess)


def test_a_second_run_leaves_the_generated_account_alone():
    password = generated_password(ensure_admin())

    output = ensure_admin()

    assert "A superuser already exists (admin): nothing to do." in output
    assert not GENERATED.search(output)
    assert users().count() == 1
    assert users().get(username="admin").check_password(password)


def test_an_existing_superuser_means_nothing_to_do(superuser):
    output = ensure_admin()

    assert "already exists" in output
    assert users().count() == 1


def test_an_inactive_superuser_does_not_count_as_an_admin(django_user_model):
    django_user_model.objects.create_superuser(
        "retired", password="a-long-test-password", is_active=False
    )

    password = generated_password(ensure_admin())

    assert users().get(username="admin").check_password(password)


def test_a_plain_user_named_admin_is_never_given_a_password(staff_user):
    staff_user.username = "admin"
    staff_user.save()

    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_USERNAME"):
        ensure_admin()

    staff_user.refresh_from_db()
    assert not staff_user.is_superuser
    assert staff_user.check_password("a-long-test-password")
