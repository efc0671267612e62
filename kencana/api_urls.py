"""/api/v1/: every app registers its view sets on the one router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from kecamatan.api import DistrictViewSet, HazardViewSet, KecamatanViewSet
from kencana.accounts.api import MeView, TokenView

router = DefaultRouter()
router.register("districts", DistrictViewSet, basename="district")
router.register("kecamatan", KecamatanViewSet, basename="kecamatan")
router.register("hazards", HazardViewSet, basename="hazard")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    *router.urls,
]
