import shutil

import pytest
from django.core.management import call_command


def test_every_catalogue_is_translated_and_compiled():
    call_command("check_translations")


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext; .ci/run installs it")
def test_no_user_facing_string_is_missing_from_the_catalogues():
    call_command("check_translations", "--extract")
