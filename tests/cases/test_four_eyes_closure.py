"""Four eyes on closure: the manager who proposed a closure cannot also sign it off.

The same rule as for assessments, whichever door the sign-off comes through: the
service, the page, or the API's transition.
"""

from __future__ import annotations

import pytest

from cases.models import ClosureStatus
from cases.services import case_closure_propose, case_closure_return, case_closure_sign_off
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from partners.models import User
from partners.roles import Role
from tests.cases.factories import CaseFactory
from tests.cases.pages import text_of
from tests.cases.places import build_place, level
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

OWN = "Another manager must sign off a closure you proposed"


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    place = build_place()
    case = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.manager,
        allocation_level=level(3),
    )
    case_closure_propose(
        actor=User.objects.get(pk=place.manager.pk),
        case=case,
        reason="needs_met",
        exit_plan="Keep the bedtime routine.",
        exit_support="Family hub drop-in on Tuesdays.",
        closing_level=level(2),
        feedback_asked=False,
    )
    case.refresh_from_db()
    other = member(Role.MANAGER, agency=place.council, zone=place.hub.zone)
    return {"case": case, "proposer": place.manager, "other manager": other}


def test_the_manager_who_proposed_a_closure_cannot_sign_it_off(setting):
    case, proposer = setting["case"], setting["proposer"]
    with pytest.raises(ApplicationError, match=OWN):
        case_closure_sign_off(actor=User.objects.get(pk=proposer.pk), case=case)
    case.refresh_from_db()
    assert case.state == State.CLOSING

    case_closure_sign_off(actor=User.objects.get(pk=setting["other manager"].pk), case=case)
    case.refresh_from_db()
    assert case.state == State.CLOSED
    proposal = case.closure_proposals.get()
    assert proposal.status == ClosureStatus.SIGNED_OFF
    assert proposal.decided_by == setting["other manager"]


def test_the_proposer_may_still_return_their_own_closure(setting):
    case = setting["case"]
    case_closure_return(
        actor=User.objects.get(pk=setting["proposer"].pk), case=case, comments="One more visit"
    )
    case.refresh_from_db()
    assert case.state == State.PLAN_AND_REVIEW


def test_the_sign_off_page_warns_the_proposer_and_shows_the_refusal(signed_in_client, setting):
    case = setting["case"]
    client = signed_in_client(setting["proposer"])
    url = f"/cases/{case.pk}/closure/decision/"
    page = text_of(client.get(url).content.decode())
    assert "You proposed this closure, so another manager must sign it off" in page

    response = client.post(url, {"decision": "sign_off", "comments": "", "version": case.version})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and OWN in text_of(html)
    case.refresh_from_db()
    assert case.state == State.CLOSING


def test_the_api_refuses_the_proposer_s_sign_off_with_a_400(signed_in_client, setting):
    case = setting["case"]
    client = signed_in_client(setting["proposer"])
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"name": "close"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{case.version}"',
    )
    assert response.status_code == 400
    assert OWN in str(response.json())
    case.refresh_from_db()
    assert case.state == State.CLOSING
