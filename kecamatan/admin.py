from django.contrib import admin

from .models import Desa, District, Hazard, Kecamatan, Province

GEOMETRY_FIELDS = ("boundary", "boundary_simplified")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "timezone")
    search_fields = ("code", "name")
    exclude = GEOMETRY_FIELDS


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "timezone", "population")
    list_filter = ("province", "timezone")
    search_fields = ("code", "name")
    filter_horizontal = ("partners",)
    exclude = GEOMETRY_FIELDS


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
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
class HazardAdmin(admin.ModelAdmin):
    list_display = ("code", "name_id", "name_en", "sort_order")
    search_fields = ("code", "name_id", "name_en", "aliases")
