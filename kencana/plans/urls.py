from django.urls import path

from . import template_views as tv
from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_index, name="index"),
    path("district/", views.plan_detail, name="district_plan"),
    path("district/new/", views.item_create, name="district_item_create"),
    path("kecamatan/<str:code>/", views.plan_detail, name="kecamatan_plan"),
    path("kecamatan/<str:code>/new/", views.item_create, name="item_create"),
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
    # Card and plan templates (kind: cards or plans) and the library shared with partners
    path("templates/", tv.template_index, name="template_index"),
    path("templates/library/", tv.library_index, name="template_library"),
    path("templates/library/<str:kind>/<int:pk>/", tv.library_detail, name="template_library_detail"),
    path("templates/library/<str:kind>/<int:pk>/adopt/", tv.library_adopt, name="template_adopt"),
    path("templates/<str:kind>/new/", tv.template_create, name="template_create"),
    path("templates/<str:kind>/compare/", tv.template_compare, name="template_compare"),
    path("templates/<str:kind>/<int:pk>/", tv.template_detail, name="template_detail"),
    path("templates/<str:kind>/<int:pk>/settings/", tv.template_settings, name="template_settings"),
    path("templates/<str:kind>/<int:pk>/draft/", tv.template_draft, name="template_draft"),
    path("templates/<str:kind>/<int:pk>/pull/", tv.template_pull, name="template_pull"),
    path("templates/<str:kind>/versions/<int:pk>/", tv.template_version, name="template_version"),
    path("templates/<str:kind>/versions/<int:pk>/publish/", tv.template_publish, name="template_publish"),
    path("templates/<str:kind>/versions/<int:pk>/retire/", tv.template_retire, name="template_retire"),
    path("templates/<str:kind>/versions/<int:pk>/discard/", tv.template_discard, name="template_discard"),
    path("templates/<str:kind>/versions/<int:pk>/apply/", tv.template_apply, name="template_apply"),
]
