"""Situation reports: numbered per event, frozen when issued.

A sitrep's content is gathered from the data as of a moment and stored with it; later reports,
tasks or decrees never change it, and it is corrected only by issuing the next one. The first
is the initial report (laporan awal), the last the final one (laporan akhir); periodic reports
(berkala) come between, each describing a later moment than the one before.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kencana.accounts import permissions
from kencana.accounts.permissions import require

from ..models import Event, Sitrep
from ..moments import shown
from ..reporting import sitrep_data
from ..selectors import figures_of
from .common import check_moment, lock_event, next_event_number

MAX_ASSESSMENT = 4000
MAX_NEEDS_GAPS = 2000


@transaction.atomic
def sitrep_issue(
    *,
    event: Event,
    by,
    kind: str,
    as_of: datetime.datetime | None = None,
    assessment: str = "",
    needs_gaps: str = "",
) -> Sitrep:
    """Issue the event's next situation report with the data as of ``as_of`` (now by default)."""
    require(
        permissions.may_issue_sitreps(by, event.district_id),
        _("Only BPBD staff of the district issue situation reports."),
    )
    event = lock_event(event)
    as_of = check_moment(as_of or timezone.now(), field="as_of", event=event, label=_("The moment of the data"))
    previous = event.sitreps.order_by("-number").first()
    assessment, needs_gaps = (assessment or "").strip(), (needs_gaps or "").strip()
    errors = {}
    if kind not in Sitrep.Kind.values:
        errors["kind"] = _("Choose an initial, periodic or final report.")
    elif previous is None and kind != Sitrep.Kind.INITIAL:
        errors["kind"] = _("The first situation report is the initial report (laporan awal).")
    elif previous is not None and kind == Sitrep.Kind.INITIAL:
        errors["kind"] = _("The initial report was issued already: this one is periodic or final.")
    elif event.is_closed and kind != Sitrep.Kind.FINAL:
        errors["kind"] = _("Event %(number)s is closed: only the final report can still be issued.") % {
            "number": event.number
        }
    if previous is not None and previous.kind == Sitrep.Kind.FINAL:
        errors["kind"] = _("The final report (no. %(number)s) was issued: no report follows it.") % {
            "number": previous.number
        }
    if previous is not None and as_of < previous.as_of:
        errors["as_of"] = _(
            "Report no. %(number)s has the data as of %(when)s: a later report describes a later moment."
        ) % {
            "number": previous.number,
            "when": shown(previous.as_of, event.district.timezone),
        }
    if len(assessment) > MAX_ASSESSMENT:
        errors["assessment"] = _("Keep the assessment under %(count)s characters.") % {"count": MAX_ASSESSMENT}
    if len(needs_gaps) > MAX_NEEDS_GAPS:
        errors["needs_gaps"] = _("Keep the needs and gaps under %(count)s characters.") % {"count": MAX_NEEDS_GAPS}
    if errors:
        raise ValidationError(errors)
    number = next_event_number(event, "last_sitrep_number")
    data = sitrep_data(
        event=event,
        figures=figures_of(event=event, as_of=as_of),
        tasks=list(event.tasks.select_related("kecamatan").order_by("number")),
        as_of=as_of,
        number=number,
        kind=kind,
        issued_by=by,
        assessment=assessment,
        needs_gaps=needs_gaps,
    )
    return Sitrep.objects.create(
        event=event,
        number=number,
        kind=kind,
        as_of=as_of,
        assessment=assessment,
        needs_gaps=needs_gaps,
        data=data,
        issued_by=by,
    )
