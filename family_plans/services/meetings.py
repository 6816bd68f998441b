"""Team Around the Family meetings: arranging, changing, cancelling, recording, the plan
changes agreed at them, and the invitations emailed with calendar files."""

# mypy: disallow-untyped-defs

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from cases import timeline
from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from earlyhelp import outbox
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from family_plans import ics
from family_plans.models import (
    Attendance,
    FamilyPlan,
    InviteeKind,
    MeetingInvitee,
    MeetingStatus,
    PlanAction,
    PlanOutcome,
    PlanStatus,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors import (
    default_next_review,
    invitee_choices,
    invitee_key,
    owner_choices,
)
from family_plans.services.common import (
    INVITATIONS_TASK,
    MEETING_KIND,
    MEETING_STATES,
    Owner,
    _check_plan_state,
    _lock_plan,
    _meeting_url,
    _owner,
    _set_owner,
    _state_label,
    _time,
    _touch,
    _when,
)
from family_plans.services.plans import (
    ActionDetails,
    ReviewDetails,
    _agree_locked,
    _apply_status,
    _check_action,
    _check_review,
    _check_status,
    _next_action_number,
    _notify_owners,
    _review_actions,
    _review_locked,
)
from partners.models import Agency, User
from partners.notifications import notify, wants_email

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
                feedback=record.review.feedback,
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
        f"When: {when} to {_time(meeting.ends_at)}",
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
