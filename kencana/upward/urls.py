from django.urls import path

from . import catalogue_views, views

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
    # The SPM catalogue: its versions; BNPB admins revise a draft and publish it.
    path("catalogue/", catalogue_views.catalogue_index, name="catalogue"),
    path("catalogue/new/", catalogue_views.catalogue_new, name="catalogue_new"),
    path("catalogue/<int:number>/", catalogue_views.catalogue_version, name="catalogue_version"),
    path("catalogue/<int:number>/publish/", catalogue_views.catalogue_publish, name="catalogue_publish"),
    path("catalogue/<int:number>/discard/", catalogue_views.catalogue_discard, name="catalogue_discard"),
    path("catalogue/service/<int:pk>/", catalogue_views.catalogue_service, name="catalogue_service"),
    path("catalogue/sub-activity/<int:pk>/", catalogue_views.catalogue_sub_activity, name="catalogue_sub_activity"),
]
