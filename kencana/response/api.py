"""/api/v1/response/: events, decrees, tasks, impact reports with their review, casualties, sitreps.

Every endpoint reads through the same scoped selectors as the pages and every write calls the
same service, so an officer of Awayan gets a 404 for a Paringin-only event here as in the
browser, and a refusal reads the same. Services' errors are answered by the project's one
exception handler (400 with messages per field, 403 with the reason). Sitreps are issued once
and only read afterwards.
"""

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from kecamatan.models import Desa, Hazard, Kecamatan
from kencana.accounts.scope import kecamatan_for
from kencana.alerts.selectors import alert_list
from kencana.core import idempotency
from kencana.core.api import IDEMPOTENCY_KEY, ScopedReadOnlyViewSet
from kencana.plans.models import ActionItem, QuickResponseCard

from . import reporting, selectors, services
from .figures import EventFigures, derived
from .filters import AsOfQuery, EventFilter, ImpactFilter, TaskFilter
from .models import (
    COUNT_FIELDS,
    STATUS_FIELDS,
    Casualty,
    ChronologyEntry,
    Decree,
    EmergencyLevel,
    Event,
    ImpactReport,
    Sitrep,
    Task,
)


@extend_schema_field(OpenApiTypes.STR)
class ScopedCodes(serializers.SlugRelatedField):
    """Kecamatan or desa named by Kemendagri code, among those of the caller's district."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        kecamatan = selectors.kecamatan_for_events(user=request.user)
        return kecamatan if self.model is not Desa else Desa.objects.filter(kecamatan__in=kecamatan)


class TaskSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(read_only=True)
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    state = serializers.CharField(read_only=True, help_text="open, acknowledged, started, done or not_possible")
    assignees = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    agency = serializers.StringRelatedField(allow_null=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "event",
            "number",
            "kecamatan",
            "title",
            "role",
            "agency",
            "assignees",
            "due_at",
            "state",
            "late",
            "acknowledged_at",
            "started_at",
            "finished_at",
            "reason",
            "action_item",
        ]

    def get_late(self, task: Task) -> bool:
        return task.is_late()


# --- Events and decrees --------------------------------------------------------------------------


class DecreeSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(read_only=True)
    level = serializers.CharField(read_only=True, help_text="siaga, tanggap or transisi")
    follows = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Decree
        fields = [
            "id",
            "event",
            "number",
            "signed_on",
            "level",
            "period_start",
            "period_end",
            "follows",
            "has_file",
            "recorded_at",
        ]

    def get_has_file(self, decree: Decree) -> bool:
        return bool(decree.file)


class ChronologySerializer(serializers.ModelSerializer):
    class Meta:
        model = ChronologyEntry
        fields = ["id", "at", "text", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]


class EventSerializer(serializers.ModelSerializer):
    hazard = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.CharField(read_only=True, help_text="monitoring, emergency or closed")
    kecamatan = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    desa = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    decree = serializers.SerializerMethodField(help_text="The decree in force (the last recorded), or null.")
    days_left = serializers.SerializerMethodField(help_text="Days from today to the end of the decree's period.")

    class Meta:
        model = Event
        fields = [
            "id",
            "number",
            "district",
            "title",
            "hazard",
            "status",
            "started_at",
            "ended_at",
            "kecamatan",
            "desa",
            "description",
            "source_alert",
            "decree",
            "days_left",
            "created_at",
        ]

    def _decree(self, event: Event) -> Decree | None:
        """The decree in force: the last recorded (from the prefetched decrees)."""
        return max(event.decrees.all(), key=lambda d: d.pk, default=None)

    @extend_schema_field(DecreeSerializer(allow_null=True))
    def get_decree(self, event: Event) -> dict | None:
        decree = self._decree(event)
        return DecreeSerializer(decree).data if decree else None

    def get_days_left(self, event: Event) -> int | None:
        decree = self._decree(event)
        if decree is None:
            return None
        return (decree.period_end - selectors.local_today(event.district.timezone)).days


class EventInputSerializer(serializers.Serializer):
    hazard = serializers.SlugRelatedField(slug_field="code", queryset=Hazard.objects.all(), help_text="Hazard code")
    started_at = serializers.DateTimeField()
    kecamatan = ScopedCodes(Kecamatan, many=True, help_text="Kecamatan codes")
    desa = ScopedCodes(Desa, many=True, required=False, help_text="Desa codes")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    source_alert = serializers.IntegerField(required=False, allow_null=True, help_text="The alert it was opened from")


class CloseSerializer(serializers.Serializer):
    ended_at = serializers.DateTimeField()


class ActivateSerializer(serializers.Serializer):
    card = serializers.IntegerField(help_text="A quick-response card of one of the event's kecamatan")
    at = serializers.DateTimeField(required=False, allow_null=True, help_text="Default: now")


class PullSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.IntegerField(), help_text="Action item ids")
    due_at = serializers.DateTimeField()


class DecreeInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    signed_on = serializers.DateField()
    level = serializers.ChoiceField(choices=EmergencyLevel.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    file = serializers.FileField(required=False, help_text="The scanned decree (PDF, JPEG, PNG)")


class FiguresSerializer(serializers.Serializer):
    as_of = serializers.DateTimeField()
    verified = serializers.DictField(
        child=serializers.FloatField(), help_text="Totals of verified reports: counts, and roads_km in km"
    )
    with_unverified = serializers.DictField(
        child=serializers.FloatField(), help_text="The same with the latest submitted figures not yet verified"
    )
    kecamatan = serializers.ListField(child=serializers.DictField())


def _figures_json(figures: EventFigures) -> dict:
    return {
        "as_of": figures.as_of,
        "verified": derived(figures.verified),
        "with_unverified": derived(figures.with_submitted),
        "kecamatan": [
            {
                "code": group.kecamatan.code,
                "name": group.kecamatan.name,
                "verified": derived(group.verified),
                "with_unverified": derived(group.with_submitted),
                "desa": [
                    {
                        "code": row.desa.code,
                        "name": row.desa.name,
                        "verified_report": row.verified.pk if row.verified else None,
                        "unverified_report": row.pending.pk if row.pending_submitted else None,
                    }
                    for row in group.desa
                ],
            }
            for group in figures.kecamatan
        ],
    }


def _as_of(request):
    return AsOfQuery(request.query_params).strict()["as_of"]


class EventViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Disaster events touching the caller's kecamatan. BPBD staff record, correct and close them,
    keep their chronology and decrees, activate cards and pull action items into their tasks."""

    queryset = Event.objects.all()
    serializer_class = EventSerializer
    filterset_class = EventFilter
    ordering_fields = ["started_at", "number"]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def scoped_queryset(self, user):
        events = selectors.event_list(user=user).order_by("-started_at")
        if self.action not in ("list", "retrieve"):
            return events  # the actions read the event's areas afresh, with their own joins
        return events.prefetch_related(
            "decrees",
            Prefetch("kecamatan", queryset=Kecamatan.objects.only("pk", "code")),
            Prefetch("desa", queryset=Desa.objects.only("pk", "code")),
        )

    def _areas(self, data: dict, event: Event | None = None) -> dict:
        return {
            "kecamatan": data.get("kecamatan", list(event.kecamatan.all()) if event else []),
            "desa": data.get("desa", list(event.desa.all()) if event else []),
        }

    @extend_schema(request=EventInputSerializer, responses={201: EventSerializer})
    def create(self, request, *args, **kwargs):
        data = EventInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        alert = None
        if values.get("source_alert"):
            alert = get_object_or_404(alert_list(user=request.user), pk=values["source_alert"])
        district = request.user.district
        if district is None:
            raise serializers.ValidationError({"detail": [_("Only users of a district record events.")]})
        event = services.event_open(
            by=request.user,
            district=district,
            hazard=values["hazard"],
            started_at=values["started_at"],
            title=values["title"],
            description=values["description"],
            source_alert=alert,
            **self._areas(values),
        )
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EventInputSerializer, responses=EventSerializer)
    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        data = EventInputSerializer(data=request.data, context={"request": request}, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        event = services.event_update(
            event=event,
            by=request.user,
            hazard=values.get("hazard", event.hazard),
            started_at=values.get("started_at", event.started_at),
            title=values.get("title", event.title),
            description=values.get("description", event.description),
            **self._areas(values, event),
        )
        return Response(EventSerializer(event).data)

    @extend_schema(request=CloseSerializer, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        event = self.get_object()
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.event_close(event=event, by=request.user, ended_at=data.validated_data["ended_at"])
        return Response(EventSerializer(event).data)

    @extend_schema(request=ChronologySerializer, responses=ChronologySerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def chronology(self, request, pk=None):
        """The chronology, oldest first; POST adds an entry (BPBD staff)."""
        event = self.get_object()
        if request.method == "POST":
            data = ChronologySerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.chronology_add(event=event, by=request.user, **data.validated_data)
        return Response(ChronologySerializer(event.chronology.all(), many=True).data)

    @extend_schema(request={"multipart/form-data": DecreeInputSerializer}, responses={201: DecreeSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, JSONParser])
    def decrees(self, request, pk=None):
        """Record a decree of the Bupati (with its scan, multipart): the event becomes an emergency."""
        event = self.get_object()
        data = DecreeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        decree = services.decree_record(event=event, by=request.user, upload=values.pop("file", None), **values)
        return Response(DecreeSerializer(decree).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActivateSerializer, responses={201: TaskSerializer(many=True)})
    @action(detail=True, methods=["post"], pagination_class=None)
    def activate(self, request, pk=None):
        """Activate a kecamatan's quick-response card: each step becomes a task."""
        event = self.get_object()
        data = ActivateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        card = get_object_or_404(
            QuickResponseCard.objects.filter(kecamatan__in=selectors.event_kecamatan(user=request.user, event=event)),
            pk=data.validated_data["card"],
        )
        activation = services.card_activate(event=event, card=card, by=request.user, at=data.validated_data.get("at"))
        tasks = activation.tasks.order_by("number")
        return Response(TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PullSerializer, responses={201: TaskSerializer(many=True)})
    @action(detail=True, methods=["post"], pagination_class=None)
    def pull(self, request, pk=None):
        """Pull open action items for the event's hazard into its tasks."""
        event = self.get_object()
        data = PullSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["items"]
        items = list(ActionItem.objects.filter(pk__in=ids).select_related("plan"))
        if len(items) != len(set(ids)):
            raise serializers.ValidationError({"items": [_("One of the action items does not exist.")]})
        tasks = services.items_pull(event=event, by=request.user, items=items, due_at=data.validated_data["due_at"])
        return Response(TaskSerializer(tasks, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATETIME, description="Default: now")],
        responses=FiguresSerializer,
    )
    @action(detail=True)
    def figures(self, request, pk=None):
        """Impact totals per kecamatan and for the event, as of a moment: verified, and with the
        latest submitted figures not yet verified."""
        event = self.get_object()
        return Response(_figures_json(selectors.figures_for(user=request.user, event=event, as_of=_as_of(request))))


class DecreeViewSet(ScopedReadOnlyViewSet):
    """Decrees of the events the caller sees; ``file`` downloads the scan."""

    queryset = Decree.objects.all()
    serializer_class = DecreeSerializer

    def scoped_queryset(self, user):
        return selectors.decree_list(user=user).order_by("event_id", "pk")

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True)
    def file(self, request, pk=None):
        decree = self.get_object()
        if not decree.file:
            raise Http404
        try:
            handle = decree.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle, content_type=decree.content_type, as_attachment=True, filename=decree.original_name or "sk"
        )


# --- Tasks ------------------------------------------------------------------------------------------


class TaskActSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, help_text="When it happened (default: now)")
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Required for not_possible")


def task_act_once(*, user, key: str | None, task, action: str, **values) -> dict:
    """``services.task_act`` applied once per key of the user, answered as the API answers it.

    The officer's page and the API file through this one function: an outbox retry of a press may
    come back either way, and finds the first answer under the same action."""
    return idempotency.once(
        user=user,
        key=key,
        action=f"response.task.{action}",
        write=lambda: TaskSerializer(services.task_act(task=task, by=user, action=action, **values)).data,
    )


class TaskViewSet(ScopedReadOnlyViewSet):
    """Tasks of the caller's kecamatan (BPBD: the district's). Acknowledge, start, finish or give
    up a task with a POST to its action."""

    queryset = Task.objects.all()
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    ordering_fields = ["due_at", "number"]

    def scoped_queryset(self, user):
        return selectors.task_list(user=user).prefetch_related("assignees").order_by("event_id", "number")

    def _act(self, request, action_name: str) -> Response:
        key = idempotency.key_from(request)
        task = self.get_object()
        data = TaskActSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(task_act_once(user=request.user, key=key, task=task, action=action_name, **data.validated_data))

    @extend_schema(request=TaskActSerializer, responses=TaskSerializer, parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._act(request, "acknowledge")

    @extend_schema(request=TaskActSerializer, responses=TaskSerializer, parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._act(request, "start")

    @extend_schema(request=TaskActSerializer, responses=TaskSerializer, parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        return self._act(request, "done")

    @extend_schema(request=TaskActSerializer, responses=TaskSerializer, parameters=[IDEMPOTENCY_KEY])
    @action(detail=True, methods=["post"], url_path="not-possible")
    def not_possible(self, request, pk=None):
        return self._act(request, "not_possible")


# --- Impact reports and casualties ---------------------------------------------------------------


class ImpactReportSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(read_only=True)
    desa = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kecamatan = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state = serializers.CharField(read_only=True, help_text="draft, submitted, returned or verified")
    supersedes = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    access = serializers.CharField(read_only=True, help_text="normal, disrupted, cut, or empty (unknown)")
    power = serializers.CharField(read_only=True, help_text="normal, disrupted, cut, or empty (unknown)")
    water = serializers.CharField(read_only=True, help_text="normal, disrupted, cut, or empty (unknown)")
    communication = serializers.CharField(read_only=True, help_text="normal, disrupted, cut, or empty (unknown)")

    class Meta:
        model = ImpactReport
        fields = [
            "id",
            "event",
            "desa",
            "kecamatan",
            "version",
            "supersedes",
            "as_of",
            *COUNT_FIELDS,
            "roads_km",
            *STATUS_FIELDS,
            "urgent_needs",
            "state",
            "submitted_at",
            "returned_at",
            "return_note",
            "verified_at",
        ]


def _figure_fields() -> dict:
    fields = {name: serializers.IntegerField(required=False, default=0) for name in COUNT_FIELDS}
    fields["roads_km"] = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, default=0)
    for name in STATUS_FIELDS:
        # Plain text in the schema: four fields share these choices.
        fields[name] = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="normal, disrupted, cut, or empty (unknown)"
        )
    fields["urgent_needs"] = serializers.CharField(required=False, allow_blank=True, default="")
    return fields


ImpactFiguresSerializer = type("ImpactFiguresSerializer", (serializers.Serializer,), _figure_fields())


class ImpactInputSerializer(ImpactFiguresSerializer):
    event = serializers.IntegerField(help_text="Event id")
    desa = serializers.CharField(help_text="Desa code, e.g. 63.11.06.2007")
    as_of = serializers.DateTimeField()
    submit = serializers.BooleanField(required=False, default=False, help_text="Submit to BPBD in the same step")


class ImpactUpdateSerializer(ImpactFiguresSerializer):
    as_of = serializers.DateTimeField(required=False)
    submit = serializers.BooleanField(required=False, default=False)


class ReturnNoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


def impact_save_once(
    *, user, key: str | None, as_of, values: dict, submit: bool, report=None, event=None, desa=None
) -> dict:
    """``services.impact_report_save`` (a new report for ``event`` and ``desa``, or ``report``
    changed) applied once per key of the user, answered as the API answers it; the page and the
    API file through it alike (see ``task_act_once``)."""
    action, target = ("update", {"report": report}) if report else ("create", {"event": event, "desa": desa})
    return idempotency.once(
        user=user,
        key=key,
        action=f"response.impact.{action}",
        write=lambda: (
            ImpactReportSerializer(
                services.impact_report_save(by=user, as_of=as_of, values=values, submit=submit, **target)
            ).data
        ),
    )


class ImpactReportViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Impact reports per desa, every version. An officer files (POST) and corrects (PATCH) a draft
    or returned report and submits it; BPBD staff verify or return a submitted one."""

    queryset = ImpactReport.objects.all()
    serializer_class = ImpactReportSerializer
    filterset_class = ImpactFilter
    ordering_fields = ["as_of", "version"]

    def scoped_queryset(self, user):
        return selectors.impact_list(user=user).order_by("event_id", "kecamatan__code", "desa__code", "-version")

    @staticmethod
    def _figures(values: dict) -> dict:
        return {name: values[name] for name in (*COUNT_FIELDS, "roads_km", *STATUS_FIELDS, "urgent_needs")}

    @extend_schema(request=ImpactInputSerializer, responses={201: ImpactReportSerializer}, parameters=[IDEMPOTENCY_KEY])
    def create(self, request, *args, **kwargs):
        key = idempotency.key_from(request)
        data = ImpactInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        event = selectors.event_get(user=request.user, pk=values["event"])
        desa = Desa.objects.filter(code=values["desa"], kecamatan__in=kecamatan_for(request.user)).first()
        if desa is None:
            raise serializers.ValidationError(
                {"desa": [_("Desa %(code)s is not in a kecamatan you work on.") % {"code": values["desa"]}]}
            )
        answer = impact_save_once(
            user=request.user,
            key=key,
            event=event,
            desa=desa,
            as_of=values["as_of"],
            values=self._figures(values),
            submit=values["submit"],
        )
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(request=ImpactUpdateSerializer, responses=ImpactReportSerializer, parameters=[IDEMPOTENCY_KEY])
    def partial_update(self, request, *args, **kwargs):
        key = idempotency.key_from(request)
        report = self.get_object()
        current = {name: getattr(report, name) for name in (*COUNT_FIELDS, "roads_km", *STATUS_FIELDS, "urgent_needs")}
        # A form (the outbox's multipart) is a QueryDict: its plain values, not its lists.
        sent = request.data.dict() if hasattr(request.data, "dict") else request.data
        data = ImpactUpdateSerializer(data={**current, "as_of": report.as_of, **sent})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        answer = impact_save_once(
            user=request.user,
            key=key,
            report=report,
            as_of=values["as_of"],
            values=self._figures(values),
            submit=values["submit"],
        )
        return Response(answer)

    @extend_schema(request=None, responses=ImpactReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return Response(
            ImpactReportSerializer(services.impact_report_submit(report=self.get_object(), by=request.user)).data
        )

    @extend_schema(request=None, responses=ImpactReportSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return Response(
            ImpactReportSerializer(services.impact_report_verify(report=self.get_object(), by=request.user)).data
        )

    @extend_schema(request=ReturnNoteSerializer, responses=ImpactReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        data = ReturnNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.impact_report_return(report=report, by=request.user, note=data.validated_data["note"])
        return Response(ImpactReportSerializer(report).data)


class CasualtySerializer(serializers.ModelSerializer):
    event = serializers.IntegerField(source="event_id", help_text="Event id")
    desa = serializers.CharField(source="desa.code", help_text="Desa code")
    status = serializers.ChoiceField(choices=Casualty.Status.choices)
    sex = serializers.ChoiceField(choices=Casualty.Sex.choices)

    class Meta:
        model = Casualty
        fields = ["id", "event", "desa", "name", "sex", "age", "status", "where_found", "note", "recorded_at"]
        read_only_fields = ["id", "recorded_at"]


class CasualtyViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The dead and missing by name: BPBD of the event's district only."""

    queryset = Casualty.objects.all()
    serializer_class = CasualtySerializer
    filterset_fields = ["event", "status"]

    def scoped_queryset(self, user):
        return selectors.casualty_list(user=user).order_by("event_id", "name", "pk")

    def _save(self, request, casualty: Casualty | None) -> Casualty:
        data = CasualtySerializer(data=request.data, partial=casualty is not None)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        event = casualty.event if casualty else selectors.event_get(user=request.user, pk=values["event_id"])
        code = values.get("desa", {}).get("code") if "desa" in values else (casualty.desa.code if casualty else "")
        desa = Desa.objects.filter(code=code, disaster_events=event).first()
        current = {
            name: getattr(casualty, name) if casualty else ""
            for name in ("name", "sex", "status", "where_found", "note")
        }
        return services.casualty_save(
            event=event,
            by=request.user,
            casualty=casualty,
            desa=desa,
            age=values.get("age", casualty.age if casualty else None),
            **{name: values.get(name, current[name]) for name in current},
        )

    @extend_schema(request=CasualtySerializer, responses={201: CasualtySerializer})
    def create(self, request, *args, **kwargs):
        return Response(CasualtySerializer(self._save(request, None)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CasualtySerializer, responses=CasualtySerializer)
    def partial_update(self, request, *args, **kwargs):
        return Response(CasualtySerializer(self._save(request, self.get_object())).data)


# --- Situation reports ------------------------------------------------------------------------------


class SitrepSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text="awal, berkala or akhir")
    issued_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Sitrep
        fields = [
            "id",
            "event",
            "number",
            "kind",
            "as_of",
            "assessment",
            "needs_gaps",
            "issued_at",
            "issued_by",
            "data",
        ]


class SitrepIssueSerializer(serializers.Serializer):
    event = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Sitrep.Kind.choices)
    as_of = serializers.DateTimeField(required=False, allow_null=True, help_text="Default: now")
    assessment = serializers.CharField(required=False, allow_blank=True, default="")
    needs_gaps = serializers.CharField(required=False, allow_blank=True, default="")


class SitrepViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Situation reports (BPBD). POST issues the next one, frozen; after that it is only read.
    ``text`` gives the WhatsApp version made from the same frozen data."""

    queryset = Sitrep.objects.all()
    serializer_class = SitrepSerializer
    filterset_fields = ["event", "kind"]

    def scoped_queryset(self, user):
        return selectors.sitrep_list(user=user).order_by("event_id", "number")

    @extend_schema(request=SitrepIssueSerializer, responses={201: SitrepSerializer})
    def create(self, request, *args, **kwargs):
        data = SitrepIssueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        event = selectors.event_get(user=request.user, pk=values.pop("event"))
        sitrep = services.sitrep_issue(event=event, by=request.user, **values)
        return Response(SitrepSerializer(sitrep).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
    @action(detail=True)
    def text(self, request, pk=None):
        return HttpResponse(reporting.whatsapp_text(self.get_object().data), content_type="text/plain; charset=utf-8")
