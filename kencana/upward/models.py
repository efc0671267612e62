"""What a district owes upward: the quarterly SPM report of the disaster sub-affair, and the
yearly IKD (Indeks Ketahanan Daerah) self-assessment.

The SPM services, sub-activities and quality components are data in versions (``SpmVersion``):
national admins revise them, and a report keeps the version it was opened with. The IKD's
priorities, indicators and levels are a readiness template that assesses the district
(``UnitKind.DISTRICT``): an assessment keeps the template version it was opened with.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class SpmVersion(models.Model):
    """One edition of the SPM catalogue; reports are opened with the newest published one."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("SPM catalogue version")
        verbose_name_plural = _("SPM catalogue versions")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class SpmService(models.Model):
    """One of the basic services of the disaster sub-affair."""

    version = models.ForeignKey(SpmVersion, on_delete=models.CASCADE, related_name="services")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="spm_service_code_unique")]
        verbose_name = _("SPM service")
        verbose_name_plural = _("SPM services")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Source(models.TextChoices):
    """Where a sub-activity's figures come from: Kencana's own data, or the district's entry."""

    ENTERED = "", _("Entered by the district")
    RISK_PROFILES = "risk_profiles", _("Kecamatan with a risk profile")
    VERIFIED_READINESS = "verified_readiness", _("Kecamatan with a verified readiness report in the quarter")
    CARDS_REVIEWED = "cards_reviewed", _("Quick-response cards reviewed in the quarter")


class SubActivityManager(models.Manager):
    def get_by_natural_key(self, version: int, service: str, code: str) -> "SpmSubActivity":
        return self.get(service__version__number=version, service__code=service, code=code)


class SpmSubActivity(models.Model):
    """A sub-activity of a service, with the unit its target and achievement count."""

    service = models.ForeignKey(SpmService, on_delete=models.CASCADE, related_name="sub_activities")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, blank=True)
    target_note = models.TextField(
        _("target note"), blank=True, help_text=_("What the target counts, and how a district sets it.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = SubActivityManager()

    class Meta:
        ordering = ["service__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="spm_sub_activity_code_unique")]
        verbose_name = _("SPM sub-activity")
        verbose_name_plural = _("SPM sub-activities")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def computed(self) -> bool:
        return bool(self.source)

    def natural_key(self) -> tuple[int, str, str]:
        """The same sub-activity in any installation: its catalogue version, service and code."""
        return (self.service.version.number, self.service.code, self.code)


class SpmQualityComponent(models.Model):
    """A weighted quality component of a sub-activity; a sub-activity's weights add up to 100."""

    sub_activity = models.ForeignKey(SpmSubActivity, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sub_activity", "code"]
        constraints = [
            models.UniqueConstraint(fields=["sub_activity", "code"], name="spm_component_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="spm_component_weight"),
        ]
        verbose_name = _("quality component")
        verbose_name_plural = _("quality components")

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.weight}%)"


class UpwardState(models.TextChoices):
    """The life of every report a district owes upward: filed by the district, reviewed by the province."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified")


EDITABLE = (UpwardState.DRAFT, UpwardState.RETURNED)
DUE_DAY = 20  # e-SPM entry closes around the 20th of the month after the quarter


def quarter_due_on(year: int, quarter: int) -> datetime.date:
    """The 20th of the month after the quarter (of January next year for the fourth)."""
    month = quarter * 3 + 1
    return datetime.date(year + (month > 12), (month - 1) % 12 + 1, DUE_DAY)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, quarter * 3 - 2, 1)
    end = datetime.date(year + (quarter == 4), (quarter * 3) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


class SpmReport(models.Model):
    """A district's SPM report for one quarter: filed by its BPBD, verified or returned by the province."""

    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="spm_reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2018)])
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    version = models.ForeignKey(SpmVersion, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(_("state"), max_length=10, choices=UpwardState.choices, default=UpwardState.DRAFT)
    due_on = models.DateField(_("due on"))
    problems = models.TextField(_("problems"), blank=True)
    action_plan = models.TextField(_("action plan"), blank=True)
    review_note = models.TextField(_("province's note"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "district__code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "quarter"], name="spm_report_one_per_quarter"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="spm_report_quarter"),
            models.CheckConstraint(condition=models.Q(state__in=UpwardState.values), name="spm_report_state_known"),
        ]
        verbose_name = _("SPM report")
        verbose_name_plural = _("SPM reports")

    def __str__(self) -> str:
        return f"SPM {self.district.name} {self.period_label}"

    @property
    def period_label(self) -> str:
        return f"TW {self.quarter} {self.year}"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE


def evidence_path(entry: "SpmEntry", filename: str) -> str:
    return f"spm/{entry.report.district.code}/{entry.report.year}-{entry.report.quarter}/{filename}"


class SpmEntry(models.Model):
    """One sub-activity's figures in a report: target and achievement (computed or entered),
    budget, the quality components met, and the evidence for entered figures."""

    report = models.ForeignKey(SpmReport, on_delete=models.CASCADE, related_name="entries")
    sub_activity = models.ForeignKey(SpmSubActivity, on_delete=models.PROTECT, related_name="+")
    target = models.PositiveIntegerField(_("target"), null=True, blank=True)
    achieved = models.PositiveIntegerField(_("achieved"), null=True, blank=True)
    budget = models.DecimalField(_("budget (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True)
    components_met = models.JSONField(_("quality components met"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    evidence_type = models.CharField(max_length=100, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sub_activity__service__order", "sub_activity__order", "sub_activity__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "sub_activity"], name="spm_entry_one_per_sub_activity")
        ]
        verbose_name = _("SPM entry")
        verbose_name_plural = _("SPM entries")

    def __str__(self) -> str:
        return f"{self.report} · {self.sub_activity.code}"

    @property
    def achievement_percent(self) -> float | None:
        if not self.target or self.achieved is None:
            return None
        return round(100 * min(self.achieved, self.target) / self.target, 1)

    def quality_percent(self, components) -> int:
        """The weights of the components met, out of 100."""
        met = set(self.components_met or [])
        return sum(c.weight for c in components if c.code in met)


class IkdAssessment(models.Model):
    """A district's IKD self-assessment for one year, against a version of a readiness template that
    assesses the district: filed by its BPBD, verified or returned by the province, read by BNPB.

    ``index`` (0–1) and ``level`` are computed by the readiness scoring from the answers and the
    version's thresholds at every save, and stay as they were when it was submitted."""

    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="ikd_assessments")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2018)])
    version = models.ForeignKey("readiness.TemplateVersion", on_delete=models.PROTECT, related_name="ikd_assessments")
    state = models.CharField(_("state"), max_length=10, choices=UpwardState.choices, default=UpwardState.DRAFT)
    index = models.DecimalField(_("index"), max_digits=5, decimal_places=4, null=True, blank=True)
    level = models.CharField(_("level"), max_length=40, blank=True)
    section_scores = models.JSONField(_("section scores"), default=list, blank=True)
    review_note = models.TextField(_("province's note"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "district__code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="ikd_assessment_one_per_year"),
            models.CheckConstraint(condition=models.Q(state__in=UpwardState.values), name="ikd_assessment_state_known"),
            models.CheckConstraint(
                condition=models.Q(index__isnull=True) | models.Q(index__gte=0, index__lte=1), name="ikd_index_0_1"
            ),
        ]
        verbose_name = _("IKD self-assessment")
        verbose_name_plural = _("IKD self-assessments")

    def __str__(self) -> str:
        return f"IKD {self.district.name} {self.year}"

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE


class IkdAnswer(models.Model):
    """The district's answer to one indicator of its IKD assessment, with the share (0–1) of the
    indicator's points it earns (the readiness scoring's ``answer_points``)."""

    assessment = models.ForeignKey(IkdAssessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey("readiness.Indicator", on_delete=models.PROTECT, related_name="ikd_answers")
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    number = models.DecimalField(
        pgettext_lazy("answer", "number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    points = models.DecimalField(_("points (share)"), max_digits=5, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "indicator__section__position", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="ikd_one_answer_per_indicator"),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True) | models.Q(points__gte=0, points__lte=1),
                name="ikd_points_0_1",
            ),
        ]
        verbose_name = _("IKD answer")
        verbose_name_plural = _("IKD answers")

    def __str__(self) -> str:
        return f"{self.assessment} · {self.indicator.code}"

    @property
    def value(self) -> str:
        """The answer as typed (``ya``/``tidak``, a number, a choice's label); "" when unanswered."""
        if self.yes is not None:
            return "yes" if self.yes else "no"
        if self.number is not None:
            return f"{self.number.normalize():f}"
        return self.choice
