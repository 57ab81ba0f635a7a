from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accords core"

    def ready(self):
        from core import audit, editors  # noqa: F401  (audit connects its receivers)

        editors.grant_core_on_migrate(self)
