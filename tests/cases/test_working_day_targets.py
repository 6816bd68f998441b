"""The administrator's working-day targets decide when My work shows a step overdue."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from cases.models import WorkingDayTargets
from cases.models.audit import AuditEntry
from cases.my_work import target
from partners.roles import Role
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


@override_settings(CASE_WORK_TARGETS={"assessment_start": 5, "assessment_complete": 30})
def test_a_target_entered_in_the_admin_replaces_the_setting(signed_in_client):
    assert target("assessment_start", 5) == 5
    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    response = admin.post(
        reverse("admin:cases_workingdaytargets_add"),
        {"assessment_start": "3", "assessment_complete": "", "closure_sign_off": ""},
    )
    assert response.status_code == 302
    assert target("assessment_start", 5) == 3
    assert target("assessment_complete", 30) == 30  # left blank: the setting still holds
    assert AuditEntry.objects.filter(reason="configuration: working-day targets").exists()
    assert WorkingDayTargets.pgh_event_model.objects.filter(assessment_start=3).exists()


def test_a_target_out_of_range_is_refused_and_kept_as_typed(signed_in_client):
    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    response = admin.post(
        reverse("admin:cases_workingdaytargets_add"),
        {"assessment_start": "0", "assessment_complete": "", "closure_sign_off": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "errornote" in page
    assert 'value="0"' in page
    assert not WorkingDayTargets.objects.exists()
