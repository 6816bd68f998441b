"""What a family member may see: every read of the family's section, scoped to their
access. Nothing here reads case notes, assessments' professional sections, restricted
information or any other household: each selector starts from the access's own case,
and a young person's reads are narrowed to what concerns them or what the adults
agreed to share (`FamilyAccess.shares_*`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseShare, ConsentDecision, ConsentRecord, FamilyFeedback
from cases.models.journey import FeedbackKind
from cases.workflow_states import State
from family_plans.models import FamilyPlan, PlanAction, PlanOutcome, TafMeeting
from family_plans.models.meetings import MeetingStatus
from family_plans.models.plans import OPEN_ACTION_STATUSES, OutcomeStatus, OwnerKind
from family_view.models import FamilyAccess, FamilyContribution
from partners.models import Agency


def current_access(*, access_id: Any) -> FamilyAccess | None:
    """The access a family session names, if it is still current."""
    if not isinstance(access_id, int):
        return None
    return (
        FamilyAccess.objects.current()
        .select_related(
            "case__lead_practitioner", "case__lead_agency", "case__family", "person", "actor"
        )
        .filter(pk=access_id)
        .first()
    )


@dataclass
class PlanLine:
    action: PlanAction
    mine: bool

    @property
    def may_mark_done(self) -> bool:
        return self.mine and self.action.status in OPEN_ACTION_STATUSES


@dataclass
class PlanPart:
    outcome: PlanOutcome
    lines: list[PlanLine] = field(default_factory=list)


def plan_for(*, access: FamilyAccess) -> tuple[FamilyPlan | None, list[PlanPart]]:
    """The plan in outcomes and actions; a young person sees only their own actions
    unless the adults agreed to share the plan with them."""
    plan = FamilyPlan.objects.filter(case=access.case).first()
    if plan is None:
        return None, []
    actions = PlanAction.objects.select_related(
        "owner_user", "owner_agency", "owner_person", "service"
    ).order_by("number")
    if access.is_young_person and not access.shares_plan:
        actions = actions.filter(owner_kind=OwnerKind.FAMILY, owner_person=access.person)
    outcomes = (
        PlanOutcome.objects.filter(plan=plan)
        .exclude(status=OutcomeStatus.REMOVED)
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("number")
    )
    parts = []
    for outcome in outcomes:
        lines = [PlanLine(a, _is_mine(access, a)) for a in outcome.actions.all()]
        if lines or not (access.is_young_person and not access.shares_plan):
            parts.append(PlanPart(outcome, lines))
    return plan, parts


def _is_mine(access: FamilyAccess, action: PlanAction) -> bool:
    return action.owner_kind == OwnerKind.FAMILY and action.owner_person_id == access.person_id


def own_action(*, access: FamilyAccess, action_id: Any) -> PlanAction:
    """One of the family member's own actions, or 404 (whoever else's it is)."""
    try:
        pk = int(action_id)
    except (TypeError, ValueError):
        raise Http404("No such action") from None
    action = (
        PlanAction.objects.select_related("plan__case")
        .filter(
            pk=pk,
            plan__case=access.case,
            owner_kind=OwnerKind.FAMILY,
            owner_person=access.person,
        )
        .first()
    )
    if action is None:
        raise Http404("No such action")
    return action


def next_meeting(*, access: FamilyAccess) -> TafMeeting | None:
    if access.is_young_person and not access.shares_meetings:
        return None
    return (
        TafMeeting.objects.filter(
            case=access.case, status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
        )
        .select_related("organiser")
        .order_by("starts_at")
        .first()
    )


def services_for(parts: list[PlanPart]) -> list[Any]:
    """The directory services the plan's actions use, once each."""
    seen: dict[int, Any] = {}
    for part in parts:
        for line in part.lines:
            if line.action.service is not None:
                seen.setdefault(line.action.service.pk, line.action.service)
    return list(seen.values())


@dataclass
class AgencyConsent:
    agency: Agency
    shared: bool  # can see the family's case now (on any basis)
    on_my_consent: bool  # a current share relies on this person's consent
    my_decision: str  # the person's latest decision for this agency, "" if none


def consent_choices(*, access: FamilyAccess) -> list[AgencyConsent]:
    """Each agency working with the family (shared with, on the team, or named in a
    consent decision) other than the lead agency, with where this person stands."""
    case = access.case
    shares = list(CaseShare.objects.current().filter(case=case).select_related("agency", "consent"))
    records = list(
        ConsentRecord.objects.filter(case=case, person=access.person)
        .prefetch_related("agencies")
        .order_by("recorded_at", "id")
    )
    agencies: dict[int, Agency] = {s.agency_id: s.agency for s in shares}
    latest: dict[int, str] = {}
    for record in records:
        for agency in record.agencies.all():
            agencies.setdefault(agency.pk, agency)
            latest[agency.pk] = record.decision
    agencies.pop(case.lead_agency_id or 0, None)
    rows = []
    for agency in sorted(agencies.values(), key=lambda a: a.name):
        mine = [
            s
            for s in shares
            if s.agency_id == agency.pk
            and s.basis == "consent"
            and s.consent is not None
            and s.consent.person_id == access.person_id
        ]
        rows.append(
            AgencyConsent(
                agency=agency,
                shared=any(s.agency_id == agency.pk for s in shares),
                on_my_consent=bool(mine),
                my_decision=latest.get(agency.pk, ""),
            )
        )
    return rows


def consent_agency(*, access: FamilyAccess, agency_id: Any) -> Agency:
    for row in consent_choices(access=access):
        if str(row.agency.pk) == str(agency_id):
            return row.agency
    raise Http404("No such agency")


def contributions(*, access: FamilyAccess) -> QuerySet[FamilyContribution]:
    """What this family member has added (never another member's words to a young
    person, whose views are their own)."""
    return FamilyContribution.objects.filter(access=access).select_related("meeting")


def feedback_open(*, case: Case) -> bool:
    """At closure: the closure has been proposed or made."""
    return case.state in (State.CLOSING, State.CLOSED)


def feedback_given(*, access: FamilyAccess) -> FamilyFeedback | None:
    return (
        FamilyFeedback.objects.filter(
            case=access.case, kind=FeedbackKind.CLOSURE, recorded_by=access.actor
        )
        .order_by("-id")
        .first()
    )


CONSENT_WORDS = {
    ConsentDecision.GIVEN: "You said yes",
    ConsentDecision.REFUSED: "You said no",
    ConsentDecision.WITHDRAWN: "You took back your yes",
}
