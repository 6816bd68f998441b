import datetime as dt

import pytest

from cases.models import Case, Enquiry
from tests.api.conftest import led_case, system
from tests.cases.factories import ShareFactory, TeamMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("northborough")]

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


def test_an_enquiry_about_a_family_the_caller_works_with_names_its_children(school):
    case = led_case(school.agency, "Mensah")
    child = case.family.members.get().person
    body = {
        "family_id": case.family_id,
        "children": [child.pk],
        "concerns": "Late eleven times since half term.",
        "family_consent": "given",
    }
    response = school.client().post("/api/v1/enquiries/", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    enquiry = Enquiry.objects.get(pk=response.json()["id"])
    assert enquiry.case.family == case.family
    assert list(enquiry.children.all()) == [child]


def test_an_enquiry_about_a_family_the_caller_may_not_see_is_refused_as_a_missing_one(
    school, police
):
    hidden = led_case(police.agency, "Zzyzx")
    child = hidden.family.members.get().person

    def post(family_id: int) -> dict:
        body = {
            "family_id": family_id,
            "children": [child.pk],
            "concerns": "Concerns",
            "family_consent": "given",
        }
        response = school.client().post("/api/v1/enquiries/", body, content_type="application/json")
        assert response.status_code == 400
        return response.json()

    assert post(hidden.family_id) == post(hidden.family_id + 10_000)
    assert post(hidden.family_id)["errors"] == {"family_id": ["Select a family you work with"]}
    assert not Enquiry.objects.filter(raised_by_agency=school.agency).exists()


def test_a_token_whose_role_may_not_raise_enquiries_is_refused(school):
    """The service decides who may raise an enquiry: an integration account that holds
    only a strategic lead's role (aggregates only) is refused, and nothing is created."""
    from partners.models import Membership
    from partners.roles import Role
    from partners.services import membership_end, membership_grant

    account = school.row.user
    for membership in Membership.objects.filter(user=account):
        membership_end(membership=membership)
    membership_grant(user=account, agency=school.agency, role=Role.STRATEGIC_LEAD)

    response = school.client().post("/api/v1/enquiries/", ENQUIRY, content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Your role does not allow this"}
    assert not Case.objects.exists()


def test_a_session_user_whose_role_may_not_raise_enquiries_is_refused(signed_in_client):
    from partners.roles import Role
    from tests.partners.factories import member

    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    response = client.post("/api/v1/enquiries/", ENQUIRY, content_type="application/json")
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_new_family_needs_a_child_the_enquiry_is_about(school):
    about_nobody = {
        **ENQUIRY,
        "members": [{**m, "enquiry_is_about": False} for m in ENQUIRY["members"]],
    }
    response = school.client().post(
        "/api/v1/enquiries/", about_nobody, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "members": ["Select at least one child the enquiry is about"]
    }
    both = {**ENQUIRY, "family_id": 1}
    response = school.client().post("/api/v1/enquiries/", both, content_type="application/json")
    assert response.status_code == 400
    assert "family" in response.json()["errors"]


def test_a_postcode_that_is_not_a_postcode_is_a_400_and_raises_nothing(school):
    """'error_form' fits the field's 10 characters but, written as a postcode with its
    space, would not: it is refused as a postcode, not left to the database."""
    before = Case.objects.count()
    body = {**ENQUIRY, "family": {**ENQUIRY["family"], "postcode": "error_form"}}
    response = school.client().post("/api/v1/enquiries/", body, content_type="application/json")
    assert response.status_code == 400
    assert "postcode" in str(response.json()["errors"])
    assert Case.objects.count() == before


def test_a_new_family_outside_the_known_areas_is_raised_with_its_family_hub(school):
    elsewhere = {**ENQUIRY, "family": {"name": "The Okafor family", "postcode": "ZZ9 9ZZ"}}
    refused = school.client().post("/api/v1/enquiries/", elsewhere, content_type="application/json")
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["family.family_hub_id"]
    assert not Case.objects.exists()

    hubs = school.client().get("/api/v1/family-hubs/").json()["results"]
    hub = next(h for h in hubs if h["name"] == "Millbrook Family Hub")
    elsewhere["family"]["family_hub_id"] = hub["id"]
    raised = school.client().post("/api/v1/enquiries/", elsewhere, content_type="application/json")
    assert raised.status_code == 201, raised.json()
    assert Case.objects.get().family_hub_id == hub["id"]


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
    assert response.status_code == 400
    assert response.json()["detail"] == "You cannot close the case while the case is 'allocated'"


def test_a_transition_the_caller_may_not_make_is_403(school):
    case = led_case(school.agency, "Haddad")
    client = school.client()
    etag = client.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"name": "step_up", "reason": "Risk has escalated"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 403  # signing off is for managers


def _note(text: str, **extra: str) -> dict[str, str]:
    return {"note_type": "call", "contact_date": "2026-01-05", "text": text, **extra}


def test_notes_via_the_api_respect_visibility(school, police):
    """Notes for the lead agency only and restricted notes are never given to another
    agency's system, though it may see the case and its other notes."""
    case = led_case(school.agency, "Brennan")
    TeamMemberFactory(case=case, agency=police.agency)
    url = f"/api/v1/cases/{case.pk}/notes/"
    client = school.client()
    for body in (
        _note("Spoke to mum about attendance."),
        _note("Internal: caseload discussion.", visibility="lead_agency"),
        _note("Mum disclosed abuse by a former partner.", visibility="restricted"),
        _note(
            "Police intelligence shared at the strategy call.",
            sensitive_category="police_intelligence",
        ),
    ):
        created = client.post(url, body, content_type="application/json")
        assert created.status_code == 201, created.json()
    assert created.json()["visibility"] == "restricted"  # sensitive: restricted by default

    own = [n["text"] for n in client.get(url).json()["results"]]
    assert len(own) == 4  # the author reads them all

    theirs = police.client().get(url)
    assert theirs.status_code == 200
    assert [n["text"] for n in theirs.json()["results"]] == ["Spoke to mum about attendance."]
    for hidden in ("Internal", "disclosed", "intelligence"):
        assert hidden not in theirs.content.decode()

    stranger = system()
    assert stranger.client().get(url).status_code == 404


def test_notes_and_consents_are_paged_with_a_cursor(school):
    case = led_case(school.agency, "Ilori")
    client = school.client()
    for n in range(3):
        client.post(
            f"/api/v1/cases/{case.pk}/notes/", _note(f"Note {n}"), content_type="application/json"
        )
    first = client.get(f"/api/v1/cases/{case.pk}/notes/", {"page_size": 2}).json()
    assert [n["text"] for n in first["results"]] == ["Note 2", "Note 1"]
    rest = client.get(first["next"]).json()
    assert [n["text"] for n in rest["results"]] == ["Note 0"]
    assert rest["next"] is None
    consents = client.get(f"/api/v1/cases/{case.pk}/consents/").json()
    assert set(consents) == {"next", "previous", "results"}


def test_a_case_hidden_from_the_caller_is_404_even_for_a_malformed_write(school, police):
    hidden = led_case(police.agency, "Zzyzx")
    for path in ("notes/", "consents/", "star-readings/", "meetings/"):
        response = school.client().post(
            f"/api/v1/cases/{hidden.pk}/{path}", {"nonsense": True}, content_type="application/json"
        )
        assert response.status_code == 404, path


def test_cases_are_filtered_and_ordered(school):
    from cases.workflow_states import State

    early = led_case(school.agency, "Alpha")
    early.opened_on = dt.date(2025, 1, 10)
    early.state = State.PLAN_AND_REVIEW
    early.save()
    late = led_case(school.agency, "Beta")
    late.opened_on = dt.date(2025, 6, 1)
    late.save()
    client = school.client()

    def ids(**params: object) -> list[int]:
        response = client.get("/api/v1/cases/", params)
        assert response.status_code == 200, response.json()
        return [c["id"] for c in response.json()["results"]]

    assert ids(state="plan_and_review") == [early.pk]
    assert ids(state=["plan_and_review", "allocated"], ordering="opened_on") == [early.pk, late.pk]
    assert ids(opened_on_after="2025-05-01") == [late.pk]
    assert ids(opened_on_before="2025-05-01") == [early.pk]
    assert ids(ordering="-opened_on") == [late.pk, early.pk]
    assert ids(zone=early.zone_id) == [early.pk]
    assert ids(lead_agency=school.agency.pk, ordering="id") == [early.pk, late.pk]
    assert client.get("/api/v1/cases/", {"state": "nonsense"}).status_code == 400
    assert client.get("/api/v1/cases/", {"zone": "2.5"}).status_code == 400


def test_families_are_found_by_name_or_postcode(school):
    case = led_case(school.agency, "Okonkwo")
    case.family.postcode = "NB3 2QT"
    case.family.save()
    led_case(school.agency, "Smith")
    client = school.client()

    def names(**params: str) -> list[str]:
        return [f["name"] for f in client.get("/api/v1/families/", params).json()["results"]]

    assert names(name="okonkwo") == ["The Okonkwo family"]
    assert names(postcode="nb32") == ["The Okonkwo family"]
    assert names(name="Okonkwo", postcode="ZZ1") == []
    assert names(ordering="name") == ["The Okonkwo family", "The Smith family"]


def test_an_api_address_that_names_nothing_answers_in_json(school):
    for path in ("/api/v1/cases/not-a-number/", "/api/v1/no-such-thing/"):
        response = school.client().get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
