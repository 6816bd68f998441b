"""The administrator's drift thresholds decide which open cases the drift list shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import drift
from cases.models import DriftThresholds
from cases.models.audit import AuditEntry
from cases.workflow_states import State
from partners.roles import Role
from tests.cases.factories import CaseFactory
from tests.cases.places import build_place
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_lowering_the_open_months_threshold_in_the_admin_flags_younger_cases(
    signed_in_client,
):
    place = build_place()
    eight_months = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        opened_on=timezone.localdate() - dt.timedelta(days=245),
    )
    assert list(drift.drifting_cases(user=place.manager)) == []

    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    response = admin.post(
        reverse("admin:cases_driftthresholds_add"),
        {"open_months": "6", "reviews_without_progress": "3"},
    )

    assert response.status_code == 302
    assert list(drift.drifting_cases(user=place.manager)) == [eight_months]
    page = signed_in_client(place.manager).get(reverse("drift")).content.decode()
    assert "Open for more than 6 months" in page
    assert AuditEntry.objects.filter(reason="configuration: drift thresholds").exists()
    assert DriftThresholds.pgh_event_model.objects.filter(open_months=6).exists()


def test_a_threshold_out_of_range_is_refused_and_kept_as_typed(signed_in_client):
    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    response = admin.post(
        reverse("admin:cases_driftthresholds_add"),
        {"open_months": "0", "reviews_without_progress": "3"},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not DriftThresholds.objects.exists()
