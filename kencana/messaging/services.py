"""What an incoming message does, and what BPBD does with field reports.

Every reply goes back through the alerts outbox (never lost, never twice). An unknown
sender learns nothing internal: a public report is acknowledged, anything else gets help.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape

from kecamatan.models import GEOMETRY_FIELDS, Desa, Hazard, Kecamatan
from kencana.accounts import permissions
from kencana.accounts.models import Role, User
from kencana.accounts.permissions import require
from kencana.alerts.models import Alert, DistrictChannel, MessagingContact
from kencana.alerts.notifications.outbox import message_send
from kencana.alerts.selectors import alert_list
from kencana.readiness.selectors import latest_scores
from kencana.response.models import Event, Task, TaskState
from kencana.response.reporting import whatsapp_text
from kencana.response.services import event_open, task_act

from .inbound import Incoming, photos_within_limit
from .models import FieldReport
from .parser import Command, parse


def _reply(channel: DistrictChannel, to: str, text: str) -> None:
    message_send(district_id=channel.district_id, channel=channel.provider, destination=to, text=text)


def _over_sender_limit(channel: DistrictChannel, sender: str) -> bool:
    """Per sender and hour, shared by every web process through the cache."""
    key = f"messaging:sender:{channel.provider}:{sender}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3700)
    return cache.incr(key) > settings.MESSAGING_SENDER_PER_HOUR


def _registered(channel: DistrictChannel, sender: str) -> User | None:
    contact = (
        MessagingContact.objects.select_related("user")
        .filter(channel=channel.provider, address=sender, verified_at__isnull=False, user__is_active=True)
        .filter(user__district_id=channel.district_id)
        .first()
    )
    return contact.user if contact else None


@transaction.atomic
def message_receive(*, channel: DistrictChannel, message: Incoming) -> FieldReport | None:
    """Act on one incoming message and queue the reply. The field report it created, if any."""
    if _over_sender_limit(channel, message.sender):
        return None  # no reply either: a flood must not make us flood back
    user = _registered(channel, message.sender)
    command = parse(message.text)
    if command.kind == "help" and message.latitude is not None and not message.text:
        command = Command("report")  # a shared location alone is a report of "something here"
    with translation.override(settings.LANGUAGE_CODE):
        report, reply = _act(channel=channel, message=message, user=user, command=command)
        _reply(channel, message.sender, reply)
    return report


def _act(*, channel, message: Incoming, user: User | None, command: Command) -> tuple[FieldReport | None, str]:
    if command.kind == "report":
        if user is None and not channel.accept_public:
            return None, _("Reports are accepted from registered numbers only. Call BPBD for emergencies.")
        return _report(channel=channel, message=message, user=user, command=command)
    if command.kind in ("status", "take", "finish"):
        if user is None:
            return None, help_text()
        if command.kind == "status":
            return None, _status(user)
        return None, _task(user, command)
    if command.kind == "start" and channel.provider == "telegram":
        return None, _("Your chat id is %(id)s: enter it in Kencana (My notifications) to receive alerts here.") % {
            "id": message.sender
        } + "\n" + help_text()
    return None, help_text()


def help_text() -> str:
    return _(
        "Kencana. Send: LAPOR <hazard> <desa or kecamatan> [depth], e.g. LAPOR BANJIR PARINGIN 50CM. "
        "Officers: STATUS, AMBIL <task no>, SELESAI <task no>."
    )


# --- Reports --------------------------------------------------------------------------------------


def _hazard(words: tuple[str, ...]) -> tuple[Hazard | None, tuple[str, ...]]:
    """The hazard named by the first one or two words, and the words after it."""
    hazards = list(Hazard.objects.all())
    for size in (2, 1):
        name = " ".join(words[:size]).lower()
        for hazard in hazards:
            names = {hazard.code, hazard.name_id.lower(), hazard.name_en.lower()}
            names |= {a.strip().lower() for a in hazard.aliases.split("|") if a.strip()}
            if name in names or (size == 1 and hazard.name_id.lower().split()[-1] == name):
                return hazard, words[size:]
    return None, words


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _place(district_id: int, words: tuple[str, ...]) -> tuple[Kecamatan | None, Desa | None]:
    """A desa or kecamatan of the district by name, ignoring case, spaces and hyphens."""
    wanted = _squash(" ".join(words))
    if not wanted:
        return None, None
    for kecamatan in Kecamatan.objects.filter(district_id=district_id).defer(*GEOMETRY_FIELDS):
        if _squash(kecamatan.name) == wanted:
            return kecamatan, None
    desa = [
        d
        for d in Desa.objects.filter(kecamatan__district_id=district_id)
        .select_related("kecamatan")
        .defer(*GEOMETRY_FIELDS)
        if _squash(d.name) == wanted
    ]
    if len(desa) == 1:  # a name shared by two desa is left for BPBD to place
        return desa[0].kecamatan, desa[0]
    return None, None


def _located(district_id: int, latitude: float, longitude: float) -> Kecamatan | None:
    point = Point(longitude, latitude)
    for kecamatan in Kecamatan.objects.filter(district_id=district_id).only("pk", "name", "boundary"):
        if kecamatan.boundary and shape(kecamatan.boundary).contains(point):
            return kecamatan
    return None


def _report(*, channel, message: Incoming, user, command: Command) -> tuple[FieldReport, str]:
    hazard, place_words = _hazard(command.words)
    kecamatan, desa = _place(channel.district_id, place_words)
    if kecamatan is None and message.latitude is not None and message.longitude is not None:
        kecamatan = _located(channel.district_id, message.latitude, message.longitude)
    photos, refused = photos_within_limit(message.photos)
    report = FieldReport.objects.create(
        district_id=channel.district_id,
        channel=channel.provider,
        sender=message.sender,
        sender_user=user,
        text=message.text[:2000],
        hazard=hazard,
        kecamatan=kecamatan,
        desa=desa,
        place_text=" ".join(place_words)[:200],
        depth_cm=command.depth_cm,
        latitude=message.latitude,
        longitude=message.longitude,
        photos=photos,
    )
    what = hazard.name_id if hazard else _("your report")
    where = (desa or kecamatan).name if (desa or kecamatan) else _("a place we could not match")
    reply = _("Received (report no. %(number)s): %(what)s, %(where)s. BPBD will check it.") % {
        "number": report.pk,
        "what": what,
        "where": where,
    }
    if refused:
        reply += " " + _("%(count)s photo(s) were too large and were not kept.") % {"count": refused}
    return report, reply


# --- Officers' commands ------------------------------------------------------------------------------


def _status(user: User) -> str:
    kecamatan = list(user.kecamatan.defer(*GEOMETRY_FIELDS)) if user.role == Role.OFFICER else []
    scores = latest_scores(user=user)
    open_alerts = defaultdict(list)  # one query for every kecamatan of the officer, newest first
    for alert in alert_list(user=user).exclude(state=Alert.State.RESOLVED).order_by("-opened_at"):
        open_alerts[alert.kecamatan_id].append(alert)
    lines = []
    for k in kecamatan:
        tier = scores[k.pk].tier if k.pk in scores and scores[k.pk].tier else _("not yet verified")
        titles = "; ".join(a.title for a in open_alerts[k.pk][:3])
        lines.append(
            _("%(kecamatan)s: tier %(tier)s, %(count)s open alerts%(titles)s")
            % {
                "kecamatan": k.name,
                "tier": tier,
                "count": len(open_alerts[k.pk]),
                "titles": f" ({titles})" if titles else "",
            }
        )
    return "\n".join(lines) or _("STATUS is for kecamatan officers.")


def _task(user: User, command: Command) -> str:
    tasks = [
        t
        for t in Task.objects.select_related("event").filter(
            number=command.number, event__district_id=user.district_id, event__closed_at__isnull=True
        )
        if permissions.may_work_on_task(user, t)
    ]
    if len(tasks) != 1:
        return _("No open task no. %(number)s of yours was found.") % {"number": command.number}
    task = tasks[0]
    action = "acknowledge" if command.kind == "take" else "done"
    try:
        task_act(task=task, by=user, action=action)
    except ValidationError as error:
        return " ".join(error.messages)
    return _("Task no. %(number)s (%(title)s): %(state)s.") % {
        "number": task.number,
        "title": task.title,
        "state": str(TaskState(TaskState.ACKNOWLEDGED if action == "acknowledge" else TaskState.DONE).label).lower(),
    }


# --- BPBD's review -------------------------------------------------------------------------------------


def _lock(report: FieldReport) -> FieldReport:
    return FieldReport.objects.select_for_update().get(pk=report.pk)


def _tell_sender(report: FieldReport, text: str) -> None:
    channel = DistrictChannel.objects.filter(district_id=report.district_id, provider=report.channel).first()
    if channel is not None:
        _reply(channel, report.sender, text)


def _require_reviewer(report: FieldReport, by: User) -> None:
    require(permissions.may_review_field_reports(by, report.district_id), _("Only BPBD staff review field reports."))


@transaction.atomic
def field_report_verify(*, report: FieldReport, by: User) -> FieldReport:
    _require_reviewer(report, by)
    report = _lock(report)
    if report.state != FieldReport.State.UNVERIFIED:
        raise ValidationError(_("This report was already reviewed."))
    report.state, report.reviewed_at, report.reviewed_by = FieldReport.State.VERIFIED, timezone.now(), by
    report.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    with translation.override(settings.LANGUAGE_CODE):
        _tell_sender(report, _("BPBD has verified your report no. %(number)s. Thank you.") % {"number": report.pk})
    return report


@transaction.atomic
def field_report_dismiss(*, report: FieldReport, by: User, note: str = "") -> FieldReport:
    _require_reviewer(report, by)
    report = _lock(report)
    if report.state == FieldReport.State.DISMISSED or report.event_id:
        raise ValidationError(_("This report cannot be dismissed any more."))
    report.state, report.reviewed_at, report.reviewed_by = FieldReport.State.DISMISSED, timezone.now(), by
    report.review_note = (note or "").strip()[:300]
    report.save(update_fields=["state", "reviewed_at", "reviewed_by", "review_note"])
    with translation.override(settings.LANGUAGE_CODE):
        _tell_sender(report, _("BPBD has closed your report no. %(number)s without action.") % {"number": report.pk})
    return report


def _require_verified_unlinked(report: FieldReport) -> None:
    if report.state != FieldReport.State.VERIFIED:
        raise ValidationError(_("Verify the report first."))
    if report.event_id:
        raise ValidationError(_("This report already belongs to an event."))


@transaction.atomic
def field_report_open_event(*, report: FieldReport, by: User) -> Event:
    """Open a disaster event from a verified report (its hazard, place and time), and tell the sender."""
    _require_reviewer(report, by)
    require(permissions.may_record_events(by, report.district_id), _("Only BPBD staff open events."))
    report = _lock(report)
    _require_verified_unlinked(report)
    if report.hazard_id is None or report.kecamatan_id is None:
        raise ValidationError(_("The report names no known hazard or place: open the event by hand."))
    event = event_open(
        by=by,
        district=report.district,
        hazard=report.hazard,
        started_at=min(report.received_at, timezone.now() - datetime.timedelta(seconds=1)),
        kecamatan=[report.kecamatan],
        desa=[report.desa] if report.desa_id else [],
        description=_("From field report no. %(number)s: %(text)s") % {"number": report.pk, "text": report.text},
    )
    report.event = event
    report.save(update_fields=["event"])
    with translation.override(settings.LANGUAGE_CODE):
        _tell_sender(
            report,
            _("BPBD is responding to your report no. %(number)s as event %(event)s.")
            % {"number": report.pk, "event": event.number},
        )
    return event


@transaction.atomic
def field_report_attach(*, report: FieldReport, by: User, event: Event) -> FieldReport:
    _require_reviewer(report, by)
    report = _lock(report)
    _require_verified_unlinked(report)
    if event.district_id != report.district_id or event.closed_at is not None:
        raise ValidationError({"event": _("Choose an open event of the district.")})
    report.event = event
    report.save(update_fields=["event"])
    with translation.override(settings.LANGUAGE_CODE):
        _tell_sender(
            report,
            _("BPBD has added your report no. %(number)s to event %(event)s.")
            % {"number": report.pk, "event": event.number},
        )
    return report


# --- Sitreps to the district's groups ----------------------------------------------------------------


@transaction.atomic
def sitrep_send(*, sitrep, channel: DistrictChannel, by: User) -> None:
    """The sitrep's WhatsApp text to the district's group on ``channel``, through the outbox."""
    require(permissions.may_send_sitreps(by, sitrep.event.district_id), _("Only BPBD staff send sitreps."))
    if channel.district_id != sitrep.event.district_id or not channel.group_address:
        raise ValidationError(_("This district has no group to send to."))
    message_send(
        district_id=channel.district_id,
        channel=channel.provider,
        destination=channel.group_address,
        text=whatsapp_text(sitrep.data),
    )
