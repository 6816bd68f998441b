"""The 10-working-day clock on the case and screening pages: running while the family
waits, stopped at allocation with how long the offer took, and 'Due today' (not 'Near
target') on the due day. The referrer's name and contact are shown with the enquiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import CaseTransition
from cases.offer_clock import OfferClock, offer_clock
from cases.templatetags.case_pages import waiting_tag
from cases.working_days import add_working_days
from tests.cases.pages import text_of
from tests.cases.places import build_place
from tests.cases.test_consent_once import raise_enquiry
from tests.cases.test_work_notices import allocate

pytestmark = pytest.mark.django_db


def test_the_due_day_reads_due_today_and_the_day_after_over_target():
    assert "Near target" in waiting_tag(8)
    assert "Due today" in waiting_tag(10) and "Near target" not in waiting_tag(10)
    assert "Over target by 1 day" in waiting_tag(11)


def test_the_clock_runs_while_the_family_waits():
    place = build_place()
    case = raise_enquiry(place, "given")
    case.enquiry.received_at = timezone.now() - dt.timedelta(days=21)
    case.enquiry.save()
    received = timezone.localdate(case.enquiry.received_at)

    clock = offer_clock(case, today=add_working_days(received, 6))

    assert clock == OfferClock(days=6, waiting=True)
    assert clock.text == "6 of 10 working days waiting"


def test_after_allocation_the_clock_says_how_long_the_offer_took():
    place = build_place()
    case = raise_enquiry(place, "given")
    from cases import services

    case = services.case_screen(
        actor=place.coordinator, case=case, outcome="early_help_assessment", reason="Assess"
    )
    case = allocate(place, case, place.worker)
    received = timezone.localdate(case.enquiry.received_at)
    CaseTransition.objects.filter(case=case, name="allocate").update(
        at=timezone.make_aware(dt.datetime.combine(add_working_days(received, 7), dt.time(12)))
    )

    clock = offer_clock(case)

    assert clock is not None and not clock.waiting
    assert clock.text == "Offered help in 7 working days: within the 10-working-day target"


def test_the_case_summary_shows_the_clock_and_the_referrers_name_and_contact(signed_in_client):
    place = build_place()
    case = raise_enquiry(place, "given")

    page = text_of(signed_in_client(place.coordinator).get(f"/cases/{case.pk}/").content.decode())

    assert "Offer of help" in page and "of 10 working days waiting" in page
    assert place.teacher.full_name in page and place.teacher.email in page
