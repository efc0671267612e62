from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "kencana.alerts"
    label = "alerts"
    verbose_name = _("Alerts and escalation")

    def ready(self) -> None:
        from . import receivers, rules  # noqa: F401 - rules fill the registry on import

        receivers.connect()
