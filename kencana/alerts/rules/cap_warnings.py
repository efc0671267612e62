"""Imported CAP warnings: one alert per matched kecamatan while the thread's current message holds."""

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import CapMessage
from .base import Condition, Rule, register

RAISING_TYPES = ("Alert", "Update")


@register
class CapWarningRule(Rule):
    code = "cap_warning"
    label = _("CAP warning")
    resolution_note = _("The CAP warning expired, was cancelled, or no longer covers this kecamatan.")

    def evaluate(self, *, district_ids: Iterable[int] | None = None) -> Iterable[Condition]:
        rows = (
            CapMessage.kecamatan.through.objects.filter(
                capmessage__is_current=True, capmessage__status="Actual", capmessage__msg_type__in=RAISING_TYPES
            )
            .filter(Q(capmessage__expires__isnull=True) | Q(capmessage__expires__gt=timezone.now()))
            .select_related("capmessage", "kecamatan")
        )
        if district_ids is not None:
            rows = rows.filter(kecamatan__district_id__in=district_ids)
        for row in rows:
            message, kecamatan = row.capmessage, row.kecamatan
            yield Condition(
                # Keyed by the thread, so an Update refreshes the same alert.
                key=f"{self.code}:{message.thread_id}:{kecamatan.code}",
                district_id=kecamatan.district_id,
                kecamatan_id=kecamatan.pk,
                title=f"{message.headline or message.event} — {kecamatan.name}",
                severity=message.severity,
                detail="\n\n".join(part for part in (message.description, message.instruction) if part),
                subject=message,
                subject_label=f"{message.sender_name or message.sender}: {message.identifier}",
                expires_at=message.expires,
                # Restricted and Private messages never reach anonymous readers or the public feed.
                public=message.scope == "Public",
            )

    def refresh_fields(self) -> tuple[str, ...]:
        return ("title", "severity", "detail", "expires_at", "subject_id", "subject_label", "public")
