"""``manage.py build_dataset``: write the bulk dataset (/data/) from the
published records, for cron (``0 3 * * * .venv/bin/python manage.py build_dataset``).

Publishing and unpublishing rebuild it already (``events.dataset.rebuild``);
cron catches what they do not: edits to published records and scheduled
publication times that came. When nothing published changed since the latest
version, no new version is written.
"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from events import dataset


class Command(BaseCommand):
    help = (
        "Write every published record as CSV and JSON tables with a "
        "datapackage.json into a dated zip, listed at /data/. Run it from cron "
        "daily; publishing runs it too."
    )

    def handle(self, *args, **options):
        result = dataset.build()
        version = result.version
        if not result.created:
            self.stdout.write(
                f"Nothing published changed since {version.file_name}: no new version."
            )
            return
        counts = ", ".join(
            f"{count} {name.replace('_', ' ')}"
            for name, count in version.record_counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {dataset.storage_path(version.file_name)} "
                f"({filesizeformat(version.size)}, SHA-256 {version.sha256}): {counts}."
            )
        )
