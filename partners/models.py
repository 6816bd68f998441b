"""Agencies, places and staff.

Staff are people of agencies: a User signs in with an email address and holds one
or more Memberships (user x agency x role). Access to cases is computed from these
memberships in cases/access.py; nothing here knows about cases.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from earlyhelp.templatetags.govuk import govuk_date
from partners.emails import normalise_email
from partners.roles import AgencyKind, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalise_email(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff of one or more agencies. Signs in with their email address."""

    # Stored normalised (partners.emails: the manager and clean() see to it, and a check
    # constraint refuses anything else), so unique means unique whatever the letter case.
    email = models.EmailField("email address", max_length=254, unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="Can reach the administration pages (system administrators)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")), name="user_email_lower_case"
            ),
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        self.email = normalise_email(self.email)
        super().clean()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        """The first name, for greetings: "Welcome, Priya", never "Welcome, Dr"."""
        words = self.full_name.split()
        while len(words) > 1 and words[0].rstrip(".").lower() in NAME_TITLES:
            words = words[1:]
        return words[0] if words else self.email


# Titles a full name may begin with, left out of the short name used in greetings.
NAME_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "rev", "revd"}
)


class Zone(models.Model):
    """A locality / family partnership zone: the unit of place councils organise by."""

    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FamilyHub(models.Model):
    name = models.CharField(max_length=120, unique=True)
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="hubs")
    address = models.CharField(max_length=300, blank=True, default="")
    postcode = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = "family hub"

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An organisation in the partnership: council team, school, health, police, charity."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40, choices=AgencyKind.choices)
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="agencies", help_text="Zones the agency serves."
    )
    email = models.EmailField(blank=True, default="", help_text="Shared inbox for the agency.")
    is_active = models.BooleanField(default=True)
    # Zone-wide oversight (front door, allocation, sign-off, zone exports and returns,
    # data linking, zone caseloads) belongs to the job of running the service, not to a
    # manager's title: only coordinators and managers of these agencies have it.
    runs_service = models.BooleanField(
        "runs the early help / Family Help service",
        default=False,
        help_text="Its coordinators and managers oversee the zones it serves: the front "
        "door, allocation, sign-off, zone exports and returns. Anyone else needs a zone "
        "grant. Set by a system administrator; every change is audited.",
    )
    # Whose staff an allocation meeting may choose as a family's lead practitioner. Any
    # agency may lead by default (a school, a health visitor); one that only contributes
    # (a food bank, a GP practice) is switched off, and the service refuses it.
    may_lead_cases = models.BooleanField(
        "may lead cases",
        default=True,
        db_default=True,
        help_text="Its practitioners may be chosen as a family's lead practitioner at "
        "allocation or when the lead changes. Set by a system administrator; every change "
        "is audited.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=on),
            started_on__lte=on,
            user__is_active=True,
            agency__is_active=True,
        )


class Membership(models.Model):
    """A person's role in an agency. Coordinators and managers may be scoped to a zone or hub.

    A membership ends (ended_on) when the person leaves the agency; it is kept for history.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="For coordinators and managers: the zone they cover (blank: every zone "
        "their agency serves).",
    )
    family_hub = models.ForeignKey(
        FamilyHub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="For coordinators and managers: a single family hub they cover.",
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=models.Q(ended_on__isnull=True),
                name="membership_one_open_role_per_agency",
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]
        ordering = ["agency__name", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.agency}"


class ZoneGrantQuerySet(models.QuerySet["ZoneGrant"]):
    def current(self, at: dt.datetime | None = None) -> ZoneGrantQuerySet:
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at, revoked_at__isnull=True)


class ZoneGrant(models.Model):
    """Zone-wide oversight given to one person, for a period, with a recorded reason.

    For a coordinator or manager whose agency does not run the service (a covering
    manager from another agency, an inspector's guide): it gives their coordinator or
    manager role the zone's reach while it lasts, and nothing once it has ended.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="zone_grants")
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="grants")
    role = models.CharField(
        max_length=30,
        choices=[
            (Role.COORDINATOR.value, Role.COORDINATOR.label),
            (Role.MANAGER.value, Role.MANAGER.label),
        ],
        help_text="The role whose reach it extends; the person must hold that role.",
    )
    reason = models.TextField()
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="zone_grants_given", null=True, blank=True
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ZoneGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="zone_grant_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user} — {self.get_role_display()}, {self.zone} until {govuk_date(self.ends_at)}"
        )


class PostcodeArea(models.Model):
    """Which family hub serves a postcode area, so a family's hub follows its address.

    `prefix` is an outward code ("NB1") or a sector ("NB1 4"); the longest prefix that
    matches a postcode wins.
    """

    prefix = models.CharField(max_length=8, unique=True)
    family_hub = models.ForeignKey(
        FamilyHub, on_delete=models.CASCADE, related_name="postcode_areas"
    )

    class Meta:
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} → {self.family_hub}"


class InformationSharingAgreement(models.Model):
    """A signed agreement between agencies that a share without consent can rely on."""

    name = models.CharField(max_length=200)
    reference = models.CharField(max_length=50, unique=True)
    agencies = models.ManyToManyField(Agency, related_name="sharing_agreements")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    summary = models.TextField(
        blank=True, default="", help_text="What may be shared, for which purposes."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class ApiToken(models.Model):
    """A credential issued to one agency's system (a school MIS, a health record system).

    The token authenticates as a service account that is a member of the agency with a
    reading or writing role, so API calls pass through the same access policy as
    people do. Only a hash of the token is stored; the token is shown once.
    """

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    name = models.CharField(max_length=120, help_text="What system uses it, e.g. 'school MIS'.")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_tokens")
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        help_text="The service account the token acts as.",
    )
    scope = models.CharField(max_length=5, choices=Scope.choices)
    key_prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.agency}, {self.scope})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Notification(models.Model):
    """A message to one person: listed in the service and, if they want it, emailed.

    Notifications say what needs doing and link to it; they name a case by its reference
    only, because a notification outlives the reader's access to the case. Kinds are
    registered by the apps that send them (partners/notifications.py).
    """

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, default="")
    url = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(
        default=False, help_text="The recipient wants this kind emailed to them."
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"]),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (to {self.recipient})"


class NotificationPreference(models.Model):
    """Whether a person wants one kind of notification emailed (email is on by default)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    email = models.BooleanField(default=True)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} by email {'on' if self.email else 'off'}"
