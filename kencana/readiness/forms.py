from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kecamatan.importers import LEVELS
from kecamatan.models import Hazard, Kecamatan
from kencana.core.forms import Form

from .models import AnswerType, PeriodType, ReportState, TemplateVersion
from .services import IndicatorInput
from .spec import choices_text
from .transfer import parse_choices


class TemplateForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    shared_with_partners = forms.BooleanField(
        label=_("Share with partner districts"),
        required=False,
        help_text=_("Partners may browse and adopt the published version. They never see your reports."),
    )


class ImportForm(Form):
    file = forms.FileField(label=_("File (CSV, XLSX or JSON)"))
    name = forms.CharField(
        label=_("Template name"), max_length=200, required=False, help_text=_("JSON files carry their own name.")
    )
    thresholds = forms.CharField(
        label=_("Tiers (CSV and XLSX)"),
        required=False,
        initial="Pratama=0|Madya=55|Utama=80",
        help_text=_("name=lowest score, separated by |. Project defaults shown; change them to your district's."),
    )


class SectionForm(Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)


class IndicatorForm(Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=None)
    code = forms.CharField(label=_("Code"), max_length=30)
    text_id = forms.CharField(label=_("Question (Indonesian)"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(
        label=_("Question (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Optional: Indonesian is shown when empty."),
    )
    answer_type = forms.ChoiceField(label=_("Answer type"), choices=AnswerType.choices)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_("For scale and choice: label=points|label=points, e.g. Belum=0|Draf=1|Ditetapkan=2."),
    )
    target = forms.DecimalField(label=_("Target"), required=False, min_value=0, help_text=_("For number answers."))
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    weight = forms.DecimalField(label=_("Weight"), min_value=0, initial=1, max_digits=6, decimal_places=2)
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    hazards = forms.ModelMultipleChoiceField(
        label=_("Only for kecamatan facing"),
        queryset=Hazard.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to ask every kecamatan."),
    )
    guidance = forms.CharField(
        label=_("Guidance for officers"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, version: TemplateVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = version.sections.all()

    @classmethod
    def initial_from(cls, indicator) -> dict:
        return {
            "section": indicator.section_id,
            "code": indicator.code,
            "text_id": indicator.text_id,
            "text_en": indicator.text_en,
            "answer_type": indicator.answer_type,
            "choices": choices_text(indicator.choices),
            "target": indicator.target,
            "unit": indicator.unit,
            "weight": indicator.weight,
            "evidence_required": indicator.evidence_required,
            "hazards": list(indicator.hazards.all()),
            "guidance": indicator.guidance,
        }

    def clean(self):
        data = super().clean()
        kind = data.get("answer_type")
        if kind in (AnswerType.SCALE, AnswerType.CHOICE) and data.get("choices"):
            try:
                data["parsed_choices"], _target = parse_choices(data["choices"], kind)
            except ValueError as problem:
                self.add_error("choices", str(problem))
            except ArithmeticError:
                self.add_error("choices", _("Points must be numbers."))
        return data

    def to_input(self) -> IndicatorInput:
        data = self.cleaned_data
        return IndicatorInput(
            code=data["code"],
            text_id=data["text_id"],
            text_en=data["text_en"],
            answer_type=data["answer_type"],
            choices=data.get("parsed_choices") or [],
            target=data.get("target"),
            unit=data.get("unit", ""),
            weight=data["weight"],
            evidence_required=data["evidence_required"],
            hazards=list(data["hazards"]),
            guidance=data.get("guidance", ""),
        )


class ThresholdsForm(Form):
    """Up to five tiers; empty rows are ignored."""

    ROWS = 5

    def __init__(self, *args, thresholds=(), **kwargs):
        super().__init__(*args, **kwargs)
        existing = list(thresholds)
        for n in range(self.ROWS):
            name, bound = (existing[n].name, existing[n].lower_bound) if n < len(existing) else ("", None)
            self.fields[f"name_{n}"] = forms.CharField(label=_("Tier"), max_length=40, required=False, initial=name)
            self.fields[f"bound_{n}"] = forms.DecimalField(
                label=_("From score"), required=False, min_value=0, max_value=100, initial=bound
            )

    def rows(self):
        return [(self[f"name_{n}"], self[f"bound_{n}"]) for n in range(self.ROWS)]

    def thresholds(self) -> list[tuple[str, Decimal]]:
        data = self.cleaned_data
        return [
            (data[f"name_{n}"], data[f"bound_{n}"])
            for n in range(self.ROWS)
            if data.get(f"name_{n}") and data.get(f"bound_{n}") is not None
        ]


class AssignmentForm(Form):
    version = forms.ModelChoiceField(label=_("Template version"), queryset=None)
    kecamatan = forms.ModelMultipleChoiceField(label=_("Kecamatan"), queryset=None, widget=forms.CheckboxSelectMultiple)
    period_type = forms.ChoiceField(label=_("Reporting period"), choices=PeriodType.choices)
    starts_on = forms.DateField(label=_("First period holds"))
    due_days = forms.IntegerField(
        label=_("Due by (days after the period ends)"), min_value=0, max_value=365, initial=15
    )
    close_days = forms.IntegerField(
        label=_("Closes on (days after the period ends)"), min_value=0, max_value=366, initial=45
    )

    def __init__(self, *args, versions, kecamatan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["kecamatan"].queryset = kecamatan


class NoteForm(Form):
    note = forms.CharField(label=_("Note to the officer"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReasonForm(Form):
    reason = forms.CharField(label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3}))


class ResultsFilterForm(Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All"))] + [c for c in ReportState.choices if c[0] != ReportState.DRAFT],
    )
    tier = forms.CharField(label=_("Tier"), required=False, max_length=40)
    # ``?district=63.11``: one district's reports (an overseer's home links each district's figures
    # here); kept as a hidden input while the other filters change.
    district = forms.RegexField(LEVELS["kabupaten"]["pattern"], required=False, widget=forms.HiddenInput)

    def __init__(self, *args, periods, kecamatan: list[Kecamatan], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("All")), *periods]
        self.fields["kecamatan"].choices = [("", _("All"))] + [(k.code, k.name) for k in kecamatan]

    def params(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v} if self.is_valid() else {}


class KatanaForm(Form):
    counted_on = forms.DateField(label=_("Counted on"))
    households = forms.IntegerField(
        label=_("Households reached"),
        min_value=0,
        max_value=10_000_000,
        help_text=_("Households of the desa reached by family preparedness activities (Katana) so far."),
    )
