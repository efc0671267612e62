from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "kencana.readiness"
    label = "readiness"
    verbose_name = _("Readiness")

    def ready(self) -> None:
        from kencana.core import events

        from .units import on_report_verified, on_units_changed

        events.report_verified.subscribe(on_report_verified)
        events.units_changed.subscribe(on_units_changed)
