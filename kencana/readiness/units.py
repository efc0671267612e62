"""Desa, schools and Katana beneath a kecamatan: recording their figures, and keeping the
kecamatan answers computed from them (``rollup``) up to date.

The computed answers of a kecamatan's open reports (draft or returned) follow when a desa or
school assessment is verified (the ``report_verified`` event), when the school registry changes
(``units_changed``) and when a Katana count is recorded; a submitted or verified report keeps the figures it was sent with.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kecamatan.models import Desa
from kencana.accounts import permissions
from kencana.accounts.permissions import require
from kencana.core import events
from kencana.core.clock import local_today

from .models import OPEN_STATES, KatanaCount, Report
from .rollup import computed_answers_write
from .services import apply_scores

MAX_HOUSEHOLDS = 10_000_000  # more than any desa has: a typo, and the column's limit is far above


def kecamatan_reports_refresh(*, kecamatan_id: int) -> None:
    """Refresh every open kecamatan report of the kecamatan (each locked in turn, in id order)."""
    with_computed = Report.objects.filter(
        kecamatan_id=kecamatan_id,
        desa__isnull=True,
        school__isnull=True,
        state__in=OPEN_STATES,
        version__indicators__computed__gt="",
    ).values("pk")
    reports = (
        Report.objects.select_for_update(of=("self",))
        .filter(pk__in=with_computed)
        .select_related("kecamatan__district", "version")
        .order_by("pk")
    )
    for report in reports:
        if computed_answers_write(report=report):
            apply_scores(report)
            report._change_reason = _("Computed answers refreshed")
            report.save()
            events.report_changed.announce(district_id=report.kecamatan.district_id, report=report)


def on_report_verified(*, report: Report, **facts) -> None:
    """A desa or school assessment verified: the kecamatan answers computed from them follow."""
    if report.desa_id or report.school_id:
        kecamatan_reports_refresh(kecamatan_id=report.kecamatan_id)


def on_units_changed(*, kecamatan_ids=(), **facts) -> None:
    """A school added, moved or deactivated: the kecamatan answers computed from the schools follow
    (a Katana count refreshes its kecamatan itself and names none)."""
    for kecamatan_id in kecamatan_ids:
        kecamatan_reports_refresh(kecamatan_id=kecamatan_id)


def katana_record(*, desa: Desa, counted_on: datetime.date, households: int, by) -> KatanaCount:
    """Record (or correct) a desa's Katana household count for a date; the kecamatan figures follow."""
    require(
        permissions.may_record_katana(by, desa),
        _("Only the kecamatan's officer, the desa's facilitator or BPBD staff record its Katana count."),
    )
    if not 0 <= households <= MAX_HOUSEHOLDS:
        raise ValidationError({"households": _("Enter a number from 0.")})
    if counted_on > local_today(desa.kecamatan.district.timezone):
        raise ValidationError({"counted_on": _("A count cannot be dated in the future.")})
    with transaction.atomic():
        count, _created = KatanaCount.objects.update_or_create(
            desa=desa, counted_on=counted_on, defaults={"households": households, "recorded_by": by}
        )
        kecamatan_reports_refresh(kecamatan_id=desa.kecamatan_id)
        events.units_changed.announce(district_id=desa.kecamatan.district_id)
    return count
