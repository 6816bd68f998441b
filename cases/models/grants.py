"""Per-person object grants, held by django-guardian with direct foreign keys.

Guardian's generic permission tables compare object ids as text and do not scale;
these direct FK models are indexed joins. Domain services are their only writers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from guardian.models import UserObjectPermissionBase

from cases.models.cases import Case
from cases.models.notes import CaseNote


class CaseGrant(UserObjectPermissionBase):
    """Explicit, time-limited access to one case for one person, with a reason."""

    class Kind(models.TextChoices):
        EXPLICIT = "explicit", "Explicit grant"
        BREAK_GLASS = "break_glass", "Emergency access (break glass)"

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.EXPLICIT)
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "expires_at"])]


class CaseNoteReader(UserObjectPermissionBase):
    """A named person allowed to read a restricted note."""

    content_object = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="readers")

    class Meta(UserObjectPermissionBase.Meta):
        pass
