from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accords core"

    def ready(self):
        # audit and caching connect their receivers.
        from core import audit, caching, editors  # noqa: F401

        editors.grant_core_on_migrate(self)
