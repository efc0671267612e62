from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from kencana.core import views as core_views
from kencana.core.bench import views as bench_views
from kencana.dashboard import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("kencana.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("kecamatan/", include("kecamatan.urls")),
    path("readiness/", include("kencana.readiness.urls")),
    path("plans/", include("kencana.plans.urls")),
    path("alerts/", include("kencana.alerts.urls")),
    path("cap/events/", include("kencana.response.cap_urls")),
    path("cap/", include("kencana.alerts.cap_urls")),
    path("logistics/", include("logistics.urls")),
    path("response/", include("kencana.response.urls")),
    path("map/", include("kencana.dashboard.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("kencana.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR:  # the benchmark's framework floor (docs/performance.md); never routed otherwise
    urlpatterns.append(path("bench/floor/", bench_views.floor, name="bench-floor"))

admin.site.site_header = _("Kencana administration")
admin.site.site_title = "Kencana"
