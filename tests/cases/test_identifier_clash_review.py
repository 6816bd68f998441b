"""No identifier oracle: a number that clashes with one the user cannot see is not
revealed. The user is told only that the number needs checking — in the same words as
for a clash with someone they can see — and the clash waits in the coordinators'
review of possible duplicate people, where it is resolved and audited.
"""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases.models import AuditEntry, IdentifierConflict, PersonIdentifier
from cases.workflow_states import State
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.cases.pages import error_beside, text_of
from tests.partners.factories import AgencyFactory, FamilyHubFactory, ZoneFactory, member

pytestmark = pytest.mark.django_db

HIDDEN_NUMBER = "4010234563"  # held by someone in another zone the worker cannot see
SIBLING_NUMBER = "4010234571"  # held by a sibling in the same household


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Northborough Early Help")
    worker = member(Role.PRACTITIONER, agency=council)
    family = FamilyFactory(family_hub=hub, surname="Osei")
    kofi = PersonFactory(given_names="Kofi", family_name="Osei")
    efua = PersonFactory(given_names="Efua", family_name="Osei")
    esi = PersonFactory(given_names="Esi", family_name="Osei")
    for child in (kofi, efua, esi):
        HouseholdMemberFactory(family=family, person=child, relationship="child")
    PersonIdentifier.objects.create(person=esi, type="nhs_number", value=SIBLING_NUMBER)
    case = CaseFactory(
        family=family, state=State.PLAN_AND_REVIEW, lead_agency=council, lead_practitioner=worker
    )
    south = ZoneFactory(name="Southborough")
    elsewhere = FamilyFactory(family_hub=FamilyHubFactory(zone=south), surname="Zed")
    stranger = PersonFactory(given_names="Zara", family_name="Zed")
    HouseholdMemberFactory(family=elsewhere, person=stranger, relationship="child")
    PersonIdentifier.objects.create(person=stranger, type="nhs_number", value=HIDDEN_NUMBER)
    CaseFactory(family=elsewhere, lead_agency=AgencyFactory(name="Southborough Family Help"))
    front_door = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Front Door")
    return {
        "case": case,
        "worker": worker,
        "kofi": kofi,
        "efua": efua,
        "stranger": stranger,
        "coordinator": member(Role.COORDINATOR, agency=front_door, zone=hub.zone),
    }


def correct(client, case, person, nhs_number):  # type: ignore[no-untyped-def]
    url = reverse("case-person-change", args=[case.pk, person.pk])
    return client.post(
        url,
        {
            "family_name": person.family_name,
            "given_names": person.given_names,
            "preferred_name": "",
            "relationship": "child",
            "date_of_birth_day": str(person.date_of_birth.day),
            "date_of_birth_month": str(person.date_of_birth.month),
            "date_of_birth_year": str(person.date_of_birth.year),
            "sex": person.sex,
            "gender": person.gender,
            "ethnicity": person.ethnicity,
            "nhs_number": nhs_number,
            "version": str(person.version),
        },
    )


def said(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_number_held_by_someone_unseen_gets_the_same_answer_as_any_number_to_check(
    signed_in_client, setting
):
    client = signed_in_client(setting["worker"])
    hidden = correct(client, setting["case"], setting["kofi"], HIDDEN_NUMBER)
    seen = correct(
        signed_in_client(setting["worker"]), setting["case"], setting["efua"], SIBLING_NUMBER
    )

    assert hidden.status_code == seen.status_code == 302
    assert hidden["Location"] == seen["Location"]
    assert (
        said(hidden)
        == said(seen)
        == [
            "The other changes were saved. The NHS number you gave needs checking before it "
            "can be added: a coordinator will check it."
        ]
    )
    assert not PersonIdentifier.objects.filter(person=setting["kofi"], type="nhs_number").exists()
    family_tab = text_of(client.get(hidden["Location"]).content.decode())
    assert "Zara" not in family_tab and "Southborough" not in family_tab


def test_the_api_answers_a_hidden_clash_as_it_answers_any_number_to_check(
    signed_in_client, setting
):
    client = signed_in_client(setting["worker"])
    answers = []
    for person, number in ((setting["kofi"], HIDDEN_NUMBER), (setting["efua"], SIBLING_NUMBER)):
        response = client.patch(
            f"/api/v1/cases/{setting['case'].pk}/people/{person.pk}/",
            {"nhs_number": number},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{person.version}"',
        )
        assert response.status_code == 200, response.json()
        body = response.json()
        answers.append((body["changed"], body["identifiers_to_check"], body["identifiers"]))
    assert answers[0] == answers[1] == ([], ["nhs_number"], [])


def test_the_clash_waits_for_a_coordinators_review_without_naming_the_unseen_person(
    signed_in_client, setting
):
    correct(signed_in_client(setting["worker"]), setting["case"], setting["kofi"], HIDDEN_NUMBER)
    conflict = IdentifierConflict.objects.get(person=setting["kofi"])
    assert conflict.known_person == setting["stranger"]

    client = signed_in_client(setting["coordinator"])
    front_door = client.get(reverse("front-door")).content.decode()
    assert reverse("possible-duplicates") in front_door
    page = text_of(client.get(reverse("possible-duplicates")).content.decode())
    assert "Kofi Osei: NHS number" in page
    assert HIDDEN_NUMBER in page
    assert "Someone known in Southborough" in page
    assert "Zara" not in page

    missing = client.post(
        reverse("possible-duplicates"),
        {"conflict": conflict.pk, "resolution": "different", "note": ""},
    )
    assert error_beside(missing.content.decode(), "id_note") == (
        "Enter what you checked and what was done"
    )
    done = client.post(
        reverse("possible-duplicates"),
        {
            "conflict": conflict.pk,
            "resolution": "different",
            "note": "Checked with the GP: the number on the referral was mistyped.",
        },
    )
    assert done.status_code == 302
    conflict.refresh_from_db()
    assert conflict.resolved_by == setting["coordinator"] and conflict.resolution == "different"
    assert AuditEntry.objects.filter(
        action="update", reason="possible duplicate person reviewed", object_id=str(conflict.pk)
    ).exists()
    assert "Kofi Osei" not in text_of(client.get(reverse("possible-duplicates")).content.decode())


def test_a_practitioner_cannot_use_the_review(signed_in_client, setting):
    response = signed_in_client(setting["worker"]).get(reverse("possible-duplicates"))
    assert response.status_code == 403
