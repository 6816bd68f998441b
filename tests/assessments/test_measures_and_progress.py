"""Standardised measures (SDQ) and progress against headline problems."""

import datetime as dt
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from assessments.models import MeasureReading, ProblemProgress
from assessments.selectors import measure_changes, measure_readings
from assessments.services import (
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    measure_reading_record,
)
from cases.models import ChronologyEntry
from earlyhelp.errors import ApplicationError
from partners.roles import Role
from tests.assessments.factories import complete_assessment, family_case, sdq
from tests.cases.factories import PersonFactory
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def test_an_sdq_score_is_recorded_per_person_within_its_range_and_dates():
    fc = family_case()
    child = fc.children[0]
    with pytest.raises(ApplicationError) as exc:
        measure_reading_record(
            actor=fc.worker,
            case=fc.case,
            measure=sdq(),
            person=child,
            score=41,
            taken_on=days_ago(1),
            occasion="before",
        )
    assert exc.value.extra["score"] == ["Score must be a whole number from 0 to 40"]
    with pytest.raises(ApplicationError) as exc:
        measure_reading_record(
            actor=fc.worker,
            case=fc.case,
            measure=sdq(),
            person=PersonFactory(),
            score=20,
            taken_on=days_ago(-1),
            occasion="before",
        )
    assert set(exc.value.extra) == {"person", "taken_on"}
    before = measure_reading_record(
        actor=fc.worker,
        case=fc.case,
        measure=sdq(),
        person=child,
        score=24,
        taken_on=days_ago(40),
        occasion="before",
    )
    measure_reading_record(
        actor=fc.worker,
        case=fc.case,
        measure=sdq(),
        person=child,
        score=15,
        taken_on=days_ago(2),
        occasion="after",
    )
    assert before.score == 24
    [change] = measure_changes(measure_readings(case=fc.case))
    assert change.change == -9
    assert change.improved  # lower is better for SDQ difficulties
    assert ChronologyEntry.objects.filter(case=fc.case, kind="measure").count() == 2


def test_a_partner_on_the_team_with_a_casework_role_may_record_a_measure_but_a_viewer_may_not():
    fc = family_case()
    teacher = member(Role.PRACTITIONER, agency=fc.school)
    measure_reading_record(
        actor=teacher,
        case=fc.case,
        measure=sdq(),
        person=fc.children[0],
        score=10,
        taken_on=days_ago(1),
        occasion="during",
    )
    with pytest.raises(PermissionDenied):
        measure_reading_record(
            actor=fc.partner,
            case=fc.case,
            measure=sdq(),
            person=fc.children[0],
            score=10,
            taken_on=days_ago(1),
            occasion="during",
        )


def test_recording_a_measure_through_the_page(signed_in_client):
    fc = family_case()
    client = signed_in_client(fc.worker)
    today = timezone.localdate()
    data = {
        "measure": str(sdq().pk),
        "person": str(fc.children[1].pk),
        "score": "",
        "taken_on_day": str(today.day),
        "taken_on_month": str(today.month),
        "taken_on_year": str(today.year),
        "occasion": "before",
    }
    response = client.post(f"/cases/{fc.case.pk}/outcome-star/measures/new/", data)
    assert response.status_code == 200
    assert "Enter the score" in html.unescape(response.content.decode())
    data["score"] = "18"
    response = client.post(f"/cases/{fc.case.pk}/outcome-star/measures/new/", data)
    assert response.status_code == 302
    assert MeasureReading.objects.get(case=fc.case).score == 18
    page = html.unescape(client.get(f"/cases/{fc.case.pk}/outcome-star/").content.decode())
    assert "SDQ total difficulties" in page and "18" in page


def test_progress_on_a_headline_problem_is_recorded_through_the_page(signed_in_client):
    fc = family_case(children=2, adults=1)
    assessment = complete_assessment(assessment_start(actor=fc.worker, case=fc.case), fc.worker)
    assessment = assessment_submit(
        actor=fc.worker, assessment=assessment, expected_version=assessment.version
    )
    assessment_sign_off(actor=fc.manager, assessment=assessment)
    headline = assessment.problems.order_by("headline__number").first().headline
    client = signed_in_client(fc.worker)
    tab = html.unescape(client.get(f"/cases/{fc.case.pk}/assessment/").content.decode())
    assert "Eligible for Supporting Families 2022-25" in tab
    url = f"/cases/{fc.case.pk}/assessment/problems/{headline.pk}/progress/"
    assert url in tab
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "status": "significant",
            "note": "Attendance 96% this term",
            "recorded_on_day": str(today.day),
            "recorded_on_month": str(today.month),
            "recorded_on_year": str(today.year),
        },
    )
    assert response.status_code == 302
    assert ProblemProgress.objects.get(case=fc.case).status == "significant"
    tab = html.unescape(client.get(f"/cases/{fc.case.pk}/assessment/").content.decode())
    assert "Significant progress" in tab
    # A need the family does not have has no progress page; partners cannot record progress.
    assert (
        client.get(f"/cases/{fc.case.pk}/assessment/problems/999999/progress/").status_code == 404
    )
    assert signed_in_client(fc.partner).get(url).status_code == 403


def test_the_comparison_page_highlights_changed_sections(signed_in_client):
    from assessments.selectors import section_rows
    from assessments.services import assessment_section_save
    from cases.workflow_states import State

    fc = family_case(children=1, adults=1)
    first = complete_assessment(assessment_start(actor=fc.worker, case=fc.case), fc.worker)
    first = assessment_submit(actor=fc.worker, assessment=first, expected_version=first.version)
    assessment_sign_off(actor=fc.manager, assessment=first)
    fc.case.state = State.PLAN_AND_REVIEW
    fc.case.save()
    second = assessment_start(actor=fc.worker, case=fc.case)
    row = section_rows(assessment=second)["views"]
    assessment_section_save(
        actor=fc.worker,
        assessment=second,
        key="views",
        values={**row.data, "family_goals": "Keep the new routine going"},
        complete=True,
        expected_version=row.version,
    )
    client = signed_in_client(fc.partner)
    page = html.unescape(
        client.get(f"/cases/{fc.case.pk}/assessment/compare/?from=1&to=2").content.decode()
    )
    assert "Compare version 1 with version 2" in page
    assert "1 of 7 sections changed." in page
    assert 'data-section="views" data-changed="true"' in page
    assert 'data-section="family" data-changed="false"' in page
    assert "Keep the new routine going" in page
    assert client.get(f"/cases/{fc.case.pk}/assessment/compare/?from=1&to=9").status_code == 404
