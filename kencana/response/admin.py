from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Casualty, Decree, Event, ImpactReport, ResponseSettings, Sitrep, Task


@admin.register(ResponseSettings)
class ResponseSettingsAdmin(admin.ModelAdmin):
    list_display = ["district", "decree_warning_days"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "district", "hazard", "status", "started_at"]
    list_filter = ["status", "hazard", "district"]
    search_fields = ["number", "title"]
    readonly_fields = ["cap_log", "last_task_number", "last_sitrep_number"]
    raw_id_fields = ["kecamatan", "desa", "source_alert", "opened_by", "closed_by"]


@admin.register(Decree)
class DecreeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "event", "level", "period_start", "period_end"]
    raw_id_fields = ["event", "follows", "recorded_by"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["event", "number", "title", "kecamatan", "state", "due_at"]
    list_filter = ["state"]
    raw_id_fields = ["event", "kecamatan", "activation", "step", "action_item", "agency", "assignees"]


@admin.register(ImpactReport)
class ImpactReportAdmin(SimpleHistoryAdmin):
    list_display = ["event", "desa", "version", "state", "as_of"]
    list_filter = ["state"]
    raw_id_fields = ["event", "desa", "kecamatan", "supersedes", "created_by", "submitted_by", "verified_by"]


@admin.register(Casualty)
class CasualtyAdmin(SimpleHistoryAdmin):
    list_display = ["event", "name", "status", "desa"]
    raw_id_fields = ["event", "desa", "recorded_by"]


@admin.register(Sitrep)
class SitrepAdmin(admin.ModelAdmin):
    list_display = ["event", "number", "kind", "as_of", "issued_at"]
    readonly_fields = ["data"]
    raw_id_fields = ["event", "issued_by"]
