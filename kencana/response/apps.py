from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponseConfig(AppConfig):
    name = "kencana.response"
    label = "response"
    verbose_name = _("Emergency response")

    def ready(self) -> None:
        # The response phase plugs into the apps below it through their registries: alert rules,
        # the district's CAP feed, the kecamatan timeline; and re-checks its rules on its events.
        from . import cap, rules, subscriptions  # noqa: F401 - each registers itself on import

        subscriptions.subscribe()
