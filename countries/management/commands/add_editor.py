from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core.editors import ROLES


class Command(BaseCommand):
    help = (
        "Give a user a role: staff status and membership of the Contributors, "
        "Editors or Administrators group (made after every migrate; see "
        "core/editors.py). The user leaves the other two roles' groups."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role",
            choices=sorted(ROLES),
            default="editor",
            help="contributor: writes drafts; editor: also publishes, "
            "unpublishes and deletes; administrator: also manages users and "
            "groups. Default: editor.",
        )
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the user when it does not exist (without a usable "
            "password: set one with `manage.py changepassword USERNAME`).",
        )

    def handle(self, *args, username, create, role="editor", **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist:
            raise CommandError(
                f"The {ROLES[role]} group does not exist: run `manage.py migrate` "
                "first."
            ) from None
        user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            if not create:
                raise CommandError(
                    f"No user “{username}”. Add --create to create it, or check "
                    "the spelling."
                )
            user = User._default_manager.create_user(username, password=None)
            self.stdout.write(
                f"Created “{username}”. Set a password with: "
                f"manage.py changepassword {username}"
            )
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(f"“{username}” is {article(role)} {role}.")
        )


def article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
