"""Stock movements per second: concurrent writer processes posting receipts and dispatches
through the real services, each process with its own database connection."""

import io
import multiprocessing
import threading
import time
from queue import Empty

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.models import Max

from .server import BenchError

QUANTITY = 5
LINES = 3  # items per document: a small delivery (rice, water, blankets)


def _write(
    index: int, user_id: int, warehouse_id: int, item_ids: list[int], seconds: float, ready, go, results
) -> None:
    """One writer: receive a few small lots, then dispatch as much, until time is up.

    Each writer takes out only as much as it has just put in, so no dispatch can lack stock,
    whatever the interleaving; an error here is a real failure of the services.
    """
    import django

    django.setup()
    import datetime
    from decimal import Decimal

    from kencana.accounts.models import User
    from logistics.models import FundingSource, Item, Warehouse
    from logistics.services.common import district_today
    from logistics.services.documents import IssueLine, ReceiptLine, dispatch_post, receipt_post

    user = User.objects.get(pk=user_id)
    warehouse = Warehouse.objects.select_related("district").get(pk=warehouse_id)
    items = list(Item.objects.filter(pk__in=item_ids).order_by("pk"))
    today = district_today(warehouse.district)
    # Lots that expire tomorrow come first in FEFO order, so each dispatch takes back what its
    # receipt brought and the store's lots stay as seeded. Lots expiring in a year were left behind
    # by the hundred each run (the dispatches emptied the seeded lots first), and every later run
    # locked and read them all: the figure fell with each run on the same database.
    expiry = today + datetime.timedelta(days=1)
    quantity = Decimal(QUANTITY)

    def pair(start: int) -> None:
        chosen = [items[(start + k) % len(items)] for k in range(LINES)]
        receipt_post(
            by=user,
            warehouse=warehouse,
            business_date=today,
            funding_source=FundingSource.APBD_DISTRICT,
            lines=[ReceiptLine(item, quantity, expiry_date=expiry) for item in chosen],
            reference="bench",
        )
        dispatch_post(
            by=user,
            warehouse=warehouse,
            business_date=today,
            lines=[IssueLine(item, quantity) for item in chosen],
            destination_text="bench",
        )

    try:
        pair(index)  # warm: connection, translations, lazy imports; not counted
    except Exception as error:
        results.put({"failed": f"{type(error).__name__}: {error}"})
        ready.abort()  # the others and the parent stop waiting at once
        return
    ready.wait()
    go.wait()
    documents, errors, first_error = 0, 0, ""
    started = time.monotonic()
    deadline = started + seconds
    while time.monotonic() < deadline:
        try:
            pair(index + documents)
            documents += 2
        except Exception as error:  # counted and reported: the figure is worthless if this is not zero
            errors += 1
            first_error = first_error or f"{type(error).__name__}: {error}"
    results.put(
        {"documents": documents, "errors": errors, "first_error": first_error, "seconds": time.monotonic() - started}
    )


def run_writers(*, writers: int, posts: list[tuple[int, int]], item_ids: list[int], seconds: float) -> dict:
    """Writer i posts as ``posts[i % len][0]`` (a user id) to warehouse ``posts[i % len][1]``;
    returns movements per second and errors."""
    from logistics.models import Movement

    # Spawned, not forked: each child opens its own connections (database and broker).
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    ready, go = context.Barrier(writers + 1), context.Barrier(writers + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=_write,
            args=(i, *posts[i % len(posts)], item_ids, seconds, ready, go, results),
            daemon=True,
        )
        for i in range(writers)
    ]
    for process in processes:
        process.start()
    try:
        ready.wait(timeout=120)  # every writer has posted once, outside the count
        before = Movement.objects.aggregate(last=Max("pk"))["last"] or 0
        connections.close_all()
        go.wait(timeout=10)
        reports = [results.get(timeout=seconds + 120) for _ in processes]
    except (Empty, threading.BrokenBarrierError) as error:
        try:
            reason = results.get(timeout=5).get("failed") or repr(error)
        except Empty:
            reason = repr(error)
        raise BenchError(f"The stock writers did not start or finish: {reason}") from error
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
    movements = Movement.objects.filter(pk__gt=before).count()
    elapsed = max(report["seconds"] for report in reports)
    return {
        "writers": writers,
        "warehouses": len({posts[i % len(posts)][1] for i in range(writers)}),
        "seconds": elapsed,
        "documents": sum(r["documents"] for r in reports),
        "movements": movements,
        "movements_per_second": movements / elapsed if elapsed else 0.0,
        "documents_per_second": sum(r["documents"] for r in reports) / elapsed if elapsed else 0.0,
        "errors": sum(r["errors"] for r in reports),
        "first_error": next((r["first_error"] for r in reports if r["first_error"]), ""),
    }


def ledger_check() -> dict:
    """No negative balance, and ``check_ledger`` (every balance recomputed from the movements) clean."""
    from logistics.models import Balance

    negative = Balance.objects.filter(quantity__lt=0).count()
    output = io.StringIO()
    started = time.perf_counter()
    try:
        call_command("check_ledger", stdout=output)
        clean = True
    except CommandError as error:
        output.write(str(error))
        clean = False
    return {
        "negative_balances": negative,
        "ledger_clean": clean,
        "check_seconds": time.perf_counter() - started,
        "output": output.getvalue().strip()[-2000:],
    }
