"""Someone joins the household after the enquiry: a new baby, a new partner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEntry, ChronologyEntry, HouseholdMember
from cases.workflow_states import State
from tests.assessments.factories import family_case

pytestmark = pytest.mark.django_db


def baby(**changes: str) -> dict[str, str]:
    born = timezone.localdate() - dt.timedelta(days=10)
    data = {
        "family_name": "Okafor",
        "given_names": "Amara",
        "relationship": "child",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "sex": "F",
        "gender": "female",
        "ethnicity": "NOBT",
    }
    return data | changes


def test_the_lead_practitioner_adds_a_new_baby_from_the_family_tab(signed_in_client):
    fc = family_case()
    client = signed_in_client(fc.worker)
    url = reverse("case-household-add", args=[fc.case.pk])
    assert url in client.get(reverse("case-family", args=[fc.case.pk])).content.decode()
    assert "Add someone to the household" in client.get(url).content.decode()

    response = client.post(url, baby())
    assert response.status_code == 302
    member = HouseholdMember.objects.get(family=fc.case.family, person__given_names="Amara")
    assert member.relationship == "child" and member.left_on is None
    assert ChronologyEntry.objects.filter(
        case=fc.case, title="Amara Okafor joined the household"
    ).exists()
    assert AuditEntry.objects.filter(
        action="create", case_id=fc.case.pk, object_id=str(member.person_id)
    ).exists()


def test_a_missing_date_of_birth_is_reported_and_what_was_typed_is_kept(signed_in_client):
    fc = family_case()
    client = signed_in_client(fc.worker)
    response = client.post(
        reverse("case-household-add", args=[fc.case.pk]),
        baby(date_of_birth_day="", date_of_birth_month="", date_of_birth_year=""),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter the date of birth" in page
    assert 'value="Amara"' in page
    assert not HouseholdMember.objects.filter(person__given_names="Amara").exists()


def test_a_partner_on_the_team_cannot_add_to_the_household(signed_in_client):
    fc = family_case()
    client = signed_in_client(fc.partner)
    url = reverse("case-household-add", args=[fc.case.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, baby()).status_code == 403
    assert not HouseholdMember.objects.filter(person__given_names="Amara").exists()


def test_a_closed_cases_household_is_not_added_to(signed_in_client):
    fc = family_case(state=State.CLOSED)
    client = signed_in_client(fc.worker)
    response = client.post(reverse("case-household-add", args=[fc.case.pk]), baby())
    assert response.status_code in (200, 403)
    assert not HouseholdMember.objects.filter(person__given_names="Amara").exists()
