"""/cap/: CAP 1.2 documents and feeds other systems subscribe to (no login for public alerts)."""

from django.urls import path

from . import views

app_name = "cap"
urlpatterns = [
    path("alerts/<int:pk>.xml", views.cap_alert_xml, name="alert"),
    path("<str:code>/feed.atom", views.cap_feed, name="feed"),
]
