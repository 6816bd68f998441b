# mypy: disallow-untyped-defs
"""Team Around the Family meetings: arranging, changing and cancelling them, and whom they
invite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from cases import timeline
from cases.access import Action, require
from cases.audit import audit_record
from cases.events import case_event_record
from cases.models import Case
from cases.models.audit import AuditAction
from earlyhelp import outbox
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.versioning import lock_version
from family_plans.events import PlanEvent
from family_plans.models import InviteeKind, MeetingInvitee, MeetingStatus, TafMeeting
from family_plans.selectors import invitee_choices, invitee_key
from family_plans.services.common import (
    INVITATIONS_TASK,
    MEETING_KIND,
    MEETING_STATES,
    _meeting_url,
    _state_label,
    _when,
)
from partners.models import Agency, User
from partners.notifications import notify


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
        if meeting.starts_at > timezone.now():
            _notify_invited_workers(actor, meeting, invitees, "invitation to a TAF meeting")
            _send_invitations(meeting)
        case_event_record(
            event=PlanEvent.MEETING_ARRANGED,
            case=case,
            actor=actor,
            obj=meeting,
            title=f"TAF meeting arranged for {_when(meeting.starts_at)}",
            description=meeting.location or "Online",
            url=_meeting_url(meeting),
            at=min(meeting.starts_at, timezone.now()),  # a meeting recorded afterwards
        )
    return meeting


def _lock_meeting(meeting: TafMeeting, expected_version: int | None) -> TafMeeting:
    return lock_version(
        TafMeeting.objects.select_related("case"),
        pk=meeting.pk,
        expected=expected_version,
        stale=lambda row: ConcurrentChangeError(
            "Someone changed this meeting after you opened this page. Check it as it is now "
            "and make your change again.",
            {"current_version": row.version},
        ),
    )


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
                kind=PlanEvent.MEETING_MOVED.kind,
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
        invited = MeetingInvitee.objects.filter(
            meeting=locked, removed_at__isnull=True
        ).select_related("user")
        _notify_invited_workers(actor, locked, invited, "TAF meeting cancelled")
        _send_invitations(locked)
        case_event_record(
            event=PlanEvent.MEETING_CANCELLED,
            case=case,
            actor=actor,
            obj=locked,
            title=f"TAF meeting of {_when(locked.starts_at)} cancelled",
            description=locked.cancelled_reason,
            url=_meeting_url(locked),
            reason=locked.cancelled_reason,
            detail={"status": "cancelled"},
        )
    return locked
