"""Every read is on the record: lists, searches, agendas and API lists appear on the access
tab of every case they showed, at one audit write per request however many rows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.audit import verify_chain
from cases.models import AuditEntry
from cases.models.audit import AuditAction
from cases.services import allocation_meeting_create
from tests.api.conftest import led_case, system
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory, waiting_case
from tests.cases.places import build_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():  # type: ignore[no-untyped-def]
    return build_place()


def led_by(place, n: int, surname: str = "Okafor") -> list:  # type: ignore[no-untyped-def]
    cases = []
    for _ in range(n):
        family = FamilyFactory(family_hub=place.hub, name=f"The {surname} family")
        HouseholdMemberFactory(family=family, person__family_name=surname)
        cases.append(
            CaseFactory(family=family, lead_agency=place.council, lead_practitioner=place.worker)
        )
    return cases


def new_entries(since: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(id__gt=since).order_by("id"))


def last_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def access_tab(client, case) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/cases/{case.pk}/access/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("rows", [2, 12])
def test_a_list_page_writes_one_entry_naming_every_case_it_showed(place, signed_in_client, rows):
    cases = led_by(place, rows)
    before = last_id()

    response = signed_in_client(place.worker).get("/my-cases/")

    assert response.status_code == 200
    [entry] = new_entries(before)  # one write, whatever the number of rows
    assert entry.action == AuditAction.LIST
    assert entry.reason == "My cases"
    assert entry.case_ids == sorted(c.pk for c in cases)
    assert entry.user_id == place.worker.pk
    assert verify_chain().ok


def test_the_access_tab_shows_who_saw_the_case_in_a_list(place, signed_in_client):
    [case, _other] = led_by(place, 2)
    signed_in_client(place.worker).get("/my-cases/")

    page = access_tab(signed_in_client(place.manager), case)

    assert place.worker.email in page.replace("<wbr>", "")  # break points in addresses
    assert "Seen in a list" in page and "My cases" in page
    assert "with 2 cases shown" in page
    viewers = {v.user_label: v for v in page_viewers(case)}
    assert viewers[place.worker.email].listed == 1
    assert viewers[place.worker.email].views == 0


def page_viewers(case):  # type: ignore[no-untyped-def]
    from cases.selectors import case_viewers

    return case_viewers(case=case)


def test_a_list_entry_is_found_only_on_the_cases_it_showed(place, signed_in_client):
    [shown] = led_by(place, 1)
    not_shown = CaseFactory(family=FamilyFactory(family_hub=place.hub), lead_agency=place.council)
    signed_in_client(place.worker).get("/my-cases/")

    from cases.selectors import case_audit_entries

    assert [e.reason for e in case_audit_entries(case=shown)] == ["My cases"]
    assert list(case_audit_entries(case=not_shown)) == []


def test_search_results_are_on_the_record_of_each_case_found(place, signed_in_client):
    cases = led_by(place, 3, surname="Adeyemi")
    client = signed_in_client(place.worker)
    before = last_id()

    client.post("/find-a-family/", {"name": "Adeyemi"})
    response = client.get("/find-a-family/")

    assert response.status_code == 200
    [entry] = new_entries(before)
    assert entry.action == AuditAction.SEARCH
    assert entry.case_ids == sorted(c.pk for c in cases)
    assert "Adeyemi" not in str(entry.detail) + entry.reason  # terms are not copied
    assert "Searched" in access_tab(signed_in_client(place.manager), cases[0])


@pytest.mark.parametrize("rows", [1, 6])
def test_the_allocation_agenda_is_on_the_record_of_each_case_on_it(place, signed_in_client, rows):
    waiting = [waiting_case(place.hub, surname=f"Family{i}") for i in range(rows)]
    meeting = allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=timezone.localdate()
    )
    client = signed_in_client(place.coordinator)
    before = last_id()

    assert client.get(f"/allocation-meetings/{meeting.pk}/").status_code == 200
    [entry] = new_entries(before)
    assert entry.reason == "Allocation meeting agenda"
    assert entry.case_ids == sorted(c.pk for c in waiting)

    before = last_id()
    assert client.get(f"/allocation-meetings/{meeting.pk}/record/").status_code == 200
    [entry] = new_entries(before)
    assert entry.reason == "Allocation meeting record"
    assert entry.case_ids == sorted(c.pk for c in waiting)


@pytest.mark.parametrize("rows", [2, 7])
@pytest.mark.parametrize(
    ("path", "what"),
    [("/api/v1/cases/", "cases"), ("/api/v1/families/", "families"), ("/api/v1/people/", "people")],
)
def test_an_api_list_is_on_the_record_of_each_case_it_showed(rows, path, what):
    school = system()
    cases = [led_case(school.agency, f"Family{i}") for i in range(rows)]
    before = last_id()

    response = school.client().get(path)

    assert response.status_code == 200
    [entry] = new_entries(before)  # the call's one entry names the cases
    assert entry.action == AuditAction.LIST
    assert entry.case_ids == sorted(c.pk for c in cases)
    assert entry.detail["api"] == f"GET {path}"
    assert verify_chain().ok


def test_an_api_household_list_is_on_the_record_of_the_familys_cases():
    school = system()
    case = led_case(school.agency, "Ilori")
    before = last_id()

    response = school.client().get(f"/api/v1/families/{case.family_id}/household/")

    assert response.status_code == 200
    [entry] = new_entries(before)
    assert entry.case_ids == [case.pk]


def test_an_api_read_of_one_case_is_on_its_record():
    school = system()
    case = led_case(school.agency, "Ilori")
    before = last_id()

    assert school.client().get(f"/api/v1/cases/{case.pk}/").status_code == 200

    views = [e for e in new_entries(before) if e.case_id == case.pk]
    assert [e.action for e in views] == [AuditAction.VIEW]


def test_entries_listing_no_cases_hash_as_entries_written_before_the_column():
    """Old rows (no case ids) still verify: an empty list adds nothing to the hash."""
    from cases.audit import audit_record

    plain = audit_record(actor=None, action="view", reason="no list")
    listed = audit_record(actor=None, action="list", reason="a list", case_ids=[3, 5])
    assert plain.case_ids == [] and listed.case_ids == [3, 5]
    assert verify_chain().ok
