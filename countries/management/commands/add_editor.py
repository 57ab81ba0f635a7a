from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core.editors import GROUP


class Command(BaseCommand):
    help = (
        "Make a user an editor: staff status and membership of the Editors "
        "group (made after every migrate; see core/editors.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the user when it does not exist (without a usable "
            "password: set one with `manage.py changepassword USERNAME`).",
        )

    def handle(self, *args, username, create, **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                "The Editors group does not exist: run `manage.py migrate` first."
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
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"“{username}” is an editor."))
