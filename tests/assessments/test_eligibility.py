"""The programme's eligibility rule: eligible or not, and why."""

import pytest

from assessments.eligibility import programme_eligibility
from assessments.models import OutcomeFramework

RULE = {
    "framework": "Supporting Families 2022-25",
    "min_needs": 3,
    "headline_count": 10,
    "requires_dependent_children": True,
}


def test_three_needs_and_a_dependent_child_make_a_family_eligible():
    result = programme_eligibility(
        **RULE,
        needs=["Secure housing", "Financial stability", "Safe from domestic abuse"],
        dependent_children=1,
        expecting=False,
    )
    assert result.eligible
    assert result.reasons == (
        "The family has 3 of the 10 headline needs (3 or more are needed): Secure housing, "
        "Financial stability, Safe from domestic abuse.",
        "The family has 1 dependent child.",
    )
    assert result.summary.startswith("Eligible for Supporting Families 2022-25:")


def test_two_needs_are_not_enough():
    result = programme_eligibility(
        **RULE,
        needs=["Secure housing", "Financial stability"],
        dependent_children=2,
        expecting=False,
    )
    assert not result.eligible
    assert "2 of the 10" in result.reasons[0]


def test_a_family_expecting_a_child_counts_without_children_yet():
    result = programme_eligibility(
        **RULE, needs=["A", "B", "C", "D"], dependent_children=0, expecting=True
    )
    assert result.eligible
    assert result.reasons[1] == "The family is expecting a child."


def test_a_household_without_dependent_children_is_not_eligible_whatever_its_needs():
    result = programme_eligibility(
        **RULE, needs=list("ABCDEF"), dependent_children=0, expecting=False
    )
    assert not result.eligible
    assert result.reasons[1] == "The family has no dependent children and is not expecting a child."


def test_no_needs_recorded_says_so():
    result = programme_eligibility(**RULE, needs=[], dependent_children=3, expecting=False)
    assert not result.eligible
    assert result.reasons[0] == "No headline needs are recorded (3 or more of the 10 are needed)."


@pytest.mark.django_db
def test_the_earlier_six_problem_framework_is_kept_as_data_with_its_own_rule():
    earlier = OutcomeFramework.objects.get(name="Troubled Families 2015-20")
    assert not earlier.is_current
    assert earlier.headlines.count() == 6
    result = programme_eligibility(
        framework=earlier.name,
        min_needs=earlier.min_needs,
        headline_count=earlier.headlines.count(),
        requires_dependent_children=earlier.requires_dependent_children,
        needs=["Crime and anti-social behaviour", "Domestic violence and abuse"],
        dependent_children=1,
        expecting=False,
    )
    assert result.eligible
    current = OutcomeFramework.objects.get(is_current=True)
    assert current.name == "Supporting Families 2022-25"
    assert [h.number for h in current.headlines.all()] == list(range(1, 11))
