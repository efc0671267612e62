from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "kencana.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboards and maps")

    def ready(self) -> None:
        from . import subscriptions

        subscriptions.subscribe()
