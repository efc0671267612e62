"""Forms carry machine formats, whatever the language of the page.

A browser's ``<input type="date">`` shows only an ISO value (``2026-12-05``), and a number input
only a plain number (``300``, ``0.25``). Django renders dates and decimals for the active
language (``05-12-2026``; ``300.000`` for a Decimal with three places, which an Indonesian reads
as three hundred thousand), so an Indonesian page opened a date input empty and a form posted
back unchanged lost its dates. Every form of the project derives from ``Form`` or ``ModelForm``
here: each field, including those added in a form's ``__init__``, renders through
``MachineFormatBoundField``, which gives date, time and number fields a browser input with a
machine value. Parsing accepts ISO in every language (Django adds the ISO formats to each
locale's input formats). Figures for people to read are formatted by ``kencana.core.formats``.

It is also the one place a service's ``ValidationError`` meets a form or a page.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

DASHES = "---------"  # Django's empty choice


def plain_number(value) -> str:
    """A number as a number input expects it: no grouping, a decimal point, no trailing zeros
    (``Decimal("300.000")`` → ``"300"``, ``Decimal("0.250")`` → ``"0.25"``)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """Local date and time (the district's zone, as the page shows it), to the minute."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class NumberInput(forms.NumberInput):
    def format_value(self, value):
        return plain_number(value) or None


def _machine_widget(field: forms.Field, widget: forms.Widget) -> forms.Widget:
    """The widget ``field`` renders with: a browser input with a machine value for dates, times and
    numbers (keeping the widget's own attributes); any other widget as it is."""
    if widget.is_hidden or not isinstance(widget, forms.TextInput | forms.NumberInput):
        return widget
    attrs = dict(widget.attrs)
    if isinstance(field, forms.DateTimeField):
        return DateTimeInput(attrs)
    if isinstance(field, forms.DateField):
        return DateInput(attrs)
    if isinstance(field, forms.TimeField):
        return TimeInput(attrs)
    if isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
        whole = isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField)
        attrs.setdefault("inputmode", "numeric" if whole else "decimal")
        number = NumberInput(attrs)
        number.attrs.update({k: v for k, v in field.widget_attrs(number).items() if k not in attrs})
        return number
    return widget


class MachineFormatBoundField(BoundField):
    def as_widget(self, widget=None, attrs=None, only_initial=False):
        return super().as_widget(_machine_widget(self.field, widget or self.field.widget), attrs, only_initial)


class MachineFormats:
    """Mixed into every form of the project (see the module's docstring). A choice left empty
    says so in words, not with Django's "---------"."""

    bound_field_class = MachineFormatBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):  # its choices are read from the database late
                if field.empty_label == DASHES:
                    field.empty_label = _("— choose —")
            elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0] == ("", DASHES):
                field.choices = [("", _("— choose —")), *field.choices[1:]]


class Form(MachineFormats, forms.Form):
    pass


class ModelForm(MachineFormats, forms.ModelForm):
    pass


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's errors on the form: on a field the form has, else above the form."""
    if hasattr(error, "error_dict"):  # the errors themselves, so their codes stay readable on the form
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.error_list)


def error_messages(error: ValidationError) -> list[str]:
    """Every message of a ValidationError, field names dropped, for pages without a form."""
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)
