"""Schemathesis drives every documented operation with generated input: no 500, no
response that breaks the OpenAPI schema."""

from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from porras.wsgi import application


def test_api_never_fails_or_breaks_its_schema(org, api_client_for, kuopio_client):
    from rest_framework.authtoken.models import Token

    api_client_for(org.guidance)
    headers = {"Authorization": f"Token {Token.objects.get(user=org.guidance).key}"}
    schema = openapi.from_wsgi("/api/v1/schema/", application)
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tested.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case):
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        run()
    assert "POST /api/v1/intake/items/" in tested
    assert len(tested) >= 7
