"""``manage.py backup <file>``: the whole site (every row of every model,
history and audit log included, and the media files) in one zip.
``manage.py restore <file>`` loads it. See core/backup.py and
docs/deployment.md, "Backups"."""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from core import backup


class Command(BaseCommand):
    help = (
        "Write every record (history, audit log, users and their password "
        "hashes included; API tokens and sessions left out) and the media "
        "files into one zip. Keep the file safe: it holds password hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The zip to write (replaced if it exists).")

    def handle(self, *args, file, **options):
        target = Path(file).resolve()
        if not target.parent.is_dir():
            raise CommandError(f"No such folder: {target.parent}")
        # Written beside the target and renamed at the end: a failed backup
        # never leaves a half-written file under the expected name.
        fd, partial = tempfile.mkstemp(dir=target.parent, prefix=".backup-")
        try:
            with os.fdopen(fd, "wb") as out:
                manifest = backup.write_backup(out)
            os.chmod(partial, 0o600)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        rows = sum(manifest["models"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {target} ({filesizeformat(target.stat().st_size)}): "
                f"{rows} rows of {len(manifest['models'])} models, "
                f"{len(manifest['media'])} media files."
            )
        )
