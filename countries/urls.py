from django.urls import path

from core.views import record_paths

from . import views

app_name = "countries"

urlpatterns = [
    # The chart counts countries' steps, so countries/ draws it; its address
    # puts it beside the timeline of events.
    path("timeline/chart/", views.accords_over_time, name="chart"),
    path("embed/chart/", views.accords_over_time_embed, name="chart-embed"),
    *record_paths("countries", views.country_list, views.country_detail),
    *record_paths(
        "officials", views.official_list, views.official_detail, name="official-"
    ),
]
