from django.urls import path

from . import views

app_name = "messaging"
urlpatterns = [
    path("hooks/<str:code>/<str:provider>/", views.webhook, name="webhook"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/verify/", views.report_verify, name="report_verify"),
    path("reports/<int:pk>/dismiss/", views.report_dismiss, name="report_dismiss"),
    path("reports/<int:pk>/open-event/", views.report_open_event, name="report_open_event"),
    path("reports/<int:pk>/attach/", views.report_attach, name="report_attach"),
    path("sitreps/<int:pk>/send/", views.sitrep_send, name="sitrep_send"),
]
