from django.urls import path

from . import views

app_name = "upward"
urlpatterns = [
    path("", views.index, name="index"),
    path("spm/open/", views.spm_open, name="spm_open"),
    path("spm/<int:pk>/", views.spm_detail, name="spm_detail"),
    path("spm/<int:pk>/review/", views.spm_review, name="spm_review"),
    path("spm/<int:pk>/export.xlsx", views.spm_export, name="spm_export"),
    path("spm/evidence/<int:pk>/", views.spm_evidence, name="spm_evidence"),
    path("ikd/open/", views.ikd_open, name="ikd_open"),
    path("ikd/<int:pk>/", views.ikd_detail, name="ikd_detail"),
    path("ikd/<int:pk>/review/", views.ikd_review, name="ikd_review"),
]
