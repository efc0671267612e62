"""What alerts does when other apps report an event (connected in AlertsConfig.ready).

Stock and report events re-check the rules they can change, for that district only,
right after the event commits. A returned report tells its submitter at once, in the
same transaction as the return (the outbox).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from kencana.accounts.models import Role, User

from .engine import rules_after_commit
from .models import Channel, Severity
from .notifications.outbox import notify_users

STOCK_RULES = ["stock_below_minimum", "lot_expiring"]


def on_stock_changed(sender, *, district_id: int, **kwargs) -> None:
    rules_after_commit(codes=STOCK_RULES, district_ids=[district_id])


def on_dispatch_received(sender, *, document, **kwargs) -> None:
    rules_after_commit(codes=STOCK_RULES, district_ids=[document.district_id])


def on_report_submitted(sender, *, report, **kwargs) -> None:
    rules_after_commit(codes=["report_overdue"], district_ids=[report.kecamatan.district_id])


def on_report_verified(sender, *, report, **kwargs) -> None:
    rules_after_commit(codes=["high_risk_low_readiness"], district_ids=[report.kecamatan.district_id])


def on_report_returned(sender, *, report, by, note: str = "", **kwargs) -> None:
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
    from kencana.readiness import signals as readiness
    from logistics import signals as logistics

    logistics.stock_changed.connect(on_stock_changed, dispatch_uid="alerts.stock_changed")
    logistics.dispatch_received.connect(on_dispatch_received, dispatch_uid="alerts.dispatch_received")
    readiness.report_submitted.connect(on_report_submitted, dispatch_uid="alerts.report_submitted")
    readiness.report_verified.connect(on_report_verified, dispatch_uid="alerts.report_verified")
    readiness.report_returned.connect(on_report_returned, dispatch_uid="alerts.report_returned")
