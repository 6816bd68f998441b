"""A partnership configures its own figures and frameworks in the administration pages:
each change is validated, audited, kept in the field history, and moves the figure it
feeds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import Case
from cases.models.audit import AuditEntry
from partners.roles import Role
from reporting import supporting_families as sf
from reporting.models import (
    AgencySelfAssessment,
    AuditFramework,
    CaseAudit,
    ChildPopulation,
    ClaimRule,
    ClaimRules,
    FamiliesEstimate,
    LeadPractitionerTraining,
    PartnershipStrand,
    SocialCareFigures,
)
from reporting.models.supporting_families import programme_year_of
from reporting.scorecard.dashboard import scorecard
from reporting.scorecard.engine import compute
from reporting.scorecard.periods import Period, Scope
from reporting.supporting_families import claim_rules
from tests.cases.factories import CaseFactory
from tests.partners.factories import AgencyFactory, ZoneFactory, member
from tests.reporting.supporting_families_data import claim_case

pytestmark = pytest.mark.django_db

YEAR = dt.date.today().year


def _card(zone_id: int | None = None):  # type: ignore[no-untyped-def]
    return scorecard(
        period=Period.parse(f"{YEAR}-01"), scope=Scope(zone_id=zone_id), suppress=False
    )


@pytest.fixture
def admin(signed_in_client):  # type: ignore[no-untyped-def]
    return signed_in_client(member(Role.SYSTEM_ADMIN))


def test_entering_child_population_for_a_zone_makes_s1_appear_for_that_zone(admin):
    zone = ZoneFactory()
    assert _card(zone.pk).rows_by_key["S1"].value.text == "Population not recorded"

    response = admin.post(
        reverse("admin:reporting_childpopulation_add"),
        {"year": YEAR, "zone": zone.pk, "children": "12000", "source": "ONS mid-year"},
    )

    assert response.status_code == 302
    s1 = _card(zone.pk).rows_by_key["S1"].value
    assert s1.number == 0.0 and s1.denominator == "12,000"
    assert f"apply from 1 January {YEAR}" in s1.note
    entry = AuditEntry.objects.filter(reason="configuration: child population").get()
    assert entry.detail["children"] == 12000
    assert ChildPopulation.pgh_event_model.objects.filter(children=12000).exists()


def test_a_bad_population_keeps_what_was_typed_and_says_what_is_wrong(admin):
    response = admin.post(
        reverse("admin:reporting_childpopulation_add"),
        {"year": YEAR, "zone": "", "children": "-5", "source": "typed"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "errornote" in page and 'value="typed"' in page
    assert not ChildPopulation.objects.exists()


def test_a_families_estimate_makes_penetration_appear(admin):
    zone = ZoneFactory()
    assert _card(zone.pk).rows_by_key["S9"].value.text == "Estimate not recorded"
    admin.post(
        reverse("admin:reporting_familiesestimate_add"),
        {"year": YEAR, "zone": zone.pk, "families": "10000", "additional_needs_percent": "7"},
    )
    assert _card(zone.pk).rows_by_key["S9"].value.text == "0.0%"
    assert FamiliesEstimate.objects.get().estimated_in_need == 700


def test_social_care_figures_make_s5_and_s6_appear(admin):
    admin.post(reverse("admin:reporting_childpopulation_add"), {"year": YEAR, "children": "40000"})
    assert _card().rows_by_key["S5"].value.text == "Not recorded"
    admin.post(
        reverse("admin:reporting_socialcarefigures_add"),
        {"year": YEAR, "children_in_need": "300", "children_in_care": "80"},
    )
    assert SocialCareFigures.objects.count() == 1
    card = _card()
    assert card.rows_by_key["S5"].value.text == "75.0"
    assert card.rows_by_key["S6"].value.text == "20.0"


def test_a_training_record_is_added_audited_and_counted_in_q1(admin):
    agency = AgencyFactory()
    person = member(Role.PRACTITIONER, agency=agency)
    assert compute("Q1", Period.parse(f"{YEAR}-01")).numerator == 0
    response = admin.post(
        reverse("admin:reporting_leadpractitionertraining_add"),
        {
            "user": person.pk,
            "agency": agency.pk,
            "course": "Lead practitioner training",
            "completed_on": f"{YEAR}-01-10",
        },
    )
    assert response.status_code == 302
    assert LeadPractitionerTraining.objects.get().user == person
    assert AuditEntry.objects.filter(reason="configuration: lead practitioner training").exists()
    assert compute("Q1", Period.parse(f"{YEAR}-01")).numerator == 1
    assert compute("Q1", Period.parse(f"{YEAR}-02")).numerator == 0  # counted when completed


def test_changing_the_claim_rules_changes_what_claims_are_checked_against(admin):
    rules = ClaimRules.objects.get()
    admin.post(
        reverse("admin:reporting_claimrules_change", args=[rules.pk]),
        {"sustained_months": "9", "note": "From April"},
    )
    assert claim_rules().sustained_months == 9


def test_an_audit_framework_in_use_is_fixed_and_a_new_version_keeps_earlier_audits(admin):
    framework = AuditFramework.objects.get(is_current=True)
    questions = list(framework.questions.values_list("text", flat=True))
    audit = CaseAudit.objects.create(
        case=CaseFactory(), framework=framework, auditor=member(Role.MANAGER)
    )
    page = admin.get(reverse("admin:reporting_auditframework_change", args=[framework.pk]))
    assert 'name="questions-0-text"' not in page.content.decode()

    admin.post(
        reverse("admin:reporting_auditframework_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [framework.pk]},
    )
    copy = AuditFramework.objects.exclude(pk=framework.pk).get()
    assert list(copy.questions.values_list("text", flat=True)) == questions
    admin.post(
        reverse("admin:reporting_auditframework_changelist"),
        {"action": "make_current", "_selected_action": [copy.pk]},
    )

    copy.refresh_from_db()
    audit.refresh_from_db()
    assert copy.is_current and audit.framework == framework


def test_a_pledge_agencies_have_met_keeps_its_words(admin):
    strand = PartnershipStrand.objects.prefetch_related("pledges").first()
    assert strand is not None
    pledges = list(strand.pledges.all())
    assessment = AgencySelfAssessment.objects.create(
        agency=AgencyFactory(), recorded_by=member(Role.MANAGER)
    )
    assessment.pledges_met.add(pledges[0])
    data = {
        "number": strand.number,
        "name": strand.name,
        "description": strand.description,
        "is_active": "on",
        "pledges-TOTAL_FORMS": len(pledges),
        "pledges-INITIAL_FORMS": len(pledges),
        "pledges-MIN_NUM_FORMS": 0,
        "pledges-MAX_NUM_FORMS": 1000,
    }
    for i, pledge in enumerate(pledges):
        data |= {
            f"pledges-{i}-id": pledge.pk,
            f"pledges-{i}-strand": strand.pk,
            f"pledges-{i}-number": pledge.number,
            f"pledges-{i}-text": "Reworded" if i == 0 else pledge.text,
            f"pledges-{i}-is_active": "on",
        }
    response = admin.post(
        reverse("admin:reporting_partnershipstrand_change", args=[strand.pk]), data
    )
    assert response.status_code == 200
    assert "untick" in response.content.decode()
    pledges[0].refresh_from_db()
    assert pledges[0].text != "Reworded"


def test_only_system_administrators_reach_the_configuration_pages(signed_in_client):
    manager = signed_in_client(member(Role.MANAGER))
    response = manager.get(reverse("admin:reporting_childpopulation_changelist"))
    assert response.status_code in (302, 403)


def _sustained(given, today: dt.date) -> bool:  # type: ignore[no-untyped-def]
    case = sf.annotate_conditions(Case.objects.filter(pk=given.case.pk), today=today).get()
    return bool(case.sustained)


def test_next_years_claim_rule_changes_only_next_years_claim_eligibility(admin):
    this_year = programme_year_of(dt.date.today())
    ClaimRule.objects.create(programme_year=this_year, sustained_months=6)
    closed_this_year = claim_case()
    closed_next_year = claim_case()
    Case.objects.filter(pk=closed_this_year.case.pk).update(closed_on=dt.date(this_year, 6, 1))
    Case.objects.filter(pk=closed_next_year.case.pk).update(closed_on=dt.date(this_year + 1, 6, 1))
    checked_on = dt.date(this_year + 1, 12, 15)  # six months after each, and more
    assert _sustained(closed_this_year, checked_on) and _sustained(closed_next_year, checked_on)

    outcome = closed_next_year.needs[0]
    response = admin.post(
        reverse("admin:reporting_claimrule_add"),
        {
            "programme_year": this_year + 1,
            "headline": outcome.pk,
            "sustained_months": "9",
            "note": "Attendance sustained for three terms",
        },
    )

    assert response.status_code == 302
    assert not _sustained(closed_next_year, checked_on)  # June + 9 months: March
    assert _sustained(closed_next_year, dt.date(this_year + 2, 3, 1))
    assert _sustained(closed_this_year, checked_on)  # its year's rule is unchanged
    assert AuditEntry.objects.filter(
        reason="configuration: Supporting Families claim rule by programme year"
    ).exists()
    assert ClaimRule.pgh_event_model.objects.filter(programme_year=this_year + 1).count() == 1


def test_a_claim_rule_is_refused_twice_for_one_year_and_outcome_or_outside_1_to_36_months(admin):
    ClaimRule.objects.create(programme_year=2027, sustained_months=6)

    twice = admin.post(
        reverse("admin:reporting_claimrule_add"),
        {"programme_year": 2027, "headline": "", "sustained_months": "3"},
    )
    too_long = admin.post(
        reverse("admin:reporting_claimrule_add"),
        {"programme_year": 2028, "headline": "", "sustained_months": "48"},
    )

    assert "already has a rule for every outcome" in twice.content.decode()
    assert 'value="3"' in twice.content.decode()  # what was typed is kept
    assert "less than or equal to 36" in too_long.content.decode()
    assert ClaimRule.objects.count() == 1
