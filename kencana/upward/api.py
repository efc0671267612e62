"""The SPM reports under /api/v1/upward/spm-reports/: the same scope and services as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from kencana.accounts.scope import districts_for
from kencana.core.api import ScopedReadOnlyViewSet
from kencana.core.exports import workbook_response

from . import services
from .exports import spm_filename, spm_sheets
from .models import SpmEntry, SpmReport
from .selectors import spm_report_list


class SpmEntrySerializer(serializers.ModelSerializer):
    sub_activity = serializers.CharField(source="sub_activity.code", read_only=True)
    name = serializers.CharField(source="sub_activity.name", read_only=True)
    service = serializers.CharField(source="sub_activity.service.code", read_only=True)
    computed = serializers.BooleanField(source="sub_activity.computed", read_only=True)
    target = serializers.IntegerField(allow_null=True)
    achieved = serializers.IntegerField(allow_null=True)
    budget = serializers.DecimalField(max_digits=16, decimal_places=0, allow_null=True)
    components_met = serializers.ListField(child=serializers.CharField())
    has_evidence = serializers.SerializerMethodField()

    class Meta:
        model = SpmEntry
        fields = [
            "sub_activity",
            "name",
            "service",
            "computed",
            "target",
            "achieved",
            "budget",
            "components_met",
            "note",
            "has_evidence",
        ]

    def get_has_evidence(self, entry: SpmEntry) -> bool:
        return bool(entry.evidence)


class SpmReportSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    entries = SpmEntrySerializer(many=True, read_only=True)
    first_submitted_at = serializers.DateTimeField(allow_null=True, read_only=True)
    submitted_at = serializers.DateTimeField(allow_null=True, read_only=True)
    reviewed_at = serializers.DateTimeField(allow_null=True, read_only=True)

    class Meta:
        model = SpmReport
        fields = [
            "id",
            "district",
            "year",
            "quarter",
            "version",
            "state",
            "due_on",
            "problems",
            "action_plan",
            "review_note",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "entries",
        ]


class SpmOpenSerializer(serializers.Serializer):
    district = serializers.CharField(help_text="District code, e.g. 63.11")
    year = serializers.IntegerField(min_value=2018, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class SpmEntryInputSerializer(serializers.Serializer):
    sub_activity = serializers.CharField(help_text="Sub-activity code, e.g. 1.2")
    target = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    achieved = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    budget = serializers.DecimalField(
        max_digits=16, decimal_places=0, min_value=0, required=False, allow_null=True, default=None
    )
    components_met = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SpmSaveSerializer(serializers.Serializer):
    entries = SpmEntryInputSerializer(many=True, required=False, default=list)
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    action_plan = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(required=False, default=False)


class SpmNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SpmReportViewSet(ScopedReadOnlyViewSet):
    """SPM reports of the caller's districts. BPBD ``open`` a quarter and ``save`` it (``submit``:
    true sends it to the province; achievements entered above zero need evidence, uploaded on the
    report's page); BPBD Provinsi ``verify`` or ``return`` it with a note; ``export`` is the XLSX
    in the shape of the e-SPM form."""

    queryset = SpmReport.objects.all()
    serializer_class = SpmReportSerializer
    filterset_fields = ["state", "year", "quarter"]
    ordering_fields = ["year", "quarter"]

    def scoped_queryset(self, user):
        return (
            spm_report_list(user=user)
            .prefetch_related("entries__sub_activity__service")
            .order_by("-year", "-quarter", "district__code")
        )

    def _detail(self, report: SpmReport) -> Response:
        return Response(SpmReportSerializer(self.scoped_queryset(self.request.user).get(pk=report.pk)).data)

    @extend_schema(request=SpmOpenSerializer, responses=SpmReportSerializer)
    @action(detail=False, methods=["post"])
    def open(self, request):
        data = SpmOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        district = get_object_or_404(districts_for(request.user), code=data.validated_data["district"])
        report = services.spm_report_open(
            district=district,
            year=data.validated_data["year"],
            quarter=data.validated_data["quarter"],
            by=request.user,
        )
        return self._detail(report)

    @extend_schema(request=SpmSaveSerializer, responses=SpmReportSerializer)
    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        report = self.get_object()
        data = SpmSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = dict(report.entries.values_list("sub_activity__code", "sub_activity_id"))
        unknown = [e["sub_activity"] for e in data.validated_data["entries"] if e["sub_activity"] not in ids]
        if unknown:
            raise serializers.ValidationError({"entries": [f"Unknown sub-activity: {', '.join(unknown)}"]})
        entries = [
            services.EntryInput(
                sub_activity_id=ids[e["sub_activity"]],
                target=e["target"],
                achieved=e["achieved"],
                budget=e["budget"],
                components_met=e["components_met"],
                note=e["note"],
            )
            for e in data.validated_data["entries"]
        ]
        report = services.spm_report_save(
            report=report,
            by=request.user,
            entries=entries,
            problems=data.validated_data["problems"],
            action_plan=data.validated_data["action_plan"],
            submit=data.validated_data["submit"],
        )
        return self._detail(report)

    @extend_schema(request=SpmNoteSerializer, responses=SpmReportSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = SpmNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.spm_report_verify(report=self.get_object(), by=request.user, note=data.validated_data["note"])
        )

    @extend_schema(request=SpmNoteSerializer, responses=SpmReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = SpmNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.spm_report_return(report=self.get_object(), by=request.user, note=data.validated_data["note"])
        )

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        report = self.get_object()
        return workbook_response(filename=spm_filename(report), sheets=spm_sheets(report))
