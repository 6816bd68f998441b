"""What a family member sees and does in their section, and what the practitioner sees
of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import override_settings
from django.utils import timezone

from assessments.services import star_reading_record
from cases.access import access_case
from cases.models import AuditEntry, CaseNote, ChronologyEntry, ConsentRecord, FamilyFeedback
from cases.models.audit import AuditAction
from cases.workflow_states import State
from family_plans.models import ActionStatus
from family_view.models import FamilyContribution
from partners.roles import AgencyKind
from tests.assessments.factories import default_star, star_scales
from tests.cases.factories import ConsentFactory, ShareFactory
from tests.family_view.factories import family_client, family_with_plan, invited
from tests.partners.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_home_names_the_lead_practitioner_how_to_reach_them_and_the_next_meeting():
    fwp = family_with_plan()
    response = family_client(invited(fwp)).get("/family/")

    body = response.content.decode()
    assert fwp.fc.worker.full_name in body and fwp.fc.worker.email in body
    assert fwp.fc.council.name in body
    assert "Your next meeting" in body and "Northborough Family Hub" in body
    assert "Set an alarm for 7 o&#x27;clock" in body or "Set an alarm for 7 o'clock" in body


def test_the_plan_shows_her_own_actions_and_other_peoples():
    fwp = family_with_plan()
    body = family_client(invited(fwp)).get("/family/plan/").content.decode()

    assert "Mornings are calm" in body
    assert "For you" in body and "Ask the school about a breakfast club place" in body
    assert f"For {fwp.fc.worker.full_name}" in body
    assert "I have done this" in body


def test_the_family_never_sees_case_notes():
    fwp = family_with_plan()
    CaseNote.objects.create(
        case=fwp.case,
        note_type="visit",
        contact_date=timezone.localdate(),
        text="Professional concern: DO-NOT-SHOW-FAMILY",
        author=fwp.fc.worker,
    )
    client = family_client(invited(fwp))
    for url in ("/family/", "/family/plan/", "/family/star/", "/family/your-views/"):
        assert b"DO-NOT-SHOW-FAMILY" not in client.get(url).content
    assert client.get(f"/cases/{fwp.case.pk}/notes/").status_code == 404


def test_marking_her_own_action_done_is_on_the_plan_the_chronology_and_the_audit():
    fwp = family_with_plan()
    access = invited(fwp)
    client = family_client(access)

    response = client.post(f"/family/plan/actions/{fwp.mothers_action.pk}/done/")

    assert response.status_code == 302
    fwp.mothers_action.refresh_from_db()
    assert fwp.mothers_action.status == ActionStatus.DONE
    assert fwp.mothers_action.updated_by_id == access.actor_id
    line = ChronologyEntry.objects.get(case=fwp.case, kind="family", title__contains="as done")
    assert line.actor_id == access.actor_id
    assert AuditEntry.objects.filter(
        user=access.actor, action=AuditAction.UPDATE, object_type="family_plans.PlanAction"
    ).exists()


def test_she_cannot_mark_someone_elses_action_done():
    fwp = family_with_plan()
    client = family_client(invited(fwp))

    assert client.post(f"/family/plan/actions/{fwp.workers_action.pk}/done/").status_code == 404
    assert client.post(f"/family/plan/actions/{fwp.childs_action.pk}/done/").status_code == 404
    fwp.workers_action.refresh_from_db()
    assert fwp.workers_action.status == ActionStatus.IN_PROGRESS


def test_her_view_reaches_the_practitioner_as_the_familys_view_and_into_the_minutes(
    signed_in_client,
):
    fwp = family_with_plan()
    client = family_client(invited(fwp))

    empty = client.post("/family/your-views/", {"text": "   "})
    assert empty.status_code == 200 and b"Enter your views" in empty.content
    client.post("/family/your-views/", {"text": "Mornings are better since the alarm."})

    contribution = FamilyContribution.objects.get()
    assert contribution.meeting_id == fwp.meeting.pk
    worker = signed_in_client(fwp.fc.worker)
    tab = worker.get(f"/cases/{fwp.case.pk}/family-online/").content.decode()
    assert "The family&#x27;s view" in tab and "Mornings are better since the alarm." in tab
    chronology = worker.get(f"/cases/{fwp.case.pk}/chronology/").content.decode()
    assert "The family&#x27;s view, from" in chronology

    worker.post(f"/cases/{fwp.case.pk}/family-online/views/{contribution.pk}/minutes/")

    fwp.meeting.refresh_from_db()
    assert "Mornings are better since the alarm." in fwp.meeting.family_views
    contribution.refresh_from_db()
    assert contribution.brought_by_id == fwp.fc.worker.pk


def test_withdrawing_consent_for_an_agency_ends_its_share_and_its_access():
    fwp = family_with_plan()
    access = invited(fwp)
    assert access_case(user=fwp.health_viewer, case_id=fwp.case.pk) == fwp.case
    client = family_client(access)
    page = client.get("/family/consent/").content.decode()
    assert "Northborough Health Visiting" in page and "Stop them seeing it" in page

    client.post(f"/family/consent/{fwp.health.pk}/", {"decision": "withdrawn"})

    fwp.health_share.refresh_from_db()
    assert fwp.health_share.ended_at is not None
    assert fwp.health_share.ended_reason == "Consent withdrawn by the family"
    record = ConsentRecord.objects.filter(case=fwp.case).latest("id")
    assert record.person_id == fwp.mother.pk and record.recorded_by_id == access.actor_id
    with pytest.raises(Http404):
        access_case(user=fwp.health_viewer, case_id=fwp.case.pk)


def test_giving_consent_shares_the_case_with_the_agency_again():
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    client.post(f"/family/consent/{fwp.health.pk}/", {"decision": "withdrawn"})

    client.post(f"/family/consent/{fwp.health.pk}/", {"decision": "given"})

    assert access_case(user=fwp.health_viewer, case_id=fwp.case.pk) == fwp.case


def test_she_cannot_decide_for_an_agency_not_working_with_the_family():
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    assert (
        client.post(
            f"/family/consent/{fwp.fc.outsider.memberships.get().agency_id}/", {"decision": "given"}
        ).status_code
        == 404
    )


def test_feedback_is_asked_only_at_closure_and_recorded_as_hers():
    fwp = family_with_plan()
    access = invited(fwp)
    client = family_client(access)
    assert client.get("/family/feedback/").status_code == 404

    fwp.case.state = State.CLOSING
    fwp.case.save(update_fields=["state"])
    missing = client.post("/family/feedback/", {"comments": "Thanks"})
    assert b"Select yes or no" in missing.content and b"Thanks" in missing.content
    client.post("/family/feedback/", {"timely_and_helpful": "yes", "comments": "Thank you"})

    feedback = FamilyFeedback.objects.get(case=fwp.case)
    assert feedback.timely_and_helpful is True and feedback.recorded_by_id == access.actor_id


def test_every_page_she_opens_is_on_the_audit_log_with_her_as_the_actor():
    fwp = family_with_plan()
    access = invited(fwp)
    client = family_client(access)
    pages = [
        "/family/",
        "/family/plan/",
        "/family/star/",
        "/family/your-views/",
        "/family/consent/",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url

    seen = AuditEntry.objects.filter(user=access.actor, action=AuditAction.VIEW, case=fwp.case)
    assert sorted(e.detail["page"] for e in seen) == sorted(
        ["home", "plan", "star", "views", "consent"]
    )


def test_the_next_meeting_comes_as_a_calendar_file():
    fwp = family_with_plan()
    response = family_client(invited(fwp)).get("/family/meeting.ics")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert fwp.meeting.uid.encode() in response.content


def test_a_young_person_sees_only_their_own_actions_unless_the_adults_agreed():
    fwp = family_with_plan()
    access = invited(
        fwp,
        fwp.teenager,
        young_person_agreed=True,
        shares_plan=False,
        shares_star=False,
        shares_meetings=False,
    )
    client = family_client(access)

    plan = client.get("/family/plan/").content.decode()
    assert "Pack the school bag" in plan
    assert "Set an alarm" not in plan and "breakfast club" not in plan
    assert client.get("/family/star/").status_code == 404
    assert client.get("/family/meeting.ics").status_code == 404
    assert "Your next meeting" not in client.get("/family/").content.decode()


def test_the_star_is_the_chart_the_practitioner_sees(signed_in_client):
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    assert "You have not done a Star together yet." in client.get("/family/star/").content.decode()
    scales = star_scales()
    star_reading_record(
        actor=fwp.fc.worker,
        case=fwp.case,
        star_type=default_star(),
        taken_on=timezone.localdate() - dt.timedelta(days=3),
        occasion="start",
        way="joint",
        scores={scale.pk: 4 for scale in scales},
        present=[fwp.mother],
    )

    family_svg = _svg(client.get("/family/star/").content.decode())
    staff_svg = _svg(
        signed_in_client(fwp.fc.worker).get(f"/cases/{fwp.case.pk}/outcome-star/").content.decode()
    )
    assert family_svg and family_svg == staff_svg


def _svg(body: str) -> str:
    start = body.find("<svg")
    return body[start : body.find("</svg>", start) + 6] if start >= 0 else ""


@override_settings(FAMILY_WELSH_ENABLED=True)
def test_welsh_is_offered_when_the_council_enables_it_and_only_in_the_family_section(
    signed_in_client,
):
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    assert b"Cymraeg" in client.get("/family/").content

    client.post("/family/language/", {"language": "cy", "next": "/family/plan/"})
    response = client.get("/family/")

    assert response["Content-Language"] == "cy"
    assert b'lang="cy"' in response.content
    assert "Allgofnodi" in response.content.decode()  # "Sign out", from the Welsh catalogue
    staff = signed_in_client(fwp.fc.worker).get("/my-cases/")
    assert staff.get("Content-Language", "en-gb") != "cy"


def test_welsh_is_not_offered_unless_enabled():
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    client.post("/family/language/", {"language": "cy"})

    response = client.get("/family/")

    assert b"Cymraeg" not in response.content and response["Content-Language"] == "en-gb"


def test_access_after_closure_shows_when_it_ends():
    fwp = family_with_plan()
    access = invited(fwp)
    fwp.case.state = State.CLOSED
    fwp.case.closed_on = timezone.localdate() - dt.timedelta(days=2)
    fwp.case.save(update_fields=["state", "closed_on"])

    body = family_client(access).get("/family/").content.decode()

    assert "You can sign in here until" in body


def test_she_cannot_end_a_share_that_rests_on_someone_elses_consent():
    fwp = family_with_plan()
    police = AgencyFactory(kind=AgencyKind.POLICE)
    teen_consent = ConsentFactory(case=fwp.case, person=fwp.teenager, recorded_by=fwp.fc.worker)
    teen_consent.agencies.set([police])
    share = ShareFactory(case=fwp.case, agency=police, consent=teen_consent)
    client = family_client(invited(fwp))
    page = client.get("/family/consent/").content.decode()
    assert police.name in page and "someone else in your family said yes" in page

    client.post(f"/family/consent/{police.pk}/", {"decision": "withdrawn"})

    share.refresh_from_db()
    assert share.ended_at is None


def test_the_lead_practitioner_is_told_when_the_family_adds_something():
    from partners.models import Notification

    fwp = family_with_plan()
    client = family_client(invited(fwp))

    client.post("/family/your-views/", {"text": "Mornings are better."})
    client.post(f"/family/plan/actions/{fwp.mothers_action.pk}/done/")

    titles = list(
        Notification.objects.filter(recipient=fwp.fc.worker).values_list("title", flat=True)
    )
    assert f"Case {fwp.case.reference}: the family added their view" in titles
    number = fwp.mothers_action.number
    assert f"Case {fwp.case.reference}: the family marked action {number} as done" in titles
    assert all(fwp.mother.given_names not in t for t in titles)


def test_the_plan_lists_the_services_its_steps_use():
    from tests.partners.directory.factories import ServiceFactory

    fwp = family_with_plan()
    service = ServiceFactory(name="Breakfast Club at Hillside")
    type(fwp.workers_action).objects.filter(pk=fwp.workers_action.pk).update(service=service)

    body = family_client(invited(fwp)).get("/family/plan/").content.decode()

    assert "Services in your plan" in body and "Breakfast Club at Hillside" in body
