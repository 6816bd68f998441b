"""Greetings use the first name, not a title: "Welcome, Priya", never "Welcome, Dr"."""

from __future__ import annotations

from partners.models import User


def test_a_title_is_not_taken_for_the_first_name():
    assert User(full_name="Dr Priya Shah").get_short_name() == "Priya"
    assert User(full_name="Mr. John Smith").get_short_name() == "John"
    assert User(full_name="Amina Okoro").get_short_name() == "Amina"
    assert User(full_name="Dr", email="dr@example.org").get_short_name() == "Dr"
    assert User(full_name="", email="x@example.org").get_short_name() == "x@example.org"


def test_meeting_times_are_written_one_way_in_invitations():
    import datetime as dt

    from django.utils import timezone

    from family_plans.services.common import _time, _when

    starts = timezone.make_aware(dt.datetime(2026, 12, 9, 15, 30))
    ends = timezone.make_aware(dt.datetime(2026, 12, 9, 16, 30))
    assert _when(starts).endswith("at 3:30pm")
    assert _time(ends) == "4:30pm"
    assert _time(timezone.make_aware(dt.datetime(2026, 12, 9, 10, 0))) == "10am"


def test_the_home_page_greets_by_first_name_not_by_title(signed_in_client, db):
    from partners.roles import Role
    from tests.partners.factories import member

    doctor = member(Role.PRACTITIONER)
    doctor.full_name = "Dr Priya Shah"
    doctor.save(update_fields=["full_name"])

    page = signed_in_client(doctor).get("/").content.decode()

    assert "Welcome, Priya</h1>" in page and "Welcome, Dr" not in page
