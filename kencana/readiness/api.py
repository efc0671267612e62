"""Readiness API: templates and the library, reports and their workflow, completeness.

Every endpoint reads through the same scoped selectors as the pages and every action
calls the same service, so an Awayan officer gets a 404 for Paringin's report here
exactly as in the browser, and partners reach templates only through the library.
"""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kecamatan.selectors import desa_get, kecamatan_get
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import idempotency
from kencana.core.api import ScopedReadOnlyViewSet
from kencana.core.query import id_or_404
from kencana.core.uploads import file_response
from kencana.library.models import VersionState
from kencana.library.selectors import adopters_of, newer_source_version, versions_diff

from . import selectors, services, units
from .compare import compare_districts, districts_asked
from .filters import CompareQuery, CompletenessQuery, ReportFilter, UnitsQuery
from .models import Answer, Evidence, Indicator, Report, Section, Template, TemplateVersion, TierThreshold
from .spec import SPEC
from .units import MAX_HOUSEHOLDS

# --- Serializers ------------------------------------------------------------------


class ThresholdSerializer(serializers.ModelSerializer):
    class Meta:
        model = TierThreshold
        fields = ["name", "lower_bound"]


class IndicatorSerializer(serializers.ModelSerializer):
    hazards = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    section = serializers.CharField(source="section.title", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "section",
            "code",
            "text_id",
            "text_en",
            "answer_type",
            "choices",
            "target",
            "unit",
            "weight",
            "evidence_required",
            "hazards",
            "guidance",
        ]


class SectionSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["title", "title_en", "position", "indicators"]


class VersionSummarySerializer(serializers.ModelSerializer):
    state = serializers.CharField(read_only=True, help_text="draft, published or retired")

    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "state", "published_at", "notes"]


class VersionSerializer(serializers.ModelSerializer):
    template = serializers.PrimaryKeyRelatedField(read_only=True)
    thresholds = ThresholdSerializer(many=True, read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    source_version = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    state = serializers.CharField(read_only=True, help_text="draft, published or retired")

    class Meta:
        model = TemplateVersion
        fields = [
            "id",
            "template",
            "number",
            "state",
            "published_at",
            "notes",
            "weak_below",
            "source_version",
            "thresholds",
            "sections",
        ]


class ProvenanceSerializer(serializers.Serializer):
    district = serializers.CharField()
    template = serializers.IntegerField()
    template_name = serializers.CharField()
    versions_copied = serializers.ListField(child=serializers.IntegerField())
    newer_version = serializers.IntegerField(allow_null=True)


class TemplateSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    versions = serializers.SerializerMethodField(help_text="A partner district sees published and retired versions.")
    provenance = serializers.SerializerMethodField()
    adopted_by = serializers.SerializerMethodField()

    class Meta:
        model = Template
        fields = [
            "id",
            "name",
            "description",
            "district",
            "shared_with_partners",
            "versions",
            "provenance",
            "adopted_by",
        ]

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, template: Template) -> list[dict]:
        """A draft (and its notes) is the owning district's business until it is published."""
        versions = template.versions.all()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not (user.is_superuser or user.district_id == template.district_id):
            versions = [v for v in versions if v.state != VersionState.DRAFT]
        return VersionSummarySerializer(versions, many=True).data

    @extend_schema_field(ProvenanceSerializer(allow_null=True))
    def get_provenance(self, template: Template) -> dict | None:
        source = template.source_template
        if source is None:
            return None
        newer = newer_source_version(template)
        copied = template.versions.filter(source_version__template=source).values_list(
            "source_version__number", flat=True
        )
        return {
            "district": source.district.code,
            "template": source.pk,
            "template_name": source.name,
            "versions_copied": sorted(set(copied)),
            "newer_version": newer.number if newer else None,
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_adopted_by(self, template: Template) -> list[str]:
        return [district.code for district in adopters_of(template)]


class AdoptSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DiffSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.JSONField())
    removed = serializers.ListField(child=serializers.JSONField())
    changed = serializers.ListField(child=serializers.JSONField())


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


class AnswerSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True)
    value = serializers.CharField(source="display_value", read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "indicator",
            "value",
            "yes",
            "number",
            "choice",
            "points",
            "comment",
            "verdict",
            "review_note",
            "evidence",
            "source_figures",
        ]


class ReportSerializer(serializers.ModelSerializer):
    # Plain text in the schema: other apps also name a field "state", and enum components would collide.
    state = serializers.CharField(read_only=True, help_text="draft, submitted, returned or verified")
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    desa = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="The assessed desa's code (a desa template)"
    )
    school = serializers.SlugRelatedField(
        slug_field="npsn", read_only=True, allow_null=True, help_text="The assessed school's NPSN (a school template)"
    )
    template = serializers.IntegerField(source="version.template_id", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    period = serializers.CharField(source="period_label", read_only=True)
    on_time = serializers.BooleanField(source="submitted_on_time", read_only=True, allow_null=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "kecamatan",
            "desa",
            "school",
            "template",
            "version",
            "period_type",
            "period",
            "period_start",
            "period_end",
            "due_on",
            "closes_on",
            "state",
            "submitted_at",
            "on_time",
            "verified_at",
            "return_note",
            "reopen_reason",
            "score",
            "tier",
            "section_scores",
        ]


class ReportDetailSerializer(ReportSerializer):
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "answers"]


class AnswerInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Indicator code")
    value = serializers.CharField(
        allow_blank=True, required=False, default="", help_text="yes/no, a number, or a choice label"
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="")


class AnswersInputSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True)


class EvidenceUploadSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Indicator code")
    file = serializers.FileField()


class FilingInputSerializer(serializers.Serializer):
    """The report form as the outbox of an officer's phone sends it (docs/offline.md)."""

    answers = serializers.JSONField(
        binary=True,
        required=False,
        default=list,
        help_text='A JSON list of answers: [{"indicator": "KL-01", "value": "yes", "comment": ""}, ...]',
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Evidence files (PDF, JPEG, PNG, DOCX, XLSX)",
    )
    file_indicators = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="The indicator code of each file, in the order of the files",
    )
    remove_evidence = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Ids of the report's evidence files to remove",
    )
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit the report after saving")
    base = serializers.FloatField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        help_text="When the report was last changed as the client saw it (Unix seconds, with their fraction: "
        "the page's data-outbox-base). If BPBD returned, "
        "verified or reopened it later, the filing is refused on this field: a conflict to resolve.",
    )

    def validate_answers(self, value):
        answers = AnswerInputSerializer(data=value, many=True)
        answers.is_valid(raise_exception=True)
        return answers.validated_data

    def validate(self, data):
        if len(data["files"]) != len(data["file_indicators"]):
            raise serializers.ValidationError({"file_indicators": [_("Name one indicator code for each file.")]})
        return data


class FilingSerializer(serializers.Serializer):
    report = serializers.IntegerField()
    state = serializers.CharField(help_text="draft, submitted, returned or verified")
    submitted = serializers.BooleanField()
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="What stopped the submission asked for (the answers stay saved)"
    )


class ReviewInputSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    verdict = serializers.ChoiceField(choices=["accepted", "needs_revision"])
    note = serializers.CharField(allow_blank=True, required=False, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class OpenReportSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    kecamatan = serializers.CharField(
        required=False, default="", help_text="Kecamatan code, e.g. 63.11.06 (a kecamatan template)"
    )
    desa = serializers.CharField(required=False, default="", help_text="Desa code (a desa template)")
    school = serializers.CharField(required=False, default="", help_text="School NPSN (a school template)")
    period = serializers.DateField(help_text="First day of the period")


class UnitReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    template = serializers.CharField(source="version.template.name")
    period = serializers.CharField(source="period_label")
    state = serializers.CharField()
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    tier = serializers.CharField()


class KatanaCountSerializer(serializers.Serializer):
    counted_on = serializers.DateField()
    households = serializers.IntegerField(min_value=0, max_value=MAX_HOUSEHOLDS)


class DesaUnitSerializer(serializers.Serializer):
    code = serializers.CharField(source="unit.code")
    name = serializers.CharField(source="unit.name")
    kecamatan = serializers.CharField(source="unit.kecamatan.code")
    verified = UnitReportSerializer(allow_null=True, help_text="The newest verified assessment")
    latest = UnitReportSerializer(allow_null=True, help_text="The newest assessment in any state")
    katana = KatanaCountSerializer(allow_null=True, help_text="The latest Katana count")


class SchoolUnitSerializer(serializers.Serializer):
    npsn = serializers.CharField(source="unit.npsn")
    name = serializers.CharField(source="unit.name")
    level = serializers.CharField(source="unit.level")
    pupils = serializers.IntegerField(source="unit.pupils", allow_null=True)
    desa = serializers.CharField(source="unit.desa.code")
    verified = UnitReportSerializer(allow_null=True, help_text="The newest verified SPAB assessment")
    latest = UnitReportSerializer(allow_null=True, help_text="The newest SPAB assessment in any state")


class KatanaInputSerializer(KatanaCountSerializer):
    desa = serializers.CharField(help_text="Desa code, e.g. 63.11.06.2007")


# --- Templates --------------------------------------------------------------------


class TemplateViewSet(ScopedReadOnlyViewSet):
    """The user's own district's templates; ``library`` lists shared ones; ``adopt`` copies one."""

    queryset = Template.objects.all()
    serializer_class = TemplateSerializer
    ordering_fields = ["name"]

    def scoped_queryset(self, user):
        return selectors.template_list(user=user).order_by("name")

    @extend_schema(responses=TemplateSerializer(many=True))
    @action(detail=False)
    def library(self, request):
        """Published templates of the user's district and its partners that are shared."""
        templates = selectors.library_list(user=request.user).order_by("district__code", "name")
        page = self.paginate_queryset(templates)
        return self.get_paginated_response(TemplateSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=AdoptSerializer, responses={201: TemplateSerializer})
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        """Copy a library template's published version into the user's district as a draft."""
        source = selectors.library_template_get(user=request.user, pk=pk)
        data = AdoptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        adopted = services.template_adopt(
            source=source.published_version(),
            by=request.user,
            name=data.validated_data.get("name", ""),
        )
        return Response(TemplateSerializer(adopted, context={"request": request}).data, status=status.HTTP_201_CREATED)


class VersionViewSet(ScopedReadOnlyViewSet):
    """Versions with their content: own district's (drafts included) and library versions (published, retired)."""

    queryset = TemplateVersion.objects.all()
    serializer_class = VersionSerializer
    pagination_class = None

    def scoped_queryset(self, user):
        own = TemplateVersion.objects.filter(template__in=selectors.template_list(user=user))
        shared = TemplateVersion.objects.filter(template__in=selectors.library_list(user=user)).exclude(
            state=VersionState.DRAFT
        )
        return (
            (own | shared)
            .distinct()
            .prefetch_related("thresholds", "sections__indicators__hazards", "sections__indicators__section")
            .order_by("template_id", "-number")
        )

    @extend_schema(
        parameters=[OpenApiParameter("against", int, description="The older version's id", required=True)],
        responses=DiffSerializer,
    )
    @action(detail=True)
    def diff(self, request, pk=None):
        """What this version added, removed and changed compared with ``against``."""
        new = self.get_object()
        old = get_object_or_404(self.get_queryset(), pk=id_or_404(request.query_params.get("against")))
        diff = versions_diff(spec=SPEC, old=old, new=new)
        return Response(
            {
                "added": [{"key": k, **v} for k, v in diff.added],
                "removed": [{"key": k, **v} for k, v in diff.removed],
                "changed": [
                    {"key": k, "changes": [{"field": f, "old": o, "new": n} for f, o, n in changes]}
                    for k, changes in diff.changed
                ],
            }
        )


# --- Reports ----------------------------------------------------------------------


class ReportViewSet(ScopedReadOnlyViewSet):
    """Reports of the kecamatan the user works on, and their workflow (same rules as the pages)."""

    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["period_start", "score", "submitted_at"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def scoped_queryset(self, user):
        return selectors.report_list(user=user).order_by("-period_start", "kecamatan__code")

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def _indicator(self, report: Report, code: str) -> Indicator:
        applicable = {
            i.code: i for i in selectors.applicable_indicators(version=report.version, kecamatan=report.kecamatan)
        }
        if code not in applicable:
            raise exceptions.ValidationError({"indicator": [f"{code}: not asked of this kecamatan."]})
        return applicable[code]

    def _detail(self, report: Report) -> Response:
        report.refresh_from_db()
        return Response(ReportDetailSerializer(report).data)

    @extend_schema(request=OpenReportSerializer, responses={200: ReportDetailSerializer})
    @action(detail=False, methods=["post"])
    def open(self, request):
        """The report for one assignment, kecamatan and period, started as a draft if needed."""
        data = OpenReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = get_object_or_404(
            selectors.assignment_list(user=request.user), pk=data.validated_data["assignment"]
        )
        kecamatan, desa, school = selectors.unit_to_open(
            user=request.user,
            kecamatan_code=data.validated_data["kecamatan"],
            desa_code=data.validated_data["desa"],
            npsn=data.validated_data["school"],
        )
        report = services.report_open(
            assignment=assignment,
            kecamatan=kecamatan,
            period_start=data.validated_data["period"],
            by=request.user,
            desa=desa,
            school=school,
        )
        return self._detail(report)

    @extend_schema(request=AnswersInputSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request, pk=None):
        """Create or update answers by indicator code (a draft save; all or nothing)."""
        report = self.get_object()
        data = AnswersInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entries = [
            services.AnswerInput(
                indicator=self._indicator(report, item["indicator"]), value=item["value"], comment=item["comment"]
            )
            for item in data.validated_data["answers"]
        ]
        services.answers_save(report=report, by=request.user, entries=entries)
        return self._detail(report)

    @extend_schema(request={"multipart/form-data": EvidenceUploadSerializer}, responses={201: EvidenceSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        """Attach a file (PDF, JPEG, PNG, DOCX, XLSX; checked by content) to an answer."""
        report = self.get_object()
        data = EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        indicator = self._indicator(report, data.validated_data["indicator"])
        evidence = services.evidence_add(
            report=report,
            indicator=indicator,
            by=request.user,
            upload=data.validated_data["file"],
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": FilingInputSerializer},
        responses={200: FilingSerializer},
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="A key the client chose for this filing (a UUID): a retry with the same key is "
                "applied once and answered with the first outcome.",
            )
        ],
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def file(self, request, pk=None):
        """The report form filed from an officer's outbox: answers, evidence and, if asked, the
        submission, all in one transaction and once per Idempotency-Key."""
        key = idempotency.clean_key(request.headers.get(idempotency.HEADER))
        report = self.get_object()
        data = FilingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filing = data.validated_data
        entries = [
            services.AnswerInput(
                indicator=self._indicator(report, item["indicator"]), value=item["value"], comment=item["comment"]
            )
            for item in filing["answers"]
        ]
        uploads = [
            services.EvidenceUpload(indicator=self._indicator(report, code), upload=upload)
            for code, upload in zip(filing["file_indicators"], filing["files"], strict=True)
        ]
        base = filing["base"]
        outcome = services.report_file(
            report=report,
            by=request.user,
            key=key,
            entries=entries,
            uploads=uploads,
            remove=filing["remove_evidence"],
            submit=filing["submit"],
            base=None if base is None else datetime.datetime.fromtimestamp(base, tz=datetime.UTC),
        )
        return Response(FilingSerializer(outcome).data)

    @extend_schema(request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._detail(services.report_submit(report=self.get_object(), by=request.user))

    @extend_schema(request=ReviewInputSerializer(many=True), responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Verdicts per indicator (accepted / needs_revision with a note): all saved, or none."""
        report = self.get_object()
        data = ReviewInputSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        verdicts = [
            services.ReviewInput(item["indicator"], item["verdict"], item["note"]) for item in data.validated_data
        ]
        return self._detail(services.report_review(report=report, by=request.user, verdicts=verdicts))

    @extend_schema(request=None, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._detail(services.report_verify(report=self.get_object(), by=request.user))

    @extend_schema(request=NoteSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_return(report=self.get_object(), by=request.user, note=data.validated_data["note"])
        return self._detail(report)

    @extend_schema(request=ReasonSerializer, responses=ReportDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_reopen(report=self.get_object(), by=request.user, reason=data.validated_data["reason"])
        return self._detail(report)


class EvidenceFileView(APIView):
    """Download an evidence file (only if the user may see its report)."""

    @extend_schema(responses={(200, mime): OpenApiTypes.BINARY for mime in services.EVIDENCE_TYPES})
    def get(self, request, pk: int):
        evidence = selectors.evidence_get(user=request.user, pk=pk)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return file_response(handle, content_type=evidence.content_type, filename=evidence.download_name)


class DesaUnitsView(APIView):
    """The desa in the user's scope with their Destana assessments and latest Katana count."""

    @extend_schema(
        parameters=[OpenApiParameter("kecamatan", str, description="Only this kecamatan's desa (its code)")],
        responses=DesaUnitSerializer(many=True),
    )
    def get(self, request):
        code = UnitsQuery(request.query_params).strict()["kecamatan"]
        kecamatan = kecamatan_get(user=request.user, code=code) if code else None
        rows = selectors.desa_rows(user=request.user, kecamatan=kecamatan)
        return Response(DesaUnitSerializer(rows, many=True).data)


class SchoolUnitsView(APIView):
    """The schools in the user's scope with their SPAB assessments."""

    @extend_schema(
        parameters=[OpenApiParameter("kecamatan", str, description="Only this kecamatan's schools (its code)")],
        responses=SchoolUnitSerializer(many=True),
    )
    def get(self, request):
        code = UnitsQuery(request.query_params).strict()["kecamatan"]
        kecamatan = kecamatan_get(user=request.user, code=code) if code else None
        rows = selectors.school_rows(user=request.user, kecamatan=kecamatan)
        return Response(SchoolUnitSerializer(rows, many=True).data)


class KatanaView(APIView):
    """Record (or correct) a desa's Katana household count for a date."""

    @extend_schema(request=KatanaInputSerializer, responses={201: KatanaCountSerializer})
    def post(self, request):
        data = KatanaInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        desa = desa_get(user=request.user, code=data.validated_data["desa"])
        count = units.katana_record(
            desa=desa,
            counted_on=data.validated_data["counted_on"],
            households=data.validated_data["households"],
            by=request.user,
        )
        return Response(KatanaCountSerializer(count).data, status=status.HTTP_201_CREATED)


class CompletenessView(APIView):
    """Expected, submitted, on time, verified, returned and missing reports for one period."""

    @extend_schema(
        parameters=[
            OpenApiParameter("assignment", int, required=True),
            OpenApiParameter("period", OpenApiTypes.DATE, description="Period start; default: the latest due period"),
            OpenApiParameter(
                "kecamatan", str, description="Kecamatan code: the desa or schools of that kecamatan only"
            ),
        ],
        responses=inline_serializer(
            "Completeness",
            {
                "assignment": serializers.IntegerField(),
                "period_start": serializers.DateField(),
                "unit_kind": serializers.CharField(),
                "totals": serializers.DictField(child=serializers.IntegerField()),
                "kecamatan": serializers.ListField(
                    child=serializers.DictField(),
                    help_text="One row per expected unit: a kecamatan, or a desa ('desa' code) or school ('school' NPSN)",
                ),
            },
        ),
    )
    def get(self, request):
        asked = CompletenessQuery(request.query_params).strict()
        if asked["assignment"] is None:
            raise serializers.ValidationError({"assignment": [_("Give the assignment's number.")]})
        assignment = get_object_or_404(selectors.assignment_list(user=request.user), pk=asked["assignment"])
        start = asked["period"] or selectors.default_period(assignment)
        place = kecamatan_get(user=request.user, code=asked["kecamatan"]) if asked["kecamatan"] else None
        result = selectors.completeness(user=request.user, assignment=assignment, period_start=start, kecamatan=place)
        return Response(
            {
                "assignment": assignment.pk,
                "period_start": start,
                "unit_kind": assignment.version.template.unit_kind,
                "totals": result.totals,
                "kecamatan": [
                    {
                        "code": row.kecamatan.code,
                        "name": row.kecamatan.name,
                        "desa": row.desa.code if row.desa else None,
                        "school": row.school.npsn if row.school else None,
                        "unit_name": row.unit_name,
                        "report": row.report.pk if row.report else None,
                        "state": row.report.state if row.report else None,
                        "submitted": row.submitted,
                        "on_time": row.on_time,
                        "verified": row.verified,
                        "returned": row.returned,
                        "missing": row.missing,
                    }
                    for row in result.rows
                ],
            }
        )


class CompareView(APIView):
    """Two or more districts side by side per section of a template they share: each district's
    mean section score over its kecamatan's latest verified reports, how many kecamatan that is,
    and the tier mix; the districts that did not adopt the template are listed apart."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "district", str, required=True, description="District codes, two or more to compare: 63.11,63.03"
            ),
            OpenApiParameter("template", int, description="The shared template (its first template's id)"),
            OpenApiParameter(
                "period", OpenApiTypes.DATE, description="As of this period; default: each district's current one"
            ),
        ],
        responses=inline_serializer(
            "DistrictComparison",
            {
                "template": serializers.DictField(allow_null=True),
                "templates": serializers.ListField(child=serializers.DictField()),
                "sections": serializers.ListField(child=serializers.CharField()),
                "tiers": serializers.ListField(child=serializers.CharField()),
                "districts": serializers.ListField(child=serializers.DictField()),
                "without_template": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    def get(self, request):
        require(permissions.may_compare_districts(request.user), _("Comparing districts is for BPBD and overseers."))
        asked = CompareQuery(request.query_params).strict()
        districts = districts_asked(user=request.user, codes=asked["district"])
        if not districts:
            raise serializers.ValidationError({"district": [_("Choose two or more districts.")]})
        result = compare_districts(
            user=request.user, districts=districts, template=asked["template"], period=asked["period"]
        )

        def template(lineage) -> dict:
            return {"id": lineage.root.pk, "name": lineage.root.name, "district": lineage.root.district.code}

        return Response(
            {
                "template": template(result.lineage) if result.lineage else None,
                "templates": [{**template(x), "districts": len(x.district_ids)} for x in result.lineages],
                "sections": result.sections,
                "tiers": result.tiers,
                "districts": [
                    {
                        "code": c.district.code,
                        "name": c.district.name,
                        "templates": c.template_names,
                        "as_of": c.as_of,
                        "kecamatan_total": c.kecamatan_total,
                        "kecamatan_verified": c.covered,
                        "sections": [
                            {
                                "title": title,
                                "mean_score": c.sections[title].mean if title in c.sections else None,
                                "kecamatan": c.sections[title].kecamatan if title in c.sections else 0,
                            }
                            for title in result.sections
                        ],
                        "tiers": {tier: c.tiers.get(tier, 0) for tier in result.tiers},
                    }
                    for c in result.columns
                ],
                "without_template": [d.code for d in result.without],
            }
        )
