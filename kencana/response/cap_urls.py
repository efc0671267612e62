"""/cap/events/: a district's disaster events as CAP 1.2 documents (public, like its feed)."""

from django.urls import path

from . import views

app_name = "response_cap"
urlpatterns = [
    path("<int:pk>.xml", views.event_cap_xml, name="event"),
]
