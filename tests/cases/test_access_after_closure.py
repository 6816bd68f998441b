"""A partner agency keeps a closed case for PARTNER_ACCESS_AFTER_CLOSURE_MONTHS, then
loses it; the lead agency and the service's zone roles keep it."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import timezone

from cases.access import visible_cases
from cases.workflow_states import State
from cases.working_days import months_before
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, FamilyFactory, ShareFactory, TeamMemberFactory
from tests.cases.relations import fresh
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db


def _closed(months_ago: int, *, days: int = 0):  # type: ignore[no-untyped-def]
    """A case closed `months_ago` months (less `days`) before today whose team and share
    were never stood down (as records brought over from an earlier system are)."""
    import datetime as dt

    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    school, police = AgencyFactory(kind=AgencyKind.SCHOOL), AgencyFactory(kind=AgencyKind.POLICE)
    closed_on = months_before(timezone.localdate(), months_ago) + dt.timedelta(days=days)
    case = CaseFactory(
        family=FamilyFactory(family_hub=hub),
        state=State.CLOSED,
        lead_agency=council,
        closed_on=closed_on,
    )
    TeamMemberFactory(case=case, agency=school, started_on=closed_on - dt.timedelta(days=90))
    ShareFactory(case=case, agency=police)
    people = {
        "school": member(Role.PRACTITIONER, agency=school),
        "police": member(Role.PARTNER_VIEWER, agency=police),
        "lead agency": member(Role.PRACTITIONER, agency=council),
        "zone manager": member(Role.MANAGER, agency=council, zone=hub.zone),
    }
    return case, people


def _who_sees(case, people) -> set[str]:  # type: ignore[no-untyped-def]
    return {name for name, user in people.items() if visible_cases(fresh(user)).filter(pk=case.pk)}


def test_partners_still_see_a_case_closed_a_day_short_of_twelve_months_ago():
    case, people = _closed(12, days=1)
    assert _who_sees(case, people) == {"school", "police", "lead agency", "zone manager"}


def test_partners_lose_a_case_closed_twelve_months_ago_the_lead_agency_and_zone_keep_it():
    case, people = _closed(12)
    assert _who_sees(case, people) == {"lead agency", "zone manager"}


@override_settings(PARTNER_ACCESS_AFTER_CLOSURE_MONTHS=3)
def test_the_period_is_a_setting():
    case, people = _closed(4)
    assert _who_sees(case, people) == {"lead agency", "zone manager"}
    recent, recent_people = _closed(2)
    assert "school" in _who_sees(recent, recent_people)


def test_the_partners_case_page_answers_404_after_the_period(signed_in_client):  # type: ignore[no-untyped-def]
    case, people = _closed(13)
    assert signed_in_client(people["police"]).get(f"/cases/{case.pk}/").status_code == 404
    assert signed_in_client(people["lead agency"]).get(f"/cases/{case.pk}/").status_code == 200
