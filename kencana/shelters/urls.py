from django.urls import path

from . import views

app_name = "shelters"
urlpatterns = [
    path("events/<int:pk>/", views.shelter_index, name="index"),
    path("events/<int:pk>/new/", views.shelter_create, name="create"),
    path("events/<int:pk>/needs/", views.needs, name="needs"),
    path("events/<int:pk>/profile/", views.profile_set, name="profile_set"),
    path("events/<int:pk>/shelters.csv", views.export, name="export"),
    path("events/<int:pk>/deliveries.csv", views.deliveries_export, name="deliveries_export"),
    path("events/<int:pk>/donors/", views.donors, name="donors"),
    path("profiles/", views.profiles, name="profiles"),
    path("<int:pk>/", views.shelter_detail, name="detail"),
    path("<int:pk>/edit/", views.shelter_edit, name="edit"),
    path("<int:pk>/counts/new/", views.count_create, name="count_create"),
    path("<int:pk>/dispatch/", views.dispatch, name="dispatch"),
    path("<int:pk>/distribute/", views.distribute, name="distribute"),
]
