"""``manage.py ensure_admin``: make sure an admin (superuser) account exists.

With DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD (and optionally
DJANGO_SUPERUSER_EMAIL) that account is created, or made a superuser; an
existing account keeps its password unless it has none. Without them, and
with no active superuser, it creates "admin" with a random password printed
once. There is no default password.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GENERATED_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Make sure an admin account exists: from DJANGO_SUPERUSER_USERNAME and "
        "DJANGO_SUPERUSER_PASSWORD when set, otherwise 'admin' with a generated "
        "password shown once."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "").strip()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", "").strip()
        with transaction.atomic():
            if username or password:
                if not (username and password):
                    raise CommandError(
                        "Set both DJANGO_SUPERUSER_USERNAME and "
                        "DJANGO_SUPERUSER_PASSWORD, or neither to get a generated "
                        "password."
                    )
                self.ensure_named_admin(username, password, email)
            else:
                self.ensure_some_admin(email)

    def ensure_named_admin(self, username: str, password: str, email: str) -> None:
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            check_password(password, User(**{User.USERNAME_FIELD: username}))
            User._default_manager.create_superuser(
                **{User.USERNAME_FIELD: username}, email=email, password=password
            )
            self.stdout.write(
                f"Admin account {username!r} created with the password from "
                "DJANGO_SUPERUSER_PASSWORD."
            )
            return
        changes = []
        if not user.password or not user.has_usable_password():
            check_password(password, user)
            user.set_password(password)
            changes.append("password set from DJANGO_SUPERUSER_PASSWORD")
        if not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            changes.append("made a superuser")
        if changes:
            user.save()
            self.stdout.write(f"Admin account {username!r}: {', '.join(changes)}.")
        else:
            self.stdout.write(
                f"Admin account {username!r} already exists; its password is "
                "left unchanged."
            )
        if not user.is_active:
            # Someone deactivated it on purpose: say so rather than undo it.
            self.stderr.write(
                f"Admin account {username!r} is inactive: activate it in admin "
                "to sign in with it."
            )

    def ensure_some_admin(self, email: str) -> None:
        User = get_user_model()
        users = User._default_manager
        admin = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if admin is not None:
            self.stdout.write(
                f"A superuser already exists ({admin.get_username()}): nothing to do."
            )
            return
        if users.filter(**{User.USERNAME_FIELD: GENERATED_USERNAME}).exists():
            raise CommandError(
                f"There is no active superuser, and a user named "
                f"{GENERATED_USERNAME!r} exists already. Set "
                "DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD to choose "
                "the admin account."
            )
        password = secrets.token_urlsafe(18)
        users.create_superuser(
            **{User.USERNAME_FIELD: GENERATED_USERNAME}, email=email, password=password
        )
        self.stdout.write(
            f"Admin account: {GENERATED_USERNAME} / {password} — shown once, "
            "change it in admin"
        )


def check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise CommandError(
            "DJANGO_SUPERUSER_PASSWORD is not accepted: " + " ".join(error.messages)
        ) from error
