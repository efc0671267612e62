import pytest
from django.utils import translation

from ..factories import rows_unchanged
from . import factories


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); tests of pages in Indonesian say so."""
    with translation.override("en"):
        yield


@pytest.fixture
def lasung_batu(paringin):
    return factories.desa(paringin, 7, "Lasung Batu")


@pytest.fixture
def balang(paringin):
    return factories.desa(paringin, 5, "Balang")


@pytest.fixture
def awayan_desa(awayan):
    return factories.desa(awayan, 7, "Awayan")


@pytest.fixture
def event(staff, paringin, awayan, lasung_batu, balang, awayan_desa):
    """A flood in Paringin and Awayan, six hours old, with three desa."""
    return factories.open_event(staff, [paringin, awayan], [lasung_batu, balang, awayan_desa])


@pytest.fixture
def unchanged():
    """``with unchanged():`` fails unless every row of the response phase (and the cards it marks
    and the notifications it sends) is exactly as before: a refusal saves nothing."""
    from django.apps import apps

    from kencana.alerts.models import Notification
    from kencana.plans.models import QuickResponseCard

    models = [*apps.get_app_config("response").get_models(include_auto_created=True), Notification, QuickResponseCard]
    return lambda: rows_unchanged(models)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
