"""Supporting Families: the claim engine checks each condition of a successful family
outcome from the case's own records, the evidence audit comes before the claim, the
page shows the evidence behind each condition met, and the quarterly return adds up."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentProblem,
    HeadlineProblem,
    OutcomeFramework,
    ProblemProgress,
)
from cases.models import Case
from cases.working_days import months_before
from earlyhelp.errors import ApplicationError
from family_plans.models import FamilyPlan, PlanAction, TafMeeting
from partners.roles import Role
from reporting import supporting_families as sf
from reporting.models import ClaimRules, FamilyClaim
from reporting.scorecard.engine import compute
from reporting.scorecard.periods import Period, PeriodKind
from tests.cases.factories import CaseFactory, HouseholdMemberFactory, PersonFactory
from tests.partners.factories import UserFactory, ZoneFactory, member
from tests.reporting.scorecard_data import at
from tests.reporting.supporting_families_data import ClaimCase, claim_case, days_ago, progress

pytestmark = pytest.mark.django_db

D = dt.date
ALL = [c.key for c in sf.CONDITIONS]


def _check(case: Case) -> sf.FamilyCheck:
    return sf.check_of(sf.annotate_conditions(Case.objects.filter(pk=case.pk)).get())


def _missing(case: Case) -> list[str]:
    return [c.key for c in _check(case).missing]


def test_a_family_with_every_condition_met_awaits_only_the_evidence_audit():
    given = claim_case()
    check = _check(given.case)
    assert [c.key for c in check.met] == [k for k in ALL if k != "evidence_checked"]
    assert [c.key for c in check.missing] == ["evidence_checked"]
    assert check.ready_for_evidence_audit and not check.claimable


def _no_lead(cc: ClaimCase) -> None:
    Case.objects.filter(pk=cc.case.pk).update(lead_practitioner=None)


def _not_signed_off(cc: ClaimCase) -> None:
    Assessment.objects.filter(pk=cc.assessment.pk).update(state="submitted")


def _plan_misses_a_need(cc: ClaimCase) -> None:
    cc.outcome.headline_problems.remove(cc.needs[-1])


def _plan_not_agreed(cc: ClaimCase) -> None:
    FamilyPlan.objects.filter(pk=cc.plan.pk).update(agreed_version=0)


def _no_support(cc: ClaimCase) -> None:
    PlanAction.objects.filter(pk=cc.action.pk).update(status="in_progress")
    TafMeeting.objects.filter(pk=cc.meeting.pk).update(status="scheduled")


def _latest_progress_not_positive(cc: ClaimCase) -> None:
    # An earlier reading was significant; the latest one counts.
    progress(cc.case, cc.needs[1], "some_progress", days_ago(150))


def _a_need_without_progress(cc: ClaimCase) -> None:
    framework = OutcomeFramework.objects.get(is_current=True)
    extra = framework.headlines.order_by("number")[len(cc.needs)]
    AssessmentProblem.objects.create(assessment=cc.assessment, headline=extra)
    cc.outcome.headline_problems.add(extra)


def _closed_too_recently(cc: ClaimCase) -> None:
    Case.objects.filter(pk=cc.case.pk).update(closed_on=days_ago(100))


@pytest.mark.parametrize(
    ("breaks", "missing"),
    [
        (_no_lead, ["has_lead"]),
        (_not_signed_off, ["has_assessment", "plan_covers_needs", "needs_positive"]),
        (_plan_misses_a_need, ["plan_covers_needs"]),
        (_plan_not_agreed, ["plan_covers_needs"]),
        (_no_support, ["support_given"]),
        (_latest_progress_not_positive, ["needs_positive"]),
        (_a_need_without_progress, ["needs_positive"]),
        (_closed_too_recently, ["sustained"]),
    ],
)
def test_each_condition_missing_is_named_and_the_others_stay_met(
    breaks: Callable[[ClaimCase], None], missing: list[str]
):
    given = claim_case()
    breaks(given)
    assert _missing(given.case) == [*missing, "evidence_checked"]
    assert not _check(given.case).ready_for_evidence_audit


def test_support_is_an_action_done_or_a_meeting_held_either_is_enough():
    only_meeting = claim_case()
    PlanAction.objects.filter(pk=only_meeting.action.pk).update(status="in_progress")
    only_action = claim_case()
    TafMeeting.objects.filter(pk=only_action.meeting.pk).update(status="cancelled")
    assert "support_given" not in _missing(only_meeting.case)
    assert "support_given" not in _missing(only_action.case)


def test_outcomes_must_hold_for_the_configured_months_after_closure():
    today = timezone.localdate()
    six_months_ago = months_before(today, 6)
    on_the_day = claim_case(closed_days_ago=(today - six_months_ago).days)
    a_day_short = claim_case(closed_days_ago=(today - six_months_ago).days - 1)
    still_open = claim_case(closed_days_ago=None)
    assert "sustained" not in _missing(on_the_day.case)
    assert "sustained" in _missing(a_day_short.case)
    assert "sustained" in _missing(still_open.case)
    # The administrator shortens the period: the recent closure now counts.
    ClaimRules.objects.update(sustained_months=1)
    assert "sustained" not in _missing(a_day_short.case)


def test_a_re_referral_or_a_step_up_breaks_sustainment():
    rereferred = claim_case()
    CaseFactory(
        family=rereferred.case.family, opened_on=days_ago(30), rereferral_of=rereferred.case
    )
    stepped_up = claim_case()
    Case.objects.filter(pk=stepped_up.case.pk).update(closure_reason="stepped_up")
    assert "sustained" in _missing(rereferred.case)
    assert "sustained" in _missing(stepped_up.case)


def test_claimable_only_after_the_evidence_audit_and_until_the_claim():
    given = claim_case()
    FamilyClaim.objects.create(case=given.case, evidence_checked_on=days_ago(1))
    check = _check(given.case)
    assert check.missing == [] and check.claimable
    FamilyClaim.objects.filter(case=given.case).update(claimed_on=days_ago(0))
    assert not _check(given.case).claimable


def test_a_manager_audits_the_evidence_then_claims_through_the_services():
    zone = ZoneFactory()
    given = claim_case(zone=zone)
    manager = member(Role.MANAGER, zone=zone)

    with pytest.raises(ApplicationError, match="internal audit of the evidence is missing"):
        sf.claim_record(actor=manager, case=given.case)
    with pytest.raises(ApplicationError, match="Enter what evidence was checked"):
        sf.evidence_audit_record(actor=manager, case=given.case, note="  ")

    claim = sf.evidence_audit_record(
        actor=manager, case=given.case, note="School attendance and police records checked"
    )
    assert claim.evidence_checked_on == timezone.localdate()
    assert claim.evidence_checked_by == manager
    assert claim.claimed_on is None

    claim = sf.claim_record(actor=manager, case=given.case)
    assert claim.claimed_on == timezone.localdate()
    assert claim.evidence == dict.fromkeys(ALL, True)
    assert given.case.chronology.filter(kind="supporting_families").count() == 2
    with pytest.raises(ApplicationError, match="already been made"):
        sf.claim_record(actor=manager, case=given.case)


def test_the_evidence_cannot_be_audited_while_a_condition_is_missing():
    zone = ZoneFactory()
    given = claim_case(zone=zone, closed_days_ago=None)
    with pytest.raises(ApplicationError, match="sustained after closure"):
        sf.evidence_audit_record(
            actor=member(Role.MANAGER, zone=zone), case=given.case, note="Checked"
        )
    assert not FamilyClaim.objects.exists()


def _family_with(*members: dict[str, object], left: bool = False) -> Case:
    case = CaseFactory()
    for fields in members:
        HouseholdMemberFactory(
            family=case.family,
            person=PersonFactory(**fields),
            left_on=D(2025, 12, 1) if left else None,
        )
    return case


def _signed_off(case: Case, framework: OutcomeFramework, day: dt.date, needs: int = 3) -> None:
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


def test_eligibility_needs_a_dependent_child_as_p2a_counts_it():
    current = OutcomeFramework.objects.get(is_current=True)
    adults_too = OutcomeFramework.objects.create(
        name="Adults' framework (test)", min_needs=3, requires_dependent_children=False
    )
    for n in (1, 2, 3):
        HeadlineProblem.objects.create(framework=adults_too, number=n, name=f"Need {n}")
    signed = D(2026, 1, 15)
    adult = {"date_of_birth": D(1980, 1, 1)}
    cases = {
        "child of nine": _family_with(adult, {"date_of_birth": D(2016, 6, 1)}),
        "adults only": _family_with(adult),
        "a baby expected": _family_with(
            adult, {"date_of_birth": None, "expected_date_of_birth": D(2026, 3, 1)}
        ),
        "nineteen with SEND": _family_with({"date_of_birth": D(2006, 6, 1), "send": True}),
        "nineteen": _family_with({"date_of_birth": D(2006, 6, 1)}),
        "eighteen that day": _family_with({"date_of_birth": D(2008, 1, 15)}),
        "eighteen the next day": _family_with({"date_of_birth": D(2008, 1, 16)}),
        "child left the household": _family_with({"date_of_birth": D(2016, 6, 1)}, left=True),
    }
    for case in cases.values():
        _signed_off(case, current, signed)
    no_children_needed = _family_with(adult)
    _signed_off(no_children_needed, adults_too, signed)
    cases["adults, framework without the rule"] = no_children_needed

    eligible = set(
        sf.annotate_conditions(Case.objects.filter(pk__in=[c.pk for c in cases.values()]))
        .filter(eligible=True)  # type: ignore[misc]
        .values_list("pk", flat=True)
    )
    expected = {
        "child of nine",
        "a baby expected",
        "nineteen with SEND",
        "eighteen the next day",
        "adults, framework without the rule",
    }
    assert {name for name, case in cases.items() if case.pk in eligible} == expected
    assert compute("P2a", Period.parse("2026-01")).numerator == len(expected) == 5


def _page(client, zone_id: int | None = None) -> str:  # type: ignore[no-untyped-def]
    url = reverse("supporting-families") + (f"?zone={zone_id}" if zone_id else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_evidence_behind_each_condition_met(signed_in_client):
    zone = ZoneFactory()
    given = claim_case(zone=zone, reference="EHSF00001")
    FamilyClaim.objects.create(
        case=given.case, evidence_checked_on=days_ago(2), evidence_checked_by=given.lead
    )
    page = _page(signed_in_client(member(Role.MANAGER, zone=zone)), zone.pk)

    def day(d: dt.date | dt.datetime) -> str:
        d = timezone.localdate(d) if isinstance(d, dt.datetime) else d
        return f"{d.day} {d:%B %Y}"

    closed = given.case.closed_on
    assert closed is not None
    for line in (
        f"{given.lead.full_name}, {given.case.lead_agency.name}",
        f"Assessment 1 signed off on {day(given.assessment.signed_off_at)}",
        f"Plan version 1 agreed on {day(given.plan.versions.get().agreed_on)}",
        "Covers all 3 identified needs",
        "1 plan action done",
        f"TAF meeting held on {day(given.meeting.starts_at)}",
        f"1. {given.needs[0].name}: Significant progress on {day(days_ago(210))} "
        "(1 progress record)",
        f"Closed on {day(closed)}; 6 months passed on",
        f"Audited on {day(days_ago(2))} by {given.lead.full_name}",
    ):
        assert line in page, line
    assert "Record the claim" in page


def test_the_families_page_runs_as_many_queries_for_many_families_as_for_few(signed_in_client):
    zone = ZoneFactory()
    client = signed_in_client(member(Role.MANAGER, zone=zone))
    counts = []
    for size in (3, 30):
        while Case.objects.filter(zone=zone).count() < size:
            given = claim_case(zone=zone)
            progress(given.case, given.needs[0], "sustained", days_ago(190))
        _page(client, zone.pk)
        with CaptureQueriesContext(connection) as queries:
            page = _page(client, zone.pk)
        assert page.count("Significant and sustained progress") == min(size, 25)
        counts.append(len(queries))
    assert counts[1] <= counts[0], counts


def test_managers_record_the_audit_and_the_claim_from_the_page(signed_in_client):
    zone = ZoneFactory()
    given = claim_case(zone=zone)
    client = signed_in_client(member(Role.MANAGER, zone=zone))
    url = reverse("supporting-families-evidence", args=[given.case.pk])
    assert client.post(url, {"note": "Records checked"}).status_code == 302
    assert (
        client.post(reverse("supporting-families-claim", args=[given.case.pk])).status_code == 302
    )
    claim = FamilyClaim.objects.get(case=given.case)
    assert claim.evidence_note == "Records checked" and claim.claimed_on == timezone.localdate()
    # A coordinator sees the case but may not sign off: refused.
    other = claim_case(zone=zone)
    coordinator = signed_in_client(member(Role.COORDINATOR, zone=zone))
    url = reverse("supporting-families-evidence", args=[other.case.pk])
    assert coordinator.post(url, {"note": "x"}).status_code == 403


def _return(client, quarter: Period) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("supporting-families-return") + f"?quarter={quarter.code}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_quarterly_return_csv_holds_the_quarters_figures_and_the_totals_to_date(
    signed_in_client,
):
    zone = ZoneFactory()
    manager = member(Role.MANAGER, zone=zone)
    claimed = claim_case(zone=zone)
    sf.evidence_audit_record(actor=manager, case=claimed.case, note="Checked")
    sf.claim_record(actor=manager, case=claimed.case)  # claimed today
    # Signed off today with an agreed plan: identified and engaged this quarter, no
    # progress recorded yet.
    new = claim_case(zone=zone, closed_days_ago=None, signed_days_ago=0)
    ProblemProgress.objects.filter(case=new.case).delete()
    quarter = Period.containing(PeriodKind.QUARTER, timezone.localdate())
    rows = _return(signed_in_client(manager), quarter)

    assert rows[0] == ["Quarter", "Figure", "Value"]
    figures = {label: value for code, label, value in rows[1:] if code == quarter.code}
    assert len(figures) == len(rows) - 1
    headlines = list(OutcomeFramework.objects.get(is_current=True).headlines.order_by("number"))
    expected = {
        "Families identified and eligible (P2a)": "1",
        "Eligible families engaged with (P2b)": "1",
        "Claims made (S8)": "1",
        "Eligible families to date": "2",
        "Families claimable now": "0",
        "Families awaiting the evidence audit": "0",
        "Claims made to date": "1",
    }
    for h in headlines:
        # Both families have needs 1 to 3; only the claimed one made progress on them.
        expected[f"Need {h.number}, {h.name}: families"] = "2" if h.number <= 3 else "0"
        expected[f"Need {h.number}, {h.name}: positive progress"] = "1" if h.number <= 3 else "0"
    assert figures == expected

    lead_rows = _return(signed_in_client(member(Role.STRATEGIC_LEAD)), quarter)
    lead_figures = {label: value for _, label, value in lead_rows[1:]}
    assert set(lead_figures.values()) == {"fewer than 5", "0"}
    assert lead_figures["Claims made (S8)"] == "fewer than 5"
