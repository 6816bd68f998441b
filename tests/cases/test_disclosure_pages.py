"""Recording information shared outside the system, on the case's Sharing tab.

Working Together 2023: "a record should be kept of what has been shared, with whom and
for what purpose and the reasoning behind it". Those who manage the team record it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import AuditEntry, ChronologyEntry, Disclosure
from cases.models.audit import AuditAction
from cases.workflow_states import State
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, EnquiryFactory, FamilyFactory, TeamMemberFactory
from tests.cases.pages import checked, date_fields, error_beside, text_of, value_of
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db

RECORD_BUTTON = "Record information shared"


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
    partner = member(Role.PRACTITIONER, agency=school)
    TeamMemberFactory(case=case, agency=school, user=partner)
    return {
        "hub": hub,
        "council": council,
        "case": case,
        "lead": lead,
        "zone coordinator": member(
            Role.COORDINATOR,
            agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP),
            zone=hub.zone,
        ),
        "lead-agency manager": member(Role.MANAGER, agency=council),
        "partner on the team": partner,
        "outsider": member(Role.PRACTITIONER),
        "police": AgencyFactory(kind=AgencyKind.POLICE, name="Northborough Police"),
    }


def form_url(case) -> str:  # type: ignore[no-untyped-def]
    return f"/cases/{case.pk}/sharing/disclosures/add/"


def a_record(**changes: object) -> dict[str, object]:
    return {
        "what": "Summary of the family plan and school attendance",
        "shared_with_agency": "",
        "shared_with": "",
        "purpose": "Joint strategy discussion",
        "basis": "safeguarding",
        "reasoning": "Risk of harm to the children; only the plan summary was shared",
        **date_fields("shared_on", None),
        **changes,
    }


def test_the_lead_practitioner_records_a_call_and_the_sharing_tab_lists_it(
    signed_in_client, setting
):
    case, police = setting["case"], setting["police"]
    client = signed_in_client(setting["lead"])
    tab = client.get(f"/cases/{case.pk}/sharing/").content.decode()
    assert RECORD_BUTTON in tab and form_url(case) in tab
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = client.post(
        form_url(case),
        a_record(
            shared_with_agency=police.pk,
            shared_with="DC Patel, child abuse investigation team",
            **date_fields("shared_on", yesterday),
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/sharing/"
    record = Disclosure.objects.get(case=case)
    assert record.shared_by == setting["lead"]
    assert record.shared_with_agency == police
    assert timezone.localdate(record.at) == yesterday
    tab = text_of(client.get(f"/cases/{case.pk}/sharing/").content.decode())
    for shown in (
        "Summary of the family plan and school attendance",
        "Northborough Police DC Patel, child abuse investigation team",
        "Joint strategy discussion",
        "Risk of harm to the children",
    ):
        assert shown in tab
    assert ChronologyEntry.objects.filter(
        case=case, kind="share", title="Information shared with Northborough Police"
    ).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.SHARE, object_type="cases.Disclosure", case_id=case.pk
    ).exists()


def test_someone_outside_the_agency_list_can_be_named_instead(signed_in_client, setting):
    case = setting["case"]
    client = signed_in_client(setting["zone coordinator"])
    response = client.post(
        form_url(case),
        a_record(shared_with="Family court (Northborough), case officer", basis="legal_duty"),
    )
    assert response.status_code == 302
    record = Disclosure.objects.get(case=case)
    assert record.shared_with_agency is None
    assert record.shared_with == "Family court (Northborough), case officer"
    assert ChronologyEntry.objects.filter(
        case=case, title="Information shared with Family court (Northborough), case officer"
    ).exists()


def test_errors_sit_beside_the_fields_and_what_was_typed_is_kept(signed_in_client, setting):
    case = setting["case"]
    client = signed_in_client(setting["lead"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    empty = client.post(
        form_url(case),
        a_record(
            what="",
            basis="",
            reasoning="",
            purpose="Typed purpose",
            shared_with="A named officer",
            **date_fields("shared_on", tomorrow),
        ),
    )
    html = empty.content.decode()
    assert empty.status_code == 200
    assert "<title>Error: Record information shared" in html
    assert error_beside(html, "id_what") == "Enter what was shared"
    assert error_beside(html, "id_basis") == "Select the lawful basis for sharing"
    assert error_beside(html, "id_reasoning") == "Enter the reasoning behind the decision to share"
    assert error_beside(html, "id_shared_on") == "Date shared must be today or in the past"
    assert "Typed purpose</textarea>" in html
    assert value_of(html, "shared_with") == "A named officer"
    assert value_of(html, "shared_on_day") == str(tomorrow.day)

    # The form is complete but names no one: the service says so, beside the agency.
    nobody = client.post(form_url(case), a_record(basis="consent"))
    html = nobody.content.decode()
    assert error_beside(html, "id_shared_with_agency") == (
        "Select the agency or enter who it was shared with"
    )
    assert "Summary of the family plan and school attendance</textarea>" in html
    assert checked(html, "basis", "consent")
    assert not Disclosure.objects.filter(case=case).exists()


@pytest.mark.parametrize("who", ["lead", "zone coordinator", "lead-agency manager"])
def test_those_who_manage_the_team_may_record_information_shared(signed_in_client, setting, who):
    client = signed_in_client(setting[who])
    assert client.get(form_url(setting["case"])).status_code == 200
    assert client.post(form_url(setting["case"]), a_record(shared_with="GP")).status_code == 302
    assert Disclosure.objects.filter(case=setting["case"], shared_by=setting[who]).exists()


def test_a_partner_on_the_team_sees_the_record_but_may_not_add_to_it(signed_in_client, setting):
    case, partner = setting["case"], setting["partner on the team"]
    client = signed_in_client(partner)
    tab = client.get(f"/cases/{case.pk}/sharing/")
    assert tab.status_code == 200 and RECORD_BUTTON not in tab.content.decode()
    assert client.get(form_url(case)).status_code == 403
    assert client.post(form_url(case), a_record(shared_with="GP")).status_code == 403
    assert not Disclosure.objects.filter(case=case).exists()
    refused = AuditEntry.objects.filter(action=AuditAction.REFUSED, user=partner)
    assert refused.filter(reason="action 'manage_team' not allowed").count() == 2


def test_someone_who_cannot_see_the_case_is_told_it_does_not_exist(signed_in_client, setting):
    case = setting["case"]
    client = signed_in_client(setting["outsider"])
    assert client.get(form_url(case)).status_code == 404
    assert client.post(form_url(case), a_record(shared_with="GP")).status_code == 404
    assert not Disclosure.objects.filter(case=case).exists()


def test_a_closed_case_still_takes_the_record_of_what_is_shared_from_it(signed_in_client, setting):
    """Subject access requests and courts ask for closed cases too."""
    closed = CaseFactory(
        family=FamilyFactory(family_hub=setting["hub"]),
        state=State.CLOSED,
        lead_agency=setting["council"],
    )
    client = signed_in_client(setting["lead-agency manager"])
    tab = client.get(f"/cases/{closed.pk}/sharing/").content.decode()
    assert RECORD_BUTTON in tab
    assert "Share with an agency" not in tab  # the case itself no longer changes
    response = client.post(
        form_url(closed),
        a_record(what="Case audit PDF", shared_with="Subject access request from the mother"),
    )
    assert response.status_code == 302
    assert Disclosure.objects.filter(case=closed, what="Case audit PDF").exists()
