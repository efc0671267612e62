"""Reads of upward reports, scoped: BPBD see their district's, overseers those of the districts
they oversee; officers and desa facilitators see none."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from kencana.accounts import permissions
from kencana.accounts.scope import districts_for
from kencana.library.models import VersionState
from kencana.readiness.models import Indicator, TemplateVersion, UnitKind

from .models import (
    IkdAnswer,
    IkdAssessment,
    SpmEntry,
    SpmQualityComponent,
    SpmReport,
    SpmService,
    SpmSubActivity,
    SpmVersion,
)


def spm_report_list(*, user) -> QuerySet[SpmReport]:
    if not permissions.reads_like_bpbd(user):
        return SpmReport.objects.none()
    return SpmReport.objects.filter(district__in=districts_for(user)).select_related(
        "district", "version", "reviewed_by", "opened_by"
    )


def spm_report_get(*, user, pk: int) -> SpmReport:
    return get_object_or_404(spm_report_list(user=user), pk=pk)


def spm_entries(report: SpmReport) -> list[SpmEntry]:
    """The report's entries with their sub-activity, service and quality components, in catalogue order."""
    return list(
        report.entries.select_related("sub_activity__service").prefetch_related(
            Prefetch("sub_activity__components", queryset=SpmQualityComponent.objects.order_by("code"))
        )
    )


def current_spm_version() -> SpmVersion | None:
    """The newest published catalogue: new reports are opened with it."""
    return SpmVersion.objects.filter(published=True).order_by("-number").first()


def spm_catalogue(version: SpmVersion) -> list[SpmService]:
    """A version's services, each with its sub-activities and their quality components."""
    return list(
        version.services.order_by("order", "code").prefetch_related(
            Prefetch(
                "sub_activities",
                queryset=SpmSubActivity.objects.order_by("order", "code").prefetch_related("components"),
            )
        )
    )


# --- IKD ------------------------------------------------------------------------------------------


def ikd_assessment_list(*, user) -> QuerySet[IkdAssessment]:
    if not permissions.reads_like_bpbd(user):
        return IkdAssessment.objects.none()
    return IkdAssessment.objects.filter(district__in=districts_for(user)).select_related(
        "district", "version__template", "reviewed_by", "opened_by"
    )


def ikd_assessment_get(*, user, pk: int) -> IkdAssessment:
    return get_object_or_404(ikd_assessment_list(user=user), pk=pk)


def ikd_version_for(district_id: int) -> TemplateVersion | None:
    """The published version of the district's template that assesses the district (the newest
    published, when it keeps more than one): new assessments are opened with it."""
    return (
        TemplateVersion.objects.filter(
            template__district_id=district_id,
            template__unit_kind=UnitKind.DISTRICT,
            state=VersionState.PUBLISHED,
        )
        .select_related("template")
        .order_by("-published_at", "-pk")
        .first()
    )


def ikd_indicators(version: TemplateVersion) -> list[Indicator]:
    """Every indicator of the version, in the template's order: all are asked of a district
    (hazards narrow a kecamatan's questions, not a district's)."""
    return list(
        Indicator.objects.filter(version=version)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "id")
    )


def ikd_answers(assessment: IkdAssessment) -> dict[int, IkdAnswer]:
    """The assessment's answers by indicator id."""
    return {answer.indicator_id: answer for answer in assessment.answers.all()}


def spm_versions() -> QuerySet[SpmVersion]:
    """Every edition of the catalogue, newest first, with how many reports were opened with it."""
    return (
        SpmVersion.objects.select_related("created_by", "published_by")
        .annotate(report_count=Count("reports"))
        .order_by("-number")  # Meta.ordering is not applied to a query that counts
    )


def spm_version_get(*, number: int) -> SpmVersion:
    return get_object_or_404(spm_versions(), number=number)
