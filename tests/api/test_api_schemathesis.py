"""The API against its own OpenAPI schema, with the tokens of two agencies.

Two agencies each lead a case with a record of every kind. The school's system must
never be given anything of the police's case: its family name, its reference, the
names and NHS number of its people.

- Explicitly: every operation with an id in its path is called by the school with the
  ids of the police's case, its family, people and records, and must answer 404 (reads
  and writes alike) without any of those identifiers in the body.
- Generatively: schemathesis draws requests for every operation from the schema and
  sends each with both tokens: no 5xx, status codes, content types and bodies as the
  schema documents, and no identifier of the police's case in anything the school's
  system is given. Examples are few per operation (the whole file runs in well under two
  minutes) and drawn afresh each run; every operation runs in one test so the two cases
  are built once, and each call is rolled back, so every example meets them unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings

from documents.models import Document
from partners.api_auth import TokenRateThrottle
from tests.api.conftest import AgencySystem, system
from tests.api.worlds import AgencyCase, case_with_records
from tests.documents.factories import uploaded

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SECRET_FAMILY = "Zzyzxsecret"
SECRET_NHS_NUMBER = "9434765919"
# Per operation: requests drawn wholly from the schema (mostly ids that name nothing),
# and requests about the school's own case, which reach the services.
EXAMPLES_DRAWN = 2
EXAMPLES_ON_OWN_CASE = 3
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]


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


# Resources that hold no case data, which every caller reads alike: the service directory.
NOT_CASE_DATA = ("/api/v1/services/",)


class World:
    """The school's case and system, and the police's case the school may not see."""

    def __init__(self) -> None:
        self.school: AgencySystem = system(name="Hillcrest Primary School")
        self.police: AgencySystem = system(kind="police", name="Borough Police")
        self.own: AgencyCase = case_with_records(
            self.school.agency, "Adeyemi", nhs_number="4857773456"
        )
        self.hidden: AgencyCase = case_with_records(
            self.police.agency, SECRET_FAMILY, nhs_number=SECRET_NHS_NUMBER
        )
        # A document on the police's case (the school must not reach it either).
        uploaded(actor=self.hidden.lead, case=self.hidden.case, scanned=False)
        self.answered: list[int] = []  # what the school's system was answered
        self.secrets = [
            SECRET_FAMILY,  # the family's name and its people's names start with it
            self.hidden.case.reference,
            SECRET_NHS_NUMBER,
            "943 476 5919",
        ]

    def leaked(self, body: str) -> list[str]:
        return [secret for secret in self.secrets if secret in body]

    def hidden_path_values(self, path: str) -> dict[str, Any]:
        """The police's objects for each {parameter} of a path."""
        return self.path_values(self.hidden, path)

    @staticmethod
    def path_values(h: AgencyCase, path: str) -> dict[str, Any]:
        """A case's objects for each {parameter} of a path."""
        by_collection = {
            "cases": h.case.pk,
            "families": h.case.family_id,
            "people": h.child.pk,
            "enquiries": h.enquiry.pk,
            "star-readings": h.reading.pk,
            "actions": h.action.pk,
            "meetings": h.meeting.pk,
            "documents": Document.objects.filter(case=h.case).values_list("pk", flat=True).first(),
        }
        values: dict[str, Any] = {
            "case_id": h.case.pk,
            "family_id": h.case.family_id,
            "number": h.assessment.number,
            "key": h.section_key,
        }
        match = re.search(r"/([a-z-]+)/\{id\}/", path)
        if match and match.group(1) in by_collection:  # not the directory: no case of its own
            values["id"] = by_collection[match.group(1)]
        return values


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> World:
    # Hundreds of calls per token: the rate limit is tested on its own.
    monkeypatch.setattr(TokenRateThrottle, "allow_request", lambda self, request, view: True)
    return World()


class _Undo(Exception):
    pass


def test_every_path_with_an_id_of_the_other_agencys_case_is_404(world: World):
    client = world.school.client()
    called = []
    for path, item in schema.raw_schema["paths"].items():
        if "{" not in path or path.startswith(NOT_CASE_DATA):
            continue
        url = path.format(**world.hidden_path_values(path))
        for method in ("get", "post", "put", "patch"):
            if method not in item:
                continue
            try:
                with transaction.atomic():
                    response = getattr(client, method)(
                        url, {}, content_type="application/json", HTTP_IF_MATCH='"1"'
                    )
                    raise _Undo
            except _Undo:
                pass
            called.append(f"{method.upper()} {path}")
            assert response.status_code == 404, f"{method.upper()} {url}: {response.status_code}"
            assert world.leaked(response.content.decode()) == [], f"{method.upper()} {url}"
    assert len(called) >= 20  # every nested resource, not just a few


def test_the_school_sees_its_own_case_and_nothing_of_the_polices(world: World):
    """The leak check has teeth: the same calls about the school's own case do show its
    identifiers, so their absence above is the policy, not an empty answer."""
    client: Client = world.school.client()
    own = client.get(f"/api/v1/cases/{world.own.case.pk}/").content.decode()
    assert world.own.case.reference in own
    people = client.get("/api/v1/people/").content.decode()
    assert "4857773456" in people and "Adeyemi" in people
    assert world.leaked(people) == []


def test_api_conforms_to_its_schema_and_never_leaks(world: World):
    """One world for every operation (built once: it takes seconds), a few examples each."""
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:
        _fuzz(world, operation.as_strategy(), EXAMPLES_DRAWN)
        if "{" in operation.path:
            own = world.path_values(world.own, operation.path)
            wanted = {p.name for p in operation.path_parameters}
            strategy = operation.as_strategy(
                path_parameters={k: v for k, v in own.items() if k in wanted}
            )
            _fuzz(world, strategy, EXAMPLES_ON_OWN_CASE)
    # Not only refusals: many requests reached the services and were answered.
    assert sum(200 <= status < 300 for status in world.answered) >= len(operations)


def _fuzz(world: World, strategy: Any, examples: int) -> None:
    @given(case=strategy)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call_as_both_agencies(case: Any) -> None:
        for caller in (world.school, world.police):
            try:
                with transaction.atomic():
                    response = case.call(
                        headers={"Authorization": f"Bearer {caller.token}", "If-Match": '"1"'}
                    )
                    raise _Undo
            except _Undo:
                pass
            case.validate_response(response, checks=CHECKS)
            if caller is world.school:
                world.answered.append(response.status_code)
                assert world.leaked(response.text) == [], case.as_curl_command()

    call_as_both_agencies()
