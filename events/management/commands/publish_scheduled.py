"""``manage.py publish_scheduled``: carry out the publish and unpublish times
editors set, for cron (``*/5 * * * * .venv/bin/python manage.py publish_scheduled``).

Readers already see each record as its times say before this runs (see
``Publishable.published()``); the command makes the publication state agree,
through ``core.workflow`` like any editor (the source requirement applies, and
each change is in the audit log), and clears the time it acted on, so running
it again changes nothing. A draft due to be published without a source stays
a draft and is reported on stderr at every run until an editor fixes it.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from core import workflow
from core.models import PublicationStatus, Publishable

CHANGE_REASON = "Scheduled publication"


def publishable_models() -> list:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) and not model._meta.abstract
    ]


class Command(BaseCommand):
    help = (
        "Publish drafts whose publish time has come and unpublish records whose "
        "unpublish time has passed. Run it from cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would be done without changing anything.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = timezone.now()
        done = refused = 0
        for model in publishable_models():
            for record in model._default_manager.filter(publish_at__lte=now).order_by(
                "pk"
            ):
                ok = self.publish(record, dry_run=dry_run)
                done += ok
                refused += not ok
            for record in model._default_manager.filter(unpublish_at__lte=now).order_by(
                "pk"
            ):
                self.unpublish(record, dry_run=dry_run)
                done += 1
        would = "Would change" if dry_run else "Changed"
        self.stdout.write(
            f"{would} {done} scheduled record{'' if done == 1 else 's'}"
            + (f"; {refused} not published (no source)." if refused else ".")
        )

    def publish(self, record, *, dry_run: bool) -> bool:
        """Publish a due draft, or clear the time of one already public."""
        name = f"{record._meta.verbose_name} “{record}”"
        if record.publication_status == PublicationStatus.PUBLISHED:
            self.say(dry_run, f"{name} is public since its publish time", "clear")
            if not dry_run:
                record.publish_at = None
                record._change_reason = CHANGE_REASON
                record.save()
            return True
        problems = workflow.publication_problems(record)
        if problems:
            self.stderr.write(f"Not published: {name}: {' '.join(problems)}")
            return False
        self.say(dry_run, f"{name}", "publish")
        if not dry_run:
            record.publish_at = None
            record._change_reason = CHANGE_REASON
            try:
                workflow.publish(record=record, user=None)
            except ValidationError as error:  # a source removed meanwhile
                self.stderr.write(f"Not published: {name}: {' '.join(error.messages)}")
                return False
        return True

    def unpublish(self, record, *, dry_run: bool) -> None:
        name = f"{record._meta.verbose_name} “{record}”"
        if record.publication_status == PublicationStatus.DRAFT:
            self.say(dry_run, f"{name} is a draft already", "clear")
        else:
            self.say(dry_run, name, "unpublish")
        if dry_run:
            return
        # Its publish time, if any, is past too: cleared, or the next run
        # would publish the record again.
        record.publish_at = record.unpublish_at = None
        record._change_reason = CHANGE_REASON
        if record.is_published:
            workflow.unpublish(record=record, user=None)
        else:
            record.save()

    def say(self, dry_run: bool, what: str, action: str) -> None:
        verbs = {
            "publish": ("Would publish", "Published"),
            "unpublish": ("Would unpublish", "Unpublished"),
            "clear": ("Would clear the schedule:", "Cleared the schedule:"),
        }
        self.stdout.write(f"{verbs[action][0 if dry_run else 1]} {what}.")
