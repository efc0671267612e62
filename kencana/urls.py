from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from kecamatan import urls as kecamatan_urls
from kencana.accounts import views as account_views
from kencana.accounts.forms import LoginForm
from kencana.core import views as core_views
from kencana.dashboard import kecamatan as kecamatan_pages
from kencana.dashboard import offline
from kencana.dashboard import views as dashboard_views
from kencana.operations.bench import views as bench_views
from kencana.plans import urls as plans_urls

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # The installable app: the service worker's scope is the folder it is served from, so the root.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("offline/pages/", offline.offline_pages, name="offline_pages"),
    path("accounts/", include("kencana.accounts.urls")),
    path("accounts/password_reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/login/", LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    # A kecamatan's page and timeline read every app, so the dashboard draws them; their names stay
    # in the kecamatan and plans namespaces.
    path(
        "kecamatan/",
        include(
            (
                [
                    *kecamatan_urls.urlpatterns,
                    path("desa/<str:code>/", kecamatan_pages.desa_page, name="desa"),
                    path("school/<str:npsn>/", kecamatan_pages.school_page, name="school"),
                    path("<str:code>/", kecamatan_pages.kecamatan_page, name="detail"),
                ],
                "kecamatan",
            )
        ),
    ),
    path("readiness/", include("kencana.readiness.urls")),
    path(
        "plans/",
        include(
            (
                [
                    *plans_urls.urlpatterns,
                    path(
                        "kecamatan/<str:code>/timeline/",
                        kecamatan_pages.kecamatan_timeline_page,
                        name="timeline",
                    ),
                ],
                "plans",
            )
        ),
    ),
    path("alerts/", include("kencana.alerts.urls")),
    path("cap/events/", include("kencana.response.cap_urls")),
    path("cap/", include("kencana.alerts.cap_urls")),
    path("logistics/", include("logistics.urls")),
    path("response/", include("kencana.response.urls")),
    path("shelters/", include("kencana.shelters.urls")),
    path("messaging/", include("kencana.messaging.urls")),
    path("upward/", include("kencana.upward.urls")),
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

handler500 = "kencana.core.errors.server_error"

admin.site.site_header = _("Kencana administration")
admin.site.site_title = "Kencana"
