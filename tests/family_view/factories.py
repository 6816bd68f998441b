"""Builders for the family's own view (synthetic data only).

`family_with_plan` builds an allocated case whose mother has actions of her own in a
plan beside the lead practitioner's, health visiting shared with on her consent only
(a viewer there sees the case through that share alone), and a Team Around the Family
meeting coming up. `invited` gives a household
member access through the service; `family_client` is a browser session signed in as
them, as the link and code would leave it.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

from django.test import Client

from cases.models import CaseShare, Person
from family_plans.models import ActionStatus, FamilyPlan, OwnerKind, PlanAction, TafMeeting
from family_view.middleware import SESSION_ACCESS, SESSION_SEEN, SESSION_SIGNED_IN
from family_view.models import FamilyAccess
from family_view.services.access import Invitation, family_access_invite
from partners.models import Agency, User
from partners.roles import AgencyKind, Role
from tests.assessments.factories import FamilyCase, family_case
from tests.cases.factories import ConsentFactory, ShareFactory
from tests.family_plans.factories import ActionFactory, MeetingFactory, OutcomeFactory, PlanFactory
from tests.partners.factories import AgencyFactory, member

_numbers = itertools.count(1)


@dataclass
class FamilyWithPlan:
    fc: FamilyCase
    plan: FamilyPlan
    mothers_action: PlanAction
    workers_action: PlanAction
    childs_action: PlanAction
    health: Agency
    health_viewer: User
    health_share: CaseShare
    meeting: TafMeeting

    @property
    def case(self) -> Any:
        return self.fc.case

    @property
    def mother(self) -> Person:
        return self.fc.adults[0]

    @property
    def teenager(self) -> Person:
        return self.fc.children[0]  # 14


def family_with_plan() -> FamilyWithPlan:
    fc = family_case(children=2, adults=1, child_ages=[14, 9])
    mother = fc.adults[0]
    plan = PlanFactory(case=fc.case, created_by=fc.worker)
    outcome = OutcomeFactory(plan=plan, wanted="Mornings are calm and the children get to school")
    mothers = ActionFactory(
        outcome=outcome,
        owner_kind=OwnerKind.FAMILY,
        owner_user=None,
        owner_person=mother,
        what="Set an alarm for 7 o'clock every school day",
        status=ActionStatus.NOT_STARTED,
        updated_by=fc.worker,
    )
    workers = ActionFactory(
        outcome=outcome,
        owner_user=fc.worker,
        what="Ask the school about a breakfast club place",
        updated_by=fc.worker,
    )
    childs = ActionFactory(
        outcome=outcome,
        owner_kind=OwnerKind.FAMILY,
        owner_user=None,
        owner_person=fc.children[0],
        what="Pack the school bag the night before",
        updated_by=fc.worker,
    )
    health = AgencyFactory(
        kind=AgencyKind.HEALTH_VISITING, name=f"Northborough Health Visiting {next(_numbers)}"
    )
    viewer = member(Role.PARTNER_VIEWER, agency=health)
    consent = ConsentFactory(case=fc.case, person=mother, recorded_by=fc.worker)
    consent.agencies.set([health])
    share = ShareFactory(case=fc.case, agency=health, consent=consent, granted_by=fc.worker)
    meeting = MeetingFactory(case=fc.case, organiser=fc.worker, location="Northborough Family Hub")
    return FamilyWithPlan(fc, plan, mothers, workers, childs, health, viewer, share, meeting)


def invited(
    fwp: FamilyWithPlan, person: Person | None = None, *, email: str = "", **kwargs: Any
) -> FamilyAccess:
    person = person or fwp.mother
    return family_access_invite(
        actor=fwp.fc.worker,
        case=fwp.case,
        invitation=Invitation(
            person=person, email=email or f"{person.given_names.lower()}@example.net", **kwargs
        ),
    )


def family_client(access: FamilyAccess) -> Client:
    """A client whose session is signed in as `access` (as link and code leave it)."""
    client = Client()
    session = client.session
    now = int(time.time())
    session[SESSION_ACCESS] = access.pk
    session[SESSION_SIGNED_IN] = now
    session[SESSION_SEEN] = now
    session.save()
    return client
