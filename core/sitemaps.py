"""The sitemap base every app's published records use."""

from django.contrib.sitemaps import Sitemap


class PublishedSitemap(Sitemap):
    """Every published record of ``model``, with its last change as lastmod."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at
