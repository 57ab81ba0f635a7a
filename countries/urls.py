from core.views import record_paths

from . import views

app_name = "countries"

urlpatterns = [
    *record_paths("countries", views.country_list, views.country_detail),
    *record_paths(
        "officials", views.official_list, views.official_detail, name="official-"
    ),
]
