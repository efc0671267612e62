from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_index, name="list"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.alert_acknowledge, name="acknowledge"),
    path("<int:pk>/resolve/", views.alert_resolve, name="resolve"),
    path("warnings/", views.warning_index, name="warnings"),
    path("warnings/new/", views.warning_create, name="warning_create"),
    path("warnings/<int:pk>/cancel/", views.warning_cancel, name="warning_cancel"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("inbox/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/contact/", views.contact_start, name="contact_start"),
    path("preferences/contact/verify/", views.contact_verify, name="contact_verify"),
    path("cap/", views.cap_index, name="cap"),
    path("cap/<int:pk>/", views.cap_detail, name="cap_detail"),
]
