# mypy: disallow-untyped-defs
"""Writes of an allocated case's journey: changing its lead practitioner (one case, or
all of a leaver's cases at once), stepping up to children's social care, stepping
across to the multi-agency child protection team, proposing and signing off closure,
and the family's feedback.

Like every service they take the acting user, check permission through cases/access.py,
change the case in one transaction (state changes through case_transition), append to
the chronology and write the audit entry last.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from cases import work_notices
from cases.access import Action, refuse_if_closed, require
from cases.events import CaseEvent, case_event_record
from cases.models import (
    Case,
    CaseShare,
    CaseTeamMember,
    ClosureProposal,
    FamilyFeedback,
    FeedbackKind,
    LeadPractitionerAssignment,
    NeedLevel,
    ShareBasis,
    StepAcross,
)
from cases.services.team import team_member_add
from cases.services.transitions import case_transition
from cases.workflow import TransitionName, lead_refusal, open_closure_proposal, works_for
from cases.workflow_states import ClosureReason, State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.versioning import lock_version, save_new_version
from partners.models import Agency, User

# States in which a case has a lead practitioner who can be changed.
LED_STATES = frozenset({State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING})
LEAD_CP_ROLE = "Lead child protection practitioner"


# --------------------------------------------------------------------------- lead practitioner


def _change_lead(
    *,
    actor: User,
    case: Case,
    lead_practitioner: User,
    lead_agency: Agency,
    reason: str,
    expected_version: int | None,
    at: dt.datetime,
) -> Case:
    """Inside a transaction: lock the case, end the current lead's period, start the new."""
    locked = lock_version(
        Case.objects.select_related("family"),
        pk=case.pk,
        expected=expected_version,
        stale=lambda row: ConcurrentChangeError(
            f"Someone else changed {row.family.name}'s case ({row.reference}) while you "
            "were working on it. Check the case as it is now and make your change again.",
            {"current_version": row.version},
        ),
    )
    require(actor, Action.REASSIGN, locked)
    if locked.state not in LED_STATES:
        raise ApplicationError(
            f"You can change the lead practitioner only of an allocated case: "
            f"{locked.reference} is '{State(locked.state).label.lower()}'"
        )
    if locked.lead_practitioner_id == lead_practitioner.pk and (
        locked.lead_agency_id == lead_agency.pk
    ):
        raise ApplicationError(
            f"{lead_practitioner.full_name} already leads {locked.reference}",
            {"lead": [f"Select someone other than {lead_practitioner.full_name}"]},
        )
    if not works_for(lead_practitioner, lead_agency):
        raise ApplicationError(
            f"{lead_practitioner.full_name} does not work for {lead_agency.name}",
            {"lead": [f"Select someone who works for {lead_agency.name}"]},
        )
    if refused := lead_refusal(lead_practitioner, lead_agency):
        raise ApplicationError(refused, {"lead": [refused]})
    current = LeadPractitionerAssignment.objects.filter(case=locked, ended_at__isnull=True).first()
    if current is not None and at < current.started_at:
        raise ApplicationError("The date of the change cannot be before the current lead began")
    previous = locked.lead_practitioner
    LeadPractitionerAssignment.objects.filter(case=locked, ended_at__isnull=True).update(
        ended_at=at, ended_by=actor, end_reason=reason
    )
    LeadPractitionerAssignment.objects.create(
        case=locked,
        user=lead_practitioner,
        agency=lead_agency,
        started_at=at,
        reason=reason,
        assigned_by=actor,
    )
    save_new_version(locked, lead_practitioner=lead_practitioner, lead_agency=lead_agency)
    case_event_record(
        event=CaseEvent.LEAD_CHANGED,
        case=locked,
        actor=actor,
        at=at,
        title=f"Lead practitioner changed to {lead_practitioner.full_name} ({lead_agency.name})",
        description=(f"Previously {previous.full_name}. " if previous else "") + reason,
        reason=reason,
        detail={
            "lead_practitioner": lead_practitioner.email,
            "lead_agency": lead_agency.name,
            "previous": previous.email if previous else "",
        },
    )
    work_notices.lead_allocated(case=locked, actor=actor)
    return locked


def lead_practitioner_change(
    *,
    actor: User,
    case: Case,
    lead_practitioner: User,
    lead_agency: Agency,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Give a case a new lead practitioner (and perhaps lead agency), with the reason.

    The history keeps who led it, for which agency, from when until when and why.
    Coordinators and managers of the zone, and managers of the lead agency, may do it.
    `at` records a change made earlier (not in the future, nor before the current
    lead's period began).
    """
    refuse_if_closed(actor, Action.REASSIGN, case, "its lead practitioner can no longer change")
    if not reason.strip():
        raise ApplicationError(
            "Enter why the lead practitioner is changing",
            {"reason": ["Enter why the lead practitioner is changing"]},
        )
    now = timezone.now()
    if at is not None and at > now:
        raise ApplicationError("The date of the change must be today or in the past")
    with transaction.atomic():
        return _change_lead(
            actor=actor,
            case=case,
            lead_practitioner=lead_practitioner,
            lead_agency=lead_agency,
            reason=reason.strip(),
            expected_version=expected_version,
            at=at or now,
        )


def lead_practitioners_reassign(
    *,
    actor: User,
    leaver: User,
    changes: Sequence[tuple[Case, User, Agency]],
    reason: str,
    versions: dict[int, int] | None = None,
) -> list[Case]:
    """Move cases from one lead practitioner (someone leaving, say) to new leads, all in
    one transaction: every case moves, or none does. `changes` pairs each case with its
    new lead and their agency; `versions` are the case versions the page showed."""
    if not changes:
        raise ApplicationError(
            "Select at least one case and its new lead practitioner",
            {"cases": ["Select at least one case and its new lead practitioner"]},
        )
    if not reason.strip():
        raise ApplicationError(
            "Enter why the cases are being reassigned",
            {"reason": ["Enter why the cases are being reassigned"]},
        )
    versions = versions or {}
    now = timezone.now()
    moved: list[Case] = []
    with transaction.atomic():
        for case, new_lead, agency in sorted(changes, key=lambda change: change[0].pk):
            if case.lead_practitioner_id != leaver.pk:
                raise ApplicationError(
                    f"{case.reference} is not led by {leaver.full_name}",
                    {"cases": [f"{case.reference} is not led by {leaver.full_name}"]},
                )
            moved.append(
                _change_lead(
                    actor=actor,
                    case=case,
                    lead_practitioner=new_lead,
                    lead_agency=agency,
                    reason=reason.strip(),
                    expected_version=versions.get(case.pk),
                    at=now,
                )
            )
    return moved


# --------------------------------------------------------------------------- step up, across


def _noon(day: dt.date) -> dt.datetime | None:
    """When a dated event goes in the chronology: now for today, midday for an earlier day."""
    if day >= timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def case_step_up(
    *,
    actor: User,
    case: Case,
    reason: str,
    closing_level: NeedLevel | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Step the case up to children's social care: it closes with that outcome and date.

    A manager's decision (sign-off), with the reasons, which the chronology keeps.
    """
    if not reason.strip():
        raise ApplicationError(
            "Enter the reasons for stepping up", {"reason": ["Enter the reasons for stepping up"]}
        )
    return case_transition(
        actor=actor,
        case=case,
        name=TransitionName.STEP_UP,
        expected_version=expected_version,
        data={"reason": reason.strip(), "closing_level": closing_level},
        at=at,
    )


def case_step_across(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    practitioner: User,
    reason: str,
    stepped_across_on: dt.date | None = None,
) -> StepAcross:
    """Step the case across to the multi-agency child protection team.

    The lead child protection practitioner joins the Team Around the Family; the family
    help lead practitioner stays and keeps working with the family. When and why are
    kept (the Children in Need census asks for them).
    """
    refuse_if_closed(actor, Action.WORK, case, "it can no longer be stepped across")
    require(actor, Action.WORK, case)
    on = stepped_across_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Enter why the case is stepping across"]
    if on > timezone.localdate():
        errors["stepped_across_on"] = ["The date of the step across must be today or in the past"]
    if on < case.opened_on:
        errors["stepped_across_on"] = [
            "The date of the step across must be on or after the case opened"
        ]
    if case.state not in LED_STATES:
        raise ApplicationError("Only an allocated case can be stepped across")
    if errors:
        raise ApplicationError("Check the step across", errors)
    # Child protection is the safeguarding basis for sharing without consent: an agency
    # the case is not already shared with joins on it, with the step's reason.
    covered = (
        agency.pk == case.lead_agency_id
        or CaseShare.objects.current().filter(case=case, agency=agency).exists()
    )
    with transaction.atomic():
        member: CaseTeamMember = team_member_add(
            actor=actor,
            case=case,
            agency=agency,
            user=practitioner,
            role_on_case=LEAD_CP_ROLE,
            started_on=on,
            basis=ShareBasis.CONSENT if covered else ShareBasis.SAFEGUARDING,
            lawful_reason="" if covered else f"Child protection: {reason.strip()}",
        )
        step = StepAcross.objects.create(
            case=case,
            team_member=member,
            stepped_across_on=on,
            reason=reason.strip(),
            recorded_by=actor,
        )
        case_event_record(
            event=CaseEvent.STEPPED_ACROSS,
            case=case,
            actor=actor,
            obj=step,
            at=_noon(on),
            title=(
                "Stepped across to the multi-agency child protection team: "
                f"{practitioner.full_name} ({agency.name}) is the lead child protection "
                "practitioner"
            ),
            description=reason.strip(),
        )
    return step


# --------------------------------------------------------------------------- closure


def family_feedback_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    timely_and_helpful: bool | None = None,
    comments: str = "",
    about_lead_practitioner: str = "",
    given_on: dt.date | None = None,
    reference: str = "",
) -> FamilyFeedback:
    """Record what the family said: at closure ("was the help timely and helpful?") or at
    a review (family plans call this with `reference` naming the review).

    Anyone who contributes to the plan and meetings may record it, while the case is
    open.
    """
    refuse_if_closed(actor, Action.WORK, case, "feedback can no longer be recorded on it")
    require(actor, Action.ADD_NOTE, case)
    given_on = given_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if kind not in FeedbackKind.values:
        errors["kind"] = ["Select when the feedback was given"]
    if given_on > timezone.localdate():
        errors["given_on"] = ["The date of the feedback must be today or in the past"]
    if errors:
        raise ApplicationError("Check the family's feedback", errors)
    with transaction.atomic():
        feedback = FamilyFeedback.objects.create(
            case=case,
            kind=kind,
            timely_and_helpful=timely_and_helpful,
            comments=comments.strip(),
            about_lead_practitioner=about_lead_practitioner.strip(),
            lead_practitioner_id=case.lead_practitioner_id,
            given_on=given_on,
            reference=reference,
            recorded_by=actor,
        )
        answer = {True: "yes", False: "no", None: "not answered"}[timely_and_helpful]
        case_event_record(
            event=CaseEvent.FEEDBACK_RECORDED,
            case=case,
            actor=actor,
            obj=feedback,
            at=_noon(given_on),
            title=f"Family feedback {feedback.get_kind_display().lower()}",
            description=f"Help timely and helpful: {answer}. {comments.strip()}".strip(),
        )
    return feedback


def case_closure_propose(
    *,
    actor: User,
    case: Case,
    reason: str,
    exit_plan: str,
    exit_support: str,
    closing_level: NeedLevel | None,
    reason_detail: str = "",
    timely_and_helpful: bool | None = None,
    feedback_comments: str = "",
    about_lead_practitioner: str = "",
    feedback_asked: bool = True,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> ClosureProposal:
    """The lead practitioner proposes closure: the reason, the exit plan (what the family
    will do and where they can get help), the closing level of need and the family's
    feedback. A manager then signs it off or returns it with comments."""
    errors: dict[str, list[str]] = {}
    if reason not in ClosureReason.values or reason == ClosureReason.STEPPED_UP:
        errors["reason"] = ["Select the reason for closing the case"]
    if reason == ClosureReason.OTHER and not reason_detail.strip():
        errors["reason_detail"] = ["Enter the reason for closing the case"]
    if not exit_plan.strip():
        errors["exit_plan"] = ["Enter what the family will do to keep things going"]
    if not exit_support.strip():
        errors["exit_support"] = ["Enter where the family can get help from now on"]
    if closing_level is None:
        errors["closing_level"] = ["Select the family's level of need at closure"]
    if errors:
        raise ApplicationError("Check the closure details", errors)
    with transaction.atomic():
        feedback = None
        if feedback_asked:
            feedback = family_feedback_record(
                actor=actor,
                case=case,
                kind=FeedbackKind.CLOSURE,
                timely_and_helpful=timely_and_helpful,
                comments=feedback_comments,
                about_lead_practitioner=about_lead_practitioner,
                given_on=timezone.localdate(at) if at else None,
            )
        locked = case_transition(
            actor=actor,
            case=case,
            name=TransitionName.PROPOSE_CLOSURE,
            expected_version=expected_version,
            at=at,
            data={
                "closure_reason": reason,
                "reason": reason_detail,
                "exit_plan": exit_plan,
                "exit_support": exit_support,
                "closing_level": closing_level,
                "feedback": feedback,
            },
        )
        proposal = open_closure_proposal(locked)
        assert proposal is not None  # noqa: S101 - created by the transition
    return proposal


def case_closure_sign_off(
    *,
    actor: User,
    case: Case,
    comments: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """A manager signs off the proposed closure: the case closes with its reason, exit plan
    and closing level; the team stands down and shares end."""
    return case_transition(
        actor=actor,
        case=case,
        name=TransitionName.CLOSE,
        expected_version=expected_version,
        data={"reason": comments.strip()},
        at=at,
    )


def case_closure_return(
    *,
    actor: User,
    case: Case,
    comments: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """A manager returns the proposed closure with comments: the work goes on."""
    if not comments.strip():
        raise ApplicationError(
            "Enter your comments for the lead practitioner",
            {"comments": ["Enter your comments for the lead practitioner"]},
        )
    return case_transition(
        actor=actor,
        case=case,
        name=TransitionName.RETURN_FROM_CLOSING,
        expected_version=expected_version,
        data={"reason": comments.strip()},
        at=at,
    )
