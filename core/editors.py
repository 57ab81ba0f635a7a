"""The "Editors" group: exactly what an editor needs, and nothing on accounts.

Editors add, change, delete and view the domain records of both apps. They get
no permission on users, groups or permissions (no account management), and
none on the history tables: history and revert go through each record's own
change permission.

Each app names its editable models in its AppConfig.ready() with
``grant_on_migrate``. The group is then made (or put right) after every
``migrate`` and every ``flush``, the test suite's included, which a data
migration's rows would not survive.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

GROUP = "Editors"
ACTIONS = ("add", "change", "delete", "view")


def grant_on_migrate(app_config, *model_names: str) -> None:
    """After each migrate or flush, give Editors every action on these models."""

    def receiver(app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
        grant(app_config.label, model_names, using=using, apps=apps)

    post_migrate.connect(
        receiver,
        sender=app_config,
        weak=False,
        dispatch_uid=f"editors:{app_config.label}",
    )


def grant(app_label: str, model_names, *, using=DEFAULT_DB_ALIAS, apps=global_apps):
    """Make the group's permissions on this app exactly those on ``model_names``.

    Runs after Django's own post_migrate handler has made the app's
    permissions. ``apps`` is the migration state's registry, as in any
    post_migrate handler.
    """
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth's tables are not there yet
        return
    codenames = [f"{action}_{model}" for model in model_names for action in ACTIONS]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_label
    )
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.remove(*permissions.exclude(codename__in=codenames))
    group.permissions.add(*permissions.filter(codename__in=codenames))
