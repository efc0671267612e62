"""Shelters and counts change only through the services (pages and API); they are read here.
The needs profiles they follow are edited with the logistics reference data."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Shelter, ShelterCount


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
