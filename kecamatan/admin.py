from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kencana.core.admin import AnnouncesChanges

from .models import GEOMETRY_FIELDS, Desa, District, Hazard, Kecamatan, Province, RiskProfile, RiskSettings, School
from .services import risk_settings_update


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "timezone")
    search_fields = ("code", "name")
    exclude = GEOMETRY_FIELDS


@admin.register(District)
class DistrictAdmin(AnnouncesChanges, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "timezone", "population")
    list_filter = ("province", "timezone")
    search_fields = ("code", "name")
    filter_horizontal = ("partners",)
    exclude = GEOMETRY_FIELDS


@admin.register(Kecamatan)
class KecamatanAdmin(AnnouncesChanges, admin.ModelAdmin):
    list_display = ("code", "name", "district", "population", "area_km2", "boundary_approximate")
    list_filter = ("district", "boundary_approximate")
    search_fields = ("code", "name")
    exclude = GEOMETRY_FIELDS


@admin.register(Desa)
class DesaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "kecamatan")
    list_filter = ("kind", "kecamatan__district")
    search_fields = ("code", "name")
    list_select_related = ("kecamatan",)
    exclude = GEOMETRY_FIELDS


@admin.register(Hazard)
class HazardAdmin(AnnouncesChanges, admin.ModelAdmin):
    list_display = ("code", "name_id", "name_en", "sort_order")
    search_fields = ("code", "name_id", "name_en", "aliases")


@admin.register(RiskProfile)
class RiskProfileAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    """Edits here skip the import checks but not the derived index and class (computed on save)."""

    list_display = ("kecamatan", "hazard", "risk_index", "risk_class", "year", "source")
    list_filter = ("risk_class", "hazard", "kecamatan__district")
    search_fields = ("kecamatan__name", "kecamatan__code")
    list_select_related = ("kecamatan", "hazard")
    readonly_fields = ("risk_index", "risk_class")


@admin.register(RiskSettings)
class RiskSettingsAdmin(AnnouncesChanges, admin.ModelAdmin):
    list_display = ("district", "low_upper", "medium_upper")

    def save_model(self, request, obj, form, change):
        # Through the service, so the district's profiles are reclassified with the new cut-offs.
        risk_settings_update(
            by=request.user, district=obj.district, low_upper=obj.low_upper, medium_upper=obj.medium_upper
        )


@admin.register(School)
class SchoolAdmin(AnnouncesChanges, SimpleHistoryAdmin):
    list_display = ("npsn", "name", "level", "pupils", "desa", "active")
    list_filter = ("active", "level", "desa__kecamatan__district")
    search_fields = ("npsn", "name", "desa__name")
    raw_id_fields = ("desa",)
