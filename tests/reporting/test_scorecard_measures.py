"""Each scorecard measure on a small hand-built data set, its value worked out by hand.

Dates are chosen around bank holidays (Christmas, New Year, Easter 2026) so working days
are tested, and re-referrals, step-ups and suppression have their own cases.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assessments.models import (
    Assessment,
    AssessmentProblem,
    MeasureReading,
    MeasureType,
    OutcomeFramework,
    StarReading,
    StarScale,
    StarScore,
    StarType,
)
from cases.models import FamilyFeedback, LeadPractitionerAssignment, NeedLevel, StepDown
from cases.workflow_states import State
from cases.working_days import working_days_between
from family_plans.models import FamilyPlan, PlanVersion, TafMeeting
from reporting.models import (
    CaseAudit,
    ChildPopulation,
    FamiliesEstimate,
    FamilyClaim,
    LeadPractitionerTraining,
    SocialCareFigures,
)
from reporting.scorecard.dashboard import scorecard
from reporting.scorecard.engine import Figure, compute, rollup, stored_figures
from reporting.scorecard.measures import BY_KEY
from reporting.scorecard.periods import Period, Scope
from reporting.scorecard.present import FEWER, admin_figures, value_of
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.partners.factories import AgencyFactory, UserFactory, ZoneFactory
from tests.reporting.scorecard_data import at, journey

pytestmark = pytest.mark.django_db

JAN_2026 = Period.parse("2026-01")
MAR_2025 = Period.parse("2025-03")
D = dt.date


def test_p1a_and_p1e_count_working_days_without_weekends_or_christmas_bank_holidays():
    school, police = AgencyFactory(), AgencyFactory()
    # Thu 18 Dec 2025 -> Fri 2 Jan 2026: 19, 22, 23, 24, 29, 30, 31 Dec and 2 Jan = 8
    # (25, 26 Dec and 1 Jan are bank holidays; weekends are not counted).
    journey(received=D(2025, 12, 18), steps={"allocate": D(2026, 1, 2)}, raised_by_agency=school)
    # Mon 5 Jan -> Mon 19 Jan: 6-9 Jan (4) + 12-16 Jan (5) + 19 Jan (1) = 10: within target.
    journey(received=D(2026, 1, 5), steps={"allocate": D(2026, 1, 19)}, raised_by_agency=school)
    # Mon 5 Jan -> Tue 20 Jan = 11: over the target.
    journey(received=D(2026, 1, 5), steps={"allocate": D(2026, 1, 20)}, raised_by_agency=police)
    # Allocated in February: not in January's figures.
    journey(received=D(2026, 1, 26), steps={"allocate": D(2026, 2, 2)}, raised_by_agency=police)
    assert working_days_between(D(2025, 12, 18), D(2026, 1, 2)) == 8

    assert compute("P1a", JAN_2026) == Figure(8 + 10 + 11, 3)
    assert compute("P1e", JAN_2026) == Figure(2, 3)
    # By agency, front-door measures follow the agency that raised the enquiry.
    assert compute("P1a", JAN_2026, Scope(agency_id=school.pk)) == Figure(18, 2)
    assert compute("P1e", JAN_2026, Scope(agency_id=police.pk)) == Figure(0, 1)


def test_p1b_p1c_p1d_measure_each_step_across_easter():
    case = journey(
        received=D(2026, 2, 23),
        steps={
            "allocate": D(2026, 3, 2),  # Mon
            "start_assessment": D(2026, 3, 4),  # Wed: 3, 4 Mar = 2
            "start_plan": D(2026, 4, 10),  # Fri after Easter: 25 (Good Friday, Easter Monday out)
        },
    )
    TafMeeting.objects.create(
        case=case,
        status="held",
        starts_at=at(D(2026, 4, 14)),  # Tue: 13, 14 Apr = 2
        ends_at=at(D(2026, 4, 14), 11),
        organiser=UserFactory(),
    )
    march, april = Period.parse("2026-03"), Period.parse("2026-04")
    assert compute("P1b", march) == Figure(2, 1)
    assert compute("P1c", april) == Figure(25, 1)
    assert compute("P1d", april) == Figure(2, 1)
    assert compute("P1c", march) == Figure(0, 0)


def test_p3_and_q2_count_enquiries_and_distinct_raising_agencies():
    school, police = AgencyFactory(), AgencyFactory()
    for agency in (school, school, police):
        journey(received=D(2026, 1, 12), raised_by_agency=agency, state=State.SCREENING)
    journey(received=D(2026, 2, 2), raised_by_agency=AgencyFactory(), state=State.SCREENING)
    assert compute("P3", JAN_2026) == Figure(3, 0)
    assert compute("Q2", JAN_2026) == Figure(2, 0)
    # Distinct agencies over a quarter are counted once, not summed month by month.
    assert compute("Q2", Period.parse("2026-Q1")) == Figure(3, 0)


def test_q1_counts_training_completed_in_the_period():
    agency = AgencyFactory()
    LeadPractitionerTraining.objects.create(
        user=UserFactory(), agency=agency, completed_on=D(2026, 1, 8)
    )
    LeadPractitionerTraining.objects.create(
        user=UserFactory(), agency=agency, completed_on=D(2026, 3, 8)
    )
    assert compute("Q1", JAN_2026) == Figure(1, 0)


def test_q3_counts_agencies_leading_a_case_during_the_period():
    a, b, c = AgencyFactory(), AgencyFactory(), AgencyFactory()
    case = CaseFactory()
    lead = UserFactory()
    for agency, start, end in (
        (a, D(2025, 12, 1), D(2026, 1, 10)),  # overlaps January
        (b, D(2026, 1, 10), None),  # still leading
        (c, D(2025, 6, 1), D(2025, 12, 20)),  # ended before January
    ):
        LeadPractitionerAssignment.objects.create(
            case=case if end else CaseFactory(),
            user=lead,
            agency=agency,
            started_at=at(start),
            ended_at=at(end) if end else None,
            assigned_by=lead,
        )
    assert compute("Q3", JAN_2026) == Figure(2, 0)


def _signed_off(case, needs: int, day: dt.date) -> Assessment:
    framework = OutcomeFramework.objects.get(is_current=True)
    assessment = Assessment.objects.create(
        case=case,
        number=1,
        state="signed_off",
        framework=framework,
        started_by=UserFactory(),
        signed_off_at=at(day),
    )
    for headline in framework.headlines.order_by("number")[:needs]:
        AssessmentProblem.objects.create(assessment=assessment, headline=headline)
    return assessment


def test_p2a_p2b_and_q3b_count_eligible_engaged_families_and_assessments():
    eligible = CaseFactory()
    HouseholdMemberFactory(family=eligible.family)  # a 9-year-old
    _signed_off(eligible, 3, D(2026, 1, 15))
    FamilyPlan.objects.create(case=eligible, created_by=UserFactory(), agreed_version=1)
    two_needs = CaseFactory()
    HouseholdMemberFactory(family=two_needs.family)
    _signed_off(two_needs, 2, D(2026, 1, 16))
    no_children = CaseFactory()
    HouseholdMemberFactory(
        family=no_children.family, person=PersonFactory(date_of_birth=D(1980, 1, 1))
    )
    _signed_off(no_children, 4, D(2026, 1, 17))
    assert compute("P2a", JAN_2026) == Figure(1, 0)
    assert compute("P2b", JAN_2026) == Figure(1, 0)
    assert compute("Q3b", JAN_2026) == Figure(3, 0)


def test_q4_shares_plans_whose_latest_agreed_version_has_the_childs_voice():
    for voices in ([False, True], [True, False], [False]):
        plan = FamilyPlan.objects.create(
            case=CaseFactory(), created_by=UserFactory(), agreed_version=len(voices)
        )
        for number, voice in enumerate(voices, start=1):
            PlanVersion.objects.create(
                plan=plan,
                number=number,
                agreed_on=D(2026, 1, 5 + number),
                agreed_by=UserFactory(),
                child_voice_recorded=voice,
            )
    assert compute("Q4", JAN_2026) == Figure(1, 3)


def test_q5_shares_audits_judged_good_or_outstanding():
    from reporting.models import AuditFramework

    framework = AuditFramework.objects.get(is_current=True)
    for grade in ("good", "outstanding", "inadequate", "requires_improvement"):
        CaseAudit.objects.create(
            case=CaseFactory(),
            framework=framework,
            auditor=UserFactory(),
            status="completed",
            overall_grade=grade,
            completed_on=D(2026, 1, 20),
        )
    assert compute("Q5", JAN_2026) == Figure(2, 4)


def _reading(case, star, day, values, counts=True):  # type: ignore[no-untyped-def]
    reading = StarReading.objects.create(
        case=case,
        star_type=star,
        taken_on=day,
        occasion="review",
        kind="joint",
        counts_in_reports=counts,
        recorded_by=UserFactory(),
    )
    for scale, value in zip(star.scales.order_by("number"), values, strict=False):
        StarScore.objects.create(reading=reading, scale=scale, value=value)


def test_o1_shares_positive_star_change_and_averages_every_scale_of_the_star():
    star = StarType.objects.get(is_default=True)
    assert StarScale.objects.filter(star_type=star).count() == 10
    better = CaseFactory(state=State.CLOSED, closed_on=D(2026, 1, 20))
    _reading(better, star, D(2025, 6, 1), [3] * 10)
    _reading(better, star, D(2025, 9, 1), [9] * 10, counts=False)  # unconfirmed: ignored
    # Changes +2 +1 0 +1 +3 -1 0 0 +7 -2: total +11.
    _reading(better, star, D(2025, 12, 1), [5, 4, 3, 4, 6, 2, 3, 3, 10, 1])
    worse = CaseFactory(state=State.CLOSED, closed_on=D(2026, 1, 21))
    _reading(worse, star, D(2025, 6, 1), [6] * 10)
    # Changes -2 0 0 +1 0 -1 +1 0 0 -1: total -2.
    _reading(worse, star, D(2025, 12, 1), [4, 6, 6, 7, 6, 5, 7, 6, 6, 5])
    partial = CaseFactory(state=State.CLOSED, closed_on=D(2026, 1, 23))
    _reading(partial, star, D(2025, 6, 1), [5] * 10)
    # Only scales 1-5 read at the end: +1 each, total +5; scales 6-10 have no change.
    _reading(partial, star, D(2025, 12, 1), [6] * 5)
    one_reading = CaseFactory(state=State.CLOSED, closed_on=D(2026, 1, 22))
    _reading(one_reading, star, D(2025, 6, 1), [6] * 10)
    still_open = CaseFactory(state=State.PLAN_AND_REVIEW)
    _reading(still_open, star, D(2025, 6, 1), [1] * 10)
    _reading(still_open, star, D(2025, 12, 1), [10] * 10)

    assert compute("O1", JAN_2026) == Figure(2, 3)  # better and partial rose
    # Scale: better + worse + partial = sum over cases with a change on that scale.
    expected = {
        1: Figure(2 - 2 + 1, 3),
        2: Figure(1 + 0 + 1, 3),
        3: Figure(0 + 0 + 1, 3),
        4: Figure(1 + 1 + 1, 3),
        5: Figure(3 + 0 + 1, 3),
        6: Figure(-1 - 1, 2),
        7: Figure(0 + 1, 2),
        8: Figure(0 + 0, 2),
        9: Figure(7 + 0, 2),
        10: Figure(-2 - 1, 2),
    }
    for scale, figure in expected.items():
        assert compute(f"O1.{scale}", JAN_2026) == figure, scale

    rollup(first=D(2026, 1, 1), last=D(2026, 1, 1), today=D(2026, 2, 1))
    card = scorecard(period=JAN_2026, scope=Scope(), suppress=False)
    names = list(StarScale.objects.filter(star_type=star).order_by("number"))
    assert [name for name, _ in card.star_scales] == [s.name for s in names]
    assert [value.text for _, value in card.star_scales] == [
        "0.3",  # 1 / 3
        "0.7",  # 2 / 3
        "0.3",  # 1 / 3
        "1.0",  # 3 / 3
        "1.3",  # 4 / 3
        "-1.0",  # -2 / 2
        "0.5",  # 1 / 2
        "0.0",  # 0 / 2
        "3.5",  # 7 / 2
        "-1.5",  # -3 / 2
    ]
    # Means over fewer than 5 families are not shown to strategic leads.
    hidden = scorecard(period=JAN_2026, scope=Scope(), suppress=True)
    assert {value.text for _, value in hidden.star_scales} == {"Not shown"}


def test_o2_shares_measures_that_improved_in_the_right_direction():
    sdq = MeasureType.objects.create(name="Difficulties (test)", max_score=40)  # lower is better
    case = CaseFactory(state=State.CLOSED, closed_on=D(2026, 1, 20))
    child, sibling = PersonFactory(), PersonFactory()
    for person, scores in ((child, [24, 20, 15]), (sibling, [10, 14])):
        for n, score in enumerate(scores):
            MeasureReading.objects.create(
                case=case,
                measure=sdq,
                person=person,
                score=score,
                taken_on=D(2025, 3 + n, 1),
                occasion="review",
                recorded_by=UserFactory(),
            )
    assert compute("O2", JAN_2026) == Figure(1, 2)


def _level(n: int) -> NeedLevel:
    return NeedLevel.objects.get(number=n)


def test_o3_s2_s7_closures_with_levels_rereferrals_and_step_ups():
    family = FamilyFactory()
    rereferred = journey(
        received=D(2024, 11, 1),
        steps={"allocate": D(2024, 11, 8), "close": D(2025, 3, 10)},
        family=family,
        state=State.CLOSED,
        closed_on=D(2025, 3, 10),
        closure_reason="needs_met",
        allocation_level=_level(3),
        closure_level=_level(2),
    )
    CaseFactory(family=family, opened_on=D(2025, 9, 1), rereferral_of=rereferred)
    journey(
        received=D(2024, 11, 1),
        steps={"allocate": D(2024, 11, 8), "close": D(2025, 3, 20)},
        state=State.CLOSED,
        closed_on=D(2025, 3, 20),
        closure_reason="needs_met",
        allocation_level=_level(3),
        closure_level=_level(3),
    )
    journey(
        received=D(2024, 11, 1),
        steps={"allocate": D(2024, 11, 8), "step_up": D(2025, 3, 25)},
        state=State.CLOSED,
        closed_on=D(2025, 3, 25),
        closure_reason="stepped_up",
    )
    # Closed at the front door: no allocation, so in none of these.
    journey(
        received=D(2025, 3, 3),
        steps={"close_at_screening": D(2025, 3, 5)},
        state=State.CLOSED,
        closed_on=D(2025, 3, 5),
        closure_reason="no_further_action",
    )
    assert compute("O3", MAR_2025) == Figure(1, 2)
    assert compute("O3m", MAR_2025) == Figure(-1, 2)
    assert compute("S2", MAR_2025) == Figure(1, 2)  # the step-up is not counted
    assert compute("S7", MAR_2025) == Figure(1, 3)


def test_s3_shares_step_ups_that_had_early_help_in_the_previous_12_months():
    journey(
        received=D(2024, 11, 1),
        steps={"allocate": D(2024, 11, 8), "step_up": D(2025, 3, 25)},
        state=State.CLOSED,
        closed_on=D(2025, 3, 25),
        closure_reason="stepped_up",
    )
    known = FamilyFactory()
    journey(
        received=D(2024, 5, 1),
        steps={"allocate": D(2024, 6, 3), "close": D(2024, 12, 2)},
        family=known,
        state=State.CLOSED,
        closed_on=D(2024, 12, 2),
    )
    for family in (known, FamilyFactory()):
        journey(
            received=D(2025, 3, 10),
            steps={"close_at_screening": D(2025, 3, 12)},
            family=family,
            state=State.CLOSED,
            closed_on=D(2025, 3, 12),
            closure_reason="step_up",
        )
    assert compute("S3", MAR_2025) == Figure(2, 3)


def test_s1_counts_children_of_open_allocated_cases_per_10000():
    zone = ZoneFactory()
    family = FamilyFactory(family_hub__zone=zone)
    for born in (D(2015, 1, 1), D(2019, 6, 1), D(1985, 1, 1)):  # two children, one adult
        HouseholdMemberFactory(
            family=family, person=PersonFactory(date_of_birth=born), joined_on=D(2020, 1, 1)
        )
    journey(received=D(2025, 12, 1), steps={"allocate": D(2025, 12, 10)}, family=family)
    closed = FamilyFactory(family_hub__zone=zone)
    HouseholdMemberFactory(family=closed, joined_on=D(2020, 1, 1))
    journey(
        received=D(2025, 10, 1),
        steps={"allocate": D(2025, 10, 10)},
        family=closed,
        state=State.CLOSED,
        closed_on=D(2026, 1, 15),
    )
    ChildPopulation.objects.create(year=2026, zone=zone, children=10_000)
    figure = compute("S1", JAN_2026, Scope(zone_id=zone.pk))
    assert figure == Figure(2, 0)
    value = value_of(
        BY_KEY["S1"],
        figure,
        year=2026,
        admin=admin_figures(Scope(zone_id=zone.pk), {2026}),
        suppress=False,
    )
    assert value.number == pytest.approx(2.0)  # 2 / 10,000 x 10,000


def test_s9_counts_cases_open_at_the_start_plus_those_allocated_during_the_period():
    journey(received=D(2025, 11, 1), steps={"allocate": D(2025, 11, 20)})  # open at the start
    journey(
        received=D(2025, 11, 1),
        steps={"allocate": D(2025, 11, 20)},
        state=State.CLOSED,
        closed_on=D(2025, 12, 5),
    )  # closed before January
    journey(received=D(2026, 1, 2), steps={"allocate": D(2026, 1, 9)})
    journey(received=D(2026, 1, 2), steps={"allocate": D(2026, 2, 9)})
    assert compute("S9", JAN_2026) == Figure(2, 0)
    FamiliesEstimate.objects.create(year=2026, families=1000)  # 7%: 70 families
    value = value_of(
        BY_KEY["S9"], Figure(2, 0), year=2026, admin=admin_figures(Scope(), {2026}), suppress=False
    )
    assert value.number == pytest.approx(100 * 2 / 70)


def test_s4_s8_and_f1_count_step_downs_claims_and_family_feedback():
    recorder = UserFactory()
    StepDown.objects.create(
        case=CaseFactory(),
        social_care_reference="SC1",
        summary="Stepped down",
        recorded_by=recorder,
        recorded_at=at(D(2026, 1, 5)),
    )
    FamilyClaim.objects.create(case=CaseFactory(), claimed_on=D(2026, 1, 30))
    FamilyClaim.objects.create(case=CaseFactory(), evidence_checked_on=D(2026, 1, 30))
    case = CaseFactory()
    for answer in (True, True, True, False, None):
        FamilyFeedback.objects.create(
            case=case,
            kind="closure",
            timely_and_helpful=answer,
            given_on=D(2026, 1, 12),
            recorded_by=recorder,
        )
    FamilyFeedback.objects.create(
        case=case,
        kind="review",
        timely_and_helpful=False,
        given_on=D(2026, 1, 12),
        recorded_by=recorder,
    )
    assert compute("S4", JAN_2026) == Figure(1, 0)
    assert compute("S8", JAN_2026) == Figure(1, 0)
    assert compute("F1", JAN_2026) == Figure(3, 4)


def _step_downs(day: dt.date, count: int, zone=None) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        family = FamilyFactory(family_hub__zone=zone) if zone else FamilyFactory()
        StepDown.objects.create(
            case=CaseFactory(family=family),
            social_care_reference="SC",
            summary="Stepped down",
            recorded_by=UserFactory(),
            recorded_at=at(day),
        )


def test_s4_for_a_year_is_also_a_share_of_the_cases_social_care_closed():
    zone = ZoneFactory()
    _step_downs(D(2025, 2, 10), 4, zone)
    _step_downs(D(2025, 11, 3), 2, zone)
    _step_downs(D(2025, 6, 1), 3)  # another zone's
    _step_downs(D(2026, 1, 5), 5)  # next year: not counted
    SocialCareFigures.objects.create(
        year=2025, children_in_need=900, children_in_care=200, cases_closed=180
    )
    SocialCareFigures.objects.create(
        year=2025, zone=zone, children_in_need=300, children_in_care=60, cases_closed=40
    )
    rollup(first=D(2025, 1, 1), last=D(2026, 1, 1), today=D(2026, 2, 1))
    year = Period.parse("2025")

    card = scorecard(period=year, scope=Scope(), suppress=False)
    assert card.rows_by_key["S4"].value.text == "9"
    share = card.step_down_share
    assert share is not None
    assert share.number == pytest.approx(100 * 9 / 180)  # 5%
    assert (share.text, share.numerator, share.denominator) == ("5%", "9", "180")
    zonal = scorecard(period=year, scope=Scope(zone_id=zone.pk), suppress=False).step_down_share
    assert zonal is not None and zonal.number == pytest.approx(100 * 6 / 40)  # 15%
    assert zonal.text == "15%"
    # A quarter or a month has no share: social care's closures are counted by year.
    assert (
        scorecard(period=Period.parse("2025-Q1"), scope=Scope(), suppress=False).step_down_share
        is None
    )
    # For a strategic lead the zone's 6 of 40 is shown; a hub has no social care figures.
    assert (
        scorecard(period=year, scope=Scope(zone_id=zone.pk), suppress=True).step_down_share.text
        == "15%"
    )  # type: ignore[union-attr]
    hub = scorecard(period=year, scope=Scope(hub_id=zone.hubs.first().pk), suppress=True)  # type: ignore[union-attr]
    assert hub.step_down_share is not None and hub.step_down_share.text == "Not recorded"


def test_s4_share_is_not_shown_from_fewer_than_5_step_downs_or_before_it_is_recorded():
    _step_downs(D(2025, 3, 3), 3)
    rollup(first=D(2025, 1, 1), last=D(2025, 12, 1), today=D(2026, 2, 1))
    year = Period.parse("2025")
    not_recorded = scorecard(period=year, scope=Scope(), suppress=False).step_down_share
    assert not_recorded is not None and not_recorded.text == "Not recorded"
    SocialCareFigures.objects.create(
        year=2025, children_in_need=900, children_in_care=200, cases_closed=60
    )
    exact = scorecard(period=year, scope=Scope(), suppress=False).step_down_share
    assert exact is not None and exact.text == "5%"  # 3 of 60
    hidden = scorecard(period=year, scope=Scope(), suppress=True).step_down_share
    assert hidden is not None and hidden.number is None
    assert (hidden.text, hidden.numerator, hidden.denominator) == ("Not shown", FEWER, "60")


def test_s5_s6_are_the_administrators_figures_per_10000_children():
    SocialCareFigures.objects.create(year=2026, children_in_need=300, children_in_care=80)
    ChildPopulation.objects.create(year=2026, children=40_000)
    admin = admin_figures(Scope(), {2026})
    s5 = value_of(BY_KEY["S5"], Figure(0, 0), year=2026, admin=admin, suppress=True)
    s6 = value_of(BY_KEY["S6"], Figure(0, 0), year=2026, admin=admin, suppress=True)
    assert s5.number == pytest.approx(75.0) and s6.number == pytest.approx(20.0)


def test_small_numbers_are_suppressed_and_rates_from_them_hidden():
    share = value_of(
        BY_KEY["P1e"], Figure(2, 3), year=2026, admin=admin_figures(Scope(), set()), suppress=True
    )
    assert share.number is None and share.numerator == FEWER and share.denominator == FEWER
    assert share.text == "Not shown"
    exact = value_of(
        BY_KEY["P1e"], Figure(2, 3), year=2026, admin=admin_figures(Scope(), set()), suppress=False
    )
    assert exact.text == "67%"
    average = value_of(
        BY_KEY["P1a"], Figure(29, 3), year=2026, admin=admin_figures(Scope(), set()), suppress=True
    )
    assert average.number is None and average.denominator == FEWER
    count = value_of(
        BY_KEY["P3"], Figure(4, 0), year=2026, admin=admin_figures(Scope(), set()), suppress=True
    )
    assert count.text == FEWER
    big = value_of(
        BY_KEY["P1e"], Figure(6, 10), year=2026, admin=admin_figures(Scope(), set()), suppress=True
    )
    assert big.text == "60%"
    zero = value_of(
        BY_KEY["P3"], Figure(0, 0), year=2026, admin=admin_figures(Scope(), set()), suppress=True
    )
    assert zero.text == "0"


def test_stored_quarter_re_aggregates_numerators_not_rates_and_rerun_is_identical():
    from reporting.models import ScorecardSnapshot

    zone_a, zone_b = ZoneFactory(), ZoneFactory()
    # January, zone A: 1 of 1 within target; February, zone B: 0 of 3.
    journey(
        received=D(2026, 1, 5),
        steps={"allocate": D(2026, 1, 6)},
        family=FamilyFactory(family_hub__zone=zone_a),
    )
    for _ in range(3):
        journey(
            received=D(2026, 2, 2),
            steps={"allocate": D(2026, 2, 27)},
            family=FamilyFactory(family_hub__zone=zone_b),
        )
    rollup(first=D(2026, 1, 1), last=D(2026, 3, 1), today=D(2026, 4, 1))
    first = sorted(
        ScorecardSnapshot.objects.values_list(
            "measure", "month", "zone_id", "family_hub_id", "agency_id", "numerator", "denominator"
        )
    )
    quarter = Period.parse("2026-Q1")
    stored = stored_figures(quarter)
    assert stored["P1e"] == Figure(1, 4)  # 25%, not the average of 100% and 0%
    assert stored["P1e"] == compute("P1e", quarter)
    assert stored_figures(quarter, Scope(zone_id=zone_b.pk))["P1e"] == Figure(0, 3)
    rollup(first=D(2026, 1, 1), last=D(2026, 3, 1), today=D(2026, 4, 1))
    again = sorted(
        ScorecardSnapshot.objects.values_list(
            "measure", "month", "zone_id", "family_hub_id", "agency_id", "numerator", "denominator"
        )
    )
    assert again == first
