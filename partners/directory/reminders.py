"""Review reminders: an entry six months old reminds its curators, once per review.

A reminder is sent once for each service and the review it is about (a unique row in
ServiceReviewReminder), so the daily task may run twice, or late, and nobody hears
twice; when a curator reviews the entry, the next reminder is six months after that.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from partners.directory.models import Service, ServiceReviewReminder
from partners.directory.permissions import curators_of
from partners.notifications import NotificationKind, notify, register_kind

KIND = "directory_review"


def register() -> None:
    register_kind(
        NotificationKind(
            KIND,
            "Directory entries to review",
            "A service you keep in the directory has not been reviewed for six months.",
        )
    )


def services_due_review(*, on: dt.date) -> list[Service]:
    """Active stale services whose current review has had no reminder yet."""
    reminded = ServiceReviewReminder.objects.filter(
        service_id=OuterRef("pk"), reviewed_on=OuterRef("last_reviewed_on")
    )
    return list(Service.objects.active().stale(on=on).exclude(Exists(reminded)).order_by("pk"))


def review_reminders_send(*, on: dt.date | None = None) -> int:
    """Remind the curators of every stale entry not yet reminded. Returns how many entries."""
    on = on or timezone.localdate()
    sent = 0
    for service in services_due_review(on=on):
        try:
            with transaction.atomic():
                reminder = ServiceReviewReminder.objects.create(
                    service=service, reviewed_on=service.last_reviewed_on
                )
                people = curators_of(service=service)
                notify(
                    recipients=people,
                    kind=KIND,
                    title=f"Review the directory entry for {service.name}",
                    body=(
                        f"{service.name} was last reviewed on "
                        f"{service.last_reviewed_on:%-d %B %Y}. Check it is still right and "
                        "confirm it, or change it: until then it is marked as out of date."
                    ),
                    url=reverse("directory-service", args=[service.pk]),
                )
                reminder.recipients = len(people)
                reminder.save(update_fields=["recipients"])
        except IntegrityError:
            continue  # another run reminded them first
        sent += 1
    return sent
