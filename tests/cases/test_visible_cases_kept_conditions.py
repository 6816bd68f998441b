"""`visible_cases` keeps the conditions of a reach for the day it was built for; what
ends at a moment (a grant) or on a day (a partner's period after closure) still ends
then, the next time anyone asks."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cases.access import visible_cases
from cases.workflow_states import State
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, TeamMemberFactory, grant
from tests.cases.relations import fresh
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def _sees(user, case) -> bool:  # type: ignore[no-untyped-def]
    return visible_cases(fresh(user)).filter(pk=case.pk).exists()


def test_a_grant_that_expires_hides_the_case_at_once_though_the_reach_is_kept():
    case = CaseFactory()
    reader = member(Role.PRACTITIONER, agency=AgencyFactory(kind=AgencyKind.SCHOOL))
    assert not _sees(reader, case)
    grant(case, reader, days=1)
    assert _sees(reader, case)

    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1), tick=False):
        assert not _sees(reader, case)


def test_a_partner_loses_a_closed_case_the_day_its_period_ends_though_yesterday_it_saw_it():
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    today = timezone.localdate()
    case = CaseFactory(state=State.CLOSED, closed_on=today - dt.timedelta(days=364))
    TeamMemberFactory(case=case, agency=school, started_on=today - dt.timedelta(days=500))
    teacher = member(Role.PRACTITIONER, agency=school)
    assert _sees(teacher, case)

    with time_machine.travel(timezone.now() + dt.timedelta(days=2), tick=False):
        assert not _sees(teacher, case)
