"""Work finds the worker: who is told when work lands on them, and what they are told.

The services call one function here, inside their own transaction, after the change
that makes the work: a family allocated (or reallocated) to a lead practitioner, a
person joining the Team Around the Family, an assessment or a closure waiting for a
manager's sign-off, and the referrer's enquiry screened or allocated. The notices go
through `partners.notifications.notify`, so each person's email settings apply, and
each kind can be switched off for email on the notification settings page.

Notices name the case by its reference only (a notification outlives the reader's
access to the case); the referrer is told the outcome alone, never who the family is
or who works with them. Nobody is told about work they did themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cases.access import can
from cases.capabilities import Action
from cases.models import Case, CaseTeamMember
from partners.models import Membership, User
from partners.notifications import NotificationKind, notify, register_kind
from partners.roles import Role

CASE_ALLOCATED = "case_allocated"
TEAM_JOINED = "team_joined"
SIGN_OFF_AWAITED = "sign_off_awaited"
ENQUIRY_OUTCOME = "enquiry_outcome"

# Steps of the workflow that tell the referrer what became of their enquiry.
REFERRER_STEPS = frozenset(
    {"accept_for_allocation", "close_at_screening", "allocate", "close_without_allocation"}
)


def register_kinds() -> None:
    """Offer these kinds on the notification settings page (called from AppConfig.ready)."""
    for kind in (
        NotificationKind(
            CASE_ALLOCATED,
            "Families allocated to you",
            "When you become a family's lead practitioner.",
        ),
        NotificationKind(
            TEAM_JOINED,
            "Joining a Team Around the Family",
            "When you are added to the team working with a family.",
        ),
        NotificationKind(
            SIGN_OFF_AWAITED,
            "Waiting for your sign-off",
            "An assessment or a closure submitted to managers who may sign it off.",
        ),
        NotificationKind(
            ENQUIRY_OUTCOME,
            "What became of your enquiries",
            "When an enquiry you raised is screened or allocated (the outcome only).",
        ),
    ):
        register_kind(kind)


def _others(people: Iterable[User | None], actor: Any) -> list[User]:
    return [p for p in people if p is not None and p.pk != getattr(actor, "pk", None)]


def lead_allocated(*, case: Case, actor: Any) -> None:
    """Tell the new lead practitioner the family is theirs."""
    notify(
        recipients=_others([case.lead_practitioner], actor),
        kind=CASE_ALLOCATED,
        title=f"Case {case.reference} has been allocated to you",
        body="You are the family's lead practitioner. Contact the family and start the assessment.",
        url=f"/cases/{case.pk}/",
    )


def team_joined(*, member: CaseTeamMember, actor: Any) -> None:
    """Tell a named person they are now on a family's Team Around the Family."""
    notify(
        recipients=_others([member.user], actor),
        kind=TEAM_JOINED,
        title=f"You have joined the team for case {member.case.reference}",
        body=f"You were added to the Team Around the Family for {member.agency.name}"
        + (f" as {member.role_on_case}." if member.role_on_case else "."),
        url=f"/cases/{member.case_id}/",
    )


def sign_off_managers(case: Case) -> list[User]:
    """The managers who may sign off this case's work (the lead agency's, the zone's)."""
    managers = (
        User.objects.filter(
            is_active=True,
            memberships__in=Membership.objects.active().filter(role=Role.MANAGER),
        )
        .distinct()
        .order_by("pk")
    )
    return [m for m in managers if can(m, Action.SIGN_OFF, case)]


def sign_off_awaited(*, case: Case, what: str, url: str, actor: Any) -> None:
    """Tell the managers who may sign it off that `what` ("An assessment") waits for them."""
    notify(
        recipients=_others(sign_off_managers(case), actor),
        kind=SIGN_OFF_AWAITED,
        title=f"{what} for case {case.reference} is waiting for sign-off",
        body="See everything waiting for you on the sign-off page.",
        url=url,
    )


def referrer_told(*, case: Case, actor: Any) -> None:
    """Tell the person who raised the enquiry what became of it: the outcome only."""
    from cases.selectors.journey import outcome_for_referrer

    enquiry = getattr(case, "enquiry", None)
    if enquiry is None:
        return
    notify(
        recipients=_others([enquiry.raised_by], actor),
        kind=ENQUIRY_OUTCOME,
        title=f"Your enquiry {case.reference}: {outcome_for_referrer(case).split(':')[0].lower()}",
        body=f"{outcome_for_referrer(case)}.",
        url="/your-enquiries/",
    )


def after_transition(*, case: Case, name: str, actor: Any) -> None:
    """The services' one call after a workflow step: tell whoever the step gives work."""
    if name == "allocate":
        lead_allocated(case=case, actor=actor)
    if name == "propose_closure":
        sign_off_awaited(
            case=case, what="A closure", url=f"/cases/{case.pk}/closure/decision/", actor=actor
        )
    if name in REFERRER_STEPS:
        referrer_told(case=case, actor=actor)
