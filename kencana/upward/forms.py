from django import forms
from django.utils.translation import gettext_lazy as _

from kencana.core.forms import Form
from kencana.readiness.models import AnswerType

from .services import EntryInput, IkdAnswerInput


class SpmOpenForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, f"TW {q}") for q in (1, 2, 3, 4)])


class SpmReportForm(Form):
    """The district's entries for every sub-activity of the report: computed figures are shown,
    not asked; entered ones are asked with their evidence."""

    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    action_plan = forms.CharField(label=_("Action plan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, report, entries, **kwargs):
        kwargs.setdefault("initial", {"problems": report.problems, "action_plan": report.action_plan})
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            sub = entry.sub_activity
            names = []
            if not sub.computed:
                self.fields[f"e{entry.pk}_target"] = forms.IntegerField(
                    label=_("Target"), min_value=0, required=False, initial=entry.target
                )
                self.fields[f"e{entry.pk}_achieved"] = forms.IntegerField(
                    label=_("Achieved"), min_value=0, required=False, initial=entry.achieved
                )
                names += [f"e{entry.pk}_target", f"e{entry.pk}_achieved"]
            self.fields[f"e{entry.pk}_budget"] = forms.DecimalField(
                label=_("Budget (Rp)"),
                min_value=0,
                max_digits=16,
                decimal_places=0,
                required=False,
                initial=entry.budget,
            )
            self.fields[f"e{entry.pk}_met"] = forms.MultipleChoiceField(
                label=_("Quality components met"),
                choices=[(c.code, f"{c.name} ({c.weight}%)") for c in sub.components.all()],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                initial=entry.components_met,
            )
            self.fields[f"e{entry.pk}_note"] = forms.CharField(
                label=_("Note"), required=False, initial=entry.note, widget=forms.Textarea(attrs={"rows": 2})
            )
            names += [f"e{entry.pk}_budget", f"e{entry.pk}_met", f"e{entry.pk}_note"]
            if not sub.computed:
                self.fields[f"e{entry.pk}_evidence"] = forms.FileField(label=_("Evidence"), required=False)
                names.append(f"e{entry.pk}_evidence")
            entry.field_names = names

    def bound_fields(self, entry) -> list:
        return [self[name] for name in entry.field_names]

    def entry_inputs(self) -> list[EntryInput]:
        data = self.cleaned_data
        return [
            EntryInput(
                sub_activity_id=entry.sub_activity_id,
                target=data.get(f"e{entry.pk}_target"),
                achieved=data.get(f"e{entry.pk}_achieved"),
                budget=data.get(f"e{entry.pk}_budget"),
                components_met=list(data.get(f"e{entry.pk}_met") or []),
                note=data.get(f"e{entry.pk}_note") or "",
                evidence=data.get(f"e{entry.pk}_evidence"),
            )
            for entry in self.entries
        ]


class IkdOpenForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)


class IkdAssessmentForm(Form):
    """The district's answer to every indicator of the assessment, with a comment each."""

    def __init__(self, *args, indicators, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            answer = answers.get(indicator.pk)
            self.fields[f"i{indicator.pk}"] = _answer_field(indicator, answer.value if answer else "")
            self.fields[f"i{indicator.pk}_comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=answer.comment if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            indicator.field_names = [f"i{indicator.pk}", f"i{indicator.pk}_comment"]

    def bound_fields(self, indicator) -> list:
        return [self[name] for name in indicator.field_names]

    def answer_inputs(self) -> list[IkdAnswerInput]:
        data = self.cleaned_data
        return [
            IkdAnswerInput(
                indicator=indicator.code,
                value="" if data.get(f"i{indicator.pk}") is None else str(data[f"i{indicator.pk}"]),
                comment=data.get(f"i{indicator.pk}_comment") or "",
            )
            for indicator in self.indicators
        ]


def _answer_field(indicator, value: str) -> forms.Field:
    """The input for one indicator's answer, by its answer type (the readiness engine's four)."""
    label = _("Answer")
    if indicator.answer_type == AnswerType.YES_NO:
        return forms.ChoiceField(
            label=label,
            choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
            required=False,
            initial=value,
        )
    if indicator.answer_type == AnswerType.NUMBER:
        return forms.DecimalField(
            label=f"{label} ({indicator.unit})" if indicator.unit else label,
            min_value=0,
            max_digits=12,
            decimal_places=2,
            required=False,
            initial=value or None,
        )
    return forms.ChoiceField(
        label=label,
        choices=[("", "—"), *((c["label"], c["label"]) for c in indicator.choices)],
        required=False,
        initial=value,
    )


class UpwardReviewForm(Form):
    """The province's decision on a submitted SPM report or IKD assessment."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("verify", _("Verify")), ("return", _("Return to the district"))]
    )
    note = forms.CharField(label=_("Note to the district"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
