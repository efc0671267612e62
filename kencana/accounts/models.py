import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """Roles along the chain of command, from the field up to BPBD, BPBD Provinsi and BNPB."""

    OFFICER = "officer", _("Kecamatan officer")
    BPBD_STAFF = "bpbd_staff", _("BPBD staff")
    BPBD_ADMIN = "bpbd_admin", _("BPBD admin")
    DESA_FACILITATOR = "desa_facilitator", _("Desa facilitator")
    SCHOOL_FOCAL = "school_focal", _("School focal person")
    PROVINCE_STAFF = "province_staff", _("BPBD Provinsi staff")
    PROVINCE_ADMIN = "province_admin", _("BPBD Provinsi admin")
    NATIONAL_STAFF = "national_staff", _("BNPB staff")
    NATIONAL_ADMIN = "national_admin", _("BNPB admin")


PROVINCE_ROLES = (Role.PROVINCE_STAFF.value, Role.PROVINCE_ADMIN.value)
NATIONAL_ROLES = (Role.NATIONAL_STAFF.value, Role.NATIONAL_ADMIN.value)


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
    desa = models.ForeignKey(
        "kecamatan.Desa",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitators",
        verbose_name=_("desa/kelurahan"),
        help_text=_("The one desa a desa facilitator works for."),
    )
    school = models.ForeignKey(
        "kecamatan.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_people",
        verbose_name=_("school"),
        help_text=_("The one school a school focal person works for."),
    )
    province = models.ForeignKey(
        "kecamatan.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("province"),
        help_text=_("The province a BPBD Provinsi account oversees."),
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
            models.CheckConstraint(
                condition=models.Q(role="desa_facilitator", desa__isnull=False)
                | (~models.Q(role="desa_facilitator") & models.Q(desa__isnull=True)),
                name="user_desa_only_for_facilitators",
            ),
            models.CheckConstraint(
                condition=models.Q(role="school_focal", school__isnull=False)
                | (~models.Q(role="school_focal") & models.Q(school__isnull=True)),
                name="user_school_only_for_focal_people",
            ),
            # BPBD Provinsi work for a province and BNPB for the country, never inside one district.
            models.CheckConstraint(
                condition=models.Q(role__in=PROVINCE_ROLES, province__isnull=False, district__isnull=True)
                | (~models.Q(role__in=PROVINCE_ROLES) & models.Q(province__isnull=True)),
                name="user_province_only_for_province_roles",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=NATIONAL_ROLES) | models.Q(district__isnull=True),
                name="user_national_roles_without_district",
            ),
        ]

    def save(self, *args, **kwargs):
        # Every way a password changes (the password page, a reset link, the admin, the
        # changepassword command) and every deactivation comes through here: API tokens
        # issued before must stop working with it.
        password_changed = self._password is not None
        super().save(*args, **kwargs)
        if password_changed or not self.is_active:
            self.api_tokens.all().delete()

    @property
    def is_bpbd(self) -> bool:
        return self.is_superuser or self.role in (Role.BPBD_STAFF, Role.BPBD_ADMIN)

    @property
    def is_district_admin(self) -> bool:
        return self.is_superuser or self.role == Role.BPBD_ADMIN

    @property
    def is_officer(self) -> bool:
        return not self.is_superuser and self.role == Role.OFFICER

    @property
    def is_facilitator(self) -> bool:
        return not self.is_superuser and self.role == Role.DESA_FACILITATOR

    @property
    def is_school_focal(self) -> bool:
        return not self.is_superuser and self.role == Role.SCHOOL_FOCAL

    @property
    def is_unit_scoped(self) -> bool:
        """A desa facilitator or a school focal person: one desa or one school, nothing of the district."""
        return self.is_facilitator or self.is_school_focal

    @property
    def is_province(self) -> bool:
        """BPBD Provinsi staff or admin: reads every district of their province."""
        return not self.is_superuser and self.role in PROVINCE_ROLES

    @property
    def is_national(self) -> bool:
        """BNPB staff or admin: reads every district of the country."""
        return not self.is_superuser and self.role in NATIONAL_ROLES

    @property
    def is_overseer(self) -> bool:
        """Province or national: reads what a district's BPBD reads, in many districts, and writes
        nothing of theirs."""
        return self.is_province or self.is_national

    @property
    def reads_like_bpbd(self) -> bool:
        """Sees whole districts the way their BPBD does: BPBD, overseers and superusers."""
        return self.is_bpbd or self.is_overseer


class ApiToken(models.Model):
    """A named API token of one person. Only its hash is stored: the key is shown once, at creation.

    Tokens expire (``API_TOKEN_DAYS``) and are revoked when the password changes or is reset
    and when the account is deactivated (``User.save``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
