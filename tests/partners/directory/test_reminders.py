"""Review reminders: an entry six months old reminds its curators, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partners.directory.models import ServiceReviewReminder, months_later
from partners.directory.reminders import KIND, review_reminders_send
from partners.directory.tasks import send_review_reminders
from partners.models import Notification
from partners.roles import AgencyKind, Role
from tests.partners.directory.factories import ServiceFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def test_a_stale_entry_triggers_its_reminder_to_the_providers_managers_once():
    charity = AgencyFactory(kind=AgencyKind.VOLUNTARY)
    manager = member(Role.MANAGER, agency=charity)
    member(Role.PRACTITIONER, agency=charity)  # practitioners keep entries, managers hear
    today = timezone.localdate()
    stale = ServiceFactory(
        agency=charity, name="Stay and play", last_reviewed_on=months_later(today, -6)
    )
    ServiceFactory(agency=charity, last_reviewed_on=months_later(today, -6) + dt.timedelta(days=1))

    assert stale.is_stale
    assert send_review_reminders() == 1  # the beat task, run in-process
    assert review_reminders_send() == 0  # a second run sends nothing

    notification = Notification.objects.get()
    assert notification.recipient == manager and notification.kind == KIND
    assert notification.title == "Review the directory entry for Stay and play"
    assert notification.url == f"/directory/{stale.pk}/"
    assert ServiceReviewReminder.objects.get().recipients == 1


def test_a_community_group_entry_reminds_the_council_team():
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    coordinator = member(Role.COORDINATOR, agency=council)
    ServiceFactory(agency=None, last_reviewed_on=timezone.localdate() - dt.timedelta(days=400))

    review_reminders_send()

    assert Notification.objects.get().recipient == coordinator


def test_after_a_review_the_next_reminder_waits_another_six_months():
    charity = AgencyFactory()
    member(Role.MANAGER, agency=charity)
    today = timezone.localdate()
    service = ServiceFactory(agency=charity, last_reviewed_on=today - dt.timedelta(days=200))
    review_reminders_send(on=today)
    service.last_reviewed_on = today
    service.save()

    assert review_reminders_send(on=months_later(today, 5)) == 0
    assert review_reminders_send(on=months_later(today, 6)) == 1
    assert Notification.objects.count() == 2
