"""System administrators set the plan and reminder timings in the admin pages."""

import pytest

from family_plans.models import PlanSettings
from partners.roles import Role
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

URL = "/admin/family_plans/plansettings/"


def test_an_administrator_sets_the_timings_once_and_nobody_else_may(signed_in_client):
    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    assert PlanSettings.current().review_interval_weeks == 6  # the defaults before any row

    form = admin.get(f"{URL}add/")
    assert form.status_code == 200
    fields = {
        "review_interval_weeks": "4",
        "review_notice_days": "5",
        "meeting_notice_days": "1",
        "assessment_working_days": "25",
        "first_star_reading_days": "28",
        "star_reading_interval_days": "84",
        "consent_review_notice_days": "14",
        "no_contact_days": "21",
    }
    assert admin.post(f"{URL}add/", fields).status_code == 302
    settings = PlanSettings.current()
    assert (settings.pk, settings.review_interval_weeks, settings.no_contact_days) == (1, 4, 21)
    assert admin.get(f"{URL}add/").status_code == 403  # one row only
    assert admin.get(f"{URL}1/change/").status_code == 200
    assert admin.post(f"{URL}1/delete/").status_code == 403

    manager = signed_in_client(member(Role.MANAGER))
    assert manager.get(URL).status_code == 403
