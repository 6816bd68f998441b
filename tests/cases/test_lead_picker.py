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


def test_the_home_page_gives_the_same_caseload_count_as_the_caseload_list(signed_in_client):
    from cases.selectors.caseloads import caseload_of
    from cases.workflow_states import State
    from tests.cases.factories import CaseFactory
    from tests.cases.pages import text_of

    place = build_place()
    for state in (State.ALLOCATED, State.PLAN_AND_REVIEW, State.CLOSED):
        CaseFactory(
            family__family_hub=place.hub,
            state=state,
            lead_agency=place.council,
            lead_practitioner=place.worker,
        )

    home = text_of(signed_in_client(place.worker).get("/").content.decode())

    load = caseload_of(place.worker)
    assert load.open_cases == 2
    assert f"You lead {load.summary}" in home


def test_the_lead_choices_are_grouped_by_agency_with_its_zones_and_caseload(signed_in_client):
    from cases.forms.leads import LeadOptions
    from cases.selectors.caseloads import caseloads
    from cases.templatetags.lead_picker import lead_select

    place = build_place()
    members = lead_choices(
        agencies=[place.council.pk, place.school.pk], excluding=place.coordinator
    )
    options = LeadOptions(members, caseloads(m.user_id for m in members))

    groups = dict(options.grouped)
    council_group = f"{place.council.name} ({place.zone.name})"
    assert council_group in groups
    assert any(place.worker.full_name in label for _, label in groups[council_group])

    from django import forms

    class Form(forms.Form):
        lead = options.field()

    html = str(lead_select(Form()["lead"]))
    assert f'<optgroup label="{council_group}">' in html
    assert (
        'class="govuk-select app-lead-select"' in html and 'aria-describedby="id_lead-hint"' in html
    )
