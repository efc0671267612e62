from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles along the chain of command, from the field up to the head of BPBD."""

    OFFICER = "officer", _("Kecamatan officer")
    BPBD_STAFF = "bpbd_staff", _("BPBD staff")
    BPBD_ADMIN = "bpbd_admin", _("BPBD admin")


class User(AbstractUser):
    district = models.ForeignKey(
        "kecamatan.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("district"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    kecamatan = models.ManyToManyField(
        "kecamatan.Kecamatan",
        blank=True,
        related_name="officers",
        verbose_name=_("kecamatan"),
        help_text=_("The kecamatan an officer works for."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)

    history = HistoricalRecords(m2m_fields=[kecamatan], excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=[r.value for r in Role]), name="user_role_known"),
        ]

    @property
    def is_bpbd(self) -> bool:
        return self.is_superuser or self.role in (Role.BPBD_STAFF, Role.BPBD_ADMIN)

    @property
    def is_district_admin(self) -> bool:
        return self.is_superuser or self.role == Role.BPBD_ADMIN

    @property
    def is_officer(self) -> bool:
        return not self.is_superuser and self.role == Role.OFFICER
