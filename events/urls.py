from django.urls import path

from core.views import record_paths

from . import feeds, views

app_name = "events"

urlpatterns = [
    *record_paths("events", views.event_list, views.event_detail),
    path("events.ics", feeds.events_ics, name="ical"),
    path("timeline/", views.timeline, name="timeline"),
    path("timeline/<int:year>/", views.timeline, name="timeline-year"),
    path("feeds/events/", feeds.LatestEventsFeed(), name="feed"),
    path(
        "feeds/countries/<slug:slug>/", feeds.CountryEventsFeed(), name="country-feed"
    ),
    path("data/", views.data, name="data"),
    path("data/latest.zip", views.dataset_latest, name="dataset-latest"),
    path("data/<str:file_name>", views.dataset_file, name="dataset-file"),
]
