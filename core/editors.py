"""The three roles, as groups: exactly what each needs.

- **Contributors** add, change and view the domain records of both apps: they
  write drafts. They cannot delete, publish or unpublish.
- **Editors** add, change, delete and view the domain records, and publish and
  unpublish (``core.publish_records``); they read the audit log, change the
  site pages and read the corrections log.
- **Administrators** have what Editors have, plus managing users and groups
  and deleting a correction entered by mistake.

No role has any permission on the history tables: history and revert go
through each record's own change permission. Only Administrators have any on
accounts (users, groups; permissions only to view them).

Each app names its editable models in its AppConfig.ready() with
``grant_on_migrate``; core grants its own (publishing, the audit log) and the
Administrators' account permissions with ``grant_core_on_migrate``. The groups
are then made (or put right) after every ``migrate`` and every ``flush``, the
test suite's included, which a data migration's rows would not survive.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"
ADMINISTRATORS = "Administrators"
GROUP = EDITORS  # the role `manage.py add_editor` gives by default
ROLES = {
    "contributor": CONTRIBUTORS,
    "editor": EDITORS,
    "administrator": ADMINISTRATORS,
}

# What each role may do to the domain models of an app.
DOMAIN_ACTIONS = {
    CONTRIBUTORS: ("add", "change", "view"),
    EDITORS: ("add", "change", "delete", "view"),
    ADMINISTRATORS: ("add", "change", "delete", "view"),
}
PUBLISH_PERMISSION = "core.publish_records"
# The site pages are public as soon as they are saved: Contributors, who
# write drafts, do not change them. Corrections are written by editors'
# correction notes; only an Administrator deletes one entered by mistake.
TRUST_PAGES = ("view_sitepage", "change_sitepage", "view_correction")
CORE_PERMISSIONS = {
    CONTRIBUTORS: (),
    EDITORS: ("publish_records", "view_auditentry", *TRUST_PAGES),
    ADMINISTRATORS: (
        "publish_records",
        "view_auditentry",
        *TRUST_PAGES,
        "delete_correction",
    ),
}
ACCOUNT_PERMISSIONS = {
    CONTRIBUTORS: (),
    EDITORS: (),
    ADMINISTRATORS: (
        *(
            f"{action}_{model}"
            for model in ("user", "group")
            for action in ("add", "change", "delete", "view")
        ),
        "view_permission",
    ),
}


def grant_on_migrate(app_config, *model_names: str) -> None:
    """After each migrate or flush, give each role its actions on these models."""
    codenames = {
        group: [f"{action}_{model}" for model in model_names for action in actions]
        for group, actions in DOMAIN_ACTIONS.items()
    }

    def receiver(app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
        grant(app_config.label, codenames, using=using, apps=apps)

    post_migrate.connect(
        receiver,
        sender=app_config,
        weak=False,
        dispatch_uid=f"editors:{app_config.label}",
    )


def grant_core_on_migrate(app_config) -> None:
    """Publishing and the audit log (core's), and account management (auth's).

    Core comes after auth in INSTALLED_APPS, so auth's permissions exist.
    """

    def receiver(app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
        grant(app_config.label, CORE_PERMISSIONS, using=using, apps=apps)
        grant("auth", ACCOUNT_PERMISSIONS, using=using, apps=apps)

    post_migrate.connect(
        receiver,
        sender=app_config,
        weak=False,
        dispatch_uid=f"editors:{app_config.label}",
    )


def grant(app_label: str, codenames: dict, *, using=DEFAULT_DB_ALIAS, apps=global_apps):
    """Make each role's permissions on this app exactly ``codenames[role]``.

    Runs after Django's own post_migrate handler has made the app's
    permissions. ``apps`` is the migration state's registry, as in any
    post_migrate handler.
    """
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:  # auth's tables are not there yet
        return
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_label
    )
    for name in DOMAIN_ACTIONS:
        wanted = codenames.get(name, ())
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.remove(*permissions.exclude(codename__in=wanted))
        group.permissions.add(*permissions.filter(codename__in=wanted))
