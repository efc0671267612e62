"""/api/v1/field-reports/: the queue of field reports, and BPBD's review, through the same services as the page."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from kencana.core.api import ScopedReadOnlyViewSet

from . import services
from .filters import FieldReportFilter
from .models import FieldReport
from .selectors import field_report_list


class FieldReportSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    hazard = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    desa = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    sender_user = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    event = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = FieldReport
        fields = [
            "id",
            "district",
            "channel",
            "sender",
            "sender_user",
            "text",
            "hazard",
            "kecamatan",
            "desa",
            "place_text",
            "depth_cm",
            "latitude",
            "longitude",
            "photos",
            "received_at",
            "state",
            "reviewed_at",
            "reviewed_by",
            "review_note",
            "event",
        ]


class DismissSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class FieldReportViewSet(ScopedReadOnlyViewSet):
    """Field reports of the user's district (BPBD only); `state` filters (unverified, verified, dismissed)."""

    queryset = FieldReport.objects.all()
    serializer_class = FieldReportSerializer
    filterset_class = FieldReportFilter

    def scoped_queryset(self, user):
        return field_report_list(user=user).order_by("-received_at", "-pk")

    def _answer(self, report):
        return Response(FieldReportSerializer(report, context={"request": self.request}).data)

    @extend_schema(request=None, responses=FieldReportSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify the report; the sender is told."""
        return self._answer(services.field_report_verify(report=self.get_object(), by=request.user))

    @extend_schema(request=DismissSerializer, responses=FieldReportSerializer)
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        """Dismiss the report with an optional note; the sender is told."""
        report = self.get_object()
        body = DismissSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(
            services.field_report_dismiss(report=report, by=request.user, note=body.validated_data.get("note", ""))
        )

    @extend_schema(request=None, responses=FieldReportSerializer)
    @action(detail=True, methods=["post"], url_path="open-event")
    def open_event(self, request, pk=None):
        """Open a disaster event from a verified report; the sender is told the event's number."""
        report = self.get_object()
        services.field_report_open_event(report=report, by=request.user)
        report.refresh_from_db()
        return self._answer(report)
