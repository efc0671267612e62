from django_filters import rest_framework as filters
from rest_framework import serializers

from kencana.core.api import ScopedReadOnlyViewSet

from .models import District, Hazard, Kecamatan
from .selectors import district_list, hazard_list, kecamatan_list


class DistrictSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "kind", "province", "timezone", "population", "population_year", "population_source"]


class KecamatanSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Kecamatan
        fields = [
            "code",
            "name",
            "district",
            "population",
            "population_year",
            "population_source",
            "area_km2",
            "centroid_lat",
            "centroid_lon",
            "boundary_approximate",
            "kencana_declared_on",
            "kencana_declared_tier",
        ]


class HazardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hazard
        fields = ["code", "name_id", "name_en", "aliases"]


class KecamatanFilter(filters.FilterSet):
    district = filters.CharFilter(field_name="district__code", label="District code, e.g. 63.11")
    name = filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Kecamatan
        fields = ["district", "name"]


class DistrictViewSet(ScopedReadOnlyViewSet):
    """Districts whose data the user works with."""

    queryset = District.objects.all()
    serializer_class = DistrictSerializer
    lookup_field = "code"
    lookup_value_regex = r"\d{2}\.\d{2}"
    ordering_fields = ["code", "name"]

    def scoped_queryset(self, user):
        return district_list(user=user).order_by("code")


class KecamatanViewSet(ScopedReadOnlyViewSet):
    """Kecamatan in the user's scope: the whole district for BPBD, assigned ones for officers."""

    queryset = Kecamatan.objects.all()
    serializer_class = KecamatanSerializer
    filterset_class = KecamatanFilter
    lookup_field = "code"
    lookup_value_regex = r"\d{2}\.\d{2}\.\d{2}"
    ordering_fields = ["code", "name", "population"]

    def scoped_queryset(self, user):
        return kecamatan_list(user=user).order_by("code")


class HazardViewSet(ScopedReadOnlyViewSet):
    """The hazard catalogue (InaRISK list and local additions)."""

    queryset = Hazard.objects.all()
    serializer_class = HazardSerializer
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9-]+"
    pagination_class = None

    def scoped_queryset(self, user):
        return hazard_list()
