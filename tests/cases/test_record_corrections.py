"""Correcting a person's record and the codes returns read, from the case pages."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from cases import services
from cases.models import AuditEntry, IdentifierConflict, Person, PersonIdentifier
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.roles import Role
from tests.partners.factories import member
from tests.reporting.returns_data import NHS_AMA, build_borough

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough():  # type: ignore[no-untyped-def]
    return build_borough()


def person_form(person: Person, **changes: str) -> dict[str, str]:
    """The change page's fields as the page shows them, with some changed."""
    data = {
        "family_name": person.family_name,
        "given_names": person.given_names,
        "preferred_name": person.preferred_name,
        "relationship": "child",
        "date_of_birth_day": str(person.date_of_birth.day) if person.date_of_birth else "",
        "date_of_birth_month": str(person.date_of_birth.month) if person.date_of_birth else "",
        "date_of_birth_year": str(person.date_of_birth.year) if person.date_of_birth else "",
        "sex": person.sex,
        "gender": person.gender,
        "ethnicity": person.ethnicity,
        "version": str(person.version),
    }
    return data | changes


def test_a_coordinator_records_a_childs_ethnicity_on_a_closed_contact(borough, signed_in_client):
    client = signed_in_client(borough.coordinator)
    url = reverse("case-person-change", args=[borough.evans.pk, borough.mia.pk])
    family_tab = client.get(reverse("case-family", args=[borough.evans.pk])).content.decode()
    assert url in family_tab
    page = client.get(url).content.decode()
    assert "Change the details of Mia Evans" in page

    response = client.post(
        url, person_form(borough.mia, ethnicity="MWBC", sex="F", gender="female")
    )
    assert response.status_code == 302
    borough.mia.refresh_from_db()
    assert (borough.mia.ethnicity, borough.mia.sex, borough.mia.version) == ("MWBC", "F", 2)
    entry = AuditEntry.objects.filter(action="update", object_id=str(borough.mia.pk)).get()
    assert set(entry.detail["fields"]) == {"ethnicity", "sex", "gender"}
    # The field history keeps what it was before as well as what it is now.
    history = apps.get_model("cases", "PersonEvent").objects.filter(pgh_obj_id=borough.mia.pk)
    assert list(history.order_by("pgh_id").values_list("ethnicity", flat=True))[-2:] == [
        "NOBT",
        "MWBC",
    ]
    assert borough.evans.chronology.filter(title="Details of Mia Evans corrected").exists()


def test_errors_sit_beside_the_fields_and_keep_what_was_typed(borough, signed_in_client):
    client = signed_in_client(borough.worker)
    url = reverse("case-person-change", args=[borough.mensah.pk, borough.kofi.pk])
    response = client.post(
        url,
        person_form(borough.kofi, given_names="", nhs_number="123 456 7890", local_id="LL-77"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change the details of Kofi Mensah" in page
    assert "Enter the given names" in page
    assert "NHS number" in page and 'value="123 456 7890"' in page
    assert 'value="LL-77"' in page
    borough.kofi.refresh_from_db()
    assert borough.kofi.given_names == "Kofi" and borough.kofi.version == 1


def test_a_new_identifier_ends_the_old_one_and_keeps_it(borough):
    details = services.PersonDetails(
        family_name="Mensah",
        given_names="Ama",
        relationship="child",
        date_of_birth=borough.ama.date_of_birth,
        sex="F",
        gender="female",
        ethnicity="BAFR",
        nhs_number="",
        upn="P123456789013",
        local_id="EH-1",
    )
    result = services.person_update(
        actor=borough.worker, case=borough.mensah, person=borough.ama, details=details, version=1
    )
    assert set(result.changed) == {"nhs_number", "upn", "local_id"}
    upns = PersonIdentifier.objects.filter(person=borough.ama, type="upn").order_by("pk")
    assert [(u.value, u.valid_until is None) for u in upns] == [
        ("A123456789012", False),
        ("P123456789013", True),
    ]
    nhs = PersonIdentifier.objects.get(person=borough.ama, type="nhs_number")
    assert nhs.value == NHS_AMA and nhs.valid_until is not None  # ended, not deleted


def test_a_number_recorded_for_someone_else_is_not_attached_but_kept_for_checking(
    borough, signed_in_client
):
    client = signed_in_client(borough.worker)
    url = reverse("case-person-change", args=[borough.mensah.pk, borough.kofi.pk])
    response = client.post(url, person_form(borough.kofi, nhs_number=NHS_AMA), follow=True)
    assert "The NHS number you gave needs checking" in response.content.decode()
    assert not PersonIdentifier.objects.filter(person=borough.kofi, type="nhs_number").exists()
    conflict = IdentifierConflict.objects.get(person=borough.kofi)
    assert conflict.known_person == borough.ama and conflict.value == NHS_AMA


def test_two_people_correcting_the_same_person_cannot_both_win(borough, signed_in_client):
    url = reverse("case-person-change", args=[borough.mensah.pk, borough.kofi.pk])
    first = signed_in_client(borough.worker)
    second = signed_in_client(borough.coordinator)
    stale = person_form(borough.kofi, preferred_name="Kof")
    assert first.post(url, person_form(borough.kofi, ethnicity="BAFR")).status_code == 302
    response = second.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed the details of Kofi Mensah" in page
    assert "What the other person saved" in page and "Black African" in page
    assert 'value="Kof"' in page  # what the second person typed is kept
    borough.kofi.refresh_from_db()
    assert (borough.kofi.ethnicity, borough.kofi.preferred_name) == ("BAFR", "")
    # Saving again, deliberately, from the page as shown, applies it.
    again = second.post(url, stale | {"version": str(borough.kofi.version)})
    assert again.status_code == 302
    borough.kofi.refresh_from_db()
    assert borough.kofi.preferred_name == "Kof"


def test_the_service_refuses_a_stale_version(borough):
    details = services.PersonDetails(
        family_name="Mensah",
        given_names="Kofi",
        relationship="child",
        date_of_birth=borough.kofi.date_of_birth,
        sex="M",
        gender="male",
        ethnicity="WBRI",
    )
    with pytest.raises(ConcurrentChangeError):
        services.person_update(
            actor=borough.worker,
            case=borough.mensah,
            person=borough.kofi,
            details=details,
            version=7,
        )


def test_a_partner_on_the_team_may_read_but_not_correct_and_others_get_404(
    borough, signed_in_client
):
    url = reverse("case-person-change", args=[borough.mensah.pk, borough.kofi.pk])
    assert signed_in_client(borough.teacher).get(url).status_code == 403
    assert signed_in_client(member(Role.COORDINATOR)).get(url).status_code == 404
    # A person of another family is not reachable through this case.
    other = reverse("case-person-change", args=[borough.mensah.pk, borough.lily.pk])
    assert signed_in_client(borough.worker).get(other).status_code == 404


def test_the_codes_for_returns_are_recorded_on_the_case(borough, signed_in_client):
    client = signed_in_client(borough.coordinator)
    summary = client.get(reverse("case-summary", args=[borough.evans.pk])).content.decode()
    assert "Codes for returns" in summary and "Not recorded" in summary
    url = reverse("case-return-codes", args=[borough.evans.pk])
    response = client.post(url, {"contact_source": "1D", "version": str(borough.evans.version)})
    assert response.status_code == 302
    borough.evans.enquiry.refresh_from_db()
    assert borough.evans.enquiry.contact_source == "1D"


def test_census_codes_only_for_section_17_and_a_closure_reason_only_once_closed(
    borough, signed_in_client
):
    client = signed_in_client(borough.coordinator)
    clarke = reverse("case-return-codes", args=[borough.clarke.pk])
    page = client.get(clarke).content.decode()
    assert "Primary need" in page and "Reason for closure" not in page  # still open
    assert (
        client.post(
            clarke,
            {"contact_source": "3B", "primary_need": "N5", "version": str(borough.clarke.version)},
        ).status_code
        == 302
    )
    borough.clarke.refresh_from_db()
    assert borough.clarke.cin_primary_need == "N5"
    assert (
        "Primary need"
        not in client.get(reverse("case-return-codes", args=[borough.evans.pk])).content.decode()
    )
    with pytest.raises(ApplicationError) as refused:
        services.case_return_codes_record(
            actor=borough.coordinator,
            case=borough.clarke,
            version=borough.clarke.version,
            closure_reason="RC7",
        )
    assert refused.value.extra == {
        "closure_reason": ["Record the reason for closure once the case is closed"]
    }


def test_a_stale_codes_page_is_refused(borough, signed_in_client):
    url = reverse("case-return-codes", args=[borough.evans.pk])
    response = signed_in_client(borough.coordinator).post(
        url, {"contact_source": "1D", "version": str(borough.evans.version + 1)}
    )
    assert response.status_code == 200
    assert "Someone else changed this case" in response.content.decode()
