"""Manual hazard warnings: one alert per warned kecamatan while the warning is in force."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import HazardWarning
from .base import Condition, Rule, register


@register
class HazardWarningRule(Rule):
    code = "hazard_warning"
    label = _("Hazard warning")
    resolution_note = _("The warning expired or was cancelled.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        rows = HazardWarning.kecamatan.through.objects.filter(
            hazardwarning__cancelled_at__isnull=True, hazardwarning__expires_at__gt=timezone.now()
        ).select_related("hazardwarning", "kecamatan")
        if district_ids is not None:
            rows = rows.filter(hazardwarning__district_id__in=district_ids)
        for row in rows:
            warning, kecamatan = row.hazardwarning, row.kecamatan
            yield Condition(
                key=f"{self.code}:{warning.pk}:{kecamatan.code}",
                district_id=warning.district_id,
                kecamatan_id=kecamatan.pk,
                title=f"{warning.title} — {kecamatan.name}",
                severity=warning.severity,
                detail="\n\n".join(part for part in (warning.message, warning.instruction) if part),
                subject=warning,
                subject_label=warning.title,
                hazard_id=warning.hazard_id,
                expires_at=warning.expires_at,
                public=True,
            )

    def refresh_fields(self) -> tuple[str, ...]:
        return ("title", "severity", "detail", "expires_at")
