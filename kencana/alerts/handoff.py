"""What the alerts domain hands to the Celery worker, always after the transaction commits.

Through ``kencana.core.broker``: one quick try, never failing the request. If the broker
is down at that moment, nothing is lost: the periodic rule sweep and the outbox sweeper
catch up.
"""

from collections.abc import Iterable

from kencana.core.broker import enqueue, enqueue_after_commit


def rules_after_commit(*, codes: list[str], district_ids: list[int]) -> None:
    """Re-check some rules for some districts once the current transaction commits.

    Handed to the worker so the triggering request stays fast; if the broker is
    down, the periodic sweep catches up within a minute.
    """
    enqueue_after_commit("alerts.rules_sweep", kwargs={"codes": codes, "district_ids": district_ids})


def enqueue_deliveries(ids: Iterable[int], *, eta=None) -> None:
    """Hand deliveries to the broker. A broker outage is logged, not raised: the sweeper retries."""
    for delivery_id in ids:
        if not enqueue("alerts.deliver", args=(delivery_id,), eta=eta):
            return  # the rest stay pending too; the outbox sweep sends them
