"""Password reset by email, never saying whether an account exists.

Asking for a link answers the same page, in the same time, whoever asks: the email (if
the account exists, is open and has a password) goes from a background task. The link
is Django's reset token, an HMAC over the account's password and last sign-in: it stops
working once used (the password changes) and after PASSWORD_RESET_TIMEOUT seconds.
Resetting ends every session of the account; the second factor is still asked for at
the next sign-in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from earlyhelp import outbox
from identity import events
from identity.models import PasswordResetRequest
from identity.services.sessions import sessions_end
from partners.emails import normalise_email
from partners.models import User

EMAIL_TASK = "identity.tasks.password_reset_email_send"


@transaction.atomic
def password_reset_request(*, email: str) -> None:
    """Record the request and queue the email if there is someone to send it to."""
    email = normalise_email(email)
    person = User.objects.filter(email=email).first()
    reachable = person is not None and person.is_active and person.has_usable_password()
    events.password_reset_requested(email=email, person=person)
    if reachable and person is not None:
        row = PasswordResetRequest.objects.create(user=person)
        outbox.enqueue(EMAIL_TASK, row.pk)


def password_reset_link(person: User) -> str:
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return f"{settings.SITE_URL}{path}"


def password_reset_email_deliver(*, request_id: int) -> bool:
    with transaction.atomic():
        row = (
            PasswordResetRequest.objects.select_for_update()
            .select_related("user")
            .filter(pk=request_id, emailed_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return False
        row.emailed_at = timezone.now()
        row.save(update_fields=["emailed_at"])
        minutes = int(settings.PASSWORD_RESET_TIMEOUT) // 60
        send_mail(
            subject=f"{settings.SERVICE_NAME}: reset your password",
            message=(
                f"Someone asked to reset the password of your {settings.SERVICE_NAME} "
                f"account. Use this link to choose a new one:\n{password_reset_link(row.user)}"
                f"\n\nThe link works once, for {minutes} minutes. If you did not ask, you "
                f"can ignore this email: your password has not changed.\n\n"
                f"{settings.PROTECTIVE_MARKING}"
            ),
            from_email=None,
            recipient_list=[row.user.email],
        )
    return True


@transaction.atomic
def password_reset_complete(*, person: User, password: str) -> None:
    """The new password chosen through the link (already validated): every session of
    the account ends, and the link with it (the token was made from the old password)."""
    person.set_password(password)
    person.save(update_fields=["password"])
    events.password_reset(person=person)
    sessions_end(actor=None, user=person, why="password reset")


@transaction.atomic
def password_change(*, user: User, password: str, keep_key: str | None) -> None:
    """A person changes their own password (validated): their other sessions end."""
    user.set_password(password)
    user.save(update_fields=["password"])
    events.password_changed(user=user)
    sessions_end(actor=user, user=user, why="password changed", keep_key=keep_key)
