"""One definition of "on the team today", used by access and every list of the team."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases import selectors
from cases.access import visible_cases
from cases.models import CaseTeamMember
from partners.roles import Role
from tests.cases.factories import CaseFactory, TeamMemberFactory
from tests.cases.relations import fresh
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def test_on_the_team_means_started_by_today_and_not_yet_ended():
    case = CaseFactory()
    today = timezone.localdate()
    current = TeamMemberFactory(case=case, started_on=today)
    TeamMemberFactory(case=case, started_on=today + dt.timedelta(days=1))
    TeamMemberFactory(case=case, started_on=today - dt.timedelta(days=9), ended_on=today)
    ending_tomorrow = TeamMemberFactory(
        case=case, started_on=today - dt.timedelta(days=9), ended_on=today + dt.timedelta(days=1)
    )
    assert set(CaseTeamMember.objects.current().filter(case=case)) == {current, ending_tomorrow}


def test_the_team_tab_and_access_agree_about_a_member_who_starts_tomorrow():
    """The team tab's current list once ignored the start date; access never did."""
    case = CaseFactory()
    school = AgencyFactory()
    teacher = member(Role.PRACTITIONER, agency=school)
    later = TeamMemberFactory(
        case=case,
        agency=school,
        user=teacher,
        started_on=timezone.localdate() + dt.timedelta(days=1),
    )
    assert later not in selectors.case_team(case=case, current_only=True)
    assert teacher not in selectors.case_workers(case=case)
    assert not visible_cases(fresh(teacher)).filter(pk=case.pk).exists()
