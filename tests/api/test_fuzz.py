"""Schemathesis drives every documented operation with generated input: no 500, and no
status, content type, header or body that the OpenAPI schema does not document."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from porras.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI app directly would close the test's database connection at the
    end of each request (Django's own test client switches this off the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_never_fails_or_breaks_its_schema(
    org, api_token_for, kuopio_client, keep_test_connection, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "100000/minute"})
    headers = {"Authorization": f"Token {api_token_for(org.guidance)}"}
    schema = openapi.from_wsgi("/api/v1/schema/", application, headers=headers)
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tested.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
    assert "POST /api/v1/intake/items/" in tested
    assert len(tested) >= 7
