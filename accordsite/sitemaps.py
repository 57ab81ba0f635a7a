"""sitemap.xml: the public pages and every published record, with lastmod."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from countries.models import Country, Official
from events.models import Event


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "countries:list",
            "countries:official-list",
            "events:list",
            "events:timeline",
        ]

    def location(self, item):
        return reverse(item)


class PublishedSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class CountrySitemap(PublishedSitemap):
    model = Country


class OfficialSitemap(PublishedSitemap):
    model = Official


class EventSitemap(PublishedSitemap):
    model = Event


sitemaps = {
    "pages": PagesSitemap,
    "countries": CountrySitemap,
    "officials": OfficialSitemap,
    "events": EventSitemap,
}
