"""Once made the "Editors" group; core/editors.py does that now.

A flush (the test suite's transactional tests) deleted the group this data
migration made, so it is made after every migrate and flush instead, by the
post_migrate handlers that countries/apps.py and events/apps.py connect. This
migration stays, empty, because later ones depend on it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("countries", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]
