from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IkdAssessment, SpmQualityComponent, SpmReport, SpmService, SpmSubActivity, SpmVersion


class ServiceInline(admin.TabularInline):
    model = SpmService
    extra = 0


@admin.register(SpmVersion)
class SpmVersionAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "published")
    inlines = [ServiceInline]


class ComponentInline(admin.TabularInline):
    model = SpmQualityComponent
    extra = 0


@admin.register(SpmSubActivity)
class SpmSubActivityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "service", "unit", "source")
    list_filter = ("service__version",)
    inlines = [ComponentInline]


@admin.register(SpmReport)
class SpmReportAdmin(SimpleHistoryAdmin):
    list_display = ("district", "year", "quarter", "state", "due_on")
    list_filter = ("state", "year", "quarter")
    readonly_fields = ("district", "year", "quarter", "version", "state", "opened_by", "reviewed_by")


@admin.register(IkdAssessment)
class IkdAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("district", "year", "state", "index", "level")
    list_filter = ("state", "year")
    readonly_fields = ("district", "year", "version", "state", "index", "level", "opened_by", "reviewed_by")
