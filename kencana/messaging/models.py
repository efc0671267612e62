"""Field reports: what people send in by WhatsApp, Telegram or SMS, waiting for BPBD to check.

A report is unverified until BPBD staff verify or dismiss it; a verified report may be
attached to a disaster event or open one. The sender hears what happened to it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kencana.alerts.models import MESSAGING_CHANNELS


class FieldReport(models.Model):
    class State(models.TextChoices):
        UNVERIFIED = "unverified", _("Unverified")
        VERIFIED = "verified", pgettext_lazy("field report", "Verified")
        DISMISSED = "dismissed", _("Dismissed")

    district = models.ForeignKey(
        "kecamatan.District", on_delete=models.CASCADE, related_name="field_reports", verbose_name=_("district")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=[(c.value, c.label) for c in MESSAGING_CHANNELS])
    sender = models.CharField(_("sender"), max_length=40, help_text=_("Phone number or Telegram chat id."))
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered sender"),
    )
    text = models.TextField(_("message"))
    hazard = models.ForeignKey(
        "kecamatan.Hazard", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("hazard")
    )
    kecamatan = models.ForeignKey(
        "kecamatan.Kecamatan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="field_reports",
        verbose_name=_("kecamatan"),
    )
    desa = models.ForeignKey(
        "kecamatan.Desa", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("desa")
    )
    place_text = models.CharField(_("place as written"), max_length=200, blank=True)
    depth_cm = models.PositiveIntegerField(_("water depth (cm)"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    photos = models.JSONField(
        _("photos"), default=list, blank=True, help_text=_("The provider's media ids and sizes of attached photos.")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.UNVERIFIED)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.CharField(_("note"), max_length=300, blank=True)
    event = models.ForeignKey(
        "response.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="field_reports",
        verbose_name=_("event"),
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        indexes = [models.Index(fields=["district", "state"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.sender}: {self.text[:40]}"
