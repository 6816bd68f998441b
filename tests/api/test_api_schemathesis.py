"""Schemathesis drives every API operation from the OpenAPI schema with the tokens of
two different agencies: no 5xx, responses match the schema, and nothing of the other
agency's unshared cases is ever returned."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api.conftest import led_case, system

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SECRET_FAMILY = "Zzyzxsecretfamily"


def _schema() -> schemathesis.BaseSchema:
    """The project's own OpenAPI schema, generated in-process, called through WSGI."""
    from drf_spectacular.generators import SchemaGenerator

    document = json.loads(
        json.dumps(SchemaGenerator().get_schema(request=None, public=True), default=str)
    )
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():  # type: ignore[no-untyped-def]
    """Like Django's test client: requests must not close the test's DB connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def two_agencies():  # type: ignore[no-untyped-def]
    school, police = system(), system(kind="police")
    own = led_case(school.agency, "Adeyemi")
    hidden = led_case(police.agency, SECRET_FAMILY)
    return {"school": school, "police": police, "own": own, "hidden": hidden}


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema_and_never_leaks(case, two_agencies):  # type: ignore[no-untyped-def]
    hidden = two_agencies["hidden"]
    for caller in ("school", "police"):
        token = two_agencies[caller].token
        response = case.call(headers={"Authorization": f"Bearer {token}", "If-Match": '"1"'})
        assert response.status_code < 500, response.text
        case.validate_response(
            response,
            checks=[
                schemathesis.checks.not_a_server_error,
                schemathesis.checks.status_code_conformance,
                schemathesis.checks.content_type_conformance,
                schemathesis.checks.response_schema_conformance,
            ],
        )
        if caller == "school":
            body = response.text
            assert SECRET_FAMILY not in body
            assert hidden.reference not in body
