"""The one API router: the whole /api/v1/ surface reads here."""

from rest_framework.routers import DefaultRouter

from countries.api import CountryViewSet, OfficialViewSet
from events.api import EventViewSet, PublicationViewSet, RemovedRecordViewSet

app_name = "api"


class Router(DefaultRouter):
    # One way to ask for a format (?format= or Accept), not also ".json" URLs.
    include_format_suffixes = False


router = Router()
router.register("countries", CountryViewSet, basename="country")
router.register("officials", OfficialViewSet, basename="official")
router.register("events", EventViewSet, basename="event")
router.register("publications", PublicationViewSet, basename="publication")
router.register("deleted", RemovedRecordViewSet, basename="deleted")

urlpatterns = router.urls
