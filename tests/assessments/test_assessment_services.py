"""Assessment services: starting, saving sections, submitting, signing off, reassessing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from assessments import sections as s
from assessments.models import (
    Assessment,
    AssessmentProblem,
    AssessmentSource,
    AssessmentState,
    SectionStatus,
)
from assessments.selectors import (
    assessed_needs,
    compare_versions,
    current_framework,
    family_eligibility,
    headline_problems,
    latest_signed_off_assessment,
    section_context,
    section_rows,
)
from assessments.services import (
    assessment_record_completed,
    assessment_return,
    assessment_section_save,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    problem_progress_record,
)
from cases.models import CaseTransition, HouseholdMember
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.roles import Role
from tests.assessments.factories import (
    answers_for,
    complete_assessment,
    family_case,
    values_for,
)
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def signed_off(fc, **kwargs):
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    complete_assessment(assessment, fc.worker, **kwargs)
    assessment = assessment_submit(
        actor=fc.worker, assessment=assessment, expected_version=assessment.version
    )
    return assessment_sign_off(actor=fc.manager, assessment=assessment)


# ------------------------------------------------------------------ starting


def test_starting_the_first_assessment_moves_an_allocated_case_to_assessment():
    fc = family_case()
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    fc.case.refresh_from_db()
    assert fc.case.state == State.ASSESSMENT
    assert assessment.number == 1 and assessment.state == AssessmentState.DRAFT
    assert assessment.framework.name == "Supporting Families 2022-25"
    assert CaseTransition.objects.filter(case=fc.case, name="start_assessment").exists()


@pytest.mark.parametrize(
    "state", [State.AWAITING_ALLOCATION, State.SCREENING, State.PLAN_AND_REVIEW, State.CLOSED]
)
def test_the_first_assessment_needs_the_case_allocated_or_in_assessment(state):
    fc = family_case(state=state)
    with pytest.raises(ApplicationError, match="once the case is allocated"):
        assessment_start(actor=fc.worker, case=fc.case)


def test_a_case_already_in_assessment_starts_without_a_transition():
    fc = family_case(state=State.ASSESSMENT)
    assessment_start(actor=fc.worker, case=fc.case)
    assert not CaseTransition.objects.filter(case=fc.case).exists()


def test_only_one_version_can_be_open_at_a_time():
    fc = family_case()
    assessment_start(actor=fc.worker, case=fc.case)
    with pytest.raises(ApplicationError, match="already in progress"):
        assessment_start(actor=fc.worker, case=fc.case)


def test_partners_and_colleagues_outside_the_case_cannot_start_it():
    fc = family_case()
    with pytest.raises(PermissionDenied):
        assessment_start(actor=fc.partner, case=fc.case)
    with pytest.raises(PermissionDenied):
        assessment_start(actor=member(Role.PRACTITIONER, agency=fc.school), case=fc.case)


# ------------------------------------------------------------------ sections


def test_a_draft_section_saves_partial_answers_and_a_completed_one_needs_them_all():
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    row = assessment_section_save(
        actor=fc.worker,
        assessment=assessment,
        key="family",
        values={"housing": "Rented flat"},
        complete=False,
        expected_version=0,
    )
    assert row.status == SectionStatus.IN_PROGRESS and row.version == 1
    assert row.data["housing"] == "Rented flat"
    with pytest.raises(ApplicationError) as exc:
        assessment_section_save(
            actor=fc.worker,
            assessment=assessment,
            key="family",
            values={"housing": "Rented flat"},
            complete=True,
            expected_version=1,
        )
    assert exc.value.extra["community"] == ["Enter the family's community"]
    assert "tried_before" not in exc.value.extra  # optional
    row.refresh_from_db()
    assert row.version == 1 and row.status == SectionStatus.IN_PROGRESS


def test_saving_from_a_stale_version_is_refused_with_the_other_persons_answers():
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    assessment_section_save(
        actor=fc.worker,
        assessment=assessment,
        key="views",
        values={"family_view": "We are managing"},
        complete=False,
        expected_version=0,
    )
    with pytest.raises(ConcurrentChangeError) as exc:
        assessment_section_save(
            actor=fc.manager,
            assessment=assessment,
            key="views",
            values={"family_view": "Mum says things are hard"},
            complete=False,
            expected_version=0,
        )
    assert exc.value.extra["theirs"]["family_view"] == "We are managing"
    assert exc.value.extra["version"] == 1
    assert exc.value.extra["updated_by"] == fc.worker.full_name


def test_consent_under_13_must_come_from_a_parent_and_over_13_may_be_their_own():
    fc = family_case(children=2, adults=1, child_ages=[15, 9])
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    older, younger = fc.children
    values = {
        f"c{older.pk}_decision": "given",
        f"c{older.pk}_given_by": "self",
        f"c{younger.pk}_decision": "given",
        f"c{younger.pk}_given_by": "self",
    }
    with pytest.raises(ApplicationError) as exc:
        assessment_section_save(
            actor=fc.worker,
            assessment=assessment,
            key="consent",
            values=values,
            complete=False,
            expected_version=0,
        )
    assert exc.value.extra == {
        f"c{younger.pk}_given_by": [
            f"{younger.full_name} is under 13: select the parent or carer who gave consent"
        ]
    }
    values[f"c{younger.pk}_given_by"] = str(fc.adults[0].pk)
    row = assessment_section_save(
        actor=fc.worker,
        assessment=assessment,
        key="consent",
        values=values,
        complete=False,
        expected_version=0,
    )
    assert row.data[f"c{younger.pk}_given_by"] == str(fc.adults[0].pk)
    with pytest.raises(ApplicationError) as exc:
        assessment_section_save(
            actor=fc.worker,
            assessment=assessment,
            key="consent",
            values=values,
            complete=True,
            expected_version=1,
        )
    assert exc.value.extra["confirmed"] == [
        "Confirm that the family's consent is recorded as they gave it"
    ]
    assert f"c{older.pk}_method" in exc.value.extra  # verbal or written, for each decision


def test_headline_problems_need_evidence_and_a_date_and_become_problem_rows():
    fc = family_case()
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    context = section_context(assessment=assessment)
    first, second = context.headlines[:2]
    with pytest.raises(ApplicationError) as exc:
        assessment_section_save(
            actor=fc.worker,
            assessment=assessment,
            key="problems",
            values={f"p{first.id}": True},
            complete=True,
            expected_version=0,
        )
    assert set(exc.value.extra) == {f"p{first.id}_evidence", f"p{first.id}_identified_on"}
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(ApplicationError, match="Check the answers"):
        assessment_section_save(
            actor=fc.worker,
            assessment=assessment,
            key="problems",
            values={f"p{first.id}": True, f"p{first.id}_identified_on": future},
            complete=False,
            expected_version=0,
        )
    assessment_section_save(
        actor=fc.worker,
        assessment=assessment,
        key="problems",
        values={
            f"p{first.id}": True,
            f"p{first.id}_evidence": "Attendance 71%",
            f"p{first.id}_identified_on": "2026-01-05",
            f"p{second.id}": True,
        },
        complete=False,
        expected_version=0,
    )
    rows = AssessmentProblem.objects.filter(assessment=assessment).order_by("headline__number")
    assert [(p.headline_id, p.evidence) for p in rows] == [
        (first.id, "Attendance 71%"),
        (second.id, ""),
    ]
    assessment_section_save(
        actor=fc.worker,
        assessment=assessment,
        key="problems",
        values={f"p{second.id}": True},
        complete=False,
        expected_version=1,
    )
    assert list(
        AssessmentProblem.objects.filter(assessment=assessment).values_list(
            "headline_id", flat=True
        )
    ) == [second.id]


# ------------------------------------------------------------------ submit, sign-off, return


def test_submitting_needs_every_section_completed():
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    assessment_section_save(
        actor=fc.worker,
        assessment=assessment,
        key="family",
        values={"housing": "Flat"},
        complete=False,
        expected_version=0,
    )
    assessment.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        assessment_submit(
            actor=fc.worker, assessment=assessment, expected_version=assessment.version
        )
    assert "Complete the section 'Consent'" in exc.value.extra["__all__"]
    assert (
        "Complete the section 'Housing, community and support network'"
        in (exc.value.extra["__all__"])
    )


def test_submitting_answers_someone_changed_after_checking_is_refused():
    fc = family_case(children=1, adults=1)
    assessment = complete_assessment(assessment_start(actor=fc.worker, case=fc.case), fc.worker)
    shown = assessment.version
    row = section_rows(assessment=assessment)["views"]
    assessment_section_save(
        actor=fc.worker,
        assessment=assessment,
        key="views",
        values={**row.data, "family_goals": "Changed"},
        complete=True,
        expected_version=row.version,
    )
    with pytest.raises(ConcurrentChangeError):
        assessment_submit(actor=fc.worker, assessment=assessment, expected_version=shown)


def test_a_signed_off_assessment_never_changes():
    fc = family_case(children=1, adults=1)
    assessment = signed_off(fc)
    assert assessment.state == AssessmentState.SIGNED_OFF
    row = section_rows(assessment=assessment)["family"]
    with pytest.raises(ApplicationError, match="cannot be changed"):
        assessment_section_save(
            actor=fc.worker,
            assessment=assessment,
            key="family",
            values={"housing": "New"},
            complete=True,
            expected_version=row.version,
        )
    with pytest.raises(ApplicationError):
        assessment_return(actor=fc.manager, assessment=assessment, comments="Too late")
    with pytest.raises(ApplicationError):
        assessment_submit(actor=fc.worker, assessment=assessment, expected_version=0)


def test_only_managers_sign_off_and_not_one_who_submitted_it():
    fc = family_case(children=1, adults=1)
    assessment = complete_assessment(assessment_start(actor=fc.worker, case=fc.case), fc.worker)
    assessment = assessment_submit(
        actor=fc.worker, assessment=assessment, expected_version=assessment.version
    )
    with pytest.raises(PermissionDenied):
        assessment_sign_off(actor=fc.worker, assessment=assessment)
    with pytest.raises(PermissionDenied):
        assessment_sign_off(actor=fc.partner, assessment=assessment)
    other_manager = member(Role.MANAGER, agency=fc.council)
    signed = assessment_sign_off(actor=other_manager, assessment=assessment)
    assert signed.signed_off_by == other_manager


def test_a_manager_cannot_sign_off_an_assessment_they_submitted():
    fc = family_case(children=1, adults=1)
    assessment = complete_assessment(assessment_start(actor=fc.manager, case=fc.case), fc.manager)
    assessment = assessment_submit(
        actor=fc.manager, assessment=assessment, expected_version=assessment.version
    )
    with pytest.raises(ApplicationError, match="Another manager"):
        assessment_sign_off(actor=fc.manager, assessment=assessment)


def test_returning_needs_comments_and_makes_a_draft_again():
    fc = family_case(children=1, adults=1)
    assessment = complete_assessment(assessment_start(actor=fc.worker, case=fc.case), fc.worker)
    assessment = assessment_submit(
        actor=fc.worker, assessment=assessment, expected_version=assessment.version
    )
    with pytest.raises(ApplicationError, match="Enter what needs to change"):
        assessment_return(actor=fc.manager, assessment=assessment, comments=" ")
    returned = assessment_return(actor=fc.manager, assessment=assessment, comments="More detail")
    assert returned.state == AssessmentState.DRAFT
    assert returned.reviews.get().comments == "More detail"


# ------------------------------------------------------------------ reassessment and versions


def test_a_reassessment_copies_the_last_version_and_comparison_shows_what_changed():
    fc = family_case(children=2, adults=1, state=State.ASSESSMENT)
    first = signed_off(fc)
    fc.case.state = State.PLAN_AND_REVIEW
    fc.case.save()
    second = assessment_start(actor=fc.worker, case=fc.case)
    assert second.number == 2 and second.previous == first
    rows = section_rows(assessment=second)
    assert set(rows) == set(section_rows(assessment=first))
    assert rows["family"].data == section_rows(assessment=first)["family"].data
    assert second.need_level == first.need_level
    assert AssessmentProblem.objects.filter(assessment=second).count() == 3

    assessment_section_save(
        actor=fc.worker,
        assessment=second,
        key="family",
        values={**rows["family"].data, "housing": "Moved to a three-bedroom house"},
        complete=True,
        expected_version=rows["family"].version,
    )
    comparison = {c.key: c for c in compare_versions(before=first, after=second)}
    assert comparison["family"].changed
    changed = [f for f in comparison["family"].fields if f.changed]
    assert [(f.label, f.after) for f in changed] == [("Housing", "Moved to a three-bedroom house")]
    assert not comparison["views"].changed
    assert not comparison["consent"].changed
    # The first version is untouched.
    assert section_rows(assessment=first)["family"].data["housing"] != (
        "Moved to a three-bedroom house"
    )


def test_a_reassessment_needs_the_last_version_signed_off_and_an_active_case():
    fc = family_case(children=1, adults=1)
    assessment_start(actor=fc.worker, case=fc.case)
    with pytest.raises(ApplicationError, match="already in progress"):
        assessment_start(actor=fc.worker, case=fc.case)
    closing = family_case(children=1, adults=1)
    signed_off(closing)
    closing.case.state = State.CLOSING
    closing.case.save()
    with pytest.raises(ApplicationError, match="cannot reassess"):
        assessment_start(actor=closing.worker, case=closing.case)


def test_a_person_who_left_the_household_is_not_carried_into_a_reassessment():
    fc = family_case(children=2, adults=1, state=State.ASSESSMENT)
    first = signed_off(fc)
    HouseholdMember.objects.filter(person=fc.children[0]).update(left_on=timezone.localdate())
    fc.case.state = State.PLAN_AND_REVIEW
    fc.case.save()
    second = assessment_start(actor=fc.worker, case=fc.case)
    assert f"child-{fc.children[0].pk}" in section_rows(assessment=first)
    assert f"child-{fc.children[0].pk}" not in section_rows(assessment=second)
    # The signed-off first version still shows the child who left.
    context = section_context(assessment=first)
    assert fc.children[0].pk in {m.person_id for m in context.members}


# ------------------------------------------------------------------ recorded elsewhere


def test_a_manager_can_record_an_assessment_completed_elsewhere_on_a_closed_case():
    fc = family_case(children=2, adults=1, state=State.CLOSED, opened_days_ago=200)
    draft = Assessment(case=fc.case, framework=current_framework(), started_by=fc.worker)
    context = section_context(assessment=draft, rows={})
    answers = {d.key: values_for(d, context) for d in s.section_definitions(context)}
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        assessment_record_completed(
            actor=fc.worker,
            case=fc.case,
            answers=answers,
            assessed_by=fc.worker,
            started_at=now - dt.timedelta(days=150),
            signed_off_at=now - dt.timedelta(days=120),
        )
    recorded = assessment_record_completed(
        actor=fc.manager,
        case=fc.case,
        answers=answers,
        assessed_by=fc.worker,
        started_at=now - dt.timedelta(days=150),
        signed_off_at=now - dt.timedelta(days=120),
    )
    assert recorded.state == AssessmentState.SIGNED_OFF
    assert recorded.source == AssessmentSource.IMPORTED
    assert recorded.sections.filter(status=SectionStatus.COMPLETED).count() == len(answers)
    assert latest_signed_off_assessment(fc.case) == recorded
    incomplete = dict(answers)
    incomplete.pop("views")
    with pytest.raises(ApplicationError, match="Check the assessment"):
        assessment_record_completed(
            actor=fc.manager,
            case=fc.case,
            answers=incomplete,
            assessed_by=fc.worker,
            started_at=now - dt.timedelta(days=100),
            signed_off_at=now - dt.timedelta(days=90),
        )


# ------------------------------------------------------------------ what other apps read


def test_assessed_needs_and_headline_problems_come_from_the_latest_signed_off_version():
    fc = family_case(children=2, adults=1)
    assert assessed_needs(fc.case) == []
    assert headline_problems(fc.case) == []
    signed_off(fc, problems=4)
    needs = assessed_needs(fc.case)
    keys = [n.key for n in needs]
    assert keys[:2] == [f"child-{fc.children[0].pk}", f"child-{fc.children[1].pk}"]
    assert "family" in keys and f"adult-{fc.adults[0].pk}" in keys
    assert all(n.needs for n in needs)
    problems = headline_problems(fc.case)
    assert [p.number for p in problems] == [1, 2, 3, 4]
    assert problems[0].evidence == "Evidence for Getting a good education"

    problem_progress_record(
        actor=fc.worker,
        case=fc.case,
        headline=_headline(problems[0].headline_id),
        status="some_progress",
        note="Attendance 85%",
    )
    assert headline_problems(fc.case)[0].progress.status == "some_progress"
    with pytest.raises(ApplicationError):
        problem_progress_record(
            actor=fc.worker,
            case=fc.case,
            headline=_headline_number(9),
            status="some_progress",
        )


def _headline(pk):
    from assessments.models import HeadlineProblem

    return HeadlineProblem.objects.get(pk=pk)


def _headline_number(number):
    from assessments.models import HeadlineProblem

    return HeadlineProblem.objects.get(framework__is_current=True, number=number)


def test_eligibility_needs_three_of_the_ten_needs_and_dependent_children():
    fc = family_case(children=2, adults=1)
    assert family_eligibility(fc.case) is None
    signed_off(fc, problems=3)
    eligibility = family_eligibility(fc.case)
    assert eligibility.eligible
    assert eligibility.framework == "Supporting Families 2022-25"
    assert eligibility.reasons[0].startswith("The family has 3 of the 10 headline needs")
    assert "2 dependent children" in eligibility.reasons[1]

    two = family_case(children=1, adults=1)
    signed_off(two, problems=2)
    assert not family_eligibility(two.case).eligible


def test_answers_for_fills_every_section_validly():
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    answers = answers_for(assessment)
    assert set(answers) == {
        "consent",
        f"child-{fc.children[0].pk}",
        f"adult-{fc.adults[0].pk}",
        "family",
        "views",
        "problems",
        "analysis",
    }
