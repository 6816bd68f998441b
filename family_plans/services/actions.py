# mypy: disallow-untyped-defs
"""The actions of a plan: adding them, telling their owners, and updating their progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from earlyhelp.versioning import lock_version, save_new_version
from family_plans.models import ActionStatus, FamilyPlan, OwnerKind, PlanAction, PlanOutcome
from family_plans.selectors import owner_choices, owns_action
from family_plans.services.common import (
    ACTION_KIND,
    Owner,
    _check_plan_state,
    _day,
    _lock_plan,
    _owner,
    _plan_url,
    _set_owner,
    _stale,
    _touch,
)
from partners.models import User
from partners.notifications import notify


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
        locked = lock_version(
            PlanAction.objects,
            pk=action.pk,
            expected=expected_version,
            stale=lambda row: _stale("action", row.updated_by),
        )
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
        save_new_version(locked, update_fields=None, updated_at=timezone.now(), updated_by=actor)
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
