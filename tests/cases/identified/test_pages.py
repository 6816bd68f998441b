"""The identified-in-data pages: import all or nothing, review, the decision, the agenda,
who may see the list, and every view of it on the record."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.identified.models import DataRow, DataSet, IdentifiedFamily, MatchStatus, Review
from cases.models import AllocationItem, AuditEntry
from cases.services import allocation_meeting_create
from cases.workflow_states import State
from partners.roles import Role
from tests.cases.identified.borough import build_borough, csv_upload
from tests.cases.pages import nhs_number, upn
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

GOOD = {"upn": "", "date": "2026-01-05", "detail": "attendance 78%"}


def test_an_import_with_one_bad_row_imports_nothing_and_lists_the_row(signed_in_client):
    b = build_borough()
    rows = [
        {**GOOD, "upn": upn(1)},
        {**GOOD, "nhs_number": "1234567890"},  # wrong check digit
        {**GOOD, "upn": upn(1), "date": "yesterday"},
    ]

    response = signed_in_client(b.place.coordinator).post(
        reverse("identified-import"),
        {"kind": "school_attendance", "file": csv_upload(rows)},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not DataSet.objects.exists() and not DataRow.objects.exists()
    assert "The file has 2 rows with problems. Nothing has been imported" in html
    assert "nhs_number: Enter a real NHS number: the check digit does not match" in html
    assert "date must be a date like 2026-03-31, not &#x27;yesterday&#x27;" in html or (
        "not 'yesterday'" in html
    )


def test_a_coordinator_imports_reviews_and_brings_a_family_to_the_agenda(signed_in_client):
    b = build_borough()
    coordinator = b.place.coordinator
    meeting = allocation_meeting_create(
        actor=coordinator, held_on=timezone.localdate(), zone=b.place.zone
    )
    client = signed_in_client(coordinator)
    rows = [
        {**GOOD, "upn": upn(1)},
        {
            "given_names": "Liam",
            "family_name": "Bryne",
            "date_of_birth": "2012-02-03",
            "date": "2026-01-09",
            "detail": "attendance 70%",
        },
    ]

    imported = client.post(
        reverse("identified-import"), {"kind": "school_attendance", "file": csv_upload(rows)}
    )
    assert imported["Location"] == reverse("identified-review")

    review = client.get(reverse("identified-review")).content.decode()
    assert "Liam Byrne" in review and "Score 0.80" in review
    row = DataRow.objects.get(status=MatchStatus.TO_REVIEW)
    unanswered = client.post(reverse("identified-review-row", args=[row.pk]), {})
    html = unanswered.content.decode()
    assert html.count("Select who line 3 is about, or none of these people") == 2  # summary, field
    assert f'href="#row-{row.pk}-{b.liam.pk}"' in html and "govuk-form-group--error" in html
    assert DataRow.objects.get(pk=row.pk).status == MatchStatus.TO_REVIEW
    client.post(reverse("identified-review-row", args=[row.pk]), {"person": b.liam.pk})
    assert DataRow.objects.get(pk=row.pk).status == MatchStatus.MATCHED

    listed = client.get(reverse("identified")).content.decode()
    assert "The Asante family" in listed and "The Byrne family" in listed
    assert "attendance 78%" in listed

    identified = IdentifiedFamily.objects.get(family=b.asante)
    decided = client.post(
        reverse("identified-family", args=[identified.pk]),
        {
            "decision": "agenda",
            "reason": "Attendance falling all year",
            "version": identified.version,
        },
    )
    assert decided.status_code == 302
    identified.refresh_from_db()
    case = identified.case
    assert identified.review == Review.AGENDA and case is not None
    assert case.state == State.AWAITING_ALLOCATION
    item = AllocationItem.objects.get(meeting=meeting, case=case)
    assert item.source == "identified_in_data"

    agenda = client.get(reverse("allocation-meeting", args=[meeting.pk])).content.decode()
    assert "Identified in data" in agenda
    assert "Persistent absence (attendance 78%), Ama Asante" in agenda


def test_nothing_is_decided_without_a_reason(signed_in_client):
    b = build_borough()
    client = signed_in_client(b.place.coordinator)
    client.post(
        reverse("identified-import"),
        {"kind": "police_asb", "file": csv_upload([{**GOOD, "nhs_number": nhs_number(1)}])},
    )
    identified = IdentifiedFamily.objects.get()

    response = client.post(
        reverse("identified-family", args=[identified.pk]),
        {"decision": "no_action", "reason": "", "version": identified.version},
    )

    assert "Enter why no action is needed" in response.content.decode()
    assert IdentifiedFamily.objects.get().review == Review.NEW


def test_every_view_of_the_list_is_on_the_record(signed_in_client):
    b = build_borough()
    client = signed_in_client(b.place.coordinator)
    client.post(
        reverse("identified-import"),
        {"kind": "police_asb", "file": csv_upload([{**GOOD, "nhs_number": nhs_number(1)}])},
    )
    before = AuditEntry.objects.filter(reason="Families identified in data").count()

    client.get(reverse("identified"))
    client.get(reverse("identified"), {"review": "", "kind": "police_asb"})

    entries = AuditEntry.objects.filter(reason="Families identified in data").order_by("id")
    assert entries.count() == before + 2
    assert entries.last().detail["families"] == [b.asante.pk]


def test_only_the_services_coordinators_and_managers_see_the_list_and_only_their_zones(
    signed_in_client,
):
    b = build_borough()
    signed_in_client(b.place.coordinator).post(
        reverse("identified-import"),
        {"kind": "police_asb", "file": csv_upload([{**GOOD, "nhs_number": nhs_number(1)}])},
    )
    identified = IdentifiedFamily.objects.get()

    assert signed_in_client(b.place.worker).get(reverse("identified")).status_code == 403
    school_manager = member(Role.MANAGER, agency=b.place.school)
    assert signed_in_client(school_manager).get(reverse("identified")).status_code == 403
    elsewhere = signed_in_client(b.place.other_coordinator)
    assert "The Asante family" not in elsewhere.get(reverse("identified")).content.decode()
    url = reverse("identified-family", args=[identified.pk])
    assert elsewhere.get(url).status_code == 404
    assert signed_in_client(b.place.manager).get(url).status_code == 200


def test_the_list_costs_the_same_queries_for_few_or_many_families(
    signed_in_client, django_assert_max_num_queries
):
    from tests.cases.factories import FamilyFactory, HouseholdMemberFactory

    b = build_borough()
    client = signed_in_client(b.place.coordinator)

    def add(n: int) -> None:
        rows = []
        for _ in range(n):
            family = FamilyFactory(family_hub=b.place.hub)
            person = HouseholdMemberFactory(family=family).person
            rows.append(
                {
                    "given_names": person.given_names,
                    "family_name": person.family_name,
                    "date_of_birth": person.date_of_birth.isoformat(),
                    "postcode": family.postcode,
                    "date": "2026-01-05",
                }
            )
        client.post(reverse("identified-import"), {"kind": "police_asb", "file": csv_upload(rows)})

    add(3)
    client.get(reverse("identified"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("identified"))
    queries = len(few.captured_queries)
    add(20)
    client.get(reverse("identified"))  # shows (and clears) the import's message
    with django_assert_max_num_queries(queries):
        client.get(reverse("identified"))


def test_the_zone_profile_shows_the_share_of_families_first_identified_in_data(
    signed_in_client,
):
    from reporting.zone_profile import zone_profile
    from tests.cases.factories import waiting_case

    b = build_borough()
    waiting_case(b.place.hub)  # a family referred the usual way
    client = signed_in_client(b.place.coordinator)
    client.post(
        reverse("identified-import"),
        {"kind": "police_asb", "file": csv_upload([{**GOOD, "nhs_number": nhs_number(1)}])},
    )
    identified = IdentifiedFamily.objects.get()
    client.post(
        reverse("identified-family", args=[identified.pk]),
        {"decision": "agenda", "reason": "Repeated incidents", "version": identified.version},
    )

    profile = zone_profile(zone=b.place.zone, year=timezone.localdate().year, suppress=False)
    hidden = zone_profile(zone=b.place.zone, year=timezone.localdate().year, suppress=True)

    assert profile.identified == "1 of 2 (50%)"
    assert hidden.identified != profile.identified  # small numbers are not shown
