"""Rebuild every search entry (core.search), after rows were written by
means that send no signals: raw SQL, a restore, a bulk script."""

from django.core.management.base import BaseCommand
from django.db import transaction

from core import search


class Command(BaseCommand):
    help = "Rebuild the search index of countries, officials and events."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = search.rebuild()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} entries")
