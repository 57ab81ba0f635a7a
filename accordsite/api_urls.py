"""The one API router: the whole /api/v1/ surface reads here."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
