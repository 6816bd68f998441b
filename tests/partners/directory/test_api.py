"""/api/v1/services/: the directory for partner systems, with structured 400s."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partners.directory.models import ServiceStatus
from partners.roles import Role
from tests.partners.directory.factories import ServiceFactory
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_the_api_lists_services_most_relevant_first(signed_in_client):
    ServiceFactory(name="Parenting only", needs=["parenting"])
    ServiceFactory(name="Parenting and behaviour", needs=["parenting", "behaviour"])
    ServiceFactory(name="Debt", needs=["money"])
    ServiceFactory(name="Gone", needs=["parenting"], status=ServiceStatus.WITHDRAWN)

    response = signed_in_client(member(Role.PRACTITIONER)).get(
        reverse("api-service-list"), {"need": ["parenting", "behaviour"]}
    )

    body = response.json()
    assert response.status_code == 200
    assert [s["name"] for s in body["results"]] == ["Parenting and behaviour", "Parenting only"]
    assert body["results"][0]["needs"] == ["parenting", "behaviour"]


def test_a_bad_parameter_answers_a_structured_400(signed_in_client):
    response = signed_in_client(member(Role.PRACTITIONER)).get(
        reverse("api-service-list"), {"age": "old", "need": "nonsense"}
    )

    assert response.status_code == 400
    body = response.json()
    assert "age" in str(body) and "need" in str(body)


def test_the_api_needs_a_caller():
    assert Client().get(reverse("api-service-list")).status_code == 401


def test_one_service_by_id(signed_in_client):
    service = ServiceFactory(name="Youth club", needs=["behaviour"])

    response = signed_in_client(member(Role.PARTNER_VIEWER)).get(
        reverse("api-service-detail", args=[service.pk])
    )

    assert response.json()["name"] == "Youth club"


def test_the_list_costs_the_same_queries_for_5_or_50_services(
    signed_in_client, django_assert_max_num_queries
):
    client = signed_in_client(member(Role.PRACTITIONER))
    ServiceFactory.create_batch(5)
    client.get(reverse("api-service-list"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("api-service-list"))
    ServiceFactory.create_batch(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("api-service-list"))


def test_the_schema_documents_the_services_endpoint():
    schema = Client().get(reverse("api-schema"), HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/services/" in schema and "Services in the directory" in schema
