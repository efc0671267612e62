"""Reading the query string: the arguments of a page or an API endpoint that are not filters of a list.

Lists are filtered by each app's FilterSets (``filters.py``). What a computed report takes (stock
as of a day, an expiry window, the late tasks only, a reporting period) is read by a ``QueryForm``
in the same module, used by the page and the API alike: a page ignores a value it cannot read and
shows its default (``chosen()``), the API refuses it with a 400 naming the parameter (``strict()``,
through the one API error handler). An id taken from the query string is read by ``id_or_404``,
a list of area codes (``?district=63.11,63.03``) by a ``CodesField``.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .forms import Form

# The largest id the database holds: a larger number is not an id (and would overflow SQLite's integer).
MAX_ID = 2**63 - 1


def id_or_404(value) -> int:
    """``value`` as an object id, or a 404 for anything that cannot be one (``?old=abc``)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        number = 0
    if not 0 < number <= MAX_ID:
        raise Http404(f"{value!r} is not an id.")
    return number


class CodesField(forms.Field):
    """Codes separated by commas (``63.11,63.03``), each of the given pattern; none when left out.

    A code of the right shape that names nothing the user sees is not this field's to judge: the
    page or the API looks it up in the user's scope (a 404)."""

    default_error_messages = {"invalid": _("Give codes separated by commas.")}

    def __init__(self, *, pattern: str, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", list)
        super().__init__(**kwargs)
        self.pattern = re.compile(pattern)

    def to_python(self, value) -> list[str]:
        return [code.strip() for code in str(value or "").split(",") if code.strip()]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if not all(self.pattern.fullmatch(code) for code in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class QueryForm(Form):
    """Arguments read from the query string; a field left out, empty or unreadable takes its initial value."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)  # always bound: a missing value is a default

    def _value(self, name: str):
        field = self.fields[name]
        value = self.cleaned_data.get(name) if name not in self.errors else None
        if value in field.empty_values:
            return self.get_initial_for_field(field, name)
        return value

    def chosen(self) -> dict:
        """Every argument, a value the page cannot read replaced by its default (a page never fails on it)."""
        self.is_valid()
        return {name: self._value(name) for name in self.fields}

    def strict(self) -> dict:
        """Every argument, or a ``ValidationError`` naming each parameter that cannot be read (a 400 in the API)."""
        if not self.is_valid():
            raise ValidationError({name: list(errors) for name, errors in self.errors.items()})
        return {name: self._value(name) for name in self.fields}
