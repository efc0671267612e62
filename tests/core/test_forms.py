"""Inputs carry machine formats in every language: ISO dates, plain numbers."""

import datetime
import importlib
import pkgutil
import re
import zoneinfo
from decimal import Decimal

import pytest
from django import forms
from django.utils import timezone, translation

from kencana.core.forms import Form, MachineFormats

PROJECT_PACKAGES = ("kencana", "kecamatan", "logistics")


def _project_forms() -> list[type]:
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, package_name + "."):
            if module.name.rsplit(".", 1)[-1] in ("forms", "views") or ".views." in module.name:
                importlib.import_module(module.name)
    found, stack = [], [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.split(".")[0] in PROJECT_PACKAGES and subclass.__module__ != "kencana.core.forms":
                found.append(subclass)
    return found


def test_every_form_of_the_project_renders_machine_formats():
    project_forms = _project_forms()
    assert len(project_forms) > 40  # the walk found the apps' forms
    plain = [f"{f.__module__}.{f.__qualname__}" for f in project_forms if not issubclass(f, MachineFormats)]
    assert not plain, f"derive these from kencana.core.forms.Form or ModelForm: {plain}"


class Sample(Form):
    day = forms.DateField()
    moment = forms.DateTimeField()
    quantity = forms.DecimalField(max_digits=14, decimal_places=3)
    share = forms.DecimalField(max_digits=5, decimal_places=2, widget=forms.TextInput)
    count = forms.IntegerField()


INITIAL = {
    "day": datetime.date(2026, 12, 5),
    "moment": datetime.datetime(2026, 12, 5, 14, 30, tzinfo=datetime.UTC),
    "quantity": Decimal("300.000"),
    "share": Decimal("12.50"),
    "count": 12000,
}


@pytest.mark.parametrize("language", ["id", "en"])
def test_dates_and_numbers_render_as_a_browser_input_expects_them(language):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
        form = Sample(initial=INITIAL)
        html = {name: str(form[name]) for name in INITIAL}
    assert 'type="date"' in html["day"] and 'value="2026-12-05"' in html["day"]
    # the district's local time (WITA), to the minute
    assert 'type="datetime-local"' in html["moment"] and 'value="2026-12-05T22:30"' in html["moment"]
    assert 'type="number"' in html["quantity"] and 'value="300"' in html["quantity"]
    assert 'step="0.001"' in html["quantity"] and 'inputmode="decimal"' in html["quantity"]
    assert 'type="number"' in html["share"] and 'value="12.5"' in html["share"]
    assert 'value="12000"' in html["count"]


@pytest.mark.parametrize("language", ["id", "en"])
def test_what_a_form_shows_it_reads_back_unchanged(language):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Makassar")):
        shown = Sample(initial=INITIAL)
        values = {name: re.search(r'value="([^"]*)"', str(shown[name])).group(1) for name in INITIAL}
        posted = Sample(data=values, initial=INITIAL)
        assert posted.is_valid(), posted.errors
        assert not posted.has_changed(), posted.changed_data
    assert posted.cleaned_data["day"] == INITIAL["day"]
    assert posted.cleaned_data["quantity"] == INITIAL["quantity"] == Decimal(300)
    assert posted.cleaned_data["share"] == INITIAL["share"]
    assert posted.cleaned_data["count"] == INITIAL["count"]
