"""Schemathesis against the OpenAPI schema: generated valid and invalid requests to every operation,
as a BPBD admin (who may do everything in the district: BPBD staff may do a part of it, and are
refused the rest as the officer is), a kecamatan officer and a partner district's staff, on the demo data
(so lists hold real objects with their empty fields). No response may be a server error, and every
response must match what the schema promises: a client generated from the schema must not break.

The demo is loaded once for the module in an outer transaction; each operation's test runs in a
savepoint on top of it, and the whole is rolled back at the end. Who may call which operation on
what is the authorization matrix's part (tests/security).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from kencana.accounts.models import User
from kencana.accounts.services import api_token_create

ROLES = ["admin.balangan", "camat.paringin", "staff.banjar"]


@pytest.fixture(scope="module")
def demo(demo_seeded_once, django_db_blocker):
    """The demo districts, people, reports, plans, stock and alerts, for every test of this module."""
    from kencana.alerts.engine import rules_run

    with django_db_blocker.unblock(), transaction.atomic():
        rules_run()  # open alerts (hazard warning, stock, reports) so their lists are not empty
        tokens = {username: api_token_create(user=User.objects.get(username=username))[1] for username in ROLES}
        yield tokens
        transaction.set_rollback(True)


@pytest.fixture
def api_schema(db):
    from kencana.wsgi import application

    # As Django's test client does: the WSGI handler must not close the test's
    # connection (and its transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    loaded = schemathesis.openapi.from_wsgi("/api/schema/", application)
    # The coverage phase sends every boundary case of every field whatever max_examples says:
    # minutes per write operation. Generated examples and the negative cases of fuzzing stay.
    loaded.config.phases.coverage.enabled = False
    yield loaded
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=7, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_a_server_error_or_breaks_its_schema(case, demo):
    for role in ROLES:  # each generated request, as each role
        case.call_and_validate(
            # Uncompressed: the WSGI transport hands the body over as sent (compression: tests/core/test_compression.py).
            headers={"Authorization": f"Token {demo[role]}", "Accept-Encoding": "identity"},
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )
