"""Every write to family plans, reviews, TAF meetings and family network meetings.

Each service takes the acting user, checks permission through cases.access, changes
data in one transaction, appends to the case chronology where the case shows it and
writes its audit entry last. Views, tasks, the demo builder and any future API call
these; nothing else saves these models.

Permissions: the lead practitioner's work (Action.WORK) writes the plan, agrees it,
reviews it and arranges and minutes meetings; anyone on the case who may add notes
(Action.ADD_NOTE) may update the progress of an action they own (their own, or their
agency's), as partners delivering part of the plan do.

Optimistic locking: each page posts back the version it showed (of the plan, an
outcome, an action or a meeting); a change made from a stale page raises
ConcurrentChangeError rather than overwrite what someone else saved.

Emails (notifications, calendar invitations) are written to the outbox in the same
transaction (earlyhelp/outbox.py), so they go if and only if the change commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.selectors import assessed_needs, latest_signed_off_assessment
from cases import timeline
from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from cases.selectors import case_team
from cases.services import case_transition
from cases.workflow_states import State
from earlyhelp import outbox
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from family_plans import ics
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    ActionProgress,
    ActionStatus,
    Attendance,
    FamilyNetworkMeeting,
    FamilyPlan,
    InviteeKind,
    MeetingInvitee,
    MeetingStatus,
    NetworkMember,
    NetworkRelationship,
    OfferResponse,
    OutcomeStatus,
    OwnerKind,
    PlanAction,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors import (
    child_voices,
    default_next_review,
    invitee_choices,
    invitee_key,
    owner_choices,
    owns_action,
    problem_choices,
)
from partners.models import Agency, User
from partners.notifications import notify, wants_email

PLAN_STATES = frozenset({State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING})
MEETING_STATES = frozenset(
    {State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING}
)
INVITATIONS_TASK = "family_plans.tasks.taf_meeting_invitations_send"

MEETING_KIND = "meeting_invitation"
ACTION_KIND = "action_assigned"
PLAN_KIND = "plan_agreed"


# ------------------------------------------------------------------ helpers


def _moment(on: dt.date) -> dt.datetime | None:
    """When a dated event happened, for the chronology (None: now, for today's events)."""
    if on == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12)))


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    minutes = f":{local:%M}" if local.minute else ""
    hour = local.hour % 12 or 12
    return f"{local:%A} {_day(local.date())} at {hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def _state_label(case: Case) -> str:
    return State(case.state).label.lower()


def _check_plan_state(case: Case) -> None:
    if case.state not in PLAN_STATES:
        raise ApplicationError(
            "You can write the family plan once the assessment has started, not while the "
            f"case is '{_state_label(case)}'"
        )


def _check_date(
    errors: dict[str, list[str]],
    name: str,
    label: str,
    on: dt.date | None,
    case: Case,
    *,
    required: bool = True,
    past: bool = True,
) -> None:
    if on is None:
        if required:
            errors[name] = [f"Enter the {label.lower()}"]
        return
    if past and on > timezone.localdate():
        errors[name] = [f"{label} must be today or in the past"]
    elif on < case.opened_on:
        errors[name] = [f"{label} must be on or after {_day(case.opened_on)}, when the case opened"]


def _plan_url(case: Case) -> str:
    return reverse("plan-tab", kwargs={"case_id": case.pk})


def _meeting_url(meeting: TafMeeting) -> str:
    return reverse("taf-meeting", kwargs={"case_id": meeting.case_id, "meeting_id": meeting.pk})


def _lock_plan(plan: FamilyPlan, expected_version: int | None = None) -> FamilyPlan:
    locked = FamilyPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentChangeError(
            "Someone changed the plan after you opened this page. Check the plan as it is "
            "now and make your change again.",
            {"current_version": locked.version},
        )
    return locked


def _touch(plan: FamilyPlan, *, content_changed: bool) -> None:
    """Record a change to a locked plan: its version, and 'changed since agreed'."""
    plan.version += 1
    plan.updated_at = timezone.now()
    if content_changed and plan.status == PlanStatus.AGREED:
        plan.status = PlanStatus.CHANGED
    plan.save(update_fields=["version", "updated_at", "status"])


def _stale(what: str, by: User | None) -> ConcurrentChangeError:
    who = by.full_name if by is not None else "Someone"
    return ConcurrentChangeError(
        f"{who} changed this {what} after you opened this page. Check it as it is now and "
        "make your change again."
    )


# ------------------------------------------------------------------ owners


@dataclass(frozen=True)
class Owner:
    kind: str
    user_id: int | None = None
    agency_id: int | None = None
    person_id: int | None = None


def _owner(key: str, allowed: Mapping[str, str]) -> Owner | None:
    """An owner key the case allows ('worker:12', 'agency:3', 'family:7'), or None."""
    if key not in allowed:
        return None
    kind, _, raw = key.partition(":")
    pk = int(raw)
    if kind == OwnerKind.WORKER:
        return Owner(kind, user_id=pk)
    if kind == OwnerKind.AGENCY:
        return Owner(kind, agency_id=pk)
    return Owner(OwnerKind.FAMILY, person_id=pk)


def _set_owner(action: PlanAction, owner: Owner) -> None:
    action.owner_kind = owner.kind
    action.owner_user_id = owner.user_id
    action.owner_agency_id = owner.agency_id
    action.owner_person_id = owner.person_id


# ------------------------------------------------------------------ starting and outcomes


def plan_start(*, actor: User, case: Case) -> FamilyPlan:
    """Start the case's family plan as a draft (one plan per case)."""
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if FamilyPlan.objects.filter(case=locked).exists():
            raise ApplicationError("This family already has a plan: add to it instead")
        plan = FamilyPlan.objects.create(case=locked, created_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=plan, case=locked)
    return plan


@dataclass
class OutcomeDetails:
    wanted: str
    whose_words: str = ""
    success_looks_like: str = ""
    need_keys: Sequence[str] = ()
    headline_problem_ids: Sequence[int] = ()


def _check_outcome(case: Case, details: OutcomeDetails) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not details.wanted.strip():
        errors["wanted"] = ["Enter what the family wants, in their words"]
    needs = {need.key for need in assessed_needs(case)}
    if any(key not in needs for key in details.need_keys):
        errors["need_keys"] = ["Select needs from the family's assessment"]
    problems = {p.id for p in problem_choices(case)}
    if any(pk not in problems for pk in details.headline_problem_ids):
        errors["headline_problems"] = ["Select the family's own headline problems"]
    if not details.need_keys and not details.headline_problem_ids and (needs or problems):
        errors["need_keys"] = ["Select the needs or headline problems this outcome answers"]
    return errors


def outcome_add(*, actor: User, plan: FamilyPlan, details: OutcomeDetails) -> PlanOutcome:
    """Add something the family wants to the plan, linked to what the assessment found."""
    case = plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    errors = _check_outcome(case, details)
    if errors:
        raise ApplicationError("Check the outcome", errors)
    with transaction.atomic():
        locked = _lock_plan(plan)
        number = (
            PlanOutcome.objects.filter(plan=locked)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        outcome = PlanOutcome.objects.create(
            plan=locked,
            number=number,
            wanted=details.wanted.strip(),
            whose_words=details.whose_words.strip(),
            success_looks_like=details.success_looks_like.strip(),
            need_keys=list(details.need_keys),
            updated_by=actor,
        )
        outcome.headline_problems.set(list(details.headline_problem_ids))
        _touch(locked, content_changed=True)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=outcome, case=case)
    plan.version, plan.status = locked.version, locked.status
    return outcome


def outcome_update(
    *,
    actor: User,
    outcome: PlanOutcome,
    expected_version: int,
    details: OutcomeDetails,
    status: str = OutcomeStatus.ACTIVE,
) -> PlanOutcome:
    case = outcome.plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    errors = _check_outcome(case, details)
    if status not in OutcomeStatus.values:
        errors["status"] = ["Select where the family is with this outcome"]
    if errors:
        raise ApplicationError("Check the outcome", errors)
    with transaction.atomic():
        locked_plan = _lock_plan(outcome.plan)
        locked = PlanOutcome.objects.select_for_update().get(pk=outcome.pk)
        if locked.version != expected_version:
            raise _stale("outcome", locked.updated_by)
        locked.wanted = details.wanted.strip()
        locked.whose_words = details.whose_words.strip()
        locked.success_looks_like = details.success_looks_like.strip()
        locked.need_keys = list(details.need_keys)
        locked.status = status
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.updated_by = actor
        locked.save()
        locked.headline_problems.set(list(details.headline_problem_ids))
        _touch(locked_plan, content_changed=True)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, case=case)
    return locked


# ------------------------------------------------------------------ actions


@dataclass
class ActionDetails:
    what: str
    owner: str  # 'worker:<id>', 'agency:<id>' or 'family:<id>'
    start_on: dt.date | None
    due_on: dt.date | None


def _check_action(
    details: ActionDetails, allowed: Mapping[str, str], prefix: str = ""
) -> tuple[dict[str, list[str]], Owner | None]:
    errors: dict[str, list[str]] = {}
    if not details.what.strip():
        errors[f"{prefix}what"] = ["Enter what will be done"]
    owner = _owner(details.owner, allowed)
    if owner is None:
        errors[f"{prefix}owner"] = ["Select who will do it"]
    if details.start_on is None:
        errors[f"{prefix}start_on"] = ["Enter the start date"]
    if details.due_on is None:
        errors[f"{prefix}due_on"] = ["Enter the date it is due"]
    elif details.start_on is not None and details.due_on < details.start_on:
        errors[f"{prefix}due_on"] = ["The due date must be the same as or after the start date"]
    return errors, owner


def _next_action_number(plan: FamilyPlan) -> int:
    last = (
        PlanAction.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    ).first()
    return (last or 0) + 1


def _notify_owners(actor: User, case: Case, actions: Iterable[PlanAction]) -> None:
    owners: dict[int, list[PlanAction]] = {}
    for action in actions:
        if action.owner_kind == OwnerKind.WORKER and action.owner_user_id not in (None, actor.pk):
            owners.setdefault(action.owner_user_id or 0, []).append(action)
    if not owners:
        return
    users = {u.pk: u for u in User.objects.filter(pk__in=owners)}
    for user_id, mine in owners.items():
        user = users.get(user_id)
        if user is None:
            continue
        numbers = ", ".join(str(a.number) for a in mine)
        notify(
            recipients=[user],
            kind=ACTION_KIND,
            title=f"Case {case.reference}: action{'s' if len(mine) > 1 else ''} {numbers} "
            "given to you",
            body=f"{actor.full_name} gave you {'actions' if len(mine) > 1 else 'an action'} "
            f"on the family plan of case {case.reference}, due "
            + ", ".join(_day(a.due_on) for a in mine)
            + ".",
            url=_plan_url(case),
        )


def actions_add(
    *,
    actor: User,
    plan: FamilyPlan,
    outcome: PlanOutcome,
    actions: Sequence[ActionDetails],
) -> list[PlanAction]:
    """Add one or more actions towards an outcome. Errors are keyed 'actions-<n>-<field>'."""
    case = plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    if outcome.plan_id != plan.pk:
        raise ApplicationError("Choose an outcome of this plan")
    if not actions:
        raise ApplicationError("Add at least one action", {"__all__": ["Add at least one action"]})
    allowed = dict(owner_choices(case))
    errors: dict[str, list[str]] = {}
    owners: list[Owner] = []
    for n, details in enumerate(actions):
        found, owner = _check_action(details, allowed, prefix=f"actions-{n}-")
        errors.update(found)
        if owner is not None:
            owners.append(owner)
    if errors:
        raise ApplicationError("Check the actions", errors)
    with transaction.atomic():
        locked = _lock_plan(plan)
        number = _next_action_number(locked)
        made = []
        for n, (details, owner) in enumerate(zip(actions, owners, strict=True)):
            assert details.start_on is not None and details.due_on is not None  # noqa: S101
            action = PlanAction(
                plan=locked,
                outcome=outcome,
                number=number + n,
                what=details.what.strip(),
                start_on=details.start_on,
                due_on=details.due_on,
                updated_by=actor,
            )
            _set_owner(action, owner)
            action.save()
            made.append(action)
        _touch(locked, content_changed=True)
        _notify_owners(actor, case, made)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=locked,
            case=case,
            detail={"actions": [a.number for a in made]},
        )
    plan.version, plan.status = locked.version, locked.status
    return made


def _check_status(
    errors: dict[str, list[str]], prefix: str, label: str, status: str, dropped_reason: str
) -> None:
    if status not in ActionStatus.values:
        errors[f"{prefix}status"] = [f"Select where {label} is"]
    elif status == ActionStatus.DROPPED and not dropped_reason.strip():
        errors[f"{prefix}dropped_reason"] = [f"Enter why {label} was dropped"]


def _apply_status(action: PlanAction, status: str, dropped_reason: str, on: dt.date) -> bool:
    changed = action.status != status
    action.status = status
    action.dropped_reason = dropped_reason.strip() if status == ActionStatus.DROPPED else ""
    if status == ActionStatus.DONE:
        action.completed_on = action.completed_on if not changed and action.completed_on else on
    else:
        action.completed_on = None
    return changed


def action_update(
    *,
    actor: User,
    action: PlanAction,
    expected_version: int,
    status: str,
    dropped_reason: str = "",
    details: ActionDetails | None = None,
) -> PlanAction:
    """Change an action: its status (and reason when dropped) and, for whoever leads the
    work, what it is, who does it and when. The owner of an action may update its status."""
    case = action.plan.case
    if details is not None or not owns_action(actor, action):
        require(actor, Action.WORK, case)
    else:
        require(actor, Action.ADD_NOTE, case)
    _check_plan_state(case)
    errors: dict[str, list[str]] = {}
    owner: Owner | None = None
    if details is not None:
        found, owner = _check_action(details, dict(owner_choices(case)))
        errors.update(found)
    _check_status(errors, "", "the action", status, dropped_reason)
    if errors:
        raise ApplicationError("Check the action", errors)
    with transaction.atomic():
        locked_plan = _lock_plan(action.plan)
        locked = PlanAction.objects.select_for_update().get(pk=action.pk)
        if locked.version != expected_version:
            raise _stale("action", locked.updated_by)
        content_changed = False
        previous_owner = locked.owner_key
        if details is not None and owner is not None:
            content_changed = (
                locked.what != details.what.strip()
                or locked.owner_key != details.owner
                or locked.start_on != details.start_on
                or locked.due_on != details.due_on
            )
            locked.what = details.what.strip()
            _set_owner(locked, owner)
            locked.start_on = details.start_on  # type: ignore[assignment]
            locked.due_on = details.due_on  # type: ignore[assignment]
        _apply_status(locked, status, dropped_reason, timezone.localdate())
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.updated_by = actor
        locked.save()
        _touch(locked_plan, content_changed=content_changed)
        if locked.owner_key != previous_owner:
            _notify_owners(actor, case, [locked])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            detail={"status": status, "changed": content_changed},
        )
    return locked


# ------------------------------------------------------------------ agreeing


def _snapshot(plan: FamilyPlan) -> tuple[dict[str, Any], bool]:
    """The whole plan as it stands, to keep with a version: (snapshot, child voice recorded)."""
    case = plan.case
    needs = {need.key: need.title for need in assessed_needs(case)}
    voices = child_voices(case)
    outcomes = list(
        PlanOutcome.objects.filter(plan=plan)
        .prefetch_related("headline_problems")
        .order_by("number")
    )
    actions = list(
        PlanAction.objects.filter(plan=plan)
        .select_related("owner_user", "owner_agency", "owner_person")
        .order_by("number")
    )
    by_outcome: dict[int, list[PlanAction]] = {}
    for action in actions:
        by_outcome.setdefault(action.outcome_id, []).append(action)
    snapshot = {
        "children_views": plan.children_views,
        "child_voices": [{"name": v.name, "words": v.words} for v in voices.voices],
        "outcomes": [
            {
                "number": o.number,
                "wanted": o.wanted,
                "whose_words": o.whose_words,
                "success_looks_like": o.success_looks_like,
                "status": o.status,
                "status_label": OutcomeStatus(o.status).label,
                "needs": [{"key": k, "title": needs.get(k, k)} for k in o.need_keys],
                "problems": [
                    {"number": h.number, "name": h.name}
                    for h in sorted(o.headline_problems.all(), key=lambda h: h.number)
                ],
                "actions": [
                    {
                        "number": a.number,
                        "what": a.what,
                        "owner": a.owner_label,
                        "owner_kind": a.owner_kind,
                        "start_on": a.start_on.isoformat(),
                        "due_on": a.due_on.isoformat(),
                        "status": a.status,
                        "status_label": ActionStatus(a.status).label,
                        "dropped_reason": a.dropped_reason,
                    }
                    for a in by_outcome.get(o.pk, [])
                ],
            }
            for o in outcomes
        ],
    }
    recorded = bool(plan.children_views.strip()) or bool(voices.voices)
    return snapshot, recorded


def _agree_locked(
    *,
    actor: User,
    plan: FamilyPlan,
    agreed_on: dt.date,
    agreed_with: str,
    summary: str,
    next_review_on: dt.date | None,
    meeting: TafMeeting | None = None,
) -> PlanVersion:
    """Agree a locked plan as it stands: a new version, the case into plan and review."""
    case = Case.objects.select_for_update().get(pk=plan.case_id)
    if case.state not in PLAN_STATES:
        raise ApplicationError(f"You cannot agree a plan while the case is '{_state_label(case)}'")
    if latest_signed_off_assessment(case) is None:
        raise ApplicationError(
            "The family's assessment must be signed off before the plan is agreed"
        )
    if not PlanAction.objects.filter(
        plan=plan, outcome__status=OutcomeStatus.ACTIVE, status__in=OPEN_ACTION_STATUSES
    ).exists():
        raise ApplicationError(
            "Add at least one outcome with an action before you agree the plan",
            {"__all__": ["Add at least one outcome with an action before you agree the plan"]},
        )
    snapshot, voice = _snapshot(plan)
    number = plan.agreed_version + 1
    next_review_on = next_review_on or default_next_review(agreed_on)
    snapshot["next_review_on"] = next_review_on.isoformat()
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        agreed_on=agreed_on,
        agreed_by=actor,
        agreed_with=agreed_with.strip(),
        summary=summary.strip(),
        meeting=meeting,
        snapshot=snapshot,
        child_voice_recorded=voice,
    )
    plan.agreed_version = number
    plan.status = PlanStatus.AGREED
    plan.next_review_on = next_review_on
    plan.version += 1
    plan.updated_at = timezone.now()
    plan.save(update_fields=["agreed_version", "status", "next_review_on", "version", "updated_at"])
    if case.state == State.ASSESSMENT:
        at = _moment(agreed_on)
        if at is not None and at < case.state_changed_at:
            at = case.state_changed_at  # agreed the day the case moved on, after it did
        case_transition(actor=actor, case=case, name="start_plan", at=at)
    where = " at the Team Around the Family meeting" if meeting is not None else ""
    title = (
        f"Family plan agreed{where} (version 1)"
        if number == 1
        else f"Family plan changed{where} (version {number})"
    )
    url = reverse("plan-version", kwargs={"case_id": case.pk, "number": number})
    timeline.event_add(
        case=case,
        kind="plan",
        actor=actor,
        title=title,
        description=summary.strip()[:500],
        url=url,
        at=_moment(agreed_on),
    )
    team = [m.user for m in case_team(case=case, current_only=True) if m.user is not None]
    notify(
        recipients=[u for u in team if u.pk != actor.pk],
        kind=PLAN_KIND,
        title=f"Case {case.reference}: family plan {'agreed' if number == 1 else 'changed'}",
        body=f"Version {number} of the family plan of case {case.reference} was agreed on "
        f"{_day(agreed_on)}.",
        url=url,
    )
    return version


def plan_agree(
    *,
    actor: User,
    plan: FamilyPlan,
    expected_version: int,
    agreed_on: dt.date | None,
    agreed_with: str = "",
    summary: str = "",
    next_review_on: dt.date | None = None,
    children_views: str | None = None,
) -> PlanVersion:
    """Agree the plan with the family as the actor checked it: a new version.

    The first agreement moves a case in assessment on to plan and review. The next
    review date defaults to the administrator's review interval.
    """
    case = plan.case
    require(actor, Action.WORK, case)
    errors: dict[str, list[str]] = {}
    _check_date(errors, "agreed_on", "Date agreed", agreed_on, case)
    if next_review_on is not None and agreed_on is not None and next_review_on <= agreed_on:
        errors["next_review_on"] = ["The next review must be after the date the plan was agreed"]
    if plan.agreed_version and not summary.strip():
        errors["summary"] = ["Enter what changed in the plan"]
    if errors:
        raise ApplicationError("Check the agreement", errors)
    assert agreed_on is not None  # noqa: S101 - checked above
    with transaction.atomic():
        locked = _lock_plan(plan, expected_version)
        if locked.status == PlanStatus.AGREED and children_views in (None, locked.children_views):
            raise ApplicationError(
                f"The plan has not changed since version {locked.agreed_version} was agreed"
            )
        if children_views is not None:
            locked.children_views = children_views.strip()
            locked.save(update_fields=["children_views"])
        version = _agree_locked(
            actor=actor,
            plan=locked,
            agreed_on=agreed_on,
            agreed_with=agreed_with,
            summary=summary,
            next_review_on=next_review_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=version,
            case=case,
            detail={"agreed_version": version.number},
        )
    return version


# ------------------------------------------------------------------ reviews


@dataclass
class ActionUpdate:
    action_id: int
    status: str
    note: str = ""
    dropped_reason: str = ""


@dataclass
class ReviewDetails:
    reviewed_on: dt.date | None
    progress_made: bool | None
    note: str
    updates: Sequence[ActionUpdate] = ()
    next_review_on: dt.date | None = None


def _check_review(case: Case, details: ReviewDetails, actions: Mapping[int, PlanAction]) -> None:
    errors: dict[str, list[str]] = {}
    _check_date(errors, "reviewed_on", "Date of the review", details.reviewed_on, case)
    if details.progress_made is None:
        errors["progress_made"] = ["Select whether the family has made progress"]
    if not details.note.strip():
        errors["note"] = ["Enter the progress since the last review"]
    if (
        details.next_review_on is not None
        and details.reviewed_on is not None
        and details.next_review_on <= details.reviewed_on
    ):
        errors["next_review_on"] = ["The next review must be after this review"]
    for update in details.updates:
        action = actions.get(update.action_id)
        if action is None:
            errors["__all__"] = ["Review the actions of this plan only"]
            continue
        _check_status(
            errors,
            f"a{action.pk}_",
            f"action {action.number}",
            update.status,
            update.dropped_reason,
        )
    if errors:
        raise ApplicationError("Check the review", errors)


def _review_locked(
    *,
    actor: User,
    plan: FamilyPlan,
    details: ReviewDetails,
    actions: Mapping[int, PlanAction],
    meeting: TafMeeting | None = None,
) -> PlanReview:
    assert details.reviewed_on is not None  # noqa: S101 - checked by _check_review
    review = PlanReview.objects.create(
        plan=plan,
        meeting=meeting,
        reviewed_on=details.reviewed_on,
        progress_made=bool(details.progress_made),
        note=details.note.strip(),
        next_review_on=details.next_review_on or default_next_review(details.reviewed_on),
        recorded_by=actor,
    )
    progress = []
    for update in details.updates:
        action = actions[update.action_id]
        previous = action.status
        if _apply_status(action, update.status, update.dropped_reason, details.reviewed_on):
            action.version += 1
            action.updated_at = timezone.now()
            action.updated_by = actor
            action.save()
        progress.append(
            ActionProgress(
                review=review,
                action=action,
                previous_status=previous,
                status=update.status,
                note=update.note.strip(),
            )
        )
    ActionProgress.objects.bulk_create(progress)
    plan.next_review_on = review.next_review_on
    plan.version += 1
    plan.updated_at = timezone.now()
    plan.save(update_fields=["next_review_on", "version", "updated_at"])
    if meeting is None:
        timeline.event_add(
            case=plan.case,
            kind="review",
            actor=actor,
            title="Plan reviewed: "
            + ("progress made" if review.progress_made else "no progress made"),
            description=review.note[:500],
            url=reverse("plan-review", kwargs={"case_id": plan.case_id, "review_id": review.pk}),
            at=_moment(review.reviewed_on),
        )
    return review


def _review_actions(plan: FamilyPlan, updates: Sequence[ActionUpdate]) -> dict[int, PlanAction]:
    return {
        a.pk: a
        for a in PlanAction.objects.select_for_update().filter(
            plan=plan, pk__in=[u.action_id for u in updates]
        )
    }


def family_plan_review_record(
    *, actor: User, plan: FamilyPlan, details: ReviewDetails
) -> PlanReview:
    """Record a review of the plan: progress on each action and whether the family made
    progress at all (drift counts reviews without). Sets the next review date."""
    case = plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    if not plan.agreed_version:
        raise ApplicationError("Agree the plan with the family before you review it")
    with transaction.atomic():
        locked = _lock_plan(plan)
        actions = _review_actions(locked, details.updates)
        _check_review(case, details, actions)
        review = _review_locked(actor=actor, plan=locked, details=details, actions=actions)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=review, case=case)
    return review


# ------------------------------------------------------------------ TAF meetings


@dataclass
class OtherInvitee:
    name: str
    organisation: str = ""
    email: str = ""


@dataclass
class MeetingDetails:
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    location: str = ""
    online_link: str = ""
    invite: Sequence[str] = ()  # 'worker:<id>', 'agency:<id>', 'family:<id>'
    others: Sequence[OtherInvitee] = field(default_factory=list)


def _check_meeting(case: Case, details: MeetingDetails) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if details.starts_at is None:
        errors["starts_at"] = ["Enter the date and start time of the meeting"]
    if details.ends_at is None:
        errors["ends_at"] = ["Enter the end time of the meeting"]
    elif details.starts_at is not None and details.ends_at <= details.starts_at:
        errors["ends_at"] = ["The end time must be after the start time"]
    if details.starts_at is not None and timezone.localdate(details.starts_at) < case.opened_on:
        errors["starts_at"] = ["The meeting must be on or after the date the case opened"]
    if not details.location.strip() and not details.online_link.strip():
        errors["location"] = ["Enter where the meeting is, or a link to join it online"]
    if details.online_link.strip():
        try:
            URLValidator(schemes=["https"])(details.online_link.strip())
        except ValidationError:
            errors["online_link"] = [
                "Enter a link to join online starting https://, like https://meet.example.com/abc"
            ]
    for n, other in enumerate(details.others):
        if not other.name.strip():
            errors[f"others-{n}-name"] = ["Enter the name of the person to invite"]
        if other.email.strip():
            try:
                validate_email(other.email.strip())
            except ValidationError:
                errors[f"others-{n}-email"] = [
                    "Enter an email address in the correct format, like name@example.com"
                ]
    return errors


def _wanted_invitees(
    case: Case, details: MeetingDetails, invited: Iterable[str] = ()
) -> list[MeetingInvitee]:
    """Unsaved invitee rows for the choices made (errors if a choice is not allowed).

    `invited` are the keys of people already invited, who stay allowed even if they
    have left the team since; no row is made for them.
    """
    workers, family = invitee_choices(case)
    allowed = {c.key: c for c in (*workers, *family)}
    keep = set(invited)
    if any(key not in allowed and key not in keep for key in details.invite):
        raise ApplicationError(
            "Select people from the Team Around the Family and the household",
            {"invite": ["Select people from the Team Around the Family and the household"]},
        )
    if not details.invite and not details.others:
        raise ApplicationError("Select who to invite", {"invite": ["Select who to invite"]})
    user_ids = [int(k.partition(":")[2]) for k in details.invite if k.startswith("worker:")]
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    agency_ids = [int(k.partition(":")[2]) for k in details.invite if k.startswith("agency:")]
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
    rows: list[MeetingInvitee] = []
    for key in dict.fromkeys(details.invite):
        if key not in allowed:
            continue
        kind, _, raw = key.partition(":")
        pk = int(raw)
        choice = allowed[key]
        if kind == "worker":
            rows.append(
                MeetingInvitee(
                    kind=InviteeKind.WORKER,
                    user=users[pk],
                    name=choice.name,
                    organisation=choice.organisation,
                    email=users[pk].email,
                )
            )
        elif kind == "agency":
            rows.append(
                MeetingInvitee(
                    kind=InviteeKind.AGENCY,
                    agency=agencies[pk],
                    name=choice.name,
                    organisation=choice.organisation,
                    email=agencies[pk].email,
                )
            )
        else:
            rows.append(
                MeetingInvitee(
                    kind=InviteeKind.FAMILY,
                    person_id=pk,
                    name=choice.name,
                    organisation=choice.organisation,
                )
            )
    for other in details.others:
        rows.append(
            MeetingInvitee(
                kind=InviteeKind.OTHER,
                name=other.name.strip(),
                organisation=other.organisation.strip(),
                email=other.email.strip().lower(),
            )
        )
    return rows


def _notify_invited_workers(
    actor: User, meeting: TafMeeting, invitees: Iterable[MeetingInvitee], title: str
) -> None:
    users = [i.user for i in invitees if i.user is not None and i.user_id != actor.pk]
    notify(
        recipients=users,
        kind=MEETING_KIND,
        title=f"Case {meeting.case.reference}: {title}",
        body=f"Team Around the Family meeting for case {meeting.case.reference}: "
        f"{_when(meeting.starts_at)}.",
        url=_meeting_url(meeting),
        email=False,  # the calendar invitation is their email
    )


def _send_invitations(meeting: TafMeeting) -> None:
    outbox.enqueue(INVITATIONS_TASK, meeting.pk)


def taf_meeting_schedule(*, actor: User, case: Case, details: MeetingDetails) -> TafMeeting:
    """Arrange a TAF meeting and invite people. Invitations for a future meeting are
    emailed with a calendar file; workers invited also see it in their notifications."""
    require(actor, Action.WORK, case)
    if case.state not in MEETING_STATES:
        raise ApplicationError(
            f"You cannot arrange a meeting while the case is '{_state_label(case)}'"
        )
    errors = _check_meeting(case, details)
    if errors:
        raise ApplicationError("Check the meeting details", errors)
    invitees = _wanted_invitees(case, details)
    assert details.starts_at is not None and details.ends_at is not None  # noqa: S101
    with transaction.atomic():
        meeting = TafMeeting.objects.create(
            case=case,
            starts_at=details.starts_at,
            ends_at=details.ends_at,
            location=details.location.strip(),
            online_link=details.online_link.strip(),
            organiser=actor,
        )
        for invitee in invitees:
            invitee.meeting = meeting
        MeetingInvitee.objects.bulk_create(invitees)
        timeline.event_add(
            case=case,
            kind="meeting",
            actor=actor,
            title=f"TAF meeting arranged for {_when(meeting.starts_at)}",
            description=meeting.location or "Online",
            url=_meeting_url(meeting),
            at=min(meeting.starts_at, timezone.now()),  # a meeting recorded afterwards
        )
        if meeting.starts_at > timezone.now():
            _notify_invited_workers(actor, meeting, invitees, "invitation to a TAF meeting")
            _send_invitations(meeting)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=meeting, case=case)
    return meeting


def _lock_meeting(meeting: TafMeeting, expected_version: int | None) -> TafMeeting:
    locked = TafMeeting.objects.select_for_update().select_related("case").get(pk=meeting.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentChangeError(
            "Someone changed this meeting after you opened this page. Check it as it is now "
            "and make your change again.",
            {"current_version": locked.version},
        )
    return locked


def taf_meeting_update(
    *, actor: User, meeting: TafMeeting, expected_version: int, details: MeetingDetails
) -> TafMeeting:
    """Change a scheduled meeting's time, place or invitations.

    A new time or place is a new SEQUENCE of the same calendar event, sent to everyone
    invited; people newly invited get the invitation; people taken off get a
    cancellation.
    """
    case = meeting.case
    require(actor, Action.WORK, case)
    errors = _check_meeting(case, details)
    if errors:
        raise ApplicationError("Check the meeting details", errors)
    invited = {invitee_key(i) for i in MeetingInvitee.objects.filter(meeting=meeting)}
    rows = {invitee_key(i): i for i in _wanted_invitees(case, details, invited)}
    wanted = set(rows) | {key for key in details.invite if key in invited}
    assert details.starts_at is not None and details.ends_at is not None  # noqa: S101
    with transaction.atomic():
        locked = _lock_meeting(meeting, expected_version)
        if not locked.is_scheduled:
            raise ApplicationError("Only a meeting that has not happened yet can be changed")
        moved = (
            locked.starts_at != details.starts_at
            or locked.ends_at != details.ends_at
            or locked.location != details.location.strip()
            or locked.online_link != details.online_link.strip()
        )
        current = {invitee_key(i): i for i in MeetingInvitee.objects.filter(meeting=locked)}
        removed = [i for k, i in current.items() if k not in wanted and i.removed_at is None]
        added = [i for k, i in rows.items() if k not in current]
        back = [i for k, i in current.items() if k in wanted and i.removed_at is not None]
        now = timezone.now()
        for invitee in removed:
            invitee.removed_at = now
            invitee.save(update_fields=["removed_at"])
        for invitee in back:
            invitee.removed_at = None
            invitee.cancellation_sent_at = None
            invitee.sent_sequence = -1
            invitee.save(update_fields=["removed_at", "cancellation_sent_at", "sent_sequence"])
        for invitee in added:
            invitee.meeting = locked
        MeetingInvitee.objects.bulk_create(added)
        locked.starts_at = details.starts_at
        locked.ends_at = details.ends_at
        locked.location = details.location.strip()
        locked.online_link = details.online_link.strip()
        if moved:
            locked.sequence += 1
        locked.version += 1
        locked.save()
        if moved:
            timeline.event_add(
                case=case,
                kind="meeting",
                actor=actor,
                title=f"TAF meeting moved to {_when(locked.starts_at)}",
                description=locked.location or "Online",
                url=_meeting_url(locked),
            )
        if locked.starts_at > now:
            if moved:
                everyone = MeetingInvitee.objects.filter(
                    meeting=locked, removed_at__isnull=True
                ).select_related("user")
                _notify_invited_workers(actor, locked, everyone, "TAF meeting changed")
            else:
                _notify_invited_workers(
                    actor, locked, [*added, *back], "invitation to a TAF meeting"
                )
        if moved or added or removed or back:
            _send_invitations(locked)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            detail={"moved": moved, "added": len(added), "removed": len(removed)},
        )
    return locked


def taf_meeting_cancel(
    *, actor: User, meeting: TafMeeting, expected_version: int, reason: str
) -> TafMeeting:
    """Cancel a scheduled meeting; everyone sent an invitation gets a cancellation."""
    case = meeting.case
    require(actor, Action.WORK, case)
    if not reason.strip():
        raise ApplicationError(
            "Enter why the meeting is cancelled", {"reason": ["Enter why the meeting is cancelled"]}
        )
    with transaction.atomic():
        locked = _lock_meeting(meeting, expected_version)
        if not locked.is_scheduled:
            raise ApplicationError("Only a meeting that has not happened yet can be cancelled")
        locked.status = MeetingStatus.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancelled_reason = reason.strip()
        locked.sequence += 1
        locked.version += 1
        locked.save()
        timeline.event_add(
            case=case,
            kind="meeting",
            actor=actor,
            title=f"TAF meeting of {_when(locked.starts_at)} cancelled",
            description=locked.cancelled_reason,
            url=_meeting_url(locked),
        )
        invited = MeetingInvitee.objects.filter(
            meeting=locked, removed_at__isnull=True
        ).select_related("user")
        _notify_invited_workers(actor, locked, invited, "TAF meeting cancelled")
        _send_invitations(locked)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            reason=locked.cancelled_reason,
            detail={"status": "cancelled"},
        )
    return locked


@dataclass
class MeetingRecord:
    attendance: Mapping[int, str]  # invitee id -> Attendance
    minutes: str
    family_views: str = ""
    child_views: str = ""
    decisions: str = ""
    next_review_on: dt.date | None = None
    review: ReviewDetails | None = None  # progress at the meeting, when the plan is agreed


def taf_meeting_record(
    *, actor: User, meeting: TafMeeting, expected_version: int, record: MeetingRecord
) -> TafMeeting:
    """Record a meeting that was held: who came, the family's and the child's views,
    minutes and decisions, progress on the plan (a review) and the next review date."""
    case = meeting.case
    require(actor, Action.WORK, case)
    if case.state not in MEETING_STATES:
        raise ApplicationError(
            f"You cannot record a meeting while the case is '{_state_label(case)}'"
        )
    held_on = timezone.localdate(meeting.starts_at)
    errors: dict[str, list[str]] = {}
    if meeting.starts_at > timezone.now():
        errors["__all__"] = ["You can record the meeting once it has started"]
    invitees = list(MeetingInvitee.objects.filter(meeting=meeting, removed_at__isnull=True))
    for invitee in invitees:
        if record.attendance.get(invitee.pk) not in (
            Attendance.ATTENDED,
            Attendance.APOLOGIES,
            Attendance.DID_NOT_ATTEND,
        ):
            errors[f"i{invitee.pk}"] = [f"Select whether {invitee.name} attended"]
    if not record.minutes.strip():
        errors["minutes"] = ["Enter the minutes of the meeting"]
    if record.next_review_on is not None and record.next_review_on <= held_on:
        errors["next_review_on"] = ["The next review must be after the meeting"]
    if errors:
        raise ApplicationError("Check the record of the meeting", errors)
    with transaction.atomic():
        locked = _lock_meeting(meeting, expected_version)
        if not locked.is_scheduled:
            raise ApplicationError(
                "This meeting has already been recorded"
                if locked.is_held
                else "A cancelled meeting cannot be recorded"
            )
        plan = FamilyPlan.objects.filter(case=case).first()
        next_review_on = record.next_review_on or default_next_review(held_on)
        if plan is not None:
            plan = _lock_plan(plan)
        if plan is not None and plan.agreed_version and record.review is not None:
            review = ReviewDetails(
                reviewed_on=held_on,
                progress_made=record.review.progress_made,
                note=record.review.note,
                updates=record.review.updates,
                next_review_on=next_review_on,
            )
            actions = _review_actions(plan, review.updates)
            _check_review(case, review, actions)
            _review_locked(actor=actor, plan=plan, details=review, actions=actions, meeting=locked)
        elif plan is not None:
            plan.next_review_on = next_review_on
            plan.save(update_fields=["next_review_on"])
        for invitee in invitees:
            invitee.attendance = record.attendance[invitee.pk]
        MeetingInvitee.objects.bulk_update(invitees, ["attendance"])
        locked.status = MeetingStatus.HELD
        locked.minutes = record.minutes.strip()
        locked.family_views = record.family_views.strip()
        locked.child_views = record.child_views.strip()
        locked.decisions = record.decisions.strip()
        locked.next_review_on = next_review_on
        locked.recorded_at = timezone.now()
        locked.recorded_by = actor
        locked.version += 1
        locked.save()
        came = sum(1 for i in invitees if i.attendance == Attendance.ATTENDED)
        progress = ""
        if record.review is not None and plan is not None and plan.agreed_version:
            progress = "; progress made" if record.review.progress_made else "; no progress made"
        timeline.event_add(
            case=case,
            kind="meeting",
            actor=actor,
            title=f"TAF meeting held ({came} attended{progress})",
            description=(locked.decisions or locked.minutes)[:500],
            url=_meeting_url(locked),
            at=locked.starts_at,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            detail={"status": "held", "attended": came},
        )
    return locked


@dataclass
class ActionChange:
    action_id: int
    due_on: dt.date | None
    owner: str
    status: str
    dropped_reason: str = ""


@dataclass
class NewAction:
    outcome_id: int | None
    details: ActionDetails


def taf_meeting_plan_changes_apply(
    *,
    actor: User,
    meeting: TafMeeting,
    expected_plan_version: int,
    changes: Sequence[ActionChange],
    new_actions: Sequence[NewAction],
    summary: str,
) -> PlanVersion:
    """Apply the plan changes agreed at a meeting and agree them: a new plan version
    linked to the meeting. Errors are keyed 'c<action id>_<field>' and 'new-<n>-<field>'."""
    case = meeting.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    if not meeting.is_held:
        raise ApplicationError("Record the meeting before you apply the changes made at it")
    plan = FamilyPlan.objects.filter(case=case).first()
    if plan is None:
        raise ApplicationError("Start the family's plan before you change it")
    if not summary.strip():
        raise ApplicationError(
            "Enter what changed in the plan", {"summary": ["Enter what changed in the plan"]}
        )
    allowed = dict(owner_choices(case))
    errors: dict[str, list[str]] = {}
    new_owners: list[Owner] = []
    for n, new in enumerate(new_actions):
        found, owner = _check_action(new.details, allowed, prefix=f"new-{n}-")
        if new.outcome_id is None:
            found[f"new-{n}-outcome"] = ["Select the outcome the action is for"]
        errors.update(found)
        if owner is not None:
            new_owners.append(owner)
    for change in changes:
        prefix = f"c{change.action_id}_"
        if change.due_on is None:
            errors[f"{prefix}due_on"] = ["Enter the date it is due"]
        if _owner(change.owner, allowed) is None:
            errors[f"{prefix}owner"] = ["Select who will do it"]
        _check_status(errors, prefix, "the action", change.status, change.dropped_reason)
    if errors:
        raise ApplicationError("Check the changes to the plan", errors)
    held_on = timezone.localdate(meeting.starts_at)
    with transaction.atomic():
        locked = _lock_plan(plan, expected_plan_version)
        actions = {
            a.pk: a
            for a in PlanAction.objects.select_for_update().filter(
                plan=locked, pk__in=[c.action_id for c in changes]
            )
        }
        outcomes = {o.pk: o for o in PlanOutcome.objects.filter(plan=locked)}
        changed: list[PlanAction] = []
        reassigned: list[PlanAction] = []
        for change in changes:
            action = actions.get(change.action_id)
            if action is None:
                raise ApplicationError("Change the actions of this plan only")
            owner = _owner(change.owner, allowed)
            assert owner is not None and change.due_on is not None  # noqa: S101
            if change.due_on < action.start_on:
                raise ApplicationError(
                    "Check the changes to the plan",
                    {
                        f"c{action.pk}_due_on": [
                            "The due date must be the same as or after the start date"
                        ]
                    },
                )
            before = (action.due_on, action.owner_key, action.status, action.dropped_reason)
            new_owner = action.owner_key != change.owner
            action.due_on = change.due_on
            _set_owner(action, owner)
            _apply_status(action, change.status, change.dropped_reason, held_on)
            if before != (action.due_on, action.owner_key, action.status, action.dropped_reason):
                action.version += 1
                action.updated_at = timezone.now()
                action.updated_by = actor
                action.save()
                changed.append(action)
                if new_owner:
                    reassigned.append(action)
        number = _next_action_number(locked)
        made: list[PlanAction] = []
        for n, (new, owner) in enumerate(zip(new_actions, new_owners, strict=True)):
            outcome = outcomes.get(new.outcome_id or 0)
            if outcome is None:
                raise ApplicationError(
                    "Check the changes to the plan",
                    {f"new-{n}-outcome": ["Select an outcome of this plan"]},
                )
            assert new.details.start_on is not None and new.details.due_on is not None  # noqa: S101
            action = PlanAction(
                plan=locked,
                outcome=outcome,
                number=number + n,
                what=new.details.what.strip(),
                start_on=new.details.start_on,
                due_on=new.details.due_on,
                updated_by=actor,
            )
            _set_owner(action, owner)
            action.save()
            made.append(action)
        if changed or made:
            _touch(locked, content_changed=True)
        elif locked.status == PlanStatus.AGREED:
            raise ApplicationError(
                "Change at least one action, or add one, before you apply the changes",
                {"__all__": ["Change at least one action, or add one"]},
            )
        attended = ", ".join(
            i.name
            for i in MeetingInvitee.objects.filter(
                meeting=meeting, kind=InviteeKind.FAMILY, attendance=Attendance.ATTENDED
            )
        )
        version = _agree_locked(
            actor=actor,
            plan=locked,
            agreed_on=held_on,
            agreed_with=attended,
            summary=summary,
            next_review_on=meeting.next_review_on,
            meeting=meeting,
        )
        _notify_owners(actor, case, [*reassigned, *made])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=version,
            case=case,
            detail={
                "meeting": meeting.pk,
                "changed": [a.number for a in changed],
                "added": [a.number for a in made],
            },
        )
    return version


# ------------------------------------------------------------------ invitations by email


def _invitation_email(
    meeting: TafMeeting, invitee: MeetingInvitee, method: str, *, update: bool
) -> EmailMessage:
    case = meeting.case
    when = _when(meeting.starts_at)
    if method == ics.CANCEL:
        subject = f"Cancelled: Team Around the Family meeting, {when}"
        lead = "This Team Around the Family meeting has been cancelled."
        if meeting.cancelled_reason:
            lead += f"\n\nReason: {meeting.cancelled_reason}"
    elif update:
        subject = f"Changed: Team Around the Family meeting, {when}"
        lead = "The Team Around the Family meeting has changed. The new details are below."
    else:
        subject = f"Invitation: Team Around the Family meeting, {when}"
        lead = "You are invited to a Team Around the Family meeting."
    lines = [
        f"Dear {invitee.name},",
        "",
        lead,
        "",
        f"When: {when} to {timezone.localtime(meeting.ends_at):%H:%M}",
    ]
    if meeting.location:
        lines.append(f"Where: {meeting.location}")
    if meeting.online_link:
        lines.append(f"Join online: {meeting.online_link}")
    lines += [
        f"Arranged by: {meeting.organiser.full_name}",
        f"Case reference: {case.reference}",
        "",
        "The calendar invitation is attached.",
    ]
    if invitee.kind == InviteeKind.WORKER:
        lines += ["", f"Meeting details: {settings.SITE_URL}{_meeting_url(meeting)}"]
    lines += ["", settings.PROTECTIVE_MARKING]
    event = ics.MeetingEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"Team Around the Family meeting ({case.reference})",
        location=meeting.location,
        online_link=meeting.online_link,
        description=f"Team Around the Family meeting, case {case.reference}. "
        f"Arranged by {meeting.organiser.full_name}.",
        organiser_name=f"{meeting.organiser.full_name} ({settings.SERVICE_NAME})",
    )
    calendar = ics.meeting_calendar(
        event, method=method, attendees=[ics.Attendee(invitee.name, invitee.email)]
    )
    message = EmailMessage(
        subject=subject,
        body="\n".join(lines),
        to=[invitee.email],
        headers={"X-Reference": f"{meeting.uid}/{meeting.sequence}/{invitee.pk}"},
    )
    message.attach(
        "cancellation.ics" if method == ics.CANCEL else "invitation.ics",
        calendar.decode("utf-8"),
        ics.content_type(method),
    )
    return message


def _deliver_invitation(invitee_id: int) -> bool:
    """Send one invitee what they have not yet had: the latest invitation, or the
    cancellation. Locked, and marked in the same transaction, so repeating it sends
    nothing twice."""
    with transaction.atomic():
        invitee = (
            MeetingInvitee.objects.select_for_update(of=("self",))
            .select_related("meeting__case", "meeting__organiser", "user")
            .get(pk=invitee_id)
        )
        meeting = invitee.meeting
        if invitee.kind == InviteeKind.WORKER and invitee.user is not None:
            invitee.email = invitee.user.email
            if not wants_email(user=invitee.user, kind=MEETING_KIND):
                return False
        if not invitee.email:
            return False
        cancelled = meeting.is_cancelled or invitee.removed_at is not None
        if cancelled:
            if invitee.sent_sequence < 0 or invitee.cancellation_sent_at is not None:
                return False
            _invitation_email(meeting, invitee, ics.CANCEL, update=False).send()
            invitee.cancellation_sent_at = timezone.now()
            invitee.save(update_fields=["cancellation_sent_at"])
            return True
        if meeting.is_held or meeting.starts_at <= timezone.now():
            return False
        if invitee.sent_sequence >= meeting.sequence:
            return False
        update = invitee.sent_sequence >= 0
        _invitation_email(meeting, invitee, ics.REQUEST, update=update).send()
        invitee.sent_sequence = meeting.sequence
        invitee.save(update_fields=["sent_sequence"])
        return True


def taf_meeting_invitations_deliver(*, meeting_id: int) -> int:
    """Email every invitee of a meeting what they have not yet had (task body, safe to
    repeat). Each invitee is sent and marked in their own transaction; if any send fails
    the error is raised after the rest, so the task retries only what is left."""
    ids = list(
        MeetingInvitee.objects.filter(meeting_id=meeting_id)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    sent = 0
    failure: Exception | None = None
    for invitee_id in ids:
        try:
            sent += _deliver_invitation(invitee_id)
        except Exception as exc:
            failure = failure or exc
    if failure is not None:
        raise failure
    return sent


def taf_meeting_calendar(*, actor: User, meeting: TafMeeting) -> bytes:
    """The meeting's calendar file to download from its page (no attendees named)."""
    require(actor, Action.VIEW, meeting.case)
    method = ics.CANCEL if meeting.is_cancelled else ics.REQUEST
    event = ics.MeetingEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=f"Team Around the Family meeting ({meeting.case.reference})",
        location=meeting.location,
        online_link=meeting.online_link,
        organiser_name=f"{meeting.organiser.full_name} ({settings.SERVICE_NAME})",
    )
    return ics.meeting_calendar(event, method=method)


# ------------------------------------------------------------------ a plan kept elsewhere


@dataclass
class HistoryAction:
    outcome: int  # the position of its outcome in PlanHistory.outcomes
    details: ActionDetails
    status: str = ActionStatus.DONE
    dropped_reason: str = ""


@dataclass
class HistoryMeeting:
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    minutes: str
    attendees: Sequence[tuple[str, str, str]]  # (name, agency or relationship, Attendance)
    decisions: str = ""
    family_views: str = ""
    child_views: str = ""
    progress_made: bool = True
    progress_note: str = ""


@dataclass
class PlanHistory:
    agreed_on: dt.date
    outcomes: Sequence[OutcomeDetails]
    actions: Sequence[HistoryAction]
    meetings: Sequence[HistoryMeeting] = ()
    agreed_with: str = ""
    children_views: str = ""


def family_plan_record_history(*, actor: User, case: Case, history: PlanHistory) -> FamilyPlan:
    """Enter a family plan and its Team Around the Family meetings kept elsewhere (on paper,
    or in the council's previous system), as a manager — also for a case already closed.

    The plan is recorded as agreed on its date (version 1, as it stands at the end), each
    meeting as held, with attendance, minutes and a review of the plan.
    """
    require(actor, Action.SIGN_OFF, case)
    errors: dict[str, list[str]] = {}
    _check_date(errors, "agreed_on", "Date agreed", history.agreed_on, case)
    allowed = dict(owner_choices(case, past_team=True))
    owners: list[Owner] = []
    for n, item in enumerate(history.actions):
        found, owner = _check_action(item.details, allowed, prefix=f"actions-{n}-")
        if not 0 <= item.outcome < len(history.outcomes):
            found[f"actions-{n}-outcome"] = ["Select the outcome the action is for"]
        _check_status(found, f"actions-{n}-", f"action {n + 1}", item.status, item.dropped_reason)
        errors.update(found)
        if owner is not None:
            owners.append(owner)
    now = timezone.now()
    for n, held in enumerate(history.meetings):
        if held.starts_at > now or held.ends_at <= held.starts_at:
            errors[f"meetings-{n}-starts_at"] = [
                "A meeting recorded afterwards must be in the past"
            ]
    if not history.outcomes or not history.actions:
        errors["__all__"] = ["Add at least one outcome with an action"]
    if errors:
        raise ApplicationError("Check the plan", errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if FamilyPlan.objects.filter(case=locked).exists():
            raise ApplicationError("This family already has a plan")
        plan = FamilyPlan.objects.create(
            case=locked, created_by=actor, children_views=history.children_views.strip()
        )
        outcomes = []
        for number, details in enumerate(history.outcomes, start=1):
            outcome = PlanOutcome.objects.create(
                plan=plan,
                number=number,
                wanted=details.wanted.strip(),
                whose_words=details.whose_words.strip(),
                success_looks_like=details.success_looks_like.strip(),
                need_keys=list(details.need_keys),
                updated_by=actor,
            )
            outcome.headline_problems.set(list(details.headline_problem_ids))
            outcomes.append(outcome)
        actions = []
        for number, (item, owner) in enumerate(zip(history.actions, owners, strict=True), 1):
            assert item.details.start_on is not None and item.details.due_on is not None  # noqa: S101
            action = PlanAction(
                plan=plan,
                outcome=outcomes[item.outcome],
                number=number,
                what=item.details.what.strip(),
                start_on=item.details.start_on,
                due_on=item.details.due_on,
                updated_by=actor,
            )
            _set_owner(action, owner)
            _apply_status(action, item.status, item.dropped_reason, item.details.due_on)
            action.save()
            actions.append(action)
        snapshot, voice = _snapshot(plan)
        last_review = history.agreed_on
        for meeting_history in history.meetings:
            held_on = timezone.localdate(meeting_history.starts_at)
            meeting = TafMeeting.objects.create(
                case=locked,
                status=MeetingStatus.HELD,
                starts_at=meeting_history.starts_at,
                ends_at=meeting_history.ends_at,
                location=meeting_history.location,
                organiser=locked.lead_practitioner or actor,
                minutes=meeting_history.minutes,
                decisions=meeting_history.decisions,
                family_views=meeting_history.family_views,
                child_views=meeting_history.child_views,
                next_review_on=default_next_review(held_on),
                recorded_at=now,
                recorded_by=actor,
            )
            MeetingInvitee.objects.bulk_create(
                MeetingInvitee(
                    meeting=meeting,
                    kind=InviteeKind.OTHER,
                    name=name,
                    organisation=organisation,
                    attendance=attendance,
                )
                for name, organisation, attendance in meeting_history.attendees
            )
            PlanReview.objects.create(
                plan=plan,
                meeting=meeting,
                reviewed_on=held_on,
                progress_made=meeting_history.progress_made,
                note=meeting_history.progress_note or meeting_history.minutes,
                next_review_on=meeting.next_review_on,
                recorded_by=actor,
            )
            came = sum(1 for a in meeting_history.attendees if a[2] == Attendance.ATTENDED)
            timeline.event_add(
                case=locked,
                kind="meeting",
                actor=actor,
                title=f"TAF meeting held ({came} attended; "
                + ("progress made)" if meeting_history.progress_made else "no progress made)"),
                description=(meeting_history.decisions or meeting_history.minutes)[:500],
                url=_meeting_url(meeting),
                at=meeting.starts_at,
            )
            last_review = max(last_review, held_on)
        next_review_on = default_next_review(last_review)
        snapshot["next_review_on"] = next_review_on.isoformat()
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            agreed_on=history.agreed_on,
            agreed_by=actor,
            agreed_with=history.agreed_with.strip(),
            summary="Entered from a plan kept outside this system.",
            snapshot=snapshot,
            child_voice_recorded=voice,
        )
        plan.agreed_version = 1
        plan.status = PlanStatus.AGREED
        plan.next_review_on = next_review_on
        plan.save(update_fields=["agreed_version", "status", "next_review_on"])
        timeline.event_add(
            case=locked,
            kind="plan",
            actor=actor,
            title="Family plan agreed (version 1)",
            description="Entered from a plan kept outside this system.",
            url=reverse("plan-version", kwargs={"case_id": locked.pk, "number": 1}),
            at=_moment(history.agreed_on),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=plan,
            case=locked,
            detail={"recorded_from_history": True, "meetings": len(history.meetings)},
        )
    return plan


# ------------------------------------------------------------------ family network meetings


@dataclass
class NetworkPerson:
    name: str
    relationship: str
    relationship_detail: str = ""
    attended: bool | None = None


@dataclass
class NetworkMeetingDetails:
    offered_on: dt.date | None
    response: str = OfferResponse.AWAITING
    response_on: dt.date | None = None
    declined_reason: str = ""
    facilitator_name: str = ""
    facilitator_organisation: str = ""
    facilitated_on: dt.date | None = None
    private_family_time: bool | None = None
    family_plan: str = ""
    outcome: str = ""
    network: Sequence[NetworkPerson] = ()


def _check_network_meeting(case: Case, details: NetworkMeetingDetails) -> None:
    errors: dict[str, list[str]] = {}
    _check_date(errors, "offered_on", "Date offered", details.offered_on, case)
    if details.response not in OfferResponse.values:
        errors["response"] = ["Select the family's answer"]
    if details.response != OfferResponse.AWAITING:
        _check_date(errors, "response_on", "Date of the family's answer", details.response_on, case)
        if (
            details.response_on
            and details.offered_on
            and details.response_on < details.offered_on
            and "response_on" not in errors
        ):
            errors["response_on"] = ["The family's answer must be on or after the date offered"]
    if details.response == OfferResponse.DECLINED and not details.declined_reason.strip():
        errors["declined_reason"] = ["Enter why the family declined"]
    if details.facilitated_on is not None:
        if details.response != OfferResponse.ACCEPTED:
            errors["facilitated_on"] = ["A meeting can only be held once the family has accepted"]
        else:
            _check_date(errors, "facilitated_on", "Date held", details.facilitated_on, case)
            if (
                details.offered_on
                and details.facilitated_on < details.offered_on
                and "facilitated_on" not in errors
            ):
                errors["facilitated_on"] = ["The meeting must be held on or after the date offered"]
        if not details.facilitator_name.strip():
            errors["facilitator_name"] = ["Enter the name of the independent facilitator"]
        if not any(p.relationship != NetworkRelationship.PROFESSIONAL for p in details.network):
            errors["__all__"] = [
                "Add the relatives, friends or connected people from the family's network "
                "who were invited"
            ]
    for n, person in enumerate(details.network):
        if not person.name.strip():
            errors[f"network-{n}-name"] = ["Enter the person's name"]
        if person.relationship not in NetworkRelationship.values:
            errors[f"network-{n}-relationship"] = ["Select how they know the family"]
    if errors:
        raise ApplicationError("Check the family network meeting", errors)


def network_meeting_save(
    *,
    actor: User,
    case: Case,
    details: NetworkMeetingDetails,
    meeting: FamilyNetworkMeeting | None = None,
    expected_version: int | None = None,
) -> FamilyNetworkMeeting:
    """Record a family network meeting offered to the family, their answer, and — once
    held with an independent facilitator — the family's own plan and the outcome."""
    require(actor, Action.WORK, case)
    if case.state not in MEETING_STATES:
        raise ApplicationError(
            f"You cannot record a family network meeting while the case is '{_state_label(case)}'"
        )
    _check_network_meeting(case, details)
    assert details.offered_on is not None  # noqa: S101
    with transaction.atomic():
        if meeting is None:
            record = FamilyNetworkMeeting(
                case=case, created_by=actor, offered_on=details.offered_on
            )
            before_response = None
            before_held = None
        else:
            record = FamilyNetworkMeeting.objects.select_for_update().get(pk=meeting.pk, case=case)
            if expected_version is not None and record.version != expected_version:
                raise ConcurrentChangeError(
                    "Someone changed this family network meeting after you opened this page. "
                    "Check it as it is now and make your change again."
                )
            before_response = record.response
            before_held = record.facilitated_on
            record.version += 1
        record.offered_on = details.offered_on
        record.response = details.response
        record.response_on = details.response_on if details.response != "awaiting" else None
        record.declined_reason = (
            details.declined_reason.strip() if details.response == OfferResponse.DECLINED else ""
        )
        record.facilitator_name = details.facilitator_name.strip()
        record.facilitator_organisation = details.facilitator_organisation.strip()
        record.facilitated_on = details.facilitated_on
        record.private_family_time = details.private_family_time
        record.family_plan = details.family_plan.strip()
        record.outcome = details.outcome.strip()
        record.updated_at = timezone.now()
        record.save()
        NetworkMember.objects.filter(meeting=record).delete()
        NetworkMember.objects.bulk_create(
            NetworkMember(
                meeting=record,
                name=p.name.strip(),
                relationship=p.relationship,
                relationship_detail=p.relationship_detail.strip(),
                attended=p.attended,
            )
            for p in details.network
        )
        url = reverse("network-meeting", kwargs={"case_id": case.pk, "meeting_id": record.pk})
        if meeting is None:
            timeline.event_add(
                case=case,
                kind="network_meeting",
                actor=actor,
                title="Family network meeting offered",
                url=url,
                at=_moment(record.offered_on),
            )
        if record.response != before_response and record.response != OfferResponse.AWAITING:
            timeline.event_add(
                case=case,
                kind="network_meeting",
                actor=actor,
                title=f"Family network meeting {record.get_response_display().lower()} by "
                "the family",
                description=record.declined_reason,
                url=url,
                at=_moment(record.response_on) if record.response_on else None,
            )
        if record.facilitated_on is not None and before_held is None:
            timeline.event_add(
                case=case,
                kind="network_meeting",
                actor=actor,
                title="Family network meeting held",
                description=(record.outcome or record.family_plan)[:500],
                url=url,
                at=_moment(record.facilitated_on),
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if meeting is None else AuditAction.UPDATE,
            obj=record,
            case=case,
        )
    return record
