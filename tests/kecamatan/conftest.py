import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Importer messages are asserted in English here; test_messages_are_indonesian checks the default."""
    with translation.override("en"):
        yield
