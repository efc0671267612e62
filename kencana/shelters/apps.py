from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "kencana.shelters"
    label = "shelters"
    verbose_name = _("Shelters and displaced people")

    def ready(self) -> None:
        # Shelters plug into the response phase below them: a section of every situation report.
        from . import sitrep

        sitrep.register()
