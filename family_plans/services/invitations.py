# mypy: disallow-untyped-defs
"""The invitations to a Team Around the Family meeting, emailed with calendar files."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from cases.access import Action, require
from family_plans import ics
from family_plans.models import InviteeKind, MeetingInvitee, TafMeeting
from family_plans.services.common import MEETING_KIND, _meeting_url, _time, _when
from partners.models import User
from partners.notifications import wants_email


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
