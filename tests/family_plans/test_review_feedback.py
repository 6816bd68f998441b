"""The family's feedback at a plan review: what they say about the help and about working
with their lead practitioner, recorded on the review page with the review, in the same
transaction, and kept by cases/ beside the feedback given at closure."""

import html as htmllib

import pytest
from django.utils import timezone

from cases import timeline
from cases.models import FamilyFeedback
from family_plans import services
from family_plans.models import PlanReview
from family_plans.services import MeetingRecord, ReviewDetails, ReviewFeedback
from tests.cases.pages import checked, error_beside
from tests.family_plans.factories import agreed_plan, days, meeting_details, planned_case

pytestmark = pytest.mark.django_db

ABOUT_LEAD = "She listens, and she comes when she says she will."


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def uk(day) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def review_form(pc, **extra) -> dict[str, str]:
    data = {
        "reviewed_on": uk(days(-2)),
        "progress_made": "yes",
        "note": "Mornings are calmer.",
    }
    data.update(extra)
    return data


def test_the_review_page_records_the_familys_feedback_with_the_review(signed_in_client):
    pc = planned_case()
    agreed_plan(pc, actions=1)
    worker = signed_in_client(pc.worker)
    form = text(worker.get(f"/cases/{pc.case.pk}/plan/reviews/new/"))
    assert "The family's feedback" in form
    assert "What did they say about working with their lead practitioner? (optional)" in form

    response = worker.post(
        f"/cases/{pc.case.pk}/plan/reviews/new/",
        review_form(
            pc,
            timely_and_helpful="yes",
            feedback_comments="The breakfast club has made a difference.",
            about_lead_practitioner=ABOUT_LEAD,
        ),
    )

    assert response.status_code == 302
    review = PlanReview.objects.get(plan__case=pc.case)
    feedback = FamilyFeedback.objects.get(case=pc.case)
    assert (feedback.kind, feedback.timely_and_helpful) == ("review", True)
    assert feedback.comments == "The breakfast club has made a difference."
    assert feedback.about_lead_practitioner == ABOUT_LEAD
    assert feedback.lead_practitioner == pc.worker and feedback.recorded_by == pc.worker
    assert feedback.given_on == review.reviewed_on == days(-2)
    assert feedback.reference == f"family_plans.PlanReview:{review.pk}"
    detail = text(worker.get(response["Location"]))
    assert "The family's feedback" in detail and ABOUT_LEAD in detail
    assert f"About working with {pc.worker.full_name}" in detail


def test_what_was_typed_is_kept_when_the_review_has_an_error(signed_in_client):
    pc = planned_case()
    agreed_plan(pc, actions=1)
    worker = signed_in_client(pc.worker)

    response = worker.post(
        f"/cases/{pc.case.pk}/plan/reviews/new/",
        review_form(
            pc,
            note="",  # required: the service refuses the review
            timely_and_helpful="no",
            feedback_comments="Too slow to start.",
            about_lead_practitioner=ABOUT_LEAD,
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert error_beside(html, "id_note") == "Enter the progress since the last review"
    page = text(response)
    assert "Too slow to start." in page and ABOUT_LEAD in page
    assert checked(html, "timely_and_helpful", "no")
    assert not checked(html, "timely_and_helpful", "yes")
    assert not PlanReview.objects.filter(plan__case=pc.case).exists()
    assert not FamilyFeedback.objects.filter(case=pc.case).exists()


def test_a_family_not_asked_at_a_review_has_no_feedback_recorded(signed_in_client):
    pc = planned_case()
    agreed_plan(pc, actions=1)
    worker = signed_in_client(pc.worker)

    response = worker.post(f"/cases/{pc.case.pk}/plan/reviews/new/", review_form(pc))

    assert response.status_code == 302
    assert PlanReview.objects.filter(plan__case=pc.case).exists()
    assert not FamilyFeedback.objects.filter(case=pc.case).exists()
    assert "The family's feedback" not in text(worker.get(response["Location"]))


def test_a_family_that_did_not_answer_is_recorded_as_asked(signed_in_client):
    pc = planned_case()
    agreed_plan(pc, actions=1)
    worker = signed_in_client(pc.worker)

    worker.post(
        f"/cases/{pc.case.pk}/plan/reviews/new/",
        review_form(pc, timely_and_helpful="unanswered"),
    )

    feedback = FamilyFeedback.objects.get(case=pc.case)
    assert feedback.timely_and_helpful is None and feedback.kind == "review"


def test_the_feedback_and_the_review_are_written_together_or_not_at_all(monkeypatch):
    pc = planned_case()
    plan = agreed_plan(pc, actions=1)
    plan.case = pc.case
    real_event_add = timeline.event_add

    def fail_on_the_review(**kwargs):
        if kwargs.get("kind") == "review":
            raise RuntimeError("the chronology is unavailable")
        return real_event_add(**kwargs)

    monkeypatch.setattr(timeline, "event_add", fail_on_the_review)
    with pytest.raises(RuntimeError):
        services.family_plan_review_record(
            actor=pc.worker,
            plan=plan,
            details=ReviewDetails(
                reviewed_on=days(-1),
                progress_made=True,
                note="Better",
                feedback=ReviewFeedback(about_lead_practitioner=ABOUT_LEAD),
            ),
        )

    assert not PlanReview.objects.filter(plan=plan).exists()
    assert not FamilyFeedback.objects.filter(case=pc.case).exists()


def test_feedback_given_at_a_taf_meeting_is_kept_with_the_meetings_review():
    pc = planned_case()
    agreed_plan(pc, actions=1)
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc, in_days=-1)
    )

    services.taf_meeting_record(
        actor=pc.worker,
        meeting=meeting,
        expected_version=meeting.version,
        record=MeetingRecord(
            attendance={i.pk: "attended" for i in meeting.invitees.all()},
            minutes="Went through the plan.",
            review=ReviewDetails(
                reviewed_on=None,
                progress_made=True,
                note="Better mornings.",
                feedback=ReviewFeedback(timely_and_helpful=True, comments="It helps"),
            ),
        ),
    )

    review = PlanReview.objects.get(meeting=meeting)
    feedback = FamilyFeedback.objects.get(case=pc.case)
    assert feedback.reference == f"family_plans.PlanReview:{review.pk}"
    assert feedback.given_on == timezone.localdate(meeting.starts_at)
