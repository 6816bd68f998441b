"""The demo builder adds assessments, readings, problems and measures, idempotently."""

import io

import pytest
from django.db.models import Count

from assessments import demo
from assessments.models import (
    Assessment,
    AssessmentState,
    MeasureReading,
    ProblemProgress,
    StarReading,
)
from cases import demo as cases_demo
from cases.models import Case, ChronologyEntry
from cases.workflow_states import State
from partners import demo as partners_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts() -> dict[str, int]:
    return {
        "assessments": Assessment.objects.count(),
        "readings": StarReading.objects.count(),
        "progress": ProblemProgress.objects.count(),
        "measures": MeasureReading.objects.count(),
        "chronology": ChronologyEntry.objects.count(),
    }


def test_the_demo_assesses_cases_past_allocation_and_running_it_twice_adds_nothing():
    partners_demo.build(password="early-help-demo")
    cases_demo.build(families=60)
    result = demo.build(password="early-help-demo", families=60, stdout=io.StringIO())
    assert result["assessments"] > 0 and result["star readings"] > 0
    first = counts()

    later = Case.objects.filter(
        state__in=[State.PLAN_AND_REVIEW, State.CLOSING], transitions__name="start_plan"
    ).distinct()
    assert later.exists()
    for case in later:
        assert case.assessments.filter(state=AssessmentState.SIGNED_OFF).exists(), case
    assessing = Case.objects.filter(state=State.ASSESSMENT)
    for case in assessing:
        assert case.assessments.exists(), case
    # Every assessment is signed off by someone other than the lead practitioner.
    for a in Assessment.objects.filter(state=AssessmentState.SIGNED_OFF).select_related("case"):
        assert a.signed_off_by_id != a.case.lead_practitioner_id
    # Readings follow the rules: within the case's dates, confirmed ones flagged.
    for r in StarReading.objects.select_related("case"):
        assert r.case.opened_on <= r.taken_on
        assert r.case.closed_on is None or r.taken_on <= r.case.closed_on
        assert r.counts_in_reports == (r.kind != "family_view")
    kinds = dict(StarReading.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds.get("joint", 0) > kinds.get("worker_only", 0) > 0

    again = demo.build(password="early-help-demo", families=60, stdout=io.StringIO())
    assert again["assessments"] == 0 and again["star readings"] == 0
    assert counts() == first
