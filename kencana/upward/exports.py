"""The SPM report in the shape of the e-SPM entry form: one sheet per service, a row per sub-activity."""

from django.utils.translation import gettext as _

from .models import SpmReport
from .selectors import spm_entries


def spm_sheets(report: SpmReport) -> list[tuple[str, list[str], list[list]]]:
    headers = [
        _("Code"),
        _("Sub-activity"),
        _("Unit"),
        _("Source"),
        _("Target"),
        _("Achieved"),
        _("Achievement (%)"),
        _("Quality (%)"),
        _("Quality components met"),
        _("Budget (Rp)"),
        _("Note"),
    ]
    sheets: dict[str, tuple[str, list[str], list[list]]] = {}
    for entry in spm_entries(report):
        sub = entry.sub_activity
        service = sub.service
        components = list(sub.components.all())
        met = [c.code for c in components if c.code in set(entry.components_met or [])]
        title = f"{service.code} {service.name}"
        sheet = sheets.setdefault(service.code, (title, headers, []))
        sheet[2].append(
            [
                sub.code,
                sub.name,
                sub.unit,
                _("computed by Kencana") if sub.computed else _("entered by the district"),
                entry.target,
                entry.achieved,
                entry.achievement_percent,
                entry.quality_percent(components),
                ", ".join(met),
                entry.budget,
                entry.note,
            ]
        )
    return list(sheets.values())


def spm_filename(report: SpmReport) -> str:
    return f"spm-{report.district.code}-{report.year}-tw{report.quarter}"
