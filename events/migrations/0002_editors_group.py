"""The "Editors" group: exactly what an editor needs, and nothing on accounts.

Editors add, change, delete and view the domain records of both apps. They
get no permission on users, groups or permissions (no account management),
and none on the history tables: history and revert go through each record's
own change permission.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
ACTIONS = ("add", "change", "delete", "view")
MODELS = {
    "countries": (
        "country",
        "statuschange",
        "diplomaticrelation",
        "mission",
        "official",
        "othername",
        "office",
        "position",
    ),
    "events": ("event", "participant", "source", "photo"),
}


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran (post_migrate);
    # on a fresh database they do not exist yet at this point.
    for app_label in ("contenttypes", "auth", *MODELS):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = [
        (app_label, f"{action}_{model}")
        for app_label, models in MODELS.items()
        for model in models
        for action in ACTIONS
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in wanted
    ]
    group.permissions.set(permissions)


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("countries", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_editors_group, delete_editors_group),
    ]
