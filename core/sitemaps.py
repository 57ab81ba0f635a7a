"""The sitemap base every app's published records use."""

from django.contrib.sitemaps import Sitemap


class MultilingualSitemap(Sitemap):
    """Each page once per language (``/``, ``/he/``, ``/ar/``, ``/ru/``), each
    entry naming its other languages and English as the default."""

    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(MultilingualSitemap):
    """Every published record of ``model``, with its last change as lastmod."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
