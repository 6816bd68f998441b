"""The demo builder gives every part of the case journey something to show, idempotently."""

import pytest
from django.db.models import Count

from cases import demo
from cases.models import (
    AllocationItem,
    AllocationMeeting,
    Case,
    ClosureProposal,
    ClosureStatus,
    Decision,
    FamilyFeedback,
    LeadPractitionerAssignment,
    StepAcross,
    StepDown,
)
from cases.workflow_states import State
from partners import demo as partners_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts() -> dict[str, int]:
    return {
        "cases": Case.objects.count(),
        "meetings": AllocationMeeting.objects.count(),
        "items": AllocationItem.objects.count(),
        "leads": LeadPractitionerAssignment.objects.count(),
        "closures": ClosureProposal.objects.count(),
    }


def test_the_demo_builds_meetings_leads_step_downs_closures_and_rereferrals_once():
    partners_demo.build(password="early-help-demo")
    demo.build(families=150)
    first = counts()
    demo.build(families=150)
    assert counts() == first  # idempotent

    decisions = set(AllocationItem.objects.values_list("decision", flat=True))
    assert {Decision.ALLOCATE, Decision.DEFER} <= decisions
    allocated = Case.objects.filter(transitions__name="allocate").distinct()
    assert allocated.exists()
    for case in allocated:  # every allocated case was allocated at a meeting, with a level
        assert case.allocation_items.filter(decision=Decision.ALLOCATE).exists(), case
        assert case.allocation_level_id is not None
    # Lead practitioner history, with some changes of lead.
    changed = (
        LeadPractitionerAssignment.objects.values("case").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert changed.exists()
    assert StepDown.objects.exists()
    assert StepAcross.objects.exists()
    # Closures signed off with exit plans, levels and the family's feedback.
    signed = ClosureProposal.objects.filter(status=ClosureStatus.SIGNED_OFF)
    assert signed.exists()
    assert not signed.filter(exit_plan="").exists()
    for case in Case.objects.filter(state=State.CLOSED, closure_proposals__status="signed_off"):
        assert case.closure_level_id is not None
    assert FamilyFeedback.objects.filter(kind="closure").exists()
    assert Case.objects.filter(rereferral_of__isnull=False).exists()
