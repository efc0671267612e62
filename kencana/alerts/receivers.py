"""What alerts does when other apps announce an event (subscribed in AlertsConfig.ready).

Stock and report events re-check the rules they can change, for that district only,
right after the event commits. A returned report tells its submitter at once, in the
same transaction as the return (the outbox).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from kencana.accounts.models import Role, User
from kencana.core import events

from .handoff import rules_after_commit
from .models import Channel, Severity
from .notifications.outbox import notify_users

STOCK_RULES = ["stock_below_minimum", "lot_expiring"]


def on_stock_changed(*, district_id: int, **facts) -> None:
    rules_after_commit(codes=STOCK_RULES, district_ids=[district_id])


def on_report_submitted(*, district_id: int, **facts) -> None:
    rules_after_commit(codes=["report_overdue"], district_ids=[district_id])


def on_report_verified(*, district_id: int, **facts) -> None:
    rules_after_commit(codes=["high_risk_low_readiness"], district_ids=[district_id])


def on_report_returned(*, report, note: str = "", **facts) -> None:
    """The submitter hears why; without a known submitter, the kecamatan's officers do."""
    if report.submitted_by_id and report.submitted_by.is_active:
        users = [report.submitted_by]
    else:
        users = list(
            User.objects.filter(is_active=True, role=Role.OFFICER, kecamatan=report.kecamatan_id).order_by("pk")
        )
    notify_users(
        users=users,
        title=_("Report returned for revision: %(report)s") % {"report": report},
        body=note,
        link=reverse("readiness:report_detail", args=[report.pk]),
        channels=[Channel.INBOX, Channel.EMAIL],
        severity=Severity.MODERATE,
    )


def connect() -> None:
    events.stock_changed.subscribe(on_stock_changed)
    events.dispatch_received.subscribe(on_stock_changed)
    events.report_submitted.subscribe(on_report_submitted)
    events.report_verified.subscribe(on_report_verified)
    events.report_returned.subscribe(on_report_returned)
