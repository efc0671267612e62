"""The SPM reports under /api/v1/upward/spm-reports/ and the IKD self-assessments under
/api/v1/upward/ikd-assessments/: the same scope and services as the pages."""

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
from .models import IkdAnswer, IkdAssessment, SpmEntry, SpmReport
from .selectors import ikd_assessment_list, spm_report_list


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


class ReviewNoteSerializer(serializers.Serializer):
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

    @extend_schema(request=ReviewNoteSerializer, responses=SpmReportSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = ReviewNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.spm_report_verify(report=self.get_object(), by=request.user, note=data.validated_data["note"])
        )

    @extend_schema(request=ReviewNoteSerializer, responses=SpmReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = ReviewNoteSerializer(data=request.data)
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


# --- IKD self-assessment --------------------------------------------------------------------------


class IkdAnswerSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    value = serializers.CharField(read_only=True)
    points = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True, read_only=True)

    class Meta:
        model = IkdAnswer
        fields = ["indicator", "value", "points", "comment"]


class IkdSectionScoreSerializer(serializers.Serializer):
    title = serializers.CharField()
    title_en = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="0–100")
    answered = serializers.IntegerField()
    total = serializers.IntegerField()


class IkdAssessmentSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    template = serializers.CharField(source="version.template.name", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    index = serializers.DecimalField(
        max_digits=5, decimal_places=4, allow_null=True, read_only=True, help_text="0–1, from the answers"
    )
    section_scores = IkdSectionScoreSerializer(many=True, read_only=True)
    answers = IkdAnswerSerializer(many=True, read_only=True)
    first_submitted_at = serializers.DateTimeField(allow_null=True, read_only=True)
    submitted_at = serializers.DateTimeField(allow_null=True, read_only=True)
    reviewed_at = serializers.DateTimeField(allow_null=True, read_only=True)

    class Meta:
        model = IkdAssessment
        fields = [
            "id",
            "district",
            "year",
            "template",
            "version",
            "state",
            "index",
            "level",
            "section_scores",
            "review_note",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "answers",
        ]


class IkdOpenSerializer(serializers.Serializer):
    district = serializers.CharField(help_text="District code, e.g. 63.11")
    year = serializers.IntegerField(min_value=2018, max_value=2100)


class IkdAnswerInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Indicator code, e.g. IKD-1.1")
    value = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="ya/tidak, a number, or a choice's label"
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class IkdSaveSerializer(serializers.Serializer):
    answers = IkdAnswerInputSerializer(many=True, required=False, default=list)
    submit = serializers.BooleanField(required=False, default=False)


class IkdAssessmentViewSet(ScopedReadOnlyViewSet):
    """IKD self-assessments of the caller's districts. BPBD ``open`` a year (with the published
    template of the district that assesses the district) and ``save`` answers by indicator code
    (``submit``: true sends it to the province once every indicator is answered); BPBD Provinsi
    ``verify`` or ``return`` it with a note; BNPB reads. ``index`` (0–1) and ``level`` are computed
    from the answers and the template's thresholds."""

    queryset = IkdAssessment.objects.all()
    serializer_class = IkdAssessmentSerializer
    filterset_fields = ["state", "year"]
    ordering_fields = ["year"]

    def scoped_queryset(self, user):
        return ikd_assessment_list(user=user).prefetch_related("answers__indicator").order_by("-year", "district__code")

    def _detail(self, assessment: IkdAssessment) -> Response:
        return Response(IkdAssessmentSerializer(self.scoped_queryset(self.request.user).get(pk=assessment.pk)).data)

    @extend_schema(request=IkdOpenSerializer, responses=IkdAssessmentSerializer)
    @action(detail=False, methods=["post"])
    def open(self, request):
        data = IkdOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        district = get_object_or_404(districts_for(request.user), code=data.validated_data["district"])
        return self._detail(
            services.ikd_assessment_open(district=district, year=data.validated_data["year"], by=request.user)
        )

    @extend_schema(request=IkdSaveSerializer, responses=IkdAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def save(self, request, pk=None):
        assessment = self.get_object()
        data = IkdSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answers = [services.IkdAnswerInput(**given) for given in data.validated_data["answers"]]
        return self._detail(
            services.ikd_assessment_save(
                assessment=assessment, by=request.user, answers=answers, submit=data.validated_data["submit"]
            )
        )

    @extend_schema(request=ReviewNoteSerializer, responses=IkdAssessmentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = ReviewNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.ikd_assessment_verify(
                assessment=self.get_object(), by=request.user, note=data.validated_data["note"]
            )
        )

    @extend_schema(request=ReviewNoteSerializer, responses=IkdAssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = ReviewNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._detail(
            services.ikd_assessment_return(
                assessment=self.get_object(), by=request.user, note=data.validated_data["note"]
            )
        )
