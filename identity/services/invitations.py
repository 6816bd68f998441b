"""Inviting new staff: an email with a single-use link that expires after
INVITATION_DAYS (7), leading to setting a password and a second factor.

The token in the link is `<invitation id>.<HMAC of the id and the row's nonce>`, keyed
with the service's secret: the database alone cannot give a working link away, the
email task needs only the id, and a new nonce (sending it again) makes old links fail.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from earlyhelp import outbox
from earlyhelp.errors import ApplicationError
from earlyhelp.templatetags.govuk import govuk_date
from identity import events
from identity.models import Invitation
from identity.permissions import assignable_roles, may_administer_agency
from identity.services.second_factor import second_factors_remove
from identity.services.staff import staff_roles_set
from partners.emails import normalise_email
from partners.models import Agency, User
from partners.services import membership_grant

EMAIL_TASK = "identity.tasks.invitation_email_send"
_SALT = "identity.invitation"


def invitation_days() -> int:
    return int(getattr(settings, "INVITATION_DAYS", 7))


def invitation_token(invitation: Invitation) -> str:
    digest = salted_hmac(_SALT, f"{invitation.pk}:{invitation.nonce}", algorithm="sha256")
    return f"{invitation.pk}.{digest.hexdigest()}"


def invitation_link(invitation: Invitation) -> str:
    path = reverse("invitation-open", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


@dataclass(frozen=True)
class InvitationOutcome:
    invitation: Invitation | None  # None: the person already had an account and got the role
    person: User


@transaction.atomic
def invitation_send(
    *,
    actor: User,
    email: str,
    full_name: str,
    job_title: str = "",
    agency: Agency,
    role: str,
) -> InvitationOutcome:
    """Invite someone to `agency` with `role`.

    A person who already has an active account is given the role straight away (they
    already have a password and a second factor) and told by email. Anyone else gets an
    invitation: a new account waits, closed, until they accept it; a former member of
    staff is invited back the same way and sets up a new second factor.
    """
    if not may_administer_agency(actor=actor, agency=agency):
        raise PermissionDenied("You cannot invite staff to this agency")
    if role not in assignable_roles(actor=actor, agency=agency):
        raise ApplicationError(
            "Select a role you can give", {"role": ["Select a role you can give"]}
        )
    email = normalise_email(email)
    person = User.objects.select_for_update().filter(email=email).first()
    if person is not None and person.is_active:
        if person.pk == actor.pk:
            raise ApplicationError(
                "You cannot invite yourself", {"email": ["You cannot invite yourself"]}
            )
        roles = {m.role for m in person.memberships.filter(agency=agency, ended_on__isnull=True)}
        staff_roles_set(actor=actor, person=person, agency=agency, roles=roles | {role})
        existing = person
        transaction.on_commit(lambda: _tell_existing(person=existing, agency=agency, role=role))
        return InvitationOutcome(invitation=None, person=person)
    if person is None:
        person = User.objects.create_user(
            email=email, password=None, full_name=full_name.strip(), job_title=job_title.strip()
        )
        person.is_active = False
        person.set_unusable_password()
        person.save(update_fields=["is_active", "password"])
    membership_grant(user=person, agency=agency, role=role, actor=actor)
    now = timezone.now()
    person.invitations.open().update(withdrawn_at=now)
    invitation = Invitation.objects.create(
        user=person,
        agency=agency,
        role=role,
        invited_by=actor,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + dt.timedelta(days=invitation_days()),
    )
    outbox.enqueue(EMAIL_TASK, invitation.pk, invitation.nonce)
    events.invited(actor=actor, invitation=invitation)
    return InvitationOutcome(invitation=invitation, person=person)


@transaction.atomic
def invitation_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """Send a new link (the old one stops working) valid for another INVITATION_DAYS."""
    if not may_administer_agency(actor=actor, agency=invitation.agency):
        raise PermissionDenied("You cannot invite staff to this agency")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.user.is_active:
        raise ApplicationError("This invitation has already been accepted")
    now = timezone.now()
    invitation.nonce = secrets.token_hex(16)
    invitation.created_at = now
    invitation.expires_at = now + dt.timedelta(days=invitation_days())
    invitation.withdrawn_at = None
    invitation.emailed_at = None
    invitation.save()
    outbox.enqueue(EMAIL_TASK, invitation.pk, invitation.nonce)
    events.invited(actor=actor, invitation=invitation)
    return invitation


def invitation_email_deliver(*, invitation_id: int, nonce: str) -> bool:
    """Email the link (once per nonce); False if already sent or no longer wanted."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("agency", "user", "invited_by")
            .filter(pk=invitation_id, nonce=nonce, emailed_at__isnull=True)
            .first()
        )
        if invitation is None or not invitation.is_open:
            return False
        invitation.emailed_at = timezone.now()
        invitation.save(update_fields=["emailed_at"])
        expires = timezone.localtime(invitation.expires_at)
        send_mail(
            subject=f"{settings.SERVICE_NAME}: you have been invited to join",
            message=(
                f"{invitation.invited_by.full_name} has invited you to use "
                f"{settings.SERVICE_NAME} as {invitation.get_role_display().lower()} at "
                f"{invitation.agency.name}.\n\n"
                f"Use this link to set your password and your second factor:\n"
                f"{invitation_link(invitation)}\n\n"
                f"The link works once, until {govuk_date(expires)}. If it has "
                f"expired, ask {invitation.invited_by.full_name} to send a new one.\n\n"
                f"If you were not expecting this, you can ignore this email.\n\n"
                f"{settings.PROTECTIVE_MARKING}"
            ),
            from_email=None,
            recipient_list=[invitation.user.email],
        )
    return True


def _tell_existing(*, person: User, agency: Agency, role: str) -> None:
    from partners.roles import Role

    send_mail(
        subject=f"{settings.SERVICE_NAME}: you have a new role",
        message=(
            f"You are now {Role(role).label.lower()} at {agency.name} in "
            f"{settings.SERVICE_NAME}. Sign in as usual: {settings.SITE_URL}/\n\n"
            f"{settings.PROTECTIVE_MARKING}"
        ),
        from_email=None,
        recipient_list=[person.email],
        fail_silently=True,
    )


class InvitationUnusable(Exception):
    """The link is wrong, used, withdrawn or expired; `reason` says which to the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def invitation_for_token(token: str) -> Invitation:
    """The open invitation a link's token names, or InvitationUnusable."""
    pk, _, _digest = (token or "").partition(".")
    invitation = (
        Invitation.objects.select_related("agency", "user", "invited_by").filter(pk=int(pk)).first()
        if pk.isdigit()
        else None
    )
    if invitation is None or not constant_time_compare(invitation_token(invitation), token):
        raise InvitationUnusable("unknown")
    if invitation.accepted_at is not None:
        raise InvitationUnusable("used")
    if invitation.withdrawn_at is not None:
        raise InvitationUnusable("withdrawn")
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable("expired")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password and open their account; the link is used up.

    Any second factor of an earlier spell is removed: they set up a new one next.
    """
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationUnusable("used")
    person = invitation.user
    try:
        password_validation.validate_password(password, person)
    except ValidationError as error:
        raise ApplicationError(
            "Choose a different password", {"new_password1": list(error.messages)}
        ) from error
    person.set_password(password)
    person.is_active = True
    person.save(update_fields=["password", "is_active"])
    second_factors_remove(user=person)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    events.invitation_accepted(invitation=invitation)
    return person
