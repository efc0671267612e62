"""Provider webhooks, the field-report queue, and sending a sitrep to the district's groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.alerts.models import DistrictChannel
from kencana.core.forms import error_messages
from kencana.response import selectors as response_selectors

from . import inbound, services
from .filters import FieldReportFilter
from .forms import AttachForm, DismissForm, SitrepSendForm
from .models import FieldReport
from .selectors import field_report_get, field_report_list

READERS = {
    "whatsapp": lambda request, secret: inbound.whatsapp_messages(
        body=request.body, headers=request.headers, secret=secret
    ),
    "telegram": lambda request, secret: inbound.telegram_messages(
        body=request.body, headers=request.headers, secret=secret
    ),
    "sms": lambda request, secret: inbound.sms_messages(
        body=request.body, headers=request.headers, query=request.GET, form=request.POST, secret=secret
    ),
}


@csrf_exempt  # providers cannot send a CSRF token: each request is authenticated by its secret instead
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest, code: str, provider: str) -> HttpResponse:
    channel = DistrictChannel.objects.filter(district__code=code, provider=provider, active=True).first()
    if channel is None or provider not in READERS:
        raise Http404
    secret = channel.inbound_secret_value()
    if request.method == "GET":
        # WhatsApp's subscription handshake: echo the challenge to whoever knows the verify token.
        token = request.GET.get("hub.verify_token", "")
        if provider == "whatsapp" and secret and token and inbound._secret_matches(token, secret):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    if len(request.body) > 256 * 1024:
        return HttpResponse(status=413)
    try:
        incoming = READERS[provider](request, secret)
    except inbound.Forged:
        return HttpResponseForbidden()
    for message in incoming:
        services.message_receive(channel=channel, message=message)
    return HttpResponse("ok", content_type="text/plain")


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    require(permissions.may_read_field_reports(request.user), _("Only BPBD staff review field reports."))
    chosen = FieldReportFilter.for_page(request.GET, queryset=field_report_list(user=request.user))
    state = chosen.form.cleaned_data["state"]
    page = Paginator(chosen.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/report_list.html",
        {"page": page, "state": state, "states": FieldReport.State.choices, "total": page.paginator.count},
    )


def _open_events(request: HttpRequest, report: FieldReport):
    """The open events of the report's district that the reviewer sees."""
    return (
        response_selectors.event_list(user=request.user)
        .filter(district_id=report.district_id, closed_at__isnull=True)
        .order_by("-started_at")
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = field_report_get(user=request.user, pk=pk)
    context = {
        "report": report,
        "dismiss_form": DismissForm(),
        "attach_form": AttachForm(events=_open_events(request, report)),
        "may_review": permissions.may_review_field_reports(request.user, report.district_id),
    }
    return render(request, "messaging/report_detail.html", context)


def _act(request: HttpRequest, pk: int, action) -> HttpResponse:
    report = field_report_get(user=request.user, pk=pk)
    require(
        permissions.may_review_field_reports(request.user, report.district_id),
        _("Only BPBD staff review field reports."),
    )
    try:
        target = action(report)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
        return redirect("messaging:report_detail", report.pk)
    return target or redirect("messaging:report_detail", report.pk)


@login_required
@require_POST
def report_verify(request: HttpRequest, pk: int) -> HttpResponse:
    def verify(report):
        services.field_report_verify(report=report, by=request.user)
        messages.success(request, _("Report verified; the sender has been told."))

    return _act(request, pk, verify)


@login_required
@require_POST
def report_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    def dismiss(report):
        form = DismissForm(request.POST)
        form.is_valid()
        services.field_report_dismiss(report=report, by=request.user, note=form.cleaned_data.get("note", ""))
        messages.success(request, _("Report dismissed; the sender has been told."))

    return _act(request, pk, dismiss)


@login_required
@require_POST
def report_open_event(request: HttpRequest, pk: int) -> HttpResponse:
    def open_event(report):
        event = services.field_report_open_event(report=report, by=request.user)
        messages.success(request, _("Event %(number)s opened from the report.") % {"number": event.number})
        return redirect("response:event_detail", event.pk)

    return _act(request, pk, open_event)


@login_required
@require_POST
def report_attach(request: HttpRequest, pk: int) -> HttpResponse:
    def attach(report):
        form = AttachForm(request.POST, events=_open_events(request, report))
        if not form.is_valid():
            raise ValidationError(_("Choose an open event of the district."))
        services.field_report_attach(report=report, by=request.user, event=form.cleaned_data["event"])
        messages.success(request, _("Report added to the event."))

    return _act(request, pk, attach)


@login_required
@require_POST
def sitrep_send(request: HttpRequest, pk: int) -> HttpResponse:
    sitrep = response_selectors.sitrep_get(user=request.user, pk=pk)
    district_id = sitrep.event.district_id
    require(permissions.may_send_sitreps(request.user, district_id), _("Only BPBD staff send sitreps."))
    channels = DistrictChannel.objects.filter(district_id=district_id, active=True).exclude(group_address="")
    form = SitrepSendForm(request.POST, providers=[(c.provider, c.get_provider_display()) for c in channels])
    if not form.is_valid():
        messages.error(request, _("This district has no group to send to."))
        return redirect("response:sitrep_detail", sitrep.pk)
    channel = get_object_or_404(channels, provider=form.cleaned_data["provider"])
    services.sitrep_send(sitrep=sitrep, channel=channel, by=request.user)
    messages.success(
        request, _("The sitrep is on its way to the %(provider)s group.") % {"provider": channel.get_provider_display()}
    )
    return redirect("response:sitrep_detail", sitrep.pk)
