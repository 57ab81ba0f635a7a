"""``manage.py restore <file>``: load a backup made by ``manage.py backup``
into a migrated database at the same schema version. See core/backup.py and
docs/deployment.md, "Backups"."""

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Load a backup (records and media files) into this database, which "
        "must be migrated to the backup's schema version. Refuses a database "
        "that holds records unless --replace is given. Nothing changes if "
        "anything fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A zip written by manage.py backup.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every record in the database (and its logins and API "
            "tokens) before loading the backup.",
        )

    def handle(self, *args, file, replace, **options):
        try:
            source = open(file, "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        with source:
            manifest = backup.restore_backup(source, replace=replace)
        rows = sum(manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows of {len(manifest['models'])} models and "
                f"{len(manifest['media'])} media files from the backup of "
                f"{manifest['created']}."
            )
        )
