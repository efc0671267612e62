"""Readiness: indicator templates, assignments to kecamatan, periodic reports and their answers.

A :class:`Template` is a district's lineage; each :class:`TemplateVersion` holds the
sections, indicators and tier thresholds of one edition. A published version never
changes, so a report scored against it keeps its thresholds for good.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kencana.core.formats import number
from kencana.core.uploads import extension_of, safe_download_name
from kencana.library.models import LibraryTemplate, LibraryVersion, VersionState

from .periods import PeriodType, deadline_end, period_label
from .tiers import tier_for

__all__ = [
    "Answer",
    "AnswerType",
    "Assignment",
    "Computed",
    "Evidence",
    "Indicator",
    "KatanaCount",
    "PeriodType",
    "Report",
    "ReportState",
    "Section",
    "Template",
    "TemplateVersion",
    "TierThreshold",
    "UnitKind",
    "Verdict",
    "VersionState",
]


class UnitKind(models.TextChoices):
    """What a template assesses. Reports of a desa or a school still name its kecamatan, so the
    kecamatan scope (``kecamatan_for``) reaches them with the same one-column query."""

    KECAMATAN = "kecamatan", _("Kecamatan")
    DESA = "desa", _("Desa/kelurahan")
    SCHOOL = "school", _("School")
    DISTRICT = "district", _("District")


class Template(LibraryTemplate):
    """A readiness indicator template owned by one district, across its versions."""

    unit_kind = models.CharField(_("assesses"), max_length=10, choices=UnitKind.choices, default=UnitKind.KECAMATAN)

    history = HistoricalRecords()

    class Meta(LibraryTemplate.Meta):
        verbose_name = _("readiness template")
        verbose_name_plural = _("readiness templates")


class TemplateVersion(LibraryVersion):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    weak_below = models.DecimalField(
        _("weak answer below (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("An answer scoring below this share of its points is a gap for the action plan."),
    )

    history = HistoricalRecords()

    class Meta(LibraryVersion.Meta):
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="readiness_version_number_unique"),
            # At most one draft and one published version per template at any time.
            models.UniqueConstraint(
                fields=["template"], condition=models.Q(state="draft"), name="readiness_one_draft_per_template"
            ),
            models.UniqueConstraint(
                fields=["template"], condition=models.Q(state="published"), name="readiness_one_published_per_template"
            ),
        ]

    def thresholds_desc(self) -> list["TierThreshold"]:
        return sorted(self.thresholds.all(), key=lambda t: t.lower_bound, reverse=True)

    def tier_for(self, score: Decimal | None) -> str:
        """The highest tier whose lower bound the score reaches ("" when none does)."""
        return tier_for(score, [(t.name, t.lower_bound) for t in self.thresholds.all()])


class TierThreshold(models.Model):
    """A tier name and the lowest 0–100 score that reaches it, per template version."""

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="thresholds")
    name = models.CharField(_("tier"), max_length=40)
    lower_bound = models.DecimalField(
        _("from score"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["version", "lower_bound"]
        verbose_name = _("tier threshold")
        verbose_name_plural = _("tier thresholds")
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="readiness_threshold_name_unique"),
            models.UniqueConstraint(fields=["version", "lower_bound"], name="readiness_threshold_bound_unique"),
            models.CheckConstraint(
                condition=models.Q(lower_bound__gte=0, lower_bound__lte=100), name="readiness_threshold_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ≥ {self.lower_bound}"


class Section(models.Model):
    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("section"), max_length=200)
    title_en = models.CharField(_("section (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["version", "title"], name="readiness_section_title_unique")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        english = (get_language() or "id").startswith("en")
        return self.title_en if english and self.title_en else self.title


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", _("Yes / no")
    SCALE = "scale", _("Scale with labelled levels")
    NUMBER = "number", _("Number with a target")
    CHOICE = "choice", _("Single choice with points")


class Computed(models.TextChoices):
    """Figures a kecamatan indicator can take from the units below it instead of an answer."""

    DESTANA_MADYA_SHARE = "destana_madya_share", _("Share of desa at Destana Madya or above (%)")
    SPAB_VERIFIED_SHARE = "spab_verified_share", _("Share of schools with SPAB verified (%)")
    KATANA_PER_1000 = "katana_per_1000", _("Households reached by Katana per 1,000 people")


class Indicator(models.Model):
    """One question of a template version.

    ``choices`` is a list of ``{"label": str, "points": number}`` for scale and choice
    answers. An answer's share of the points is 0–1: yes = 1, no = 0; a scale or
    choice scores its points over the highest points on offer; a number scores its
    value over the target, capped at 1.
    """

    version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="indicators")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=30)
    text_id = models.TextField(_("question (Indonesian)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=10, choices=AnswerType.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(0)]
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    hazards = models.ManyToManyField(
        "kecamatan.Hazard",
        blank=True,
        related_name="readiness_indicators",
        verbose_name=_("hazards"),
        help_text=_("Asked only of kecamatan facing one of these hazards; empty = asked everywhere."),
    )
    guidance = models.TextField(_("guidance"), blank=True)
    computed = models.CharField(
        _("computed from"),
        max_length=30,
        choices=Computed.choices,
        blank=True,
        help_text=_("Answered from the desa and schools of the kecamatan; the officer cannot overwrite it."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["section__position", "position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="readiness_indicator_code_unique"),
            models.CheckConstraint(
                condition=models.Q(answer_type__in=[t.value for t in AnswerType]), name="readiness_answer_type_known"
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="readiness_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        english = (get_language() or "id").startswith("en")
        return self.text_en if english and self.text_en else self.text_id

    @property
    def max_points(self) -> Decimal:
        return max((Decimal(str(c["points"])) for c in self.choices), default=Decimal(0))

    def points_of(self, label: str) -> Decimal | None:
        for choice in self.choices:
            if choice["label"] == label:
                return Decimal(str(choice["points"]))
        return None


class Assignment(models.Model):
    """A template version assigned to kecamatan: each kecamatan × period is an expected report."""

    district = models.ForeignKey("kecamatan.District", on_delete=models.PROTECT, related_name="readiness_assignments")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="assignments")
    kecamatan = models.ManyToManyField("kecamatan.Kecamatan", related_name="readiness_assignments")
    period_type = models.CharField(_("period"), max_length=10, choices=PeriodType.choices, default=PeriodType.QUARTER)
    starts_on = models.DateField(
        _("first period starts"), help_text=_("Reports are expected from the period holding this date.")
    )
    due_days = models.PositiveSmallIntegerField(
        _("due by (days after the period ends)"), default=15, validators=[MaxValueValidator(365)]
    )
    close_days = models.PositiveSmallIntegerField(
        _("closes on (days after the period ends)"), default=45, validators=[MaxValueValidator(366)]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    history = HistoricalRecords(m2m_fields=[kecamatan])

    class Meta:
        ordering = ["district__code", "-starts_on"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(close_days__gte=models.F("due_days")), name="readiness_closes_after_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.get_period_type_display()}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified")


# The states in which the people who file a report may still change it (BPBD returned it, or it
# was never sent): the filer's form, the button that opens it, and the computed answers follow them.
OPEN_STATES = (ReportState.DRAFT, ReportState.RETURNED)


class ReportQuerySet(models.QuerySet):
    def kecamatan_units(self) -> "ReportQuerySet":
        """Reports about a kecamatan itself, not one of its desa or schools (tiers, maps, trends)."""
        return self.filter(desa__isnull=True, school__isnull=True)


class Report(models.Model):
    """One unit's readiness report for one period, scored against one template version: a kecamatan's,
    or one of its desa's or schools' (which still name the kecamatan, for scope)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="reports")
    kecamatan = models.ForeignKey("kecamatan.Kecamatan", on_delete=models.PROTECT, related_name="readiness_reports")
    desa = models.ForeignKey(
        "kecamatan.Desa", on_delete=models.PROTECT, null=True, blank=True, related_name="readiness_reports"
    )
    school = models.ForeignKey(
        "kecamatan.School", on_delete=models.PROTECT, null=True, blank=True, related_name="readiness_reports"
    )
    period_type = models.CharField(_("period"), max_length=10, choices=PeriodType.choices)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    due_on = models.DateField(_("due by"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    first_submitted_at = models.DateTimeField(
        _("first submitted at"), null=True, blank=True, help_text=_("Decides whether the report came in on time.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_note = models.TextField(_("note to the officer"), blank=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    tier = models.CharField(_("tier"), max_length=40, blank=True)
    section_scores = models.JSONField(_("section scores"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "kecamatan__code"]
        verbose_name = _("readiness report")
        verbose_name_plural = _("readiness reports")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kecamatan", "period_start"],
                condition=models.Q(desa__isnull=True, school__isnull=True),
                name="readiness_one_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["assignment", "desa", "period_start"],
                condition=models.Q(desa__isnull=False),
                name="readiness_one_desa_report_per_period",
            ),
            models.UniqueConstraint(
                fields=["assignment", "school", "period_start"],
                condition=models.Q(school__isnull=False),
                name="readiness_one_school_report_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(desa__isnull=True) | models.Q(school__isnull=True),
                name="readiness_report_one_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in ReportState]), name="readiness_report_state_known"
            ),
        ]
        indexes = [models.Index(fields=["kecamatan", "period_start"])]

    def __str__(self) -> str:
        return f"{self.unit_name} · {self.period_label}"

    @property
    def unit_name(self) -> str:
        """The assessed unit: the desa or school when there is one, else the kecamatan."""
        unit = self.desa or self.school or self.kecamatan
        return unit.name

    @property
    def period_label(self) -> str:
        return period_label(self.period_type, self.period_start)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def submitted_on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        return self.first_submitted_at <= deadline_end(self.due_on, self.kecamatan.district.timezone)


class Verdict(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    NEEDS_REVISION = "needs_revision", _("Needs revision")


class Answer(models.Model):
    """An officer's answer to one indicator, with the reviewer's verdict on it.

    ``points`` is the share (0–1) of the indicator's points the answer earns, computed
    by the scoring service whenever the value changes.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    yes = models.BooleanField(_("yes"), null=True, blank=True)
    number = models.DecimalField(
        pgettext_lazy("answer", "number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    choice = models.CharField(_("choice"), max_length=200, blank=True)
    points = models.DecimalField(_("points (share)"), max_digits=5, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    source_figures = models.JSONField(
        _("source figures"),
        default=dict,
        blank=True,
        help_text=_("For a computed answer: the figures it was computed from, and when."),
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["report", "indicator__section__position", "indicator__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="readiness_one_answer_per_indicator"),
            models.CheckConstraint(
                condition=models.Q(points__isnull=True) | models.Q(points__gte=0, points__lte=1),
                name="readiness_points_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator.code}"

    @property
    def is_answered(self) -> bool:
        return self.points is not None

    @property
    def changed_since_review(self) -> bool:
        """The officer changed it after it was reviewed: it waits for a new verdict."""
        return not self.verdict and self.reviewed_at is not None

    @property
    def display_value(self) -> str:
        kind = self.indicator.answer_type
        if kind == AnswerType.YES_NO:
            return "" if self.yes is None else str(_("Yes") if self.yes else _("No"))
        if kind == AnswerType.NUMBER:
            return "" if self.number is None else f"{number(self.number)} {self.indicator.unit}".strip()
        return self.choice

    @property
    def provenance(self) -> str:
        """For a computed answer: the figures behind it, in a sentence."""
        figures = self.source_figures or {}
        kind = figures.get("kind")
        values = {"part": number(figures.get("numerator", 0)), "whole": number(figures.get("denominator", 0))}
        if kind == Computed.DESTANA_MADYA_SHARE:
            return _("%(part)s of %(whole)s desa at Destana Madya or above (latest verified assessments).") % values
        if kind == Computed.SPAB_VERIFIED_SHARE:
            return _("%(part)s of %(whole)s schools with a verified SPAB assessment.") % values
        if kind == Computed.KATANA_PER_1000:
            return _("%(part)s households reached by Katana (latest count per desa) for %(whole)s people.") % values
        return ""

    @property
    def percent(self) -> Decimal | None:
        return None if self.points is None else (self.points * 100).quantize(Decimal("0.1"))


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A random name: the original is kept in the database, never in the path."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"readiness/evidence/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A file backing an answer. Served only by a view that checks the report's scope."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        ordering = ["answer", "uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The original name with the extension of the real content (a PNG named evil.html is evil.png)."""
        return safe_download_name(self.original_name, extension_of(self.content_type), default="bukti")


class KatanaCount(models.Model):
    """Katana (Keluarga Tangguh Bencana): households of a desa reached by family preparedness
    activities, as a periodic count (no per-family records)."""

    desa = models.ForeignKey("kecamatan.Desa", on_delete=models.PROTECT, related_name="katana_counts")
    counted_on = models.DateField(_("counted on"))
    households = models.PositiveIntegerField(_("households reached"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["desa__code", "-counted_on"]
        verbose_name = _("Katana count")
        verbose_name_plural = _("Katana counts")
        constraints = [models.UniqueConstraint(fields=["desa", "counted_on"], name="readiness_katana_one_per_day")]

    def __str__(self) -> str:
        return f"{self.desa.name} · {self.counted_on}: {self.households}"
