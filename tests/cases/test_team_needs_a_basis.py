"""Joining the Team Around the Family opens the case to the member's agency.

So someone from an agency other than the lead agency joins only when the family's
consent covers that agency or a lawful basis is recorded; the addition goes on the
information sharing record like a share; and withdrawing the consent it relied on ends
the membership.
"""

from __future__ import annotations

import pytest

from cases.models import AuditEntry, CaseShare, CaseTeamMember, Disclosure, ShareBasis
from cases.services import consent_record, team_member_add
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, EnquiryFactory, FamilyFactory, HouseholdMemberFactory
from tests.cases.pages import checked, error_beside, text_of
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Family Support Team")
    school = AgencyFactory(kind=AgencyKind.SCHOOL, name="Hillside Primary School")
    lead = member(Role.PRACTITIONER, agency=council)
    case = CaseFactory(
        family=FamilyFactory(family_hub=hub),
        state=State.PLAN_AND_REVIEW,
        lead_agency=council,
        lead_practitioner=lead,
    )
    EnquiryFactory(case=case)
    mother = HouseholdMemberFactory(family=case.family, relationship="parent").person
    return {
        "case": case,
        "council": council,
        "school": school,
        "lead": lead,
        "mother": mother,
        "teacher": member(Role.PRACTITIONER, agency=school),
    }


def add_url(case) -> str:  # type: ignore[no-untyped-def]
    return f"/cases/{case.pk}/sharing/team/add/"


def test_adding_a_member_of_an_agency_the_consent_does_not_cover_asks_for_a_lawful_basis(
    signed_in_client, setting
):
    case, school, teacher = setting["case"], setting["school"], setting["teacher"]
    consent_record(
        actor=setting["lead"],
        case=case,
        decision="given",
        person=setting["mother"],
        agencies=[setting["council"]],
        purposes="Early help",
    )
    client = signed_in_client(setting["lead"])
    response = client.post(
        add_url(case),
        {"agency": school.pk, "user": teacher.email, "role_on_case": "Class teacher"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error_beside(html, "id_basis") == (
        "The family's consent does not cover Hillside Primary School. Record their consent "
        "first, or choose a lawful basis for sharing without it"
    )
    assert 'value="Class teacher"' in html  # what was typed is kept
    assert not CaseTeamMember.objects.filter(case=case).exists()
    assert signed_in_client(teacher).get(f"/cases/{case.pk}/").status_code == 404


def test_a_lawful_basis_without_a_reason_is_refused_beside_the_field_keeping_the_choice(
    signed_in_client, setting
):
    case, school = setting["case"], setting["school"]
    client = signed_in_client(setting["lead"])
    response = client.post(
        add_url(case),
        {"agency": school.pk, "basis": "lawful", "lawful_basis": "", "lawful_reason": ""},
    )
    html = response.content.decode()
    assert error_beside(html, "id_lawful_basis") == (
        "Select the lawful basis for sharing without consent"
    )
    assert error_beside(html, "id_lawful_reason") == (
        "Enter why sharing without consent is necessary"
    )
    assert checked(html, "basis", "lawful")
    # The lawful basis questions follow their radio, revealed when it is checked (CSS).
    assert 'class="govuk-radios__conditional" id="conditional-id_basis-2"' in html
    assert "aria-expanded" not in html and "data-aria-controls" not in html
    assert not CaseTeamMember.objects.filter(case=case).exists()


def test_a_member_added_on_a_lawful_basis_is_on_the_sharing_record_with_that_basis(
    signed_in_client, setting
):
    case, school, teacher = setting["case"], setting["school"], setting["teacher"]
    client = signed_in_client(setting["lead"])
    response = client.post(
        add_url(case),
        {
            "agency": school.pk,
            "user": teacher.email,
            "basis": "lawful",
            "lawful_basis": "safeguarding",
            "lawful_reason": "The school sees the children daily; asking would raise the risk",
        },
    )
    assert response.status_code == 302
    place = CaseTeamMember.objects.get(case=case, user=teacher)
    assert place.share is not None and place.share.basis == ShareBasis.SAFEGUARDING
    record = Disclosure.objects.get(case=case, shared_with_agency=school)
    assert record.basis == ShareBasis.SAFEGUARDING
    assert "joined the Team Around the Family" in record.what
    assert record.reasoning.startswith("The school sees the children daily")
    tab = text_of(client.get(f"/cases/{case.pk}/sharing/").content.decode())
    assert f"{teacher.full_name} (Hillside Primary School) joined the Team Around the Family" in tab
    assert signed_in_client(teacher).get(f"/cases/{case.pk}/").status_code == 200


def test_a_member_covered_by_consent_is_on_the_record_and_leaves_when_consent_is_withdrawn(
    signed_in_client, setting
):
    case, school, teacher, mother = (
        setting["case"],
        setting["school"],
        setting["teacher"],
        setting["mother"],
    )
    consent_record(
        actor=setting["lead"],
        case=case,
        decision="given",
        person=mother,
        agencies=[school],
        purposes="Support at school",
    )
    client = signed_in_client(setting["lead"])
    assert (
        client.post(add_url(case), {"agency": school.pk, "user": teacher.email}).status_code == 302
    )
    place = CaseTeamMember.objects.get(case=case, user=teacher)
    assert place.share is not None and place.share.basis == ShareBasis.CONSENT
    assert Disclosure.objects.filter(
        case=case, share=place.share, what__contains="joined the Team Around the Family"
    ).exists()
    assert signed_in_client(teacher).get(f"/cases/{case.pk}/").status_code == 200

    consent_record(actor=setting["lead"], case=case, decision="withdrawn", person=mother)

    place.refresh_from_db()
    assert place.ended_on is not None
    assert not CaseShare.objects.current().filter(case=case, agency=school).exists()
    assert AuditEntry.objects.filter(
        case_id=case.pk, object_id=str(place.pk), action="update"
    ).exists()
    assert signed_in_client(teacher).get(f"/cases/{case.pk}/").status_code == 404


def test_the_lead_agency_s_own_staff_join_without_a_share(setting):
    case, council = setting["case"], setting["council"]
    colleague = member(Role.PRACTITIONER, agency=council)
    place = team_member_add(actor=setting["lead"], case=case, agency=council, user=colleague)
    assert place.share is None
    assert not CaseShare.objects.filter(case=case).exists()


def test_the_service_refuses_a_member_without_consent_or_basis(setting):
    with pytest.raises(ApplicationError) as refused:
        team_member_add(actor=setting["lead"], case=setting["case"], agency=setting["school"])
    assert "basis" in refused.value.extra
