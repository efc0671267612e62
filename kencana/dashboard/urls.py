from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.readiness_map, name="map"),
    path("kencana-status.<str:fmt>", views.kencana_status, name="kencana_status"),
]
