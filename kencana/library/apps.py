from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The template library: the machinery every kind of shared template uses.

    Its models are abstract (readiness, plans and cards subclass them), so it has no tables.
    """

    name = "kencana.library"
    label = "library"
    verbose_name = _("Template library")
