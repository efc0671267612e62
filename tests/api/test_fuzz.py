"""Schemathesis against the OpenAPI schema: generated valid and invalid requests to every
operation, as a logged-in BPBD staff member of the demo district. No response may be a
server error, and every response must match what the schema promises."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from kecamatan.demo import seed_territory
from kencana.accounts.demo import seed_users
from kencana.accounts.models import User
from kencana.accounts.services import api_token_create


@pytest.fixture
def api_schema(db):
    from kencana.wsgi import application

    # As Django's test client does: the WSGI handler must not close the test's
    # connection (and its transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(db):
    seed_territory()
    seed_users()
    return api_token_create(user=User.objects.get(username="staff.balangan"))[1]


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_a_server_error_or_breaks_its_schema(case, staff_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {staff_token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
