import pytest

from cases.models import Case, Enquiry
from tests.api.conftest import led_case
from tests.cases.factories import ShareFactory

pytestmark = pytest.mark.django_db

ENQUIRY = {
    "family": {"name": "The Okafor family", "postcode": "NB3 2QT"},
    "members": [
        {"family_name": "Okafor", "given_names": "Grace", "relationship": "parent"},
        {
            "family_name": "Okafor",
            "given_names": "Ada",
            "relationship": "child",
            "date_of_birth": "2016-09-02",
            "nhs_number": "943 476 5919",
            "enquiry_is_about": True,
        },
    ],
    "concerns": "Attendance has fallen to 78% this term.",
    "concern_categories": ["school_attendance"],
    "family_consent": "given",
}


def test_a_school_system_raises_an_enquiry_and_hears_what_became_of_it(school):
    response = school.client().post("/api/v1/enquiries/", ENQUIRY, content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "enquiry_received"
    enquiry = Enquiry.objects.get(pk=body["id"])
    assert enquiry.raised_by_agency == school.agency
    assert enquiry.contact_source == "2A"
    assert [c.given_names for c in enquiry.children.all()] == ["Ada"]

    listed = school.client().get("/api/v1/enquiries/").json()["results"]
    assert [e["case_reference"] for e in listed] == [body["case_reference"]]
    # Raising an enquiry does not open the case to the referrer
    assert school.client().get(f"/api/v1/cases/{body['case_id']}/").status_code == 404


def test_bad_input_gets_a_structured_400_naming_the_field(school):
    bad = {**ENQUIRY, "members": [{**ENQUIRY["members"][1], "nhs_number": "123"}]}
    response = school.client().post("/api/v1/enquiries/", bad, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["members[0].nhs_number"] == [
        "Enter an NHS number that is 10 digits, like 485 777 3456"
    ]
    assert not Case.objects.exists()  # nothing half-created

    missing = school.client().post(
        "/api/v1/enquiries/", {"family": {}}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert "concerns" in missing.json()["errors"]


def test_an_agency_sees_its_own_and_shared_cases_but_never_another_agencys(school, police):
    own = led_case(school.agency, "Adeyemi")
    theirs = led_case(police.agency, "Zzyzx")
    shared = led_case(police.agency, "Kowalski")
    ShareFactory(case=shared, agency=school.agency)

    listed = {c["id"] for c in school.client().get("/api/v1/cases/").json()["results"]}
    assert listed == {own.pk, shared.pk}
    assert school.client().get(f"/api/v1/cases/{theirs.pk}/").status_code == 404
    assert school.client().get(f"/api/v1/cases/{theirs.pk + 999}/").status_code == 404
    families = school.client().get("/api/v1/families/").json()["results"]
    assert "Zzyzx" not in str(families)


def test_transitions_need_if_match_and_fail_with_412_when_the_case_changed(school):
    from cases.workflow_states import State

    case = led_case(school.agency, "Nowak")
    case.state = State.ALLOCATED
    case.lead_practitioner = school.row.user  # the school's system acts for its lead
    case.save()
    client = school.client()
    etag = client.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    url = f"/api/v1/cases/{case.pk}/transitions/"

    missing = client.post(url, {"name": "start_assessment"}, content_type="application/json")
    assert missing.status_code == 428

    done = client.post(
        url, {"name": "start_assessment"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "assessment"
    assert done["ETag"] != etag

    stale = client.post(
        url, {"name": "start_plan"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert "Someone else changed this case" in stale.json()["detail"]


def test_an_illegal_transition_is_a_400_with_the_reason(school):
    case = led_case(school.agency, "Haddad")
    client = school.client()
    etag = client.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"name": "close"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code in (400, 403)
    assert response.json()["detail"]


def test_notes_via_the_api_respect_visibility(school):
    case = led_case(school.agency, "Brennan")
    client = school.client()
    created = client.post(
        f"/api/v1/cases/{case.pk}/notes/",
        {
            "note_type": "call",
            "contact_date": "2026-01-05",
            "text": "Spoke to mum about attendance.",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    notes = client.get(f"/api/v1/cases/{case.pk}/notes/").json()
    assert [n["text"] for n in notes] == ["Spoke to mum about attendance."]


def test_the_schema_and_docs_are_served_offline():
    from django.test import Client

    schema = Client().get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/enquiries/" in schema.content
    docs = Client().get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn." not in docs.content  # assets come from drf-spectacular-sidecar
