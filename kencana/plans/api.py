"""/api/v1/ for agencies, action plans and items, and quick-response cards.

Writes call the same services as the web pages, so permissions and rules are the
same: officers change items of their own kecamatan, BPBD staff anything in the
district; out of scope is a 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kecamatan.models import Hazard
from kecamatan.risk_api import ScopedKecamatanField, django_errors
from kencana.core.api import ScopedReadOnlyViewSet

from . import services
from .models import ActionItem, ActionPlan, Agency, CardStep, QuickResponseCard
from .selectors import (
    action_item_list,
    agency_list,
    card_list,
    card_with_roster,
    overdue_action_items,
    plan_list,
    stale_cards,
)


class ScopedAgencyField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        request = self.context.get("request")
        return agency_list(user=request.user) if request else Agency.objects.none()


# --- Agencies --------------------------------------------------------------------------------


class AgencySerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kecamatan = ScopedKecamatanField(required=False, allow_null=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "district",
            "kind",
            "name",
            "kecamatan",
            "contact_person",
            "contact_role",
            "phone",
            "email",
            "address",
            "is_active",
        ]
        validators: list = []  # name uniqueness within the district is checked by the service and the database


class AgencyFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Agency.Kind.choices)
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code, e.g. 63.11.06")
    name = filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Agency
        fields = ["kind", "kecamatan", "name", "is_active"]


class AgencyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The agencies registry of the caller's district. BPBD staff add and edit agencies."""

    queryset = Agency.objects.all()
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["name", "kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return agency_list(user=self.request.user).order_by("kind", "name")

    def _save(self, serializer, agency=None):
        district = agency.district if agency else self.request.user.district
        if district is None:
            raise serializers.ValidationError({"detail": "Only users of a district register agencies."})
        try:
            serializer.instance = services.agency_save(
                by=self.request.user, district=district, agency=agency, **serializer.validated_data
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, agency=serializer.instance)


# --- Plans and items --------------------------------------------------------------------------


class ActionPlanSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    item_count = serializers.IntegerField(read_only=True)
    done_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ActionPlan
        fields = ["id", "title", "district", "kecamatan", "item_count", "done_count", "created_at"]


class ActionPlanViewSet(ScopedReadOnlyViewSet):
    """Action plans: one per kecamatan in scope, and the district's own (kecamatan null)."""

    queryset = ActionPlan.objects.all()
    serializer_class = ActionPlanSerializer

    def scoped_queryset(self, user):
        return (
            plan_list(user=user)
            .annotate(
                item_count=Count("items"), done_count=Count("items", filter=Q(items__status=ActionItem.Status.DONE))
            )
            .order_by("kecamatan__code")
        )


class ActionItemSerializer(serializers.ModelSerializer):
    kecamatan = ScopedKecamatanField(
        source="plan.kecamatan",
        required=False,
        allow_null=True,
        help_text="On create: the kecamatan whose plan gets the item; null or absent for the district plan.",
    )
    hazard = serializers.SlugRelatedField(
        slug_field="code", queryset=Hazard.objects.all(), required=False, allow_null=True
    )
    owner_agency = ScopedAgencyField(required=False, allow_null=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "plan",
            "kecamatan",
            "title",
            "description",
            "hazard",
            "owner_agency",
            "owner_person",
            "start_date",
            "due_date",
            "status",
            "progress",
            "budget_source",
            "budget_amount",
            "note",
            "indicator",
            "source_report",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["plan", "indicator", "source_report", "created_at", "updated_at"]

    @extend_schema_field(serializers.BooleanField())
    def get_is_overdue(self, item) -> bool:
        return item.pk in self.context.get("overdue_ids", set())


class ActionItemHistorySerializer(serializers.Serializer):
    when = serializers.DateTimeField(source="history_date")
    user = serializers.CharField(source="history_user.username", default=None, allow_null=True)
    change = serializers.CharField(source="get_history_type_display")
    status = serializers.CharField()
    progress = serializers.IntegerField()
    due_date = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class ActionItemFilter(filters.FilterSet):
    kecamatan = filters.CharFilter(field_name="plan__kecamatan__code", label="Kecamatan code, e.g. 63.11.06")
    district_plan = filters.BooleanFilter(
        field_name="plan__kecamatan", lookup_expr="isnull", label="Only the district plan"
    )
    status = filters.MultipleChoiceFilter(choices=ActionItem.Status.choices)
    hazard = filters.CharFilter(field_name="hazard__code")
    overdue = filters.BooleanFilter(
        method="filter_overdue", label="Only overdue items (true) or only the others (false)"
    )

    class Meta:
        model = ActionItem
        fields = ["kecamatan", "district_plan", "status", "hazard", "overdue"]

    def filter_overdue(self, queryset, name, value):
        user = self.request.user
        overdue = overdue_action_items(district_ids=[user.district_id] if user.district_id else None).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Items of the plans in scope. Officers add and update items of their kecamatan; staff of any plan
    of the district. Every change is kept in the item's history (``/history/``)."""

    queryset = ActionItem.objects.all()
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    ordering_fields = ["due_date", "updated_at", "progress"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return action_item_list(user=self.request.user).order_by("due_date", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and not getattr(self, "swagger_fake_view", False):
            districts = [user.district_id] if user.district_id else None
            context["overdue_ids"] = set(
                overdue_action_items(district_ids=districts)
                .filter(plan__in=plan_list(user=user))
                .values_list("pk", flat=True)
            )
        return context

    def perform_create(self, serializer):
        values = dict(serializer.validated_data)
        kecamatan = values.pop("plan", {}).get("kecamatan")
        district = kecamatan.district if kecamatan else self.request.user.district
        if district is None:
            raise serializers.ValidationError({"kecamatan": "Give the kecamatan whose plan gets the item."})
        try:
            plan = services.action_plan_ensure(district=district, kecamatan=kecamatan)
            serializer.instance = services.action_item_create(
                by=self.request.user, plan=plan, title=values.pop("title"), **values
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("plan", None)  # an item stays in its plan
        try:
            serializer.instance = services.action_item_update(by=self.request.user, item=serializer.instance, **values)
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc

    @extend_schema(responses=ActionItemHistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """Every version of the item, newest first: who changed it, when, and its status then."""
        item = self.get_object()
        records = item.history.select_related("history_user").order_by("-history_date")[:200]
        return Response(ActionItemHistorySerializer(records, many=True).data)


# --- Quick-response cards ----------------------------------------------------------------------


class CardStepSerializer(serializers.ModelSerializer):
    agency = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = CardStep
        fields = ["order", "action", "role", "agency", "within_minutes"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "contact_person", "contact_role", "phone"]


class QuickResponseCardSerializer(serializers.ModelSerializer):
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    hazard = serializers.SlugRelatedField(slug_field="code", read_only=True)
    steps = CardStepSerializer(many=True, read_only=True)
    roster = ContactSerializer(many=True, read_only=True)
    is_stale = serializers.SerializerMethodField()

    class Meta:
        model = QuickResponseCard
        fields = [
            "id",
            "kecamatan",
            "hazard",
            "trigger",
            "steps",
            "assembly_points",
            "evacuation_routes",
            "roster",
            "last_reviewed_on",
            "is_stale",
            "updated_at",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_is_stale(self, card) -> bool:
        return card.pk in self.context.get("stale_ids", set())


class CardFilter(filters.FilterSet):
    kecamatan = filters.CharFilter(field_name="kecamatan__code", label="Kecamatan code, e.g. 63.11.06")
    hazard = filters.CharFilter(field_name="hazard__code")

    class Meta:
        model = QuickResponseCard
        fields = ["kecamatan", "hazard"]


class QuickResponseCardViewSet(ScopedReadOnlyViewSet):
    """Quick-response cards of the kecamatan in scope, with their steps and the contact roster
    resolved from the agencies registry. ``POST …/review/`` marks a card reviewed today."""

    queryset = QuickResponseCard.objects.all()
    serializer_class = QuickResponseCardSerializer
    filterset_class = CardFilter

    def scoped_queryset(self, user):
        return card_with_roster(card_list(user=user)).order_by("kecamatan__code", "hazard__sort_order")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated and not getattr(self, "swagger_fake_view", False):
            districts = [user.district_id] if user.district_id else None
            context["stale_ids"] = set(stale_cards(district_ids=districts).values_list("pk", flat=True))
        return context

    @extend_schema(request=None, responses=QuickResponseCardSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        card = services.card_mark_reviewed(by=request.user, card=self.get_object())
        card = card_with_roster(card_list(user=request.user)).get(pk=card.pk)
        return Response(self.get_serializer(card).data)
