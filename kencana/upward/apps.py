from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UpwardConfig(AppConfig):
    name = "kencana.upward"
    label = "upward"
    verbose_name = _("Upward reporting")

    def ready(self) -> None:
        # Overdue SPM reports are an alert rule like any other: registered in the alerts registry.
        from . import rules  # noqa: F401 - registers itself on import
