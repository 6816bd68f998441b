"""The team-add, step-across and grant forms are no account finder.

Each looks a person up by email only within the agency chosen, so an address with no
account and an address with an account in another agency get the same page, word for
word; only someone who works for the agency named is added.
"""

from __future__ import annotations

import re

import pytest

from cases.models import CaseGrant, CaseTeamMember
from cases.workflow_states import State
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, FamilyFactory, ShareFactory
from tests.cases.pages import error_beside
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db

NOBODY = "nobody.at.all@example.gov.uk"


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Family Support Team")
    school = AgencyFactory(kind=AgencyKind.SCHOOL, name="Hillside Primary School")
    social_care = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Children's Services")
    lead = member(Role.PRACTITIONER, agency=council)
    case = CaseFactory(
        family=FamilyFactory(family_hub=hub),
        state=State.PLAN_AND_REVIEW,
        lead_agency=council,
        lead_practitioner=lead,
    )
    ShareFactory(case=case, agency=school)
    return {
        "case": case,
        "lead": lead,
        "manager": member(Role.MANAGER, agency=council, zone=hub.zone),
        "school": school,
        "social care": social_care,
        # Someone with an account, but in an agency other than the one named.
        "elsewhere": member(Role.PRACTITIONER, agency=AgencyFactory(name="Riverside GP")),
    }


def page_without_tokens(response) -> str:  # type: ignore[no-untyped-def]
    """The page as the person sees it, without what changes with every request (the CSRF
    token, the script nonce, the seconds left in the session)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    html = re.sub(r'data-seconds-left="\d+"', "", html)
    return html.replace(NOBODY, "ADDRESS")


def both(client, url, body, field, setting):  # type: ignore[no-untyped-def]
    """The answers for an address with no account and one in another agency."""
    unknown = client.post(url, {**body, field: NOBODY})
    known = client.post(url, {**body, field: setting["elsewhere"].email})
    return unknown, known


def same_page(unknown, known, setting) -> bool:  # type: ignore[no-untyped-def]
    a = page_without_tokens(unknown)
    b = page_without_tokens(known).replace(setting["elsewhere"].email, "ADDRESS")
    return a == b


def test_adding_to_the_team_answers_alike_for_no_account_and_an_account_elsewhere(
    signed_in_client, setting
):
    client = signed_in_client(setting["lead"])
    url = f"/cases/{setting['case'].pk}/sharing/team/add/"
    unknown, known = both(client, url, {"agency": setting["school"].pk}, "user", setting)
    assert unknown.status_code == known.status_code == 200
    assert error_beside(unknown.content.decode(), "id_user") == (
        "Enter the email address of someone who works for Hillside Primary School"
    )
    assert same_page(unknown, known, setting)
    assert not CaseTeamMember.objects.filter(case=setting["case"]).exists()


def test_stepping_across_answers_alike_for_no_account_and_an_account_elsewhere(
    signed_in_client, setting
):
    client = signed_in_client(setting["lead"])
    url = f"/cases/{setting['case'].pk}/step-across/"
    body = {"agency": setting["social care"].pk, "reason": "Section 47 enquiry"}
    unknown, known = both(client, url, body, "practitioner", setting)
    assert unknown.status_code == known.status_code == 200
    assert error_beside(unknown.content.decode(), "id_practitioner") == (
        "Enter the email address of someone who works for Children's Services"
    )
    assert same_page(unknown, known, setting)


def test_granting_access_answers_alike_for_no_account_and_an_account_elsewhere(
    signed_in_client, setting
):
    client = signed_in_client(setting["manager"])
    url = f"/cases/{setting['case'].pk}/access/grant/"
    body = {"agency": setting["school"].pk, "reason": "Covering leave", "days": "7"}
    unknown, known = both(client, url, body, "user", setting)
    assert unknown.status_code == known.status_code == 200
    assert error_beside(unknown.content.decode(), "id_user") == (
        "Enter the email address of someone who works for Hillside Primary School"
    )
    assert same_page(unknown, known, setting)
    assert not CaseGrant.objects.exists()

    teacher = member(Role.PRACTITIONER, agency=setting["school"])
    granted = client.post(url, {**body, "user": teacher.email})
    assert granted.status_code == 302
    assert CaseGrant.objects.filter(user=teacher).exists()
