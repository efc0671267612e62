from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("district/", views.plan_detail, name="district_plan"),
    path("district/new/", views.item_create, name="district_item_create"),
    path("kecamatan/<str:code>/", views.plan_detail, name="kecamatan_plan"),
    path("kecamatan/<str:code>/new/", views.item_create, name="item_create"),
    path("kecamatan/<str:code>/timeline/", views.timeline, name="timeline"),
    path("kecamatan/<str:code>/cards/new/", views.card_edit, name="card_create"),
    path("kecamatan/<str:code>/cards/<int:pk>/edit/", views.card_edit, name="card_edit"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("agencies/", views.agency_index, name="agencies"),
    path("agencies/new/", views.agency_edit, name="agency_create"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("cards/", views.card_index, name="cards"),
    path("cards/<int:pk>/", views.card_detail, name="card"),
    path("cards/<int:pk>/review/", views.card_review, name="card_review"),
    path("settings/", views.plan_settings, name="settings"),
    path("gaps/", views.gaps, name="gaps"),
]
