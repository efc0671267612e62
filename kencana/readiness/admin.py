"""Admin views for support staff: read-mostly. Reports and templates change through the app's pages and
services (which keep the workflow rules); here they can be inspected with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kencana.core.admin import AnnouncesChanges

from .models import Answer, Assignment, Evidence, Indicator, Report, Template, TemplateVersion, TierThreshold


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class VersionInline(ReadOnlyInline):
    model = TemplateVersion
    fields = ("number", "state", "published_at", "source_version")


class ThresholdInline(ReadOnlyInline):
    model = TierThreshold
    fields = ("name", "lower_bound")


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ("code", "section", "answer_type", "weight", "evidence_required")


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("indicator", "yes", "number", "choice", "points", "verdict")


@admin.register(Template)
class TemplateAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("name", "district", "shared_with_partners", "source_template")
    list_filter = ("district", "shared_with_partners")
    search_fields = ("name",)
    inlines = [VersionInline]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("template", "number", "state", "published_at")
    list_filter = ("state", "template__district")
    readonly_fields = ("template", "number", "state", "source_version", "published_at", "published_by")
    inlines = [ThresholdInline, IndicatorInline]


@admin.register(Assignment)
class AssignmentAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("version", "district", "period_type", "starts_on", "due_days", "close_days", "active")
    list_filter = ("district", "period_type", "active")


@admin.register(Report)
class ReportAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("kecamatan", "period_start", "state", "score", "tier", "submitted_at", "verified_at")
    list_filter = ("state", "kecamatan__district", "period_type")
    search_fields = ("kecamatan__name", "kecamatan__code")
    date_hierarchy = "period_start"
    inlines = [AnswerInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    # The file itself is never linked here: evidence is served only by the scope-checking view.
    fields = readonly_fields = ("answer", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
