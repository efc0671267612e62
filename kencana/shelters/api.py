"""/api/v1/shelters/: shelters, their head counts, needs, and distribution to households;
/api/v1/needs-profiles/: the profiles and their lines.

Every endpoint reads through the same scoped selectors as the pages and every write calls the same
service: an officer sees and counts the shelters of his kecamatan only (others are a 404), and a
refusal reads the same as in the browser (the project's exception handler answers services' errors).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from kecamatan.models import Desa
from kencana.core import idempotency
from kencana.core.api import IDEMPOTENCY_KEY, ScopedReadOnlyViewSet
from kencana.response import selectors as response_selectors
from logistics import selectors as logistics_selectors
from logistics.models import Document, Item, NeedsProfile, NeedsProfileLine
from logistics.services.documents import IssueLine

from . import selectors, services
from .filters import EventNeedsQuery, NeedsQuery
from .models import COUNT_FIELDS, Shelter, ShelterCount

DAYS = OpenApiParameter("days", OpenApiTypes.INT, description="Days ahead (1–90, default 7)")


class CountSerializer(serializers.ModelSerializer):
    over_capacity = serializers.BooleanField(read_only=True)
    filed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ShelterCount
        fields = ["id", "as_of", *COUNT_FIELDS, "over_capacity", "filed_by", "filed_at"]
        read_only_fields = ["id", "over_capacity", "filed_by", "filed_at"]


def _count_field(name: str) -> serializers.IntegerField:
    return serializers.IntegerField() if name in ("households", "people") else serializers.IntegerField(default=0)


# Counts are plain integers; whether they add up is the service's to say (one message for all).
CountInputSerializer = type(
    "CountInputSerializer",
    (serializers.Serializer,),
    {"as_of": serializers.DateTimeField(), **{name: _count_field(name) for name in COUNT_FIELDS}},
)


def count_file_once(*, user, key: str | None, shelter, as_of, values: dict) -> dict:
    """``services.shelter_count_file`` applied once per key of the user, answered as the API
    answers it; the shelter's page and the API file through it alike (an outbox retry may come
    back either way and finds the first answer)."""
    return idempotency.once(
        user=user,
        key=key,
        action="shelters.count",
        write=lambda: (
            CountSerializer(services.shelter_count_file(by=user, shelter=shelter, as_of=as_of, values=values)).data
        ),
    )


class ShelterSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(read_only=True)
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    desa = serializers.SlugRelatedField(slug_field="code", read_only=True)
    store = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The shelter's posko store (a warehouse)")
    latest_count = serializers.SerializerMethodField()

    class Meta:
        model = Shelter
        fields = ["id", "event", "kecamatan", "desa", *services.SHELTER_FIELDS, "store", "latest_count"]

    @extend_schema_field(CountSerializer(allow_null=True))
    def get_latest_count(self, shelter) -> dict | None:
        count = self.context.get("latest", {}).get(shelter.pk)
        return CountSerializer(count).data if count else None


class ShelterInputSerializer(serializers.Serializer):
    event = serializers.IntegerField(required=False, help_text="On creation only")
    desa = serializers.CharField(help_text="Kemendagri code of the desa")
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=Shelter.Kind.choices)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    capacity = serializers.IntegerField()
    toilets = serializers.IntegerField(min_value=0, default=0)
    water_points = serializers.IntegerField(min_value=0, default=0)
    kitchen = serializers.BooleanField(default=False)
    health_post = serializers.BooleanField(default=False)
    friendly_space = serializers.BooleanField(default=False)
    manager = serializers.CharField(max_length=120, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, allow_blank=True, default="")
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True, default=None)


class NeedsRowSerializer(serializers.Serializer):
    item = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    unit = serializers.CharField(source="item.unit")
    needed = serializers.DecimalField(max_digits=16, decimal_places=3)
    delivered = serializers.DecimalField(max_digits=16, decimal_places=3)
    distributed = serializers.DecimalField(max_digits=16, decimal_places=3)
    at_shelters = serializers.DecimalField(max_digits=16, decimal_places=3)
    in_stock = serializers.DecimalField(max_digits=16, decimal_places=3)
    shortfall = serializers.DecimalField(max_digits=16, decimal_places=3)


class NeedsSerializer(serializers.Serializer):
    profile = serializers.CharField()
    days = serializers.IntegerField()
    rows = NeedsRowSerializer(many=True)


class DistributionLineSerializer(serializers.Serializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True))
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)


class DistributionSerializer(serializers.Serializer):
    business_date = serializers.DateField()
    households_reached = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True, default="")
    lines = DistributionLineSerializer(many=True)


class DocumentSummarySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="distribution")
    status = serializers.CharField(read_only=True, help_text="posted")

    class Meta:
        model = Document
        fields = ["id", "number", "kind", "status", "business_date", "households_reached", "reference"]


class ProfileChoiceSerializer(serializers.Serializer):
    event = serializers.IntegerField()
    profile = serializers.SlugRelatedField(slug_field="code", queryset=NeedsProfile.objects.filter(is_active=True))


def _needs(shelters, event, days) -> dict:
    profile = selectors.event_profile(event)
    rows = selectors.needs_table(shelters=shelters, profile=profile, days=days)
    return NeedsSerializer({"profile": profile.code if profile else "", "days": days, "rows": rows}).data


class ShelterViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Shelters of the events the caller sees, in the caller's kecamatan. BPBD staff open and correct
    them; BPBD staff and the kecamatan's officers file head counts."""

    queryset = Shelter.objects.all()
    serializer_class = ShelterSerializer
    filterset_fields = ["event"]

    def scoped_queryset(self, user):
        return selectors.shelter_list(user=user).order_by("pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in ("list", "retrieve") and not getattr(self, "swagger_fake_view", False):
            shelters = self.filter_queryset(self.get_queryset())
            context["latest"] = selectors.latest_counts(shelters.values_list("pk", flat=True))
        return context

    def _save(self, request, shelter=None):
        data = ShelterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        event = (
            shelter.event if shelter else response_selectors.event_get(user=request.user, pk=values.get("event") or 0)
        )
        desa = Desa.objects.filter(kecamatan__district_id=event.district_id, code=values.pop("desa")).first()
        if desa is None:
            raise serializers.ValidationError({"desa": ["Choose a desa of the event's district."]})
        values.pop("event", None)
        return services.shelter_save(by=request.user, event=event, desa=desa, values=values, shelter=shelter)

    @extend_schema(request=ShelterInputSerializer, responses={201: ShelterSerializer})
    def create(self, request, *args, **kwargs):
        shelter = self._save(request)
        return Response(ShelterSerializer(shelter).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ShelterInputSerializer, responses=ShelterSerializer)
    def update(self, request, *args, **kwargs):
        shelter = self._save(request, self.get_object())
        return Response(ShelterSerializer(shelter).data)

    @extend_schema(methods=["GET"], responses=CountSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=CountInputSerializer, responses={201: CountSerializer}, parameters=[IDEMPOTENCY_KEY]
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def counts(self, request, pk=None):
        """Every count of the shelter, newest first; POST files a new one (once per Idempotency-Key)."""
        key = idempotency.key_from(request) if request.method == "POST" else None
        shelter = self.get_object()
        if request.method == "POST":
            data = CountInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
            as_of = values.pop("as_of")
            answer = count_file_once(user=request.user, key=key, shelter=shelter, as_of=as_of, values=values)
            return Response(answer, status=status.HTTP_201_CREATED)
        return Response(CountSerializer(shelter.counts.select_related("filed_by", "shelter"), many=True).data)

    @extend_schema(parameters=[DAYS], responses=NeedsSerializer)
    @action(detail=True, methods=["get"])
    def needs(self, request, pk=None):
        """Needed / delivered / handed out / at the shelter / in stock / shortfall per item."""
        shelter = self.get_object()
        return Response(_needs([shelter], shelter.event, NeedsQuery(request.query_params).strict()["days"]))

    @extend_schema(
        parameters=[OpenApiParameter("event", OpenApiTypes.INT, required=True), DAYS], responses=NeedsSerializer
    )
    @action(detail=False, methods=["get"], url_path="event-needs", url_name="event-needs")
    def event_needs(self, request):
        """The needs of every shelter of an event the caller sees."""
        asked = EventNeedsQuery(request.query_params).strict()
        event = response_selectors.event_get(user=request.user, pk=asked["event"])
        shelters = list(selectors.event_shelters(user=request.user, event=event))
        return Response(_needs(shelters, event, asked["days"]))

    @extend_schema(request=ProfileChoiceSerializer, responses={204: None})
    @action(detail=False, methods=["post"], url_path="profile", url_name="profile")
    def profile(self, request):
        """Choose the needs profile an event follows (BPBD staff)."""
        data = ProfileChoiceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = response_selectors.event_get(user=request.user, pk=data.validated_data["event"])
        services.event_needs_profile_set(by=request.user, event=event, profile=data.validated_data["profile"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DistributionSerializer, responses={201: DocumentSummarySerializer})
    @action(detail=True, methods=["post"])
    def distribute(self, request, pk=None):
        """Hand goods out from the shelter's store to households (never more than it holds)."""
        shelter = self.get_object()
        data = DistributionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        document = services.shelter_distribute(
            by=request.user,
            shelter=shelter,
            lines=[IssueLine(line["item"], line["quantity"]) for line in values["lines"]],
            business_date=values["business_date"],
            households_reached=values["households_reached"],
            note=values["note"],
        )
        return Response(DocumentSummarySerializer(document).data, status=status.HTTP_201_CREATED)


class ProfileLineSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = NeedsProfileLine
        fields = ["item", "quantity", "per_count", "basis", "period", "initial_days", "initial_quantity", "note"]


class NeedsProfileSerializer(serializers.ModelSerializer):
    lines = ProfileLineSerializer(many=True, read_only=True)

    class Meta:
        model = NeedsProfile
        fields = ["id", "code", "name", "source", "lines"]


class NeedsProfileViewSet(ScopedReadOnlyViewSet):
    """The active needs profiles (reference data, the same for every district)."""

    queryset = NeedsProfile.objects.all()
    serializer_class = NeedsProfileSerializer
    pagination_class = None

    def scoped_queryset(self, user):
        if not (user and user.is_authenticated):
            return NeedsProfile.objects.none()
        return logistics_selectors.needs_profiles().prefetch_related("lines__item").order_by("pk")
