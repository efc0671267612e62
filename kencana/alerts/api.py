"""/api/v1/alerts/, hazard-warnings/, notifications/ and cap/import/: the same services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kecamatan.models import Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.accounts.scope import kecamatan_for
from kencana.core.api import ScopedReadOnlyViewSet

from . import services
from .filters import AlertFilter, NotificationFilter
from .models import Alert, CapMessage, HazardWarning, Notification, Severity
from .rules import rule_label
from .selectors import alert_list, hazard_warning_list, notification_list


class AlertSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    resolved_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    rule_label = serializers.SerializerMethodField()
    cap_url = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id",
            "rule",
            "rule_label",
            "severity",
            "state",
            "title",
            "detail",
            "public",
            "district",
            "kecamatan",
            "subject_label",
            "opened_at",
            "expires_at",
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
            "resolved_by",
            "resolution_note",
            "escalation_step",
            "next_escalation_at",
            "cap_url",
        ]

    def get_rule_label(self, alert: Alert) -> str:
        return rule_label(alert.rule)

    def get_cap_url(self, alert: Alert) -> str:
        return self.context["request"].build_absolute_uri(reverse("cap:alert", args=[alert.pk]))


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class AlertViewSet(ScopedReadOnlyViewSet):
    """Alerts in the user's scope: the district for BPBD, their kecamatan for officers.

    Without a `state` filter only open and acknowledged alerts are listed.
    """

    queryset = Alert.objects.all()
    serializer_class = AlertSerializer
    filterset_class = AlertFilter
    ordering_fields = ["opened_at", "severity"]

    def filter_queryset(self, queryset):
        # Filters (and the default "active only") narrow lists; an alert is found by its
        # id whatever its state, so a resolved alert can still be read, acknowledged or not.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def scoped_queryset(self, user):
        return alert_list(user=user).order_by("-opened_at", "-pk")

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Acknowledge an open alert: escalation stops."""
        alert = services.alert_acknowledge(alert=self.get_object(), by=request.user)
        return Response(AlertSerializer(alert, context={"request": request}).data)

    @extend_schema(request=ResolveSerializer, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Resolve an alert with a note (BPBD staff)."""
        alert = self.get_object()
        body = ResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        alert = services.alert_resolve(alert=alert, by=request.user, note=body.validated_data["note"])
        return Response(AlertSerializer(alert, context={"request": request}).data)


class HazardWarningSerializer(serializers.ModelSerializer):
    kecamatan = serializers.SlugRelatedField(slug_field="code", many=True, queryset=Kecamatan.objects.all())
    hazard = serializers.SlugRelatedField(slug_field="code", queryset=Hazard.objects.all())
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.SEVERE)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = HazardWarning
        fields = [
            "id",
            "district",
            "kecamatan",
            "hazard",
            "status_level",
            "severity",
            "title",
            "message",
            "instruction",
            "expires_at",
            "created_at",
            "created_by",
            "cancelled_at",
        ]
        read_only_fields = ["created_at", "cancelled_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Kecamatan outside the user's scope are "not found", as everywhere.
            self.fields["kecamatan"].child_relation.queryset = kecamatan_for(request.user)


class HazardWarningViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Hazard warnings BPBD staff raise for chosen kecamatan; each kecamatan gets an alert at once."""

    queryset = HazardWarning.objects.all()
    serializer_class = HazardWarningSerializer

    def scoped_queryset(self, user):
        return hazard_warning_list(user=user).order_by("-created_at")

    def create(self, request, *args, **kwargs):
        require(permissions.may_raise_warnings(request.user))
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        warning = services.hazard_warning_create(
            by=request.user,
            kecamatan=list(data["kecamatan"]),
            hazard=data["hazard"],
            title=data["title"],
            expires_at=data["expires_at"],
            severity=data["severity"],
            status_level=data.get("status_level", HazardWarning.Status.ALERT),
            message=data.get("message", ""),
            instruction=data.get("instruction", ""),
        )
        return Response(self.get_serializer(warning).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=HazardWarningSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """End a warning early; its alerts resolve."""
        warning = services.hazard_warning_cancel(warning=self.get_object(), by=request.user)
        return Response(self.get_serializer(warning).data)


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "alert", "severity", "title", "body", "link", "created_at", "read_at"]


class NotificationViewSet(ScopedReadOnlyViewSet):
    """The caller's own notifications, newest first."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    def scoped_queryset(self, user):
        return notification_list(user=user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification as read."""
        notification = services.notification_mark_read(notification=self.get_object(), by=request.user)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("ReadAll", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all of the caller's notifications as read."""
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})


class CapUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class CapImportResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="message.pk")
    identifier = serializers.CharField(source="message.identifier")
    created = serializers.BooleanField()
    note = serializers.CharField()
    kecamatan = serializers.SerializerMethodField()
    alerts_opened = serializers.IntegerField(source="opened")
    alerts_resolved = serializers.IntegerField(source="resolved")

    def get_kecamatan(self, result) -> list[str]:
        return [k.code for k in result.kecamatan]


class CapImportView(APIView):
    """Import a CAP 1.2 XML file (multipart field `file`). BPBD staff only."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": CapUploadSerializer},
        responses={
            201: CapImportResultSerializer,
            200: OpenApiResponse(CapImportResultSerializer, description="Imported before; nothing changed."),
        },
    )
    def post(self, request):
        require(permissions.may_raise_warnings(request.user))
        body = CapUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            result = services.cap_import(
                data=body.validated_data["file"].read(), by=request.user, source=CapMessage.Source.API
            )
        except DjangoValidationError as exc:
            raise ApiValidationError({"file": exc.messages}) from exc
        return Response(
            CapImportResultSerializer(result).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
