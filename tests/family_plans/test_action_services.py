"""A plan action linked to a directory service, and how often plans use each service."""

from __future__ import annotations

import pytest
from django.urls import reverse

from family_plans.models import PlanAction
from partners.directory.models import ServiceStatus
from partners.directory.usage import usage_of
from partners.roles import Role
from tests.family_plans.factories import agreed_plan, planned_case
from tests.partners.directory.factories import ServiceFactory
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_the_lead_practitioner_links_an_action_to_a_service(signed_in_client):
    pc = planned_case()
    plan = agreed_plan(pc, actions=2)
    first = plan.actions.order_by("number").first()
    assert first is not None
    service = ServiceFactory(name="Dads' group")
    worker = signed_in_client(pc.worker)
    url = reverse("plan-action-service", args=[pc.case.pk, first.pk])

    assert worker.get(url).status_code == 200
    response = worker.post(url, {"service": service.pk, "version": first.version})

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.service == service
    tab = worker.get(reverse("plan-tab", args=[pc.case.pk])).content.decode()
    assert "Dads&#x27; group" in tab or "Dads' group" in tab
    assert usage_of([service.pk])[service.pk].plans == 1


def test_a_withdrawn_service_cannot_be_linked():
    pc = planned_case()
    plan = agreed_plan(pc, actions=1)
    action = plan.actions.get()
    service = ServiceFactory(status=ServiceStatus.WITHDRAWN)
    from earlyhelp.errors import ApplicationError
    from family_plans.services.directory_links import action_service_link

    action.plan = plan
    with pytest.raises(ApplicationError, match="still running"):
        action_service_link(
            actor=pc.worker, action=action, service=service, expected_version=action.version
        )


def test_someone_not_leading_the_work_cannot_link_a_service(signed_in_client):
    pc = planned_case()
    plan = agreed_plan(pc, actions=1)
    action = plan.actions.get()
    stranger = member(Role.PRACTITIONER)

    response = signed_in_client(stranger).get(
        reverse("plan-action-service", args=[pc.case.pk, action.pk])
    )

    assert response.status_code == 404  # they cannot see the case at all


def test_usage_counts_plans_and_open_actions_per_service():
    service = ServiceFactory()
    for _ in range(2):
        pc = planned_case()
        plan = agreed_plan(pc, actions=2)
        PlanAction.objects.filter(plan=plan).update(service=service)

    usage = usage_of([service.pk, ServiceFactory().pk])

    assert usage[service.pk].plans == 2 and usage[service.pk].open_actions == 4
    assert len(usage) == 1
