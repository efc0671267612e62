"""/api/v1/risk-profiles/: a kecamatan's risk per hazard; BPBD staff create, update and delete.

Writes call the same services as the web pages; the derived risk index and class are
read-only.
"""

from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from kencana.accounts.scope import kecamatan_for

from . import services
from .models import Hazard, Kecamatan, RiskProfile


class ScopedKecamatanField(serializers.SlugRelatedField):
    """A kecamatan code, looked up only among the kecamatan the caller may see."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return kecamatan_for(request.user) if request else Kecamatan.objects.none()


class RiskProfileSerializer(serializers.ModelSerializer):
    kecamatan = ScopedKecamatanField()
    hazard = serializers.SlugRelatedField(slug_field="code", queryset=Hazard.objects.all())
    season_months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=12), required=False, max_length=12
    )

    class Meta:
        model = RiskProfile
        fields = [
            "id",
            "kecamatan",
            "hazard",
            "hazard_index",
            "vulnerability_index",
            "capacity_index",
            "risk_index",
            "risk_class",
            "exposed_population",
            "season_months",
            "source",
            "year",
            "updated_at",
        ]
        read_only_fields = ["risk_index", "risk_class", "updated_at"]
        extra_kwargs = {
            "hazard_index": {"min_value": 0, "max_value": 1},
            "vulnerability_index": {"min_value": 0, "max_value": 1},
            "capacity_index": {"min_value": 0, "max_value": 1},
        }
        # One profile per kecamatan and hazard: a create upserts, so the unique check is the service's.
        validators: list = []


class RiskProfileFilter(filters.FilterSet):
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code, e.g. 63.11.06")
    district = filters.CharFilter(field_name="kecamatan__district__code", label="District code, e.g. 63.11")
    hazard = filters.CharFilter(field_name="hazard__code", label="Hazard code, e.g. banjir")
    risk_class = filters.ChoiceFilter(choices=RiskProfile.RiskClass.choices)

    class Meta:
        model = RiskProfile
        fields = ["kecamatan", "district", "hazard", "risk_class"]


class RiskProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Risk profiles of the kecamatan in the caller's scope. A create for an existing kecamatan and
    hazard updates that profile. Only BPBD staff of the district write (403 otherwise)."""

    queryset = RiskProfile.objects.all()
    serializer_class = RiskProfileSerializer
    filterset_class = RiskProfileFilter
    ordering_fields = ["risk_index", "updated_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return (
            RiskProfile.objects.filter(kecamatan__in=kecamatan_for(self.request.user))
            .select_related("kecamatan", "hazard")
            .order_by("kecamatan__code", "hazard__sort_order")
        )

    def _save(self, serializer, instance=None):
        data = {
            "hazard_index": instance.hazard_index if instance else None,
            "vulnerability_index": instance.vulnerability_index if instance else None,
            "capacity_index": instance.capacity_index if instance else None,
            "exposed_population": instance.exposed_population if instance else None,
            "season_months": instance.season_months if instance else [],
            "source": instance.source if instance else "",
            "year": instance.year if instance else None,
        }
        values = dict(serializer.validated_data)
        kecamatan = instance.kecamatan if instance else values.pop("kecamatan")
        hazard = instance.hazard if instance else values.pop("hazard")
        values.pop("kecamatan", None), values.pop("hazard", None)
        data.update(values)
        serializer.instance = services.risk_profile_save(
            by=self.request.user, kecamatan=kecamatan, hazard=hazard, new=instance is None, **data
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, instance=serializer.instance)

    def destroy(self, request, *args, **kwargs):
        services.risk_profile_delete(by=request.user, profile=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
