"""The lead-practitioner picker lists people who may lead: no service accounts, not the
person choosing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.selectors.caseloads import lead_choices
from partners.models import ApiToken
from partners.roles import Role
from tests.cases.places import build_place
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_service_accounts_and_the_person_choosing_are_not_offered_as_lead_practitioners():
    place = build_place()
    system = member(Role.PRACTITIONER, agency=place.council)
    system.full_name = "Family Support system (write)"
    system.save()
    ApiToken.objects.create(
        name="case system",
        agency=place.council,
        user=system,
        scope=ApiToken.Scope.WRITE,
        key_prefix="eh_test1",
        key_hash="x" * 64,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )

    offered = {
        m.user_id for m in lead_choices(agencies=[place.council.pk], excluding=place.coordinator)
    }

    assert place.worker.pk in offered and place.second_worker.pk in offered
    assert system.pk not in offered
    assert place.coordinator.pk not in offered
