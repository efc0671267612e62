"""A database connection lost in the middle of a dispatch: PostgreSQL really drops it.

Just before the ledger line is written, another connection terminates this one's backend
(``pg_terminate_backend``), as a crashed proxy or a failover would.
"""

import contextlib
from decimal import Decimal

import psycopg2
import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection
from rest_framework.test import APIClient

from logistics import services
from logistics.models import Balance, Document, Movement

from ..factories import today as districts_today
from .factories import item, receive

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@contextlib.contextmanager
def connection_lost_before_the_ledger_line():
    """Terminate this connection's backend the first time a movement is about to be inserted."""
    state = {"killed": False}

    def cut(execute, sql, params, many, context):
        if not state["killed"] and sql.lstrip().upper().startswith("INSERT") and "logistics_movement" in sql:
            state["killed"] = True
            pid = context["connection"].connection.info.backend_pid
            other = psycopg2.connect(**connection.get_connection_params())
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            finally:
                other.close()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut):
        yield state
    connection.close()  # the next query opens a fresh connection


def stock() -> Decimal:
    return sum((b.quantity for b in Balance.objects.all()), Decimal(0))


def dispatch(staff, warehouse, key: str):
    return services.dispatch_post(
        by=staff,
        warehouse=warehouse,
        lines=[services.IssueLine(item("SLMT"), Decimal(30))],
        business_date=districts_today(),
        destination_text="Posko Awayan",
        idempotency_key=key,
    )


def test_a_dispatch_cut_off_by_a_lost_connection_changes_nothing_and_its_retry_posts_once(
    staff, main_warehouse, capsys
):
    receive(staff, main_warehouse, "SLMT", 100)
    with (
        connection_lost_before_the_ledger_line() as fault,
        pytest.raises((OperationalError, InterfaceError), match="(?i)terminat|closed"),
    ):
        dispatch(staff, main_warehouse, key="kirim-1")
    assert fault["killed"]
    assert stock() == 100 and not Document.objects.filter(kind="dispatch").exists()
    first = dispatch(staff, main_warehouse, key="kirim-1")
    again = dispatch(staff, main_warehouse, key="kirim-1")
    assert first.pk == again.pk
    assert stock() == 70 and Movement.objects.filter(document=first).count() == 1
    call_command("check_ledger")
    assert "agree" in capsys.readouterr().out


def test_the_api_answers_503_and_the_retry_with_the_same_key_posts_once(staff, main_warehouse):
    receive(staff, main_warehouse, "SLMT", 100)
    api = APIClient()
    api.force_authenticate(staff)
    body = {
        "warehouse": main_warehouse.pk,
        "business_date": districts_today().isoformat(),
        "destination_text": "Posko Awayan",
        "lines": [{"item": "SLMT", "quantity": "30"}],
    }
    with connection_lost_before_the_ledger_line():
        cut = api.post("/api/v1/logistics/dispatches/", body, format="json", HTTP_IDEMPOTENCY_KEY="api-1")
    assert cut.status_code == 503 and cut["Retry-After"] == "10"
    assert "tidak ada yang disimpan" in cut.json()["detail"].lower()
    assert stock() == 100
    retried = [
        api.post("/api/v1/logistics/dispatches/", body, format="json", HTTP_IDEMPOTENCY_KEY="api-1") for _ in range(2)
    ]
    assert retried[0].status_code == 201 and retried[1].status_code in (200, 201)
    assert len({r.json()["id"] for r in retried}) == 1
    assert stock() == 70
