from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Tools that work on the whole installation: demo and synthetic seeds, district archives, benchmarks.

    It sits above every app and may import any of them; no app imports it.
    """

    name = "kencana.operations"
    label = "operations"
    verbose_name = _("Operations")
