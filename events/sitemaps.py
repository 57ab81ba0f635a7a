from django.urls import reverse

from core.sitemaps import MultilingualSitemap, PublishedSitemap
from countries.sitemaps import CountrySitemap, OfficialSitemap
from events.models import Event


class PagesSitemap(MultilingualSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "countries:list",
            "countries:official-list",
            "events:list",
            "events:timeline",
            "countries:chart",
            "events:data",
            "about",
            "methodology",
            "corrections",
            "contact",
        ]

    def location(self, item):
        return reverse(item)


class EventSitemap(PublishedSitemap):
    model = Event


# The whole site's sitemap: events/ sits above countries/, so it can list both.
sitemaps = {
    "pages": PagesSitemap,
    "countries": CountrySitemap,
    "officials": OfficialSitemap,
    "events": EventSitemap,
}
