from django.contrib import admin

from .models import FieldReport


@admin.register(FieldReport)
class FieldReportAdmin(admin.ModelAdmin):
    list_display = ("received_at", "district", "channel", "sender", "hazard", "kecamatan", "state")
    list_filter = ("state", "channel", "district")
    readonly_fields = ("received_at", "sender", "channel", "text", "photos")
