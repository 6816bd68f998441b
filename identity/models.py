"""Identity's own data: sessions that know their person, invitations, and which roles an
agency's administrators may give.

Second factors are django-otp's devices (TOTP and single-use backup codes), kept in its
own tables.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone

from partners.models import Agency
from partners.roles import Role


class UserSession(AbstractBaseSession):
    """A database session that knows whose it is, so a person can see and end their own
    sessions, and ending a leaver's sessions is one DELETE. The cookie holds only the
    random session key; everything else stays here (identity/session_store.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    started_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def get_session_store_class(cls):  # type: ignore[no-untyped-def]
        from identity.session_store import SessionStore

        return SessionStore

    class Meta(AbstractBaseSession.Meta):  # type: ignore[name-defined]
        verbose_name = "session"
        indexes = [models.Index(fields=["user", "expire_date"])]


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Not yet accepted, withdrawn or past their date."""
        return self.filter(
            accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An email inviting a new member of staff to set a password and a second factor.

    The link carries a token made from the row's `nonce` with the service's secret key
    (identity/services/invitations.py): the database alone cannot give it away, the
    email can be sent from a background task that knows only the invitation's id, and
    sending it again with a new nonce makes the old link worthless. A link works once
    (accepted_at) and until expires_at.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(max_length=30, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the link with the current nonce was emailed."
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"Invitation of {self.user} to {self.agency} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )


class AssignableRoles(models.Model):
    """The roles an agency's administrators may give their own staff.

    A system administrator chooses them per agency. An agency with no row lets its
    administrators give no role at all: onboarding starts when someone has decided
    what that agency's staff may do. Nobody but a system administrator ever gives the
    system administrator role.
    """

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="+")
    roles = ArrayField(models.CharField(max_length=30, choices=Role.choices), default=list)

    class Meta:
        ordering = ["agency__name"]
        verbose_name = "roles agency administrators may give"
        verbose_name_plural = "roles agency administrators may give"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(roles__contains=[Role.SYSTEM_ADMIN.value]),
                name="assignable_roles_never_system_admin",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {', '.join(self.roles) or 'none'}"


class PasswordResetRequest(models.Model):
    """Someone asked for a password reset link for an account that exists.

    The email goes from a background task (so the page answers alike, and as fast,
    whether or not the account exists); this row makes that task send it once. The link
    itself is Django's: an HMAC of the account's state, so it stops working once the
    password changes (single use) or after PASSWORD_RESET_TIMEOUT seconds.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Password reset for {self.user} at {self.requested_at:%Y-%m-%d %H:%M}"
