"""/api/v1/ for agencies, action plans and items, quick-response cards, and card and plan templates.

Writes call the same services as the web pages, so permissions and rules are the
same: officers change items of their own kecamatan, BPBD staff anything in the
district; out of scope is a 404.
"""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from kecamatan.models import Hazard
from kecamatan.risk_api import ScopedKecamatanField
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core.api import ScopedReadOnlyViewSet
from kencana.library.selectors import adopters_of, newer_source_version

from . import services
from .filters import ActionItemFilter, AgencyFilter, CardFilter
from .models import (
    ActionItem,
    ActionPlan,
    Agency,
    CardStep,
    CardTemplate,
    CardTemplateStep,
    CardTemplateVersion,
    PlanTemplate,
    PlanTemplateItem,
    PlanTemplateVersion,
    QuickResponseCard,
)
from .selectors import (
    action_item_list,
    agency_list,
    card_list,
    card_with_roster,
    library_template_list,
    overdue_action_items,
    plan_list,
    stale_cards,
    template_list,
)
from .services import ITEM_FIELDS
from .spec import CARD_SPEC, PLAN_SPEC


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
        require(permissions.may_edit_district_plans(self.request.user), _("Only BPBD staff register agencies."))
        district = agency.district if agency else self.request.user.district
        if district is None:
            raise serializers.ValidationError({"detail": "Only users of a district register agencies."})
        serializer.instance = services.agency_save(
            by=self.request.user, district=district, agency=agency, **serializer.validated_data
        )

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
            *ITEM_FIELDS,
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
        # Asked before the plan is made: a refused caller leaves no empty plan behind.
        may_add = (
            permissions.may_edit_kecamatan_plans(self.request.user, kecamatan)
            if kecamatan
            else permissions.may_edit_district_plans(self.request.user, district.pk)
        )
        require(may_add, _("You cannot add items to this plan."))
        plan = services.action_plan_ensure(district=district, kecamatan=kecamatan)
        serializer.instance = services.action_item_create(
            by=self.request.user, plan=plan, title=values.pop("title"), **values
        )

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        values.pop("plan", None)  # an item stays in its plan
        serializer.instance = services.action_item_update(by=self.request.user, item=serializer.instance, **values)

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


# --- Card and plan templates ----------------------------------------------------------------------


class CardTemplateStepSerializer(serializers.ModelSerializer):
    # Plain codes: the choice sets are the agencies' and versions' own, documented once there.
    agency_kind = serializers.CharField(read_only=True, help_text="Agency kind code, e.g. puskesmas; may be empty.")

    class Meta:
        model = CardTemplateStep
        fields = ["order", "action", "role", "agency_kind", "agency_name", "within_minutes"]


class CardTemplateVersionSerializer(serializers.ModelSerializer):
    hazard = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    steps = CardTemplateStepSerializer(many=True, read_only=True)
    state = serializers.CharField(read_only=True, help_text="draft, published or retired")

    class Meta:
        model = CardTemplateVersion
        fields = [
            "id",
            "number",
            "state",
            "published_at",
            "source_version",
            "hazard",
            "trigger",
            "assembly_points",
            "evacuation_routes",
            "steps",
        ]


class PlanTemplateItemSerializer(serializers.ModelSerializer):
    hazard = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    owner_kind = serializers.CharField(read_only=True, help_text="Agency kind code, e.g. puskesmas; may be empty.")

    class Meta:
        model = PlanTemplateItem
        fields = ["order", "title", "hazard", "owner_kind", "due_offset_days", "budget_source"]


class PlanTemplateVersionSerializer(serializers.ModelSerializer):
    items = PlanTemplateItemSerializer(many=True, read_only=True)
    state = serializers.CharField(read_only=True, help_text="draft, published or retired")

    class Meta:
        model = PlanTemplateVersion
        fields = ["id", "number", "state", "published_at", "source_version", "items"]


class _LibraryTemplateSerializer(serializers.ModelSerializer):
    """A template with its published version, where it came from and who adopted it."""

    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    newer_source_version = serializers.SerializerMethodField()
    adopted_by = serializers.SerializerMethodField()

    template_fields = [
        "id",
        "name",
        "description",
        "district",
        "shared_with_partners",
        "source_template",
        "published",
        "newer_source_version",
        "adopted_by",
    ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_newer_source_version(self, template) -> int | None:
        newer = newer_source_version(template)
        return newer.number if newer else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_adopted_by(self, template) -> list[str]:
        return [district.code for district in adopters_of(template)]


class CardTemplateSerializer(_LibraryTemplateSerializer):
    published = serializers.SerializerMethodField()

    class Meta:
        model = CardTemplate
        fields = _LibraryTemplateSerializer.template_fields

    @extend_schema_field(CardTemplateVersionSerializer(allow_null=True))
    def get_published(self, template):
        version = template.published_version()
        return CardTemplateVersionSerializer(version).data if version else None


class PlanTemplateSerializer(_LibraryTemplateSerializer):
    published = serializers.SerializerMethodField()

    class Meta:
        model = PlanTemplate
        fields = _LibraryTemplateSerializer.template_fields

    @extend_schema_field(PlanTemplateVersionSerializer(allow_null=True))
    def get_published(self, template):
        version = template.published_version()
        return PlanTemplateVersionSerializer(version).data if version else None


class TemplateAdoptSerializer(serializers.Serializer):
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Name in your district (default: the source's)."
    )


@extend_schema_field(serializers.CharField())
class KecamatanCodeField(ScopedKecamatanField):
    """A kecamatan code in the caller's scope."""


class PlanTemplateApplySerializer(serializers.Serializer):
    kecamatan = KecamatanCodeField(help_text="Kecamatan code, e.g. 63.11.06")


class CardTemplateApplySerializer(PlanTemplateApplySerializer):
    replace = serializers.BooleanField(
        default=False, help_text="Replace a card the kecamatan already has for the hazard."
    )


class _TemplateViewSet(ScopedReadOnlyViewSet):
    """Shared by card and plan templates: own list, ``library``, ``adopt`` and ``apply``."""

    spec = None
    ordering_fields = ["name"]

    def scoped_queryset(self, user):
        return template_list(spec=self.spec, user=user).order_by("name")

    def _library(self, request):
        templates = library_template_list(spec=self.spec, user=request.user).order_by("district__code", "name")
        page = self.paginate_queryset(templates)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _adopt(self, request, pk):
        source = get_object_or_404(library_template_list(spec=self.spec, user=request.user), pk=pk)
        data = TemplateAdoptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        adopted = services.template_adopt(
            by=request.user, source=source.published_version(), name=data.validated_data.get("name", "")
        )
        return Response(self.get_serializer(adopted).data, status=status.HTTP_201_CREATED)

    def _published_version(self):
        version = self.get_object().published_version()
        if version is None:
            raise serializers.ValidationError({"detail": "The template has no published version to apply."})
        return version


class CardTemplateViewSet(_TemplateViewSet):
    """Card templates of the caller's district (BPBD staff). ``library/`` lists the ones shared
    with it, ``{id}/adopt/`` copies a library template into the district as a draft, and
    ``{id}/apply/`` writes a kecamatan's card from the published version."""

    queryset = CardTemplate.objects.all()
    serializer_class = CardTemplateSerializer
    spec = CARD_SPEC

    @extend_schema(responses=CardTemplateSerializer(many=True))
    @action(detail=False)
    def library(self, request):
        return self._library(request)

    @extend_schema(request=TemplateAdoptSerializer, responses={201: CardTemplateSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        return self._adopt(request, pk)

    @extend_schema(request=CardTemplateApplySerializer, responses=QuickResponseCardSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        version = self._published_version()
        require(permissions.may_apply_templates(request.user, version.template.district_id))
        data = CardTemplateApplySerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        card = services.card_template_apply(
            by=request.user,
            version=version,
            kecamatan=data.validated_data["kecamatan"],
            replace=data.validated_data["replace"],
        )
        card = card_with_roster(card_list(user=request.user)).get(pk=card.pk)
        return Response(QuickResponseCardSerializer(card, context={"request": request}).data)


class PlanTemplateViewSet(_TemplateViewSet):
    """Plan templates of the caller's district (BPBD staff). ``library/`` lists the ones shared
    with it, ``{id}/adopt/`` copies a library template into the district as a draft, and
    ``{id}/apply/`` adds the published version's items to a kecamatan's action plan (returns
    the items added; none when they were added before)."""

    queryset = PlanTemplate.objects.all()
    serializer_class = PlanTemplateSerializer
    spec = PLAN_SPEC

    @extend_schema(responses=PlanTemplateSerializer(many=True))
    @action(detail=False)
    def library(self, request):
        return self._library(request)

    @extend_schema(request=TemplateAdoptSerializer, responses={201: PlanTemplateSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        return self._adopt(request, pk)

    @extend_schema(request=PlanTemplateApplySerializer, responses=ActionItemSerializer(many=True))
    @action(detail=True, methods=["post"], pagination_class=None)
    def apply(self, request, pk=None):
        version = self._published_version()
        require(permissions.may_apply_templates(request.user, version.template.district_id))
        data = PlanTemplateApplySerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        items = services.plan_template_apply(
            by=request.user, version=version, kecamatan=data.validated_data["kecamatan"]
        )
        return Response(ActionItemSerializer(items, many=True, context={"request": request}).data)
