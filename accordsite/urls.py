from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.static import serve

from accordsite.health import healthz, livez
from core import api
from core import embeds as core_embeds
from core import schema as api_schema
from core import views as core_pages
from core.feeds import CorrectionsFeed
from core.views import permalink
from countries.models import Country, Official

# Home, "as of" and search show countries and events together; they live
# with events/, which may depend on countries/.
from events import embeds
from events import views as pages
from events.models import Event
from events.sitemaps import sitemaps

urlpatterns = [
    path("livez", livez, name="livez"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("accordsite.api_urls")),
    path("api/schema/", api_schema.schema_view, name="api-schema"),
    path("api/docs/", api_schema.docs_view, name="api-docs"),
    re_path(r"^api/", api.not_found),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("oembed/", core_embeds.oembed, name="oembed"),
    # One sitemap lists every page in every language.
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]

# The pages readers see, in English at / and in the other languages under
# /he/, /ar/, /ru/: the address alone decides the language.
urlpatterns += i18n_patterns(
    path("", pages.home, name="home"),
    re_path(r"^as-of/(?P<day>\d{4}-\d{2}-\d{2})/$", pages.as_of, name="as-of"),
    path("as-of/", pages.as_of_form, name="as-of-form"),
    path("search/", pages.search, name="search"),
    path("embed/map/", embeds.map_embed, name="embed-map"),
    path(
        "embed/countries/<slug:slug>/timeline/",
        embeds.country_timeline_embed,
        name="embed-country-timeline",
    ),
    path("embed/events/<slug:slug>/", embeds.event_embed, name="embed-event"),
    *[
        path(f"{slug}/", core_pages.site_page, {"slug": slug}, name=slug)
        for slug in ("about", "methodology", "contact")
    ],
    path("corrections/", core_pages.corrections, name="corrections"),
    path("corrections/feed/", CorrectionsFeed(), name="corrections-feed"),
    path(
        "id/<uuid:uuid>/",
        permalink,
        {"models": (Event, Country, Official)},
        name="permalink",
    ),
    path("", include("countries.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
