"""The information governance dashboard pages every list it shows: undecided rights
requests, current restrictions and legal holds are each paged by their own parameter,
so none is cut short, and the page reads the same number of queries for many rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import LegalHold, RightsKind, RightsRequest
from tests.cases.factories import PersonFactory
from tests.governance.factories import officer

pytestmark = pytest.mark.django_db


def _fill(the_officer, count: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        person = PersonFactory(given_names=f"Rowena{n:03d}")
        RightsRequest.objects.create(
            kind=RightsKind.ERASURE,
            person=person,
            requester_name="Someone",
            grounds="Please erase my records.",
            received_on=timezone.localdate(),
            recorded_by=the_officer,
        )
        LegalHold.objects.create(person=person, reason=f"Claim {n:03d}", placed_by=the_officer)


def _dashboard(client: Client, **query: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/governance/", query)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_rights_requests_and_legal_holds_are_each_paged_by_their_own_parameter(
    signed_in_client,
):
    the_officer = officer()
    _fill(the_officer, 27)
    client = signed_in_client(the_officer)

    first, _ = _dashboard(client)
    assert first.count("Erasure") == 25
    assert first.count("Lift the hold") == 25
    assert 'aria-label="Pages of restriction and erasure requests"' in first
    assert 'aria-label="Pages of legal holds"' in first

    second, _ = _dashboard(client, rights_page="2")
    assert second.count("Erasure") == 2
    assert second.count("Lift the hold") == 25  # the holds stay on their first page

    holds, _ = _dashboard(client, holds_page="2", rights_page="2")
    assert holds.count("Lift the hold") == 2
    assert holds.count("Erasure") == 2


def test_the_dashboard_reads_the_same_number_of_queries_for_few_and_many_rows(
    signed_in_client,
):
    the_officer = officer()
    client = signed_in_client(the_officer)
    _fill(the_officer, 2)
    _dashboard(client)
    few = _dashboard(client)[1]
    _fill(the_officer, 40)
    many = _dashboard(client)[1]
    assert few == many
