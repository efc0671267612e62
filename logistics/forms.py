"""Forms parse input only; the rules live in the services. Choices always come from the user's scope."""

import uuid
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from kecamatan.models import Hazard
from kencana.core.forms import Form

from .models import AdjustmentReason, Document, FundingSource, Item, Lot, MinimumStock, Request, Warehouse
from .needs import Headcount


class IdempotentForm(Form):
    """Carries a key made when the form is shown, so a double submit posts once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4().hex


class WarehouseChoiceMixin:
    def limit_warehouses(self, warehouses, *names: str) -> None:
        for name in names:
            self.fields[name].queryset = warehouses


class ReceiptForm(WarehouseChoiceMixin, IdempotentForm):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none())
    business_date = forms.DateField(label=_("Date received"))
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    supplier = forms.CharField(label=_("Supplier or sender"), max_length=200, required=False)
    reference = forms.CharField(
        label=_("Reference document"),
        max_length=120,
        required=False,
        help_text=_("Contract, BAST or donation letter number."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReceiptLineForm(Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("stock", "Item"), queryset=Item.objects.filter(is_active=True))
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3)
    expiry_date = forms.DateField(label=_("Expiry date"), required=False)
    inventory_numbers = forms.CharField(
        label=_("Inventory numbers"), required=False, help_text=_("Equipment: one per unit, separated by commas.")
    )


class DispatchForm(WarehouseChoiceMixin, IdempotentForm):
    warehouse = forms.ModelChoiceField(label=_("From warehouse"), queryset=Warehouse.objects.none())
    business_date = forms.DateField(label=_("Date sent"))
    destination_kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=None, required=False)
    destination_text = forms.CharField(label=_("Destination (posko, address)"), max_length=200, required=False)
    vehicle = forms.CharField(label=_("Vehicle (plate number)"), max_length=60, required=False)
    driver = forms.CharField(label=_("Driver"), max_length=120, required=False)
    driver_phone = forms.CharField(label=_("Driver's phone"), max_length=30, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, kecamatan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_kecamatan"].queryset = kecamatan


class TransferForm(WarehouseChoiceMixin, IdempotentForm):
    warehouse = forms.ModelChoiceField(label=_("From warehouse"), queryset=Warehouse.objects.none())
    destination_warehouse = forms.ModelChoiceField(label=_("To warehouse"), queryset=Warehouse.objects.none())
    business_date = forms.DateField(label=_("Date sent"))
    vehicle = forms.CharField(label=_("Vehicle (plate number)"), max_length=60, required=False)
    driver = forms.CharField(label=_("Driver"), max_length=120, required=False)
    driver_phone = forms.CharField(label=_("Driver's phone"), max_length=30, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LotSelect(forms.Select):
    """Lot options that name the warehouses holding each lot, so the page can offer only the
    lots of the chosen warehouse (``data-warehouses``; logistics.js). The service still refuses
    a lot that is not there."""

    def __init__(self, *args, held_in: dict[int, set[int]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.held_in = held_in or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pk = getattr(value, "value", value)
        if pk not in (None, ""):
            option["attrs"]["data-warehouses"] = " ".join(str(w) for w in sorted(self.held_in.get(int(pk), ())))
        return option


class LotChoices:
    """Lots on offer with the warehouses that hold them, read once for every line of a form."""

    def __init__(self, lots, held_in: dict[int, set[int]]):
        self.lots, self.held_in = lots, held_in

    def apply(self, field: forms.ModelChoiceField) -> None:
        field.widget = LotSelect(held_in=self.held_in)
        field.queryset = self.lots  # after the widget: setting the queryset hands it the choices


class IssueLineForm(Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("stock", "Item"), queryset=Item.objects.filter(is_active=True))
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3)
    lot = forms.ModelChoiceField(
        label=_("Lot"), queryset=Lot.objects.none(), required=False, empty_label=_("First expired, first out")
    )

    def __init__(self, *args, lots: LotChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if lots is not None:
            lots.apply(self.fields["lot"])


class AdjustmentForm(WarehouseChoiceMixin, Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none())
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=AdjustmentReason.objects.filter(is_active=True))
    business_date = forms.DateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AdjustLineForm(Form):
    lot = forms.ModelChoiceField(label=_("Lot"), queryset=Lot.objects.none())
    quantity = forms.DecimalField(label=_("Change (+ in, − out)"), max_digits=14, decimal_places=3)

    def __init__(self, *args, lots: LotChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if lots is not None:
            lots.apply(self.fields["lot"])


class CountStartForm(WarehouseChoiceMixin, Form):
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none())
    business_date = forms.DateField(label=_("Count date"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReceiveForm(IdempotentForm):
    received_date = forms.DateField(label=_("Date received"))
    received_by_name = forms.CharField(label=_("Received by (name)"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, document: Document, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(document.lines.select_related("item", "lot"))
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=f"{line.item} ({line.item.unit})",
                initial=line.quantity,
                min_value=0,
                max_digits=14,
                decimal_places=3,
            )

    def received(self) -> dict:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class RequestForm(Form):
    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=None)
    destination_kind = forms.ChoiceField(label=_("Deliver to"), choices=Request.Destination.choices)
    destination_warehouse = forms.ModelChoiceField(label=_("Store"), queryset=Warehouse.objects.none(), required=False)
    destination_text = forms.CharField(label=_("Posko name or address"), max_length=200, required=False)
    hazard = forms.ModelChoiceField(label=_("Hazard"), queryset=Hazard.objects.all(), required=False)
    people_affected = forms.IntegerField(label=_("People affected"), min_value=0)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, kecamatan, warehouses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"].queryset = kecamatan
        self.fields["destination_warehouse"].queryset = warehouses


class RequestLineForm(Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("stock", "Item"), queryset=Item.objects.filter(is_active=True))
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=14, decimal_places=3)


class RequestEditForm(Form):
    people_affected = forms.IntegerField(label=_("People affected"), min_value=0)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(Form):
    def __init__(self, *args, request: Request, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(request.lines.select_related("item"))
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=f"{line.item} ({line.item.unit})",
                initial=line.quantity,
                min_value=0,
                max_digits=14,
                decimal_places=3,
            )

    def approved(self) -> dict:
        return {line.pk: self.cleaned_data[f"line_{line.pk}"] for line in self.lines}


class RejectForm(Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2}))


class RequestDispatchForm(WarehouseChoiceMixin, IdempotentForm):
    warehouse = forms.ModelChoiceField(label=_("From warehouse"), queryset=Warehouse.objects.none())
    business_date = forms.DateField(label=_("Date sent"))
    vehicle = forms.CharField(label=_("Vehicle (plate number)"), max_length=60, required=False)
    driver = forms.CharField(label=_("Driver"), max_length=120, required=False)
    driver_phone = forms.CharField(label=_("Driver's phone"), max_length=30, required=False)


def _group_field(label):
    return forms.IntegerField(label=label, min_value=0, max_value=1_000_000, required=False)


class NeedsForm(Form):
    """A scenario for the needs calculator: a head count as a shelter's count gives it (the groups
    are optional: a line per household or group counts only those given)."""

    kecamatan = forms.ModelChoiceField(label=_("Kecamatan"), queryset=None)
    hazard = forms.ModelChoiceField(
        label=_("Hazard"),
        queryset=Hazard.objects.all(),
        required=False,
        help_text=_("Recorded on the drafted request."),
    )
    people = forms.IntegerField(label=_("People displaced"), min_value=1, max_value=1_000_000)
    households = _group_field(_("Households"))
    under_five = _group_field(_("Children under 5"))
    elderly = _group_field(_("People aged 60 or more"))
    pregnant_breastfeeding = _group_field(_("Pregnant or breastfeeding women"))
    disabled = _group_field(_("People with disabilities"))
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=90, initial=3)

    GROUPS = ("households", "under_five", "elderly", "pregnant_breastfeeding", "disabled")

    def __init__(self, *args, kecamatan, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kecamatan"]
        field.queryset = kecamatan
        only = list(kecamatan[:2])
        if len(only) == 1:  # an officer of one kecamatan: that one, already chosen
            field.empty_label, field.initial = None, only[0].pk

    def clean(self):
        data = super().clean()
        people = data.get("people")
        for name in self.GROUPS:
            if people is not None and (data.get(name) or 0) > people:
                self.add_error(
                    name, _("This group cannot be larger than the total of people (%(total)s).") % {"total": people}
                )
        return data

    def headcount(self) -> Headcount:
        data = self.cleaned_data
        return Headcount(people=data["people"], **{name: data.get(name) or 0 for name in self.GROUPS})


class WarehouseForm(Form):
    """A warehouse's particulars; kecamatan and keepers offered are those of its district only."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Warehouse.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=150)
    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("Short and unique in the district, e.g. GU or AWY.")
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=_("Decimal degrees; south of the equator is negative (e.g. -2.33)."),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    kecamatan_served = forms.ModelMultipleChoiceField(
        label=_("Kecamatan served"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    keeper = forms.ModelChoiceField(label=_("Keeper"), queryset=None, required=False, empty_label=_("No keeper"))
    is_active = forms.BooleanField(
        label=_("Active"), required=False, initial=True, help_text=_("A closed warehouse takes no new documents.")
    )

    def __init__(self, *args, kecamatan, keepers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan_served"].queryset = kecamatan
        self.fields["keeper"].queryset = keepers
        self.fields["keeper"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} ({user.username})"
        )


class MinimumForm(Form):
    item = forms.ModelChoiceField(label=pgettext_lazy("stock", "Item"), queryset=Item.objects.filter(is_active=True))
    mode = forms.ChoiceField(
        label=_("Minimum"), choices=MinimumStock.Mode.choices, widget=forms.RadioSelect, initial="fixed"
    )
    fixed_quantity = forms.DecimalField(
        label=_("Fixed quantity"),
        max_digits=14,
        decimal_places=3,
        required=False,
        help_text=_("Only for a fixed minimum, in the item's unit."),
    )


class LogisticsSettingsForm(Form):
    buffer_days = forms.IntegerField(
        label=_("Buffer days"),
        min_value=1,
        max_value=90,
        help_text=_("Days of supply a warehouse keeps for the people it serves."),
    )
    planning_share_percent = forms.DecimalField(
        label=_("Planning share (%)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Share of the served population a warehouse plans for (people expected to be displaced)."),
    )


class LineFormSet(forms.BaseFormSet):
    """The lines of a document or request: at least one, said in the people's words."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": ngettext_lazy(
            "Add at least %(num)d line with an item and its quantity.",
            "Add at least %(num)d lines, each with an item and its quantity.",
            "num",
        ),
    }


LINE_FORMSET_OPTIONS = {"formset": LineFormSet, "extra": 3, "min_num": 1, "validate_min": True, "max_num": 60}
ReceiptLineFormSet = forms.formset_factory(ReceiptLineForm, **LINE_FORMSET_OPTIONS)
IssueLineFormSet = forms.formset_factory(IssueLineForm, **LINE_FORMSET_OPTIONS)
AdjustLineFormSet = forms.formset_factory(AdjustLineForm, **LINE_FORMSET_OPTIONS)
RequestLineFormSet = forms.formset_factory(RequestLineForm, **LINE_FORMSET_OPTIONS)


def filled(formset) -> list[dict]:
    """Cleaned data of the rows the user filled in (blank extra rows are skipped)."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
