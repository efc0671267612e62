"""The library pages of readiness templates, included by ``kencana/readiness/urls.py`` (names ``readiness:library*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.library_index, name="library"),
    path("<int:pk>/", views.library_detail, name="library_detail"),
    path("<int:pk>/adopt/", views.library_adopt, name="library_adopt"),
    path("versions/<int:pk>/", views.library_version, name="library_version"),
    path("versions/<int:pk>/export.<str:fmt>", views.library_export, name="library_export"),
    path("compare/", views.library_compare, name="library_compare"),
]
