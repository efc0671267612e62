from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.readiness_map, name="map"),
]
