from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kencana.core.admin import AnnouncesChanges

from .models import ActionItem, ActionPlan, Agency, CardStep, Evidence, PlanSettings, QuickResponseCard


@admin.register(PlanSettings)
class PlanSettingsAdmin(admin.ModelAdmin):
    list_display = ("district", "card_review_days")


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "district", "kecamatan", "contact_person", "phone", "is_active")
    list_filter = ("district", "kind", "is_active")
    search_fields = ("name", "contact_person", "phone")
    list_select_related = ("district", "kecamatan")


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    fields = ("title", "status", "progress", "due_date", "owner_agency")
    extra = 0
    show_change_link = True


@admin.register(ActionPlan)
class ActionPlanAdmin(AnnouncesChanges, admin.ModelAdmin):
    list_display = ("title", "district", "kecamatan")
    list_filter = ("district",)
    inlines = [ActionItemInline]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = ("original_name", "extension", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ActionItem)
class ActionItemAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("title", "plan", "status", "progress", "due_date", "owner_agency")
    list_filter = ("status", "plan__district", "budget_source")
    search_fields = ("title", "owner_person")
    list_select_related = ("plan", "owner_agency")
    raw_id_fields = ("indicator", "source_report")
    inlines = [EvidenceInline]


class CardStepInline(admin.TabularInline):
    model = CardStep
    extra = 0


@admin.register(QuickResponseCard)
class QuickResponseCardAdmin(SimpleHistoryAdmin):
    list_display = ("kecamatan", "hazard", "last_reviewed_on")
    list_filter = ("kecamatan__district", "hazard")
    filter_horizontal = ("extra_contacts",)
    inlines = [CardStepInline]
