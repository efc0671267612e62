"""Admin for the needs profiles (reference data, kept with history). Shelters and counts change
only through the services (pages and API); they are read here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kencana.core.admin import AnnouncesChanges

from .models import DistrictNeedsProfile, NeedsProfile, NeedsProfileLine, Shelter, ShelterCount


class LineInline(admin.TabularInline):
    model = NeedsProfileLine
    extra = 0


@admin.register(NeedsProfile)
class NeedsProfileAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("code", "name", "source", "is_active")
    inlines = [LineInline]


@admin.register(NeedsProfileLine)
class NeedsProfileLineAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("profile", "item", "quantity", "per_count", "basis", "period", "initial_days", "initial_quantity")
    list_filter = ("profile",)


@admin.register(DistrictNeedsProfile)
class DistrictNeedsProfileAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("district", "profile")


@admin.register(Shelter)
class ShelterAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "event", "kecamatan", "desa", "capacity", "opened_on", "closed_on")
    list_filter = ("kind", "district")
    readonly_fields = [f.name for f in Shelter._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ShelterCount)
class ShelterCountAdmin(admin.ModelAdmin):
    list_display = ("shelter", "as_of", "households", "people", "filed_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
