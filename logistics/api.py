"""/api/v1/logistics/: read the stock, post documents, file and decide requests.

Every action calls the same service as the web page. Dispatches, transfers and
receipts read an ``Idempotency-Key`` header: a retried call returns the document
already posted. Lists answer ``?format=csv`` with all matching rows.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from kecamatan.models import District, Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import districts_for, kecamatan_for
from kencana.core.api import ScopedReadOnlyViewSet
from kencana.core.exports import csv_text

from . import selectors, services
from .filters import BalanceQuery, DocumentFilter, MinimumFilter, MovementFilter, RequestFilter
from .models import (
    AdjustmentReason,
    Balance,
    Category,
    Document,
    DocumentLine,
    Item,
    LogisticsSettings,
    Lot,
    MinimumStock,
    Movement,
    Request,
    RequestLine,
    Warehouse,
)

IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Retry-safe key, unique per district. A retry with the same key and the same body returns the "
    "document posted the first time; the same key with a different body is refused with 422.",
)


class CSVRenderer(BaseRenderer):
    """A flat CSV of a list response (cells that look like formulas are neutralised)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data.get("results", data) if isinstance(data, dict) else data
        if not isinstance(rows, list):
            rows = [rows]
        if rows and isinstance(rows[0], dict):
            fieldnames = list(rows[0])
        else:  # an empty table still has its header row
            view = (renderer_context or {}).get("view")
            fieldnames = list(view.get_serializer_class()().fields) if view is not None else ["detail"]
            rows = []
        return csv_text(fieldnames, ([row.get(name) for name in fieldnames] for row in rows)).encode("utf-8")


class CSVExportMixin:
    """``?format=csv`` on a list: every matching row, unpaginated."""

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    def paginate_queryset(self, queryset):
        if self.request.query_params.get("format") == "csv":
            return None
        return super().paginate_queryset(queryset)


@extend_schema_field(OpenApiTypes.INT)
class ScopedField(serializers.PrimaryKeyRelatedField):
    """A related object chosen by id among those the user may see (others are "does not exist")."""

    def __init__(self, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.selector(user=self.context["request"].user)


def _operable_warehouses(*, user):
    return selectors.warehouse_list(user=user).filter(is_active=True)


def _kecamatan(*, user):
    return kecamatan_for(user)


# --- Read side ---------------------------------------------------------------------------


class WarehouseSerializer(serializers.ModelSerializer):
    """A warehouse, read and written. Kecamatan and keeper must belong to the warehouse's district and the
    location must lie inside it (checked by the service)."""

    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=District.objects.none(),
        required=False,
        help_text="On creation, only for accounts without a district; a warehouse never moves to another district.",
    )
    kecamatan_served = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Kecamatan.objects.none(), required=False
    )
    keeper = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.none(),
        required=False,
        allow_null=True,
        help_text="Username of a user of the district.",
    )

    class Meta:
        model = Warehouse
        fields = [
            "id",
            "district",
            "code",
            "name",
            "kind",
            "address",
            "lat",
            "lon",
            "kecamatan_served",
            "keeper",
            "is_active",
        ]
        # The service checks the code's uniqueness in the district, with a clear message.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            districts = districts_for(self.context["request"].user)
            self.fields["district"].queryset = districts
            self.fields["kecamatan_served"].child_relation.queryset = Kecamatan.objects.filter(district__in=districts)
            self.fields["keeper"].queryset = get_user_model().objects.filter(district__in=districts)


WAREHOUSE_FIELDS = ("code", "name", "kind", "address", "lat", "lon", "kecamatan_served", "keeper", "is_active")


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["code", "name_id", "name_en", "category", "unit", "kind", "perishable"]


class LotSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Lot
        fields = ["id", "item", "expiry_date", "funding_source", "received_on", "reference", "inventory_number"]


class MovementSerializer(serializers.ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="number", read_only=True)
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Movement
        fields = ["id", "document", "warehouse", "lot", "item", "quantity", "business_date", "recorded_at"]


class BalanceSerializer(serializers.Serializer):
    warehouse = serializers.IntegerField(source="warehouse.pk")
    warehouse_code = serializers.CharField(source="warehouse.code")
    item = serializers.CharField(source="item.code")
    lot = serializers.IntegerField(source="lot.pk")
    expiry_date = serializers.DateField(source="lot.expiry_date", allow_null=True)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)


class WarehouseViewSet(CSVExportMixin, ScopedReadOnlyViewSet):
    """Warehouses in scope: the district's for BPBD staff, those serving their kecamatan for officers."""

    queryset = Warehouse.objects.all()
    serializer_class = WarehouseSerializer

    def scoped_queryset(self, user):
        return selectors.warehouse_list(user=user).prefetch_related("kecamatan_served")

    def create(self, request):
        """BPBD staff and admins add a warehouse to their district."""
        require(permissions.may_manage_warehouses(request.user))
        data = WarehouseSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        district = values.pop("district", None) or request.user.district
        if district is None:
            raise serializers.ValidationError({"district": [_("Give the district.")]})
        values.setdefault("kecamatan_served", [])
        warehouse = services.warehouse_save(by=request.user, district=district, **values)
        return Response(WarehouseSerializer(warehouse).data, status=201)

    def update(self, request, pk=None, partial=False):
        """Change a warehouse (PATCH: only the fields sent)."""
        warehouse = self.get_object()
        require(permissions.may_manage_warehouses(request.user, warehouse.district_id))
        data = WarehouseSerializer(warehouse, data=request.data, partial=partial, context={"request": request})
        data.is_valid(raise_exception=True)
        values = {name: getattr(warehouse, name) for name in WAREHOUSE_FIELDS if name != "kecamatan_served"}
        values["kecamatan_served"] = list(warehouse.kecamatan_served.all())
        values.update(data.validated_data)
        if values.pop("district", warehouse.district) != warehouse.district:
            raise serializers.ValidationError({"district": [_("A warehouse cannot move to another district.")]})
        saved = services.warehouse_save(by=request.user, district=warehouse.district, warehouse=warehouse, **values)
        return Response(WarehouseSerializer(saved).data)

    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)


class ItemViewSet(CSVExportMixin, ScopedReadOnlyViewSet):
    """The item catalogue."""

    queryset = Item.objects.all()
    serializer_class = ItemSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def scoped_queryset(self, user):
        return selectors.item_list().order_by("code")


class LotViewSet(CSVExportMixin, ScopedReadOnlyViewSet):
    queryset = Lot.objects.all()
    serializer_class = LotSerializer

    def scoped_queryset(self, user):
        return selectors.lot_list(user=user).order_by("pk")


class MovementViewSet(CSVExportMixin, ScopedReadOnlyViewSet):
    """The ledger, read only, oldest first. Filter with ?warehouse=<id>&item=<code>."""

    queryset = Movement.objects.all()
    serializer_class = MovementSerializer
    filterset_class = MovementFilter

    def scoped_queryset(self, user):
        return selectors.movement_list(user=user).order_by("business_date", "recorded_at", "pk")


class BalanceViewSet(CSVExportMixin, viewsets.GenericViewSet):
    """Quantity per warehouse × lot, now or at the end of ``?as_of=YYYY-MM-DD``."""

    queryset = Balance.objects.none()
    serializer_class = BalanceSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Stock at the end of this day."),
            OpenApiParameter("warehouse", OpenApiTypes.INT),
            OpenApiParameter("category", OpenApiTypes.STR, enum=Category.values),
        ]
    )
    def list(self, request):
        chosen = BalanceQuery(request.query_params).strict()
        warehouse = selectors.warehouse_get(user=request.user, pk=chosen["warehouse"]) if chosen["warehouse"] else None
        rows = selectors.balance_rows(
            user=request.user, as_of=chosen["as_of"], warehouse=warehouse, category=chosen["category"]
        )
        return Response(BalanceSerializer(rows, many=True).data)


# --- Minimums and planning settings -----------------------------------------------------------------

EFFECTIVE_QUANTITY = serializers.DecimalField(max_digits=14, decimal_places=3, allow_null=True, read_only=True)


class MinimumSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    quantity = serializers.SerializerMethodField(
        help_text="The minimum in effect today: the fixed quantity, or the one derived from the served population."
    )
    on_hand = serializers.SerializerMethodField(help_text="Usable (unexpired) stock of the item in the warehouse.")

    class Meta:
        model = MinimumStock
        fields = ["id", "warehouse", "item", "mode", "fixed_quantity", "quantity", "on_hand"]

    def _row(self, minimum):
        return self.context.get("computed", {}).get((minimum.warehouse_id, minimum.item_id))

    @extend_schema_field(EFFECTIVE_QUANTITY)
    def get_quantity(self, minimum) -> str | None:
        row = self._row(minimum)
        return EFFECTIVE_QUANTITY.to_representation(row.minimum) if row else None

    @extend_schema_field(EFFECTIVE_QUANTITY)
    def get_on_hand(self, minimum) -> str | None:
        row = self._row(minimum)
        return EFFECTIVE_QUANTITY.to_representation(row.on_hand) if row else None


class MinimumInput(serializers.Serializer):
    warehouse = ScopedField(selectors.warehouse_list)
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True))
    mode = serializers.ChoiceField(choices=MinimumStock.Mode.choices)
    fixed_quantity = serializers.DecimalField(
        max_digits=14, decimal_places=3, required=False, allow_null=True, help_text="Required when mode is fixed."
    )


class MinimumViewSet(CSVExportMixin, ScopedReadOnlyViewSet):
    """Minimum stock per warehouse × item. POST sets one (replacing the item's previous minimum in that
    warehouse), DELETE removes it; BPBD staff and admins of the district only. Filter with ?warehouse=<id>."""

    queryset = MinimumStock.objects.all()
    serializer_class = MinimumSerializer
    filterset_class = MinimumFilter

    def scoped_queryset(self, user):
        return selectors.minimum_list(user=user).order_by("warehouse__code", "item__code")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and self.request is not None:
            warehouses = selectors.warehouse_list(user=self.request.user)
            context["computed"] = {
                (row.warehouse.pk, row.item.pk): row for row in selectors.minimum_rows(warehouses=warehouses)
            }
        return context

    @extend_schema(request=MinimumInput, responses={200: MinimumSerializer, 201: MinimumSerializer})
    def create(self, request):
        require(permissions.may_manage_warehouses(request.user))
        data = MinimumInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        existed = MinimumStock.objects.filter(warehouse=values["warehouse"], item=values["item"]).exists()
        minimum = services.minimum_set(by=request.user, **values)
        return Response(self.get_serializer(minimum).data, status=200 if existed else 201)

    def destroy(self, request, pk=None):
        minimum = self.get_object()
        services.minimum_remove(by=request.user, minimum=minimum)
        return Response(status=204)


class LogisticsSettingsSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = LogisticsSettings
        fields = ["district", "buffer_days", "planning_share_percent"]
        read_only_fields = ["district"]


class LogisticsSettingsViewSet(viewsets.GenericViewSet):
    """Per-district planning parameters of derived minimums, by district code; only the district's admin
    changes them. A district that never saved its settings shows the defaults."""

    queryset = District.objects.none()
    serializer_class = LogisticsSettingsSerializer
    lookup_field = "code"
    lookup_value_regex = r"\d{2}\.\d{2}"
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return District.objects.none()
        return districts_for(self.request.user).order_by("code")

    def list(self, request):
        rows = [selectors.settings_for(district) for district in self.get_queryset()]
        return Response(LogisticsSettingsSerializer(rows, many=True).data)

    def retrieve(self, request, code=None):
        return Response(LogisticsSettingsSerializer(selectors.settings_for(self.get_object())).data)

    def update(self, request, code=None, partial=False):
        district = self.get_object()
        require(permissions.may_change_logistics_settings(request.user, district.pk))
        current = selectors.settings_for(district)
        data = LogisticsSettingsSerializer(current, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = {
            "buffer_days": current.buffer_days,
            "planning_share_percent": current.planning_share_percent,
            **data.validated_data,
        }
        row = services.settings_update(by=request.user, district=district, **values)
        return Response(LogisticsSettingsSerializer(row).data)

    def partial_update(self, request, code=None):
        return self.update(request, code=code, partial=True)


# --- Documents ---------------------------------------------------------------------------------


class DocumentLineSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DocumentLine
        fields = ["id", "item", "lot", "quantity", "received_quantity", "counted_quantity"]


class DocumentSerializer(serializers.ModelSerializer):
    lines = DocumentLineSerializer(many=True, read_only=True)
    reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    request = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)
    destination_kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "warehouse",
            "destination_warehouse",
            "destination_kecamatan",
            "destination_text",
            "request",
            "reason",
            "business_date",
            "supplier",
            "funding_source",
            "reference",
            "vehicle",
            "driver",
            "driver_phone",
            "note",
            "created_at",
            "handover_number",
            "received_date",
            "received_by_name",
            "lines",
        ]


class ReceiptLineInput(serializers.Serializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True))
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    expiry_date = serializers.DateField(required=False, allow_null=True)
    inventory_numbers = serializers.ListField(child=serializers.CharField(max_length=60), required=False)


class ReceiptInput(serializers.Serializer):
    warehouse = ScopedField(_operable_warehouses)
    business_date = serializers.DateField()
    funding_source = serializers.ChoiceField(choices=Lot._meta.get_field("funding_source").choices)
    supplier = serializers.CharField(max_length=200, required=False, default="")
    reference = serializers.CharField(max_length=120, required=False, default="")
    note = serializers.CharField(required=False, default="")
    lines = ReceiptLineInput(many=True)


class IssueLineInput(serializers.Serializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True))
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    lot = ScopedField(
        selectors.lot_list, required=False, allow_null=True, help_text="Omit for first-expired-first-out."
    )


class ShipmentInput(serializers.Serializer):
    warehouse = ScopedField(_operable_warehouses)
    business_date = serializers.DateField()
    vehicle = serializers.CharField(max_length=60, required=False, default="")
    driver = serializers.CharField(max_length=120, required=False, default="")
    driver_phone = serializers.CharField(max_length=30, required=False, default="")
    note = serializers.CharField(required=False, default="")
    lines = IssueLineInput(many=True)


class DispatchInput(ShipmentInput):
    destination_warehouse = ScopedField(_operable_warehouses, required=False, allow_null=True)
    destination_kecamatan = serializers.SlugRelatedField(
        slug_field="code", queryset=Kecamatan.objects.none(), required=False, allow_null=True
    )
    destination_text = serializers.CharField(max_length=200, required=False, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["destination_kecamatan"].queryset = kecamatan_for(self.context["request"].user)


class TransferInput(ShipmentInput):
    destination_warehouse = ScopedField(_operable_warehouses)


class AdjustLineInput(serializers.Serializer):
    lot = ScopedField(selectors.lot_list)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, help_text="Signed: + in, − out.")


class AdjustmentInput(serializers.Serializer):
    warehouse = ScopedField(_operable_warehouses)
    reason = serializers.SlugRelatedField(slug_field="code", queryset=AdjustmentReason.objects.filter(is_active=True))
    business_date = serializers.DateField()
    note = serializers.CharField(required=False, default="")
    lines = AdjustLineInput(many=True)


class QuantityByLine(serializers.Serializer):
    line = serializers.IntegerField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)


class ReceiveInput(serializers.Serializer):
    received_date = serializers.DateField()
    received_by_name = serializers.CharField(max_length=120, required=False, default="")
    note = serializers.CharField(required=False, default="")
    lines = QuantityByLine(many=True, required=False, help_text="Lines left out count as fully received.")


def _issue_lines(lines) -> list:
    return [services.IssueLine(line["item"], line["quantity"], line.get("lot")) for line in lines]


def _key(request) -> str:
    return request.headers.get("Idempotency-Key", "")[:100]


class DocumentViewSet(CSVExportMixin, ScopedReadOnlyViewSet):
    """Stock documents of one kind; POST posts a new one through the service."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    kind = ""

    def scoped_queryset(self, user):
        return selectors.document_list(user=user).filter(kind=self.kind).prefetch_related("lines__item")

    def _created(self, document):
        return Response(DocumentSerializer(document).data, status=201)


class ReceiveMixin:
    @extend_schema(request=ReceiveInput, responses=DocumentSerializer, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        """The receiver confirms what arrived (berita acara serah terima)."""
        document = self.get_object()
        data = ReceiveInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        document = services.shipment_receive(
            by=request.user,
            document=document,
            received={row["line"]: row["quantity"] for row in values.get("lines", [])},
            received_date=values["received_date"],
            received_by_name=values["received_by_name"],
            note=values["note"],
            idempotency_key=_key(request),
        )
        return Response(DocumentSerializer(document).data)


class ReceiptViewSet(DocumentViewSet):
    kind = Document.Kind.RECEIPT

    @extend_schema(request=ReceiptInput, responses={201: DocumentSerializer}, parameters=[IDEMPOTENCY])
    def create(self, request):
        data = ReceiptInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = [
            services.ReceiptLine(
                line["item"], line["quantity"], line.get("expiry_date"), line.get("inventory_numbers", [])
            )
            for line in values.pop("lines")
        ]
        document = services.receipt_post(by=request.user, lines=lines, idempotency_key=_key(request), **values)
        return self._created(document)


class DispatchViewSet(ReceiveMixin, DocumentViewSet):
    kind = Document.Kind.DISPATCH

    @extend_schema(request=DispatchInput, responses={201: DocumentSerializer}, parameters=[IDEMPOTENCY])
    def create(self, request):
        data = DispatchInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = _issue_lines(values.pop("lines"))
        document = services.dispatch_post(by=request.user, lines=lines, idempotency_key=_key(request), **values)
        return self._created(document)


class TransferViewSet(ReceiveMixin, DocumentViewSet):
    kind = Document.Kind.TRANSFER

    @extend_schema(request=TransferInput, responses={201: DocumentSerializer}, parameters=[IDEMPOTENCY])
    def create(self, request):
        data = TransferInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = _issue_lines(values.pop("lines"))
        document = services.transfer_post(by=request.user, lines=lines, idempotency_key=_key(request), **values)
        return self._created(document)


class AdjustmentViewSet(DocumentViewSet):
    kind = Document.Kind.ADJUSTMENT

    @extend_schema(request=AdjustmentInput, responses={201: DocumentSerializer})
    def create(self, request):
        data = AdjustmentInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = [services.AdjustLine(line["lot"], line["quantity"]) for line in values.pop("lines")]
        document = services.adjustment_post(by=request.user, lines=lines, **values)
        return self._created(document)


# --- Requests ----------------------------------------------------------------------------------


class RequestLineSerializer(serializers.ModelSerializer):
    item = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RequestLine
        fields = ["id", "item", "quantity", "approved_quantity"]


class RequestSerializer(serializers.ModelSerializer):
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    hazard = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    lines = RequestLineSerializer(many=True, read_only=True)
    dispatches = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Request
        fields = [
            "id",
            "number",
            "status",
            "kecamatan",
            "destination_kind",
            "destination_warehouse",
            "destination_text",
            "hazard",
            "reason",
            "people_affected",
            "submitted_at",
            "decided_at",
            "rejection_reason",
            "lines",
            "dispatches",
        ]


class RequestedLineInput(serializers.Serializer):
    item = serializers.SlugRelatedField(slug_field="code", queryset=Item.objects.filter(is_active=True))
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)


class RequestInput(serializers.Serializer):
    kecamatan = serializers.SlugRelatedField(slug_field="code", queryset=Kecamatan.objects.none())
    destination_kind = serializers.ChoiceField(choices=Request.Destination.choices)
    destination_warehouse = ScopedField(selectors.warehouse_list, required=False, allow_null=True)
    destination_text = serializers.CharField(max_length=200, required=False, default="")
    hazard = serializers.SlugRelatedField(
        slug_field="code", queryset=Hazard.objects.all(), required=False, allow_null=True
    )
    reason = serializers.CharField()
    people_affected = serializers.IntegerField(min_value=0)
    lines = RequestedLineInput(many=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["kecamatan"].queryset = kecamatan_for(self.context["request"].user)


class ApproveInput(serializers.Serializer):
    lines = QuantityByLine(many=True, required=False, help_text="Approved quantity per line; lines left out get all.")


class RejectInput(serializers.Serializer):
    reason = serializers.CharField()


class RequestViewSet(CSVExportMixin, ScopedReadOnlyViewSet):
    """Requests from the field: file (officers for their kecamatan), approve or reject (BPBD staff)."""

    queryset = Request.objects.all()
    serializer_class = RequestSerializer
    filterset_class = RequestFilter

    def scoped_queryset(self, user):
        return selectors.request_list(user=user).prefetch_related("lines__item", "dispatches").order_by("-pk")

    @extend_schema(request=RequestInput, responses={201: RequestSerializer})
    def create(self, request):
        data = RequestInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = [services.RequestedLine(line["item"], line["quantity"]) for line in values.pop("lines")]
        created = services.request_create(by=request.user, lines=lines, **values)
        return Response(RequestSerializer(created).data, status=201)

    @extend_schema(request=ApproveInput, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        supply_request = self.get_object()
        data = ApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        approved = {row["line"]: row["quantity"] for row in data.validated_data.get("lines", [])}
        result = services.request_approve(by=request.user, request=supply_request, approved=approved)
        return Response(RequestSerializer(result).data)

    @extend_schema(request=RejectInput, responses=RequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        supply_request = self.get_object()
        data = RejectInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.request_reject(by=request.user, request=supply_request, reason=data.validated_data["reason"])
        return Response(RequestSerializer(result).data)

    @extend_schema(request=ShipmentInput, responses={201: DocumentSerializer}, parameters=[IDEMPOTENCY])
    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_goods(self, request, pk=None):
        """Send (part of) the approved quantities from one warehouse."""
        supply_request = self.get_object()
        data = ShipmentInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        lines = _issue_lines(values.pop("lines"))
        document = services.request_dispatch(
            by=request.user,
            request=supply_request,
            lines=lines,
            idempotency_key=_key(request),
            **values,
        )
        return Response(DocumentSerializer(document).data, status=201)
