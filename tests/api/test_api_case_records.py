"""The records of a case through the API: people, the assessment, Outcome Star readings,
the plan and its actions, TAF meetings. Reads show what the case's tabs show; writes go
through the same services, with If-Match on updates so a stale write gets 412."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import AssessmentSection, StarReading
from cases.models import PersonIdentifier
from family_plans.models import MeetingInvitee, PlanAction, TafMeeting
from tests.api.conftest import system, token_for
from tests.api.worlds import AgencyCase, case_with_records
from tests.assessments.factories import default_star, star_scales
from tests.cases.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def world() -> tuple[AgencyCase, object, object]:
    """A school leads a case; its system writes, and the police are on the team."""
    school = system(name="Hillcrest Primary School")
    records = case_with_records(school.agency, "Adeyemi", nhs_number="9434765919")
    police = system(kind="police", name="Borough Police")
    TeamMemberFactory(case=records.case, agency=police.agency)
    # The school's system acts for the case's lead practitioner in these tests.
    records.case.lead_practitioner = school.row.user
    records.case.save(update_fields=["lead_practitioner"])
    return records, school, police


def test_people_of_visible_households_are_listed_and_one_can_be_read(world):
    records, school, _ = world
    outsider = system()
    listed = school.client().get("/api/v1/people/", {"family": records.case.family_id}).json()
    names = sorted(p["given_names"] for p in listed["results"])
    assert names == ["Adeyemichild", "Adeyemiparent"]
    child = school.client().get(f"/api/v1/people/{records.child.pk}/").json()
    assert child["identifiers"] == [{"type": "nhs_number", "value": "9434765919"}]
    assert outsider.client().get("/api/v1/people/").json()["results"] == []
    assert outsider.client().get(f"/api/v1/people/{records.child.pk}/").status_code == 404
    household = school.client().get(f"/api/v1/families/{records.case.family_id}/household/")
    assert {m["relationship"] for m in household.json()["results"]} == {"parent", "child"}
    assert (
        outsider.client().get(f"/api/v1/families/{records.case.family_id}/household/").status_code
        == 404
    )


def test_a_person_is_corrected_through_the_service_with_if_match(world):
    records, school, police = world
    url = f"/api/v1/cases/{records.case.pk}/people/{records.child.pk}/"
    read = school.client().get(url)
    assert read.status_code == 200
    etag = read["ETag"]

    missing = school.client().patch(url, {"given_names": "Ada"}, content_type=JSON)
    assert missing.status_code == 428

    done = school.client().patch(
        url, {"given_names": "Ada", "nhs_number": ""}, content_type=JSON, HTTP_IF_MATCH=etag
    )
    assert done.status_code == 200, done.json()
    assert done.json()["changed"] == ["given_names", "nhs_number"]
    assert done.json()["identifiers"] == []
    ended = PersonIdentifier.objects.get(person=records.child)
    assert ended.valid_until == timezone.localdate()  # kept, ended today
    assert done["ETag"] != etag

    stale = school.client().patch(
        url, {"given_names": "Adaeze"}, content_type=JSON, HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    # On the team but not leading the work: may read, not correct.
    refused = police.client().patch(
        url, {"given_names": "X"}, content_type=JSON, HTTP_IF_MATCH=done["ETag"]
    )
    assert refused.status_code == 403


def test_assessment_versions_sections_and_a_section_saved_with_if_match(world):
    records, school, police = world
    base = f"/api/v1/cases/{records.case.pk}/assessments/"
    listed = police.client().get(base).json()["results"]
    assert [(a["number"], a["state"]) for a in listed] == [(1, "draft")]
    detail = police.client().get(f"{base}1/").json()
    keys = [s["key"] for s in detail["sections"]]
    assert records.section_key in keys
    saved = next(s for s in detail["sections"] if s["key"] == records.section_key)
    assert (saved["status"], saved["version"]) == ("in_progress", 1)

    url = f"{base}1/sections/{records.section_key}/"
    section = school.client().get(url)
    assert section["ETag"] == '"1"'
    answers = section.json()["answers"]
    assert answers and {f["name"] for f in section.json()["fields"]} >= set(answers)

    changed = {**answers}
    texts = {f["name"] for f in section.json()["fields"] if f["kind"] == "text"}
    first = next(name for name in changed if name in texts)  # a free-text answer
    changed[first] = f"{changed[first]} (updated)"
    done = school.client().put(
        url, {"answers": changed, "complete": False}, content_type=JSON, HTTP_IF_MATCH='"1"'
    )
    assert done.status_code == 200, done.json()
    assert done["ETag"] == '"2"'
    row = AssessmentSection.objects.get(assessment=records.assessment, key=records.section_key)
    assert row.data[first].endswith("(updated)")

    stale = school.client().put(
        url, {"answers": answers, "complete": False}, content_type=JSON, HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    refused = police.client().put(
        url, {"answers": answers, "complete": False}, content_type=JSON, HTTP_IF_MATCH='"2"'
    )
    assert refused.status_code == 403
    assert school.client().get(f"{base}1/sections/no-such-section/").status_code == 404
    assert school.client().get(f"{base}9/").status_code == 404


def test_star_readings_are_listed_and_recorded_through_the_service(world):
    records, school, police = world
    url = f"/api/v1/cases/{records.case.pk}/star-readings/"
    listed = police.client().get(url).json()["results"]
    assert [r["id"] for r in listed] == [records.reading.pk]
    assert len(listed[0]["scores"]) == len(star_scales())

    types = school.client().get("/api/v1/star-types/").json()["results"]
    star = next(t for t in types if t["id"] == default_star().pk)
    body = {
        "star_type": star["id"],
        "taken_on": timezone.localdate().isoformat(),
        "occasion": "review",
        "way": "worker_only",
        "scores": [{"scale": scale["id"], "value": 7} for scale in star["scales"]],
    }
    created = school.client().post(url, body, content_type=JSON)
    assert created.status_code == 201, created.json()
    assert {s["value"] for s in created.json()["scores"]} == {7}
    assert StarReading.objects.filter(case=records.case).count() == 2

    short = {**body, "scores": body["scores"][:1]}
    bad = school.client().post(url, short, content_type=JSON)
    assert bad.status_code == 400
    assert police.client().post(url, body, content_type=JSON).status_code == 403


def test_the_plan_and_an_action_updated_by_its_owner_with_if_match(world):
    records, school, police = world
    plan = police.client().get(f"/api/v1/cases/{records.case.pk}/plan/")
    assert plan.status_code == 200
    actions = plan.json()["outcomes"][0]["actions"]
    assert [a["id"] for a in actions] == [records.action.pk]

    url = f"/api/v1/cases/{records.case.pk}/plan/actions/{records.action.pk}/"
    etag = school.client().get(url)["ETag"]
    done = school.client().patch(url, {"status": "done"}, content_type=JSON, HTTP_IF_MATCH=etag)
    assert done.status_code == 200, done.json()
    assert done.json()["completed_on"] == timezone.localdate().isoformat()
    assert PlanAction.objects.get(pk=records.action.pk).status == "done"

    stale = school.client().patch(
        url, {"status": "in_progress"}, content_type=JSON, HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    # The police are on the team but the action is the school's own.
    refused = police.client().patch(
        url, {"status": "in_progress"}, content_type=JSON, HTTP_IF_MATCH=done["ETag"]
    )
    assert refused.status_code == 403
    listed = school.client().get(
        f"/api/v1/cases/{records.case.pk}/plan/actions/", {"status": "done"}
    )
    assert [a["id"] for a in listed.json()["results"]] == [records.action.pk]


def test_a_case_without_a_plan_answers_404_for_its_plan():
    school = system()
    records = case_with_records(school.agency, "Nowak", nhs_number="4857773456")
    PlanAction.objects.filter(plan__case=records.case).delete()
    records.case.family_plan.outcomes.all().delete()
    records.case.family_plan.delete()
    assert school.client().get(f"/api/v1/cases/{records.case.pk}/plan/").status_code == 404
    assert school.client().get(f"/api/v1/cases/{records.case.pk}/plan/actions/").status_code == 404


def test_meetings_are_listed_and_arranged_through_the_service(world):
    records, school, police = world
    url = f"/api/v1/cases/{records.case.pk}/meetings/"
    listed = police.client().get(url).json()["results"]
    assert [m["id"] for m in listed] == [records.meeting.pk]
    assert listed[0]["invitees"][0]["kind"] == "family"

    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=14)
    body = {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
        "location": "Hillcrest Primary School, meeting room",
        "invite": [f"family:{records.parent.pk}", f"agency:{police.agency.pk}"],
    }
    created = school.client().post(url, body, content_type=JSON)
    assert created.status_code == 201, created.json()
    meeting = TafMeeting.objects.get(pk=created.json()["id"])
    assert MeetingInvitee.objects.filter(meeting=meeting).count() == 2
    assert police.client().post(url, body, content_type=JSON).status_code == 403
    stranger = {**body, "invite": ["family:999999"]}
    assert school.client().post(url, stranger, content_type=JSON).status_code == 400


def test_a_read_token_of_the_leading_agency_reads_every_record_but_writes_none(world):
    records, school, _ = world
    reader = token_for(school.agency, "read")
    base = f"/api/v1/cases/{records.case.pk}"
    for path in ("/", "/assessments/", "/star-readings/", "/plan/", "/meetings/", "/notes/"):
        assert reader.client().get(base + path).status_code == 200, path
    note = {"note_type": "call", "contact_date": "2026-01-05", "text": "x"}
    assert reader.client().post(f"{base}/notes/", note, content_type=JSON).status_code == 403


def test_adding_a_team_member_without_consent_or_a_lawful_basis_is_a_structured_400(world):
    records, school, _ = world
    nursing = system(kind="school_nursing", name="School Nursing")
    url = f"/api/v1/cases/{records.case.pk}/team/"
    refused = school.client().post(url, {"agency_id": nursing.agency.pk}, format="json")
    assert refused.status_code == 400
    body = refused.json()
    assert "basis" in str(body)
    assert "consent does not cover School Nursing" in str(body)
    assert not records.case.team.filter(agency=nursing.agency).exists()

    added = school.client().post(
        url,
        {
            "agency_id": nursing.agency.pk,
            "basis": "safeguarding",
            "lawful_reason": "Health checks on a child at risk of harm",
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["basis"] == "safeguarding"
    listed = school.client().get(url).json()["results"]
    assert {m["agency"] for m in listed} >= {"School Nursing", "Borough Police"}
    assert records.case.disclosures.filter(shared_with_agency=nursing.agency).exists()


def test_a_named_person_outside_the_agency_is_refused_like_an_unknown_address(world):
    records, school, _ = world
    nursing = system(kind="school_nursing", name="School Nursing")
    url = f"/api/v1/cases/{records.case.pk}/team/"
    body = {"agency_id": nursing.agency.pk, "basis": "legal_duty", "lawful_reason": "Duty"}
    unknown = school.client().post(
        url, {**body, "user_email": "nobody@example.gov.uk"}, format="json"
    )
    elsewhere = school.client().post(
        url, {**body, "user_email": school.row.user.email}, format="json"
    )
    assert unknown.status_code == elsewhere.status_code == 400
    assert unknown.json() == elsewhere.json()
