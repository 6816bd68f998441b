"""`visible_cases` keeps the conditions of a reach for the day it was built for, and
`visible_case_ids` their SQL; what ends at a moment (a grant) or on a day (a partner's
period after closure) still ends then, the next time anyone asks, through either."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from cases.access import visible_case_ids, visible_cases
from cases.models import Case
from cases.workflow_states import State
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, TeamMemberFactory, grant
from tests.cases.relations import fresh
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def _sees(user, case) -> bool:  # type: ignore[no-untyped-def]
    """Whether the user sees the case, asked both ways; the two must agree."""
    by_queryset = visible_cases(fresh(user)).filter(pk=case.pk).exists()
    by_kept_sql = Case.objects.filter(pk=case.pk, pk__in=visible_case_ids(fresh(user))).exists()
    assert by_queryset == by_kept_sql
    return by_queryset


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


def _noon_tomorrow() -> dt.datetime:
    """Noon, so that an hour later is the same day and the kept conditions the same ones
    (tomorrow: the people made today are members by then)."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(12)))


def test_a_grant_that_ends_within_the_day_hides_the_case_from_the_kept_conditions():
    case = CaseFactory()
    reader = member(Role.PRACTITIONER, agency=AgencyFactory(kind=AgencyKind.SCHOOL))
    noon = _noon_tomorrow()
    with time_machine.travel(noon, tick=False) as clock:
        assert not _sees(reader, case)  # the conditions are built, and kept, here
        given = grant(case, reader)
        given.expires_at = noon + dt.timedelta(hours=1)
        given.save()
        assert _sees(reader, case)

        clock.move_to(noon + dt.timedelta(hours=1, seconds=1))
        assert not _sees(reader, case)


def test_a_break_glass_opening_ends_after_its_hours_though_the_day_is_the_same(settings):
    from cases.break_glass import break_glass_open

    settings.BREAK_GLASS_HOURS = 1
    case = CaseFactory()
    reader = member(Role.PRACTITIONER, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP))
    noon = _noon_tomorrow()
    with time_machine.travel(noon, tick=False) as clock:
        assert not _sees(reader, case)
        break_glass_open(actor=fresh(reader), case_id=case.pk, reason="Police called at night")
        assert _sees(reader, case)

        clock.move_to(noon + dt.timedelta(hours=1, seconds=1))
        assert not _sees(reader, case)


def test_a_restriction_recorded_today_hides_the_case_at_once_from_the_kept_conditions():
    from cases.models import PersonRestriction
    from tests.cases.factories import HouseholdMemberFactory

    lead = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    case = CaseFactory(lead_agency=lead)
    worker = member(Role.PRACTITIONER, agency=lead)
    assert _sees(worker, case)
    person = HouseholdMemberFactory(family=case.family).person

    PersonRestriction.objects.create(person=person, reason="Fled domestic abuse", placed_by=worker)

    assert not _sees(worker, case)


def test_the_kept_sql_of_a_reach_is_compiled_once_and_filters_by_state_when_asked():
    from cases import access

    lead = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    worker = member(Role.PRACTITIONER, agency=lead)
    open_case = CaseFactory(lead_agency=lead, state=State.ASSESSMENT)
    closed = CaseFactory(lead_agency=lead, state=State.CLOSED, closed_on=timezone.localdate())
    CaseFactory()  # another agency's
    access._kept_ids.cache_clear()

    everything = Case.objects.filter(pk__in=visible_case_ids(fresh(worker)))
    assessing = Case.objects.filter(
        pk__in=visible_case_ids(fresh(worker), states=[State.ASSESSMENT])
    )
    assert set(everything) == {open_case, closed}
    assert list(assessing) == [open_case]
    assert set(Case.objects.filter(pk__in=visible_case_ids(fresh(worker)))) == {open_case, closed}
    assert access._kept_ids.cache_info().misses == 2  # one for each set of states


def test_someone_who_sees_no_cases_gets_no_ids():
    lead = member(Role.STRATEGIC_LEAD, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP))
    CaseFactory()
    assert not Case.objects.filter(pk__in=visible_case_ids(fresh(lead))).exists()
