"""/api/v1/: every app registers its view sets on the one router."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from kecamatan.api import DistrictViewSet, HazardViewSet, KecamatanViewSet
from kecamatan.risk_api import RiskProfileViewSet
from kencana.accounts.api import MeView, TokenView
from kencana.alerts.api import AlertViewSet, CapImportView, HazardWarningViewSet, NotificationViewSet
from kencana.dashboard.api import DesaMapView, KecamatanMapView
from kencana.messaging.api import FieldReportViewSet
from kencana.plans.api import (
    ActionItemViewSet,
    ActionPlanViewSet,
    AgencyViewSet,
    CardTemplateViewSet,
    PlanTemplateViewSet,
    QuickResponseCardViewSet,
)
from kencana.readiness.api import (
    CompareView,
    CompletenessView,
    DesaUnitsView,
    EvidenceFileView,
    KatanaView,
    ReportViewSet,
    SchoolUnitsView,
    TemplateViewSet,
    VersionViewSet,
)
from kencana.response import api as response_api
from kencana.shelters import api as shelters_api
from kencana.upward.api import IkdAssessmentViewSet, SpmReportViewSet
from logistics import api as logistics_api


class Router(DefaultRouter):
    """Object ids are numbers: anything else is a 404 at the URL, never a failed lookup.
    View sets looked up by code declare their own ``lookup_value_regex``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._default_value_pattern = "[0-9]+"


router = Router()
router.register("districts", DistrictViewSet, basename="district")
router.register("kecamatan", KecamatanViewSet, basename="kecamatan")
router.register("hazards", HazardViewSet, basename="hazard")
router.register("readiness/templates", TemplateViewSet, basename="readiness-template")
router.register("readiness/versions", VersionViewSet, basename="readiness-version")
router.register("readiness/reports", ReportViewSet, basename="readiness-report")
router.register("alerts", AlertViewSet, basename="alert")
router.register("hazard-warnings", HazardWarningViewSet, basename="hazard-warning")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("field-reports", FieldReportViewSet, basename="field-report")
router.register("risk-profiles", RiskProfileViewSet, basename="risk-profile")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("action-items", ActionItemViewSet, basename="action-item")
router.register("quick-response-cards", QuickResponseCardViewSet, basename="quick-response-card")
router.register("card-templates", CardTemplateViewSet, basename="card-template")
router.register("plan-templates", PlanTemplateViewSet, basename="plan-template")
router.register("logistics/warehouses", logistics_api.WarehouseViewSet, basename="logistics-warehouse")
router.register("logistics/items", logistics_api.ItemViewSet, basename="logistics-item")
router.register("logistics/lots", logistics_api.LotViewSet, basename="logistics-lot")
router.register("logistics/balances", logistics_api.BalanceViewSet, basename="logistics-balance")
router.register("logistics/movements", logistics_api.MovementViewSet, basename="logistics-movement")
router.register("logistics/receipts", logistics_api.ReceiptViewSet, basename="logistics-receipt")
router.register("logistics/dispatches", logistics_api.DispatchViewSet, basename="logistics-dispatch")
router.register("logistics/transfers", logistics_api.TransferViewSet, basename="logistics-transfer")
router.register("logistics/adjustments", logistics_api.AdjustmentViewSet, basename="logistics-adjustment")
router.register("logistics/requests", logistics_api.RequestViewSet, basename="logistics-request")
router.register("logistics/minimums", logistics_api.MinimumViewSet, basename="logistics-minimum")
router.register("logistics/settings", logistics_api.LogisticsSettingsViewSet, basename="logistics-settings")
router.register("response/events", response_api.EventViewSet, basename="response-event")
router.register("response/decrees", response_api.DecreeViewSet, basename="response-decree")
router.register("response/tasks", response_api.TaskViewSet, basename="response-task")
router.register("response/impact-reports", response_api.ImpactReportViewSet, basename="response-impact-report")
router.register("response/casualties", response_api.CasualtyViewSet, basename="response-casualty")
router.register("response/sitreps", response_api.SitrepViewSet, basename="response-sitrep")
router.register("shelters", shelters_api.ShelterViewSet, basename="shelter")
router.register("needs-profiles", shelters_api.NeedsProfileViewSet, basename="needs-profile")
router.register("upward/spm-reports", SpmReportViewSet, basename="upward-spm-report")
router.register("upward/ikd-assessments", IkdAssessmentViewSet, basename="upward-ikd-assessment")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("readiness/completeness/", CompletenessView.as_view(), name="api-readiness-completeness"),
    path("readiness/compare/", CompareView.as_view(), name="api-readiness-compare"),
    path("readiness/evidence/<int:pk>/", EvidenceFileView.as_view(), name="api-readiness-evidence"),
    path("readiness/desa/", DesaUnitsView.as_view(), name="api-readiness-desa"),
    path("readiness/schools/", SchoolUnitsView.as_view(), name="api-readiness-schools"),
    path("readiness/katana/", KatanaView.as_view(), name="api-readiness-katana"),
    path("cap/import/", CapImportView.as_view(), name="api-cap-import"),
    path("map/kecamatan.geojson", KecamatanMapView.as_view(), name="api-map-kecamatan"),
    path("map/desa.geojson", DesaMapView.as_view(), name="api-map-desa"),
    *router.urls,
]
