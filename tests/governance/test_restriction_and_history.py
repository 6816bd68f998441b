"""Restriction and erasure requests, and the case history page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cases.access import visible_cases
from cases.models import Person, PersonIdentifier
from cases.services.records import person_update
from governance import rights
from governance.models import RightsDecision, RightsKind
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, HouseholdMemberFactory
from tests.governance.factories import NHS_NUMBER, officer, person_in_two_families, renamed
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db

REASON = "Article 18(1)(a): the family contest the accuracy of the record while we check it."


def _restrict(the_officer, person):
    request = rights.rights_request_record(
        actor=the_officer,
        kind=RightsKind.RESTRICTION,
        person=person,
        requester_name="Their mother",
        grounds="The assessment says things that are wrong.",
        received_on=timezone.localdate() - dt.timedelta(days=1),
    )
    return rights.rights_request_decide(
        actor=the_officer, request=request, decision=RightsDecision.UPHELD, lawful_basis=REASON
    )


def test_a_restricted_persons_cases_are_hidden_from_all_but_the_lead_agencys_managers(
    signed_in_client,
):
    world = person_in_two_families()
    manager = member(Role.MANAGER, agency=world.lead)
    zone_manager = member(
        Role.MANAGER,
        agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP),
        zone=world.first.zone,
    )
    assert visible_cases(world.worker).filter(pk=world.first.pk).exists()

    _restrict(officer(), world.person)

    assert not visible_cases(world.worker).filter(pk=world.first.pk).exists()
    assert not visible_cases(zone_manager).filter(pk=world.first.pk).exists()
    assert visible_cases(manager).filter(pk=world.first.pk).exists()
    assert signed_in_client(world.worker).get(f"/cases/{world.first.pk}/").status_code == 404
    page = signed_in_client(manager).get(f"/cases/{world.first.pk}/")
    assert page.status_code == 200
    assert "Restricted record" in page.text and REASON in page.text


def test_a_refused_request_keeps_the_decision_and_its_basis_and_restricts_nothing():
    world = person_in_two_families()
    the_officer = officer()
    request = rights.rights_request_record(
        actor=the_officer,
        kind=RightsKind.ERASURE,
        person=world.person,
        requester_name="Marisol",
        grounds="Delete everything.",
        received_on=timezone.localdate(),
    )
    decided = rights.rights_request_decide(
        actor=the_officer,
        request=request,
        decision=RightsDecision.REFUSED,
        lawful_basis="Article 17(3)(b): kept for the council's public task.",
    )
    assert decided.decision == RightsDecision.REFUSED and decided.decided_by == the_officer
    assert visible_cases(world.worker).filter(pk=world.first.pk).exists()


def test_an_upheld_erasure_anonymises_the_persons_own_rows():
    world = person_in_two_families()
    the_officer = officer()
    request = rights.rights_request_record(
        actor=the_officer,
        kind=RightsKind.ERASURE,
        person=world.person,
        requester_name="Marisol",
        grounds="Recorded in error.",
        received_on=timezone.localdate(),
    )
    rights.rights_request_decide(
        actor=the_officer,
        request=request,
        decision=RightsDecision.UPHELD,
        lawful_basis="Article 17(1)(d): the record was made about the wrong person.",
    )
    person = Person.objects.get(pk=world.person.pk)
    assert "Marisol" not in person.full_name
    assert not PersonIdentifier.objects.filter(value=NHS_NUMBER).exists()
    assert Person.objects.get(pk=world.sibling.pk).given_names == "Tobiah"


def test_a_manager_sees_what_changed_who_changed_it_and_when(signed_in_client):
    world = person_in_two_families()
    manager = member(Role.MANAGER, agency=world.lead)
    person = world.person
    details = renamed(person, family_name="Quenby", given_names="Marisa")
    person_update(actor=world.worker, case=world.first, person=person, details=details, version=1)

    page = signed_in_client(manager).get(f"/cases/{world.first.pk}/history/")

    assert page.status_code == 200
    assert "Given names" in page.text and "Marisol → Marisa" in page.text
    assert world.worker.full_name in page.text


def test_the_history_page_is_for_managers_and_the_officer(signed_in_client):
    world = person_in_two_families()
    history = f"/cases/{world.first.pk}/history/"
    assert signed_in_client(world.worker).get(history).status_code == 403
    stranger = member(Role.MANAGER)
    assert signed_in_client(stranger).get(f"/cases/{world.first.pk}/history/").status_code == 404
    the_officer = officer()
    assert (
        signed_in_client(the_officer)
        .get(f"/governance/cases/{world.first.pk}/history/")
        .status_code
        == 200
    )
    assert signed_in_client(the_officer).get(f"/cases/{world.first.pk}/").status_code == 404
    assert Client().get(f"/governance/cases/{world.first.pk}/history/").status_code == 302


def test_field_history_covers_every_model_that_holds_personal_data():
    from django.apps import apps

    tracked = {
        m._meta.get_field("pgh_obj").related_model._meta.label
        for m in apps.get_models()
        if hasattr(m, "pgh_obj")
    }
    assert {
        "cases.Person",
        "cases.PersonIdentifier",
        "cases.Family",
        "cases.HouseholdMember",
        "cases.ConsentRecord",
        "cases.CaseNote",
        "assessments.AssessmentSection",
        "family_plans.PlanAction",
        "family_plans.TafMeeting",
    } <= tracked
    CaseFactory()  # (the factories still work with the history triggers)
    HouseholdMemberFactory()
