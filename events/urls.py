from django.urls import path

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events.ics", feeds.events_ics, name="ical"),
    path("timeline/", views.timeline, name="timeline"),
    path("timeline/<int:year>/", views.timeline, name="timeline-year"),
    path("feeds/events/", feeds.LatestEventsFeed(), name="feed"),
    path(
        "feeds/countries/<slug:slug>/", feeds.CountryEventsFeed(), name="country-feed"
    ),
]
