from core.sitemaps import PublishedSitemap
from countries.models import Country, Official


class CountrySitemap(PublishedSitemap):
    model = Country


class OfficialSitemap(PublishedSitemap):
    model = Official
