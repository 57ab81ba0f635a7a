from django.urls import path

from . import views

app_name = "countries"

urlpatterns = [
    path("countries/", views.country_list, name="list"),
    path("countries/<slug:slug>/", views.country_detail, name="detail"),
    path("officials/", views.official_list, name="official-list"),
    path("officials/<slug:slug>/", views.official_detail, name="official-detail"),
]
