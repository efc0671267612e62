from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kecamatan.models import District
from kencana.accounts import permissions
from kencana.accounts.models import Role
from kencana.accounts.permissions import require
from kencana.accounts.scope import kecamatan_for
from kencana.core.forms import error_messages
from kencana.core.history import history_for

from . import services
from .cap.exporter import alert_to_cap
from .cap.feed_atom import district_feed
from .escalation import acknowledgement_effect, escalation_outlook
from .filters import AlertFilter, NotificationFilter
from .forms import CapUploadForm, CodeForm, ContactForm, HazardWarningForm, PreferencesForm, ResolveForm
from .models import Alert, Channel, HazardWarning, MessagingContact, Severity, channel_labels
from .rules import rule_label
from .selectors import (
    alert_get,
    alert_list,
    cap_message_list,
    channel_severities_of,
    delivery_list,
    escalation_policy_list,
    hazard_warning_list,
    messaging_channels_of,
    notification_list,
    public_alerts,
    published_alerts,
)

# Extreme first, then the newest: what needs attention most is on top.
MOST_URGENT_FIRST = [
    Case(
        *[When(severity=value, then=rank) for rank, value in enumerate(Severity.values)], output_field=IntegerField()
    ).desc(),
    "-opened_at",
    "-pk",
]


@login_required
def alert_index(request: HttpRequest) -> HttpResponse:
    alert_filter = AlertFilter(
        request.GET or None, queryset=alert_list(user=request.user).order_by(*MOST_URGENT_FIRST)
    ).offer_places_by_name(request.user)
    page = Paginator(alert_filter.qs, 50).get_page(request.GET.get("page"))
    return render(request, "alerts/list.html", {"filter": alert_filter, "page": page})


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = alert_get(user=request.user, pk=pk)
    context = {
        "alert": alert,
        "steps": _readable_steps(alert.escalation),
        "rule": rule_label(alert.rule),
        "resolve_form": ResolveForm(),
        "log": alert.escalation_log.all(),
        "deliveries": delivery_list(alert=alert) if permissions.may_see_deliveries(request.user) else [],
        "notified": alert.notifications.select_related("user").order_by("created_at")[:100],
        "history": history_for(alert),
        "warning_history": _warning_history(alert),
        "can_resolve": permissions.may_resolve_alert(request.user, alert),
        "outlook": escalation_outlook(alert),
        "acknowledgement_effect": acknowledgement_effect(alert),
        "can_open_event": permissions.may_record_events(request.user, alert.district_id),
    }
    return render(request, "alerts/detail.html", context)


def _warning_history(alert: Alert) -> list:
    """A hazard warning has no page of its own: its alert shows who raised, changed or cancelled it."""
    if alert.subject_type_id != ContentType.objects.get_for_model(HazardWarning).pk:
        return []
    warning = HazardWarning.objects.filter(pk=alert.subject_id, district_id=alert.district_id).first()
    return history_for(warning) if warning else []


def _readable_steps(snapshot: dict | None) -> list[dict]:
    """The frozen steps with role and channel names in the reader's language."""
    return [
        {
            "wait_minutes": step["wait_minutes"],
            "level": Role(step["level"]).label,
            "channels": channel_labels(step["channels"]),
        }
        for step in (snapshot or {}).get("steps", [])
        if step.get("level") in Role.values
    ]


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = alert_get(user=request.user, pk=pk)
    try:
        services.alert_acknowledge(alert=alert, by=request.user)
        messages.success(request, _("Acknowledged: escalation stopped."))
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    return redirect("alerts:detail", pk=alert.pk)


@login_required
@require_POST
def alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    alert = alert_get(user=request.user, pk=pk)
    require(permissions.may_resolve_alert(request.user, alert))
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.alert_resolve(alert=alert, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, _("The alert is resolved."))
            return redirect("alerts:detail", pk=alert.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(error_messages(exc)))
    else:
        messages.error(request, _("Say briefly how it was resolved."))
    return redirect("alerts:detail", pk=alert.pk)


# --- Hazard warnings ---------------------------------------------------------------
@login_required
def warning_index(request: HttpRequest) -> HttpResponse:
    require(permissions.may_read_warnings(request.user))
    return render(
        request,
        "alerts/warning_list.html",
        {
            "warnings": hazard_warning_list(user=request.user)[:200],
            "policies": escalation_policy_list(user=request.user),
        },
    )


@login_required
def warning_create(request: HttpRequest) -> HttpResponse:
    require(permissions.may_raise_warnings(request.user) and request.user.district_id is not None)
    choices = kecamatan_for(request.user).order_by("code").defer("boundary", "boundary_simplified", "boundary_outline")
    # A field report (or any page) may offer the form with its hazard and kecamatan chosen.
    offered = {"hazard": request.GET.get("hazard"), "kecamatan": request.GET.getlist("kecamatan")}
    form = HazardWarningForm(
        request.POST or None, kecamatan_queryset=choices, initial={k: v for k, v in offered.items() if v}
    )
    if request.method == "POST" and form.is_valid():
        try:
            warning = services.hazard_warning_create(
                by=request.user, **{**form.cleaned_data, "kecamatan": list(form.cleaned_data["kecamatan"])}
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("Warning raised for %(count)s kecamatan; the people on duty are being notified.")
                % {"count": warning.kecamatan.count()},
            )
            return redirect("alerts:warnings")
    return render(request, "alerts/warning_form.html", {"form": form})


@login_required
@require_POST
def warning_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    warning = get_object_or_404(hazard_warning_list(user=request.user), pk=pk)
    try:
        services.hazard_warning_cancel(warning=warning, by=request.user)
        messages.success(request, _("The warning is cancelled and its alerts resolved."))
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    return redirect("alerts:warnings")


# --- Inbox and preferences -----------------------------------------------------------
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    chosen = NotificationFilter(request.GET, queryset=notification_list(user=request.user))
    page = Paginator(chosen.qs, 50).get_page(request.GET.get("page"))
    unread_only = chosen.form.cleaned_data.get("unread") is True
    return render(request, "alerts/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notification_list(user=request.user), pk=pk)
    services.notification_mark_read(notification=notification, by=request.user)
    target = notification.link if request.POST.get("open") and notification.link.startswith("/") else None
    return redirect(target or reverse("alerts:inbox"))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("alerts:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    channels = messaging_channels_of(user=request.user)
    initial = {name: sorted(channel_severities_of(user=request.user, channel=name)) for name in ["email", *channels]}
    form = PreferencesForm(request.POST or None, initial=initial, channels=channels)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=request.user,
            email_severities=set(form.cleaned_data["email"]),
            channel_severities={name: set(form.cleaned_data[name]) for name in channels},
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("alerts:preferences")
    contacts = {c.channel: c for c in MessagingContact.objects.filter(user=request.user)}
    phones = [
        {
            "channel": name,
            "label": Channel(name).label,
            "contact": contacts.get(name),
            "start_form": ContactForm(initial={"channel": name}, prefix=name),
            "code_form": CodeForm(initial={"channel": name}, prefix=f"{name}-code"),
        }
        for name in channels
    ]
    return render(request, "alerts/preferences.html", {"form": form, "phones": phones})


def _contact_step(request: HttpRequest, form_class, step) -> HttpResponse:
    channel = request.POST.get("channel") or next(
        (key.split("-", 1)[0] for key in request.POST if key.endswith("-channel")), ""
    )
    prefix = channel if form_class is ContactForm else f"{channel}-code"
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("Fill in the field first."))
        return redirect("alerts:preferences")
    try:
        step(form.cleaned_data)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    return redirect("alerts:preferences")


@login_required
@require_POST
def contact_start(request: HttpRequest) -> HttpResponse:
    def start(data):
        services.contact_start(user=request.user, channel=data["channel"], address=data["address"])
        messages.success(request, _("A code is on its way: enter it below."))

    return _contact_step(request, ContactForm, start)


@login_required
@require_POST
def contact_verify(request: HttpRequest) -> HttpResponse:
    def verify(data):
        services.contact_verify(user=request.user, channel=data["channel"], code=data["code"])
        messages.success(request, _("Verified: alerts can reach you there."))

    return _contact_step(request, CodeForm, verify)


# --- CAP import ----------------------------------------------------------------------
@login_required
def cap_index(request: HttpRequest) -> HttpResponse:
    require(permissions.may_raise_warnings(request.user))
    form = CapUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            form.add_error("file", _("The file is too large."))
        else:
            try:
                result = services.cap_import(data=upload.read(), by=request.user)
            except ValidationError as exc:
                form.add_error("file", exc.messages)
            else:
                level = messages.SUCCESS if result.created and result.kecamatan else messages.INFO
                messages.add_message(request, level, result.note)
                return redirect("alerts:cap_detail", pk=result.message.pk)
    page = Paginator(cap_message_list(user=request.user).prefetch_related("kecamatan"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "alerts/cap_list.html", {"form": form, "page": page})


@login_required
def cap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(cap_message_list(user=request.user).prefetch_related("kecamatan"), pk=pk)
    matched = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": k.boundary_simplified, "properties": {"name": k.name}}
            for k in message.kecamatan.all()
            if k.boundary_simplified
        ],
    }
    has_shapes = any(f.get("geometry") for f in message.areas.get("features", [])) or matched["features"]
    context = {"message": message, "areas": message.areas, "matched": matched, "has_shapes": has_shapes}
    return render(request, "alerts/cap_detail.html", context)


# --- CAP export (cap_urls) -------------------------------------------------------------
@require_GET
def cap_alert_xml(request: HttpRequest, pk: int) -> HttpResponse:
    """A public alert for anyone; an internal one only for people who may see it."""
    alert = alert_list(user=request.user).filter(pk=pk).first() if request.user.is_authenticated else None
    if alert is None:
        alert = get_object_or_404(published_alerts(), pk=pk)
    return HttpResponse(alert_to_cap(alert), content_type="application/cap+xml; charset=utf-8")


@require_GET
def cap_feed(request: HttpRequest, code: str) -> HttpResponse:
    district = get_object_or_404(District, code=code)
    feed = district_feed(request=request, district=district, alerts=public_alerts(district=district)[:200])
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response
