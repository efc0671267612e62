from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KecamatanConfig(AppConfig):
    name = "kecamatan"
    verbose_name = _("Territory and risk")
