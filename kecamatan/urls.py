from django.urls import path

from . import views

app_name = "kecamatan"
urlpatterns = [
    path("", views.kecamatan_index, name="list"),
    path("risk/import/", views.risk_import, name="risk_import"),
    path("risk/settings/", views.risk_settings, name="risk_settings"),
    path("desa/<str:code>/schools/new/", views.school_create, name="school_create"),
    path("school/<str:npsn>/edit/", views.school_edit, name="school_edit"),
    path("<str:code>/risk/new/", views.risk_profile_edit, name="risk_create"),
    path("<str:code>/risk/<slug:hazard>/", views.risk_profile_edit, name="risk_edit"),
    path("<str:code>/risk/<slug:hazard>/delete/", views.risk_profile_delete, name="risk_delete"),
]
