from django import forms
from django.utils.translation import gettext_lazy as _

from kencana.core.forms import Form

from .services import EntryInput


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


class SpmReviewForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("verify", _("Verify")), ("return", _("Return to the district"))]
    )
    note = forms.CharField(label=_("Note to the district"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
