from django.apps import AppConfig

from core import editors


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and sources"

    def ready(self):
        editors.grant_on_migrate(
            self, "event", "participant", "publication", "citation", "photo"
        )
