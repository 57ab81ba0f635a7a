from django.apps import AppConfig

from core import editors


class CountriesConfig(AppConfig):
    name = "countries"
    verbose_name = "Countries and officials"

    def ready(self):
        editors.grant_on_migrate(
            self,
            "country",
            "statuschange",
            "diplomaticrelation",
            "mission",
            "official",
            "othername",
            "office",
            "position",
        )
