"""Consent asked once: the enquiry's answer becomes the consent record, screening warns
with a link when allocation would be refused, and only people aged 13 or over may
consent for themselves in the assessment."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments import sections
from assessments.sections.fields import _consent_fields
from cases.models import ConsentDecision, ConsentRecord
from cases.workflow import has_consent_or_lawful_basis
from tests.assessments.factories import years_ago
from tests.cases.pages import text_of
from tests.cases.places import build_place
from tests.cases.test_work_notices import allocate, raised_and_screened

pytestmark = pytest.mark.django_db


def raise_enquiry(place, consent: str):  # type: ignore[no-untyped-def]
    from cases import services
    from partners.models import PostcodeArea

    PostcodeArea.objects.get_or_create(prefix="NB4", family_hub=place.hub)
    return services.enquiry_raise(
        actor=place.teacher,
        new_family=services.NewFamilyDetails(name="The Osei family", postcode="NB4 2AB"),
        people=[
            services.PersonDetails(
                family_name="Osei",
                given_names="Efua",
                relationship="parent",
                date_of_birth=timezone.localdate().replace(year=1990),
            ),
            services.PersonDetails(
                family_name="Osei",
                given_names="Kwame",
                relationship="child",
                date_of_birth=timezone.localdate().replace(year=2016),
                enquiry_is_about=True,
            ),
        ],
        concerns="Kwame's attendance has dropped.",
        family_consent=consent,
    )


def test_the_enquirys_consent_becomes_the_consent_record_covering_the_referrers_agency():
    place = build_place()
    case = raise_enquiry(place, "given")

    [record] = ConsentRecord.objects.filter(case=case)
    assert record.decision == ConsentDecision.GIVEN
    assert record.person.given_names == "Efua"
    assert list(record.agencies.all()) == [place.school]
    assert has_consent_or_lawful_basis(case)


def test_an_enquiry_the_family_has_not_agreed_to_records_no_consent():
    place = build_place()
    case = raise_enquiry(place, "knows_not_agreed")
    assert not ConsentRecord.objects.filter(case=case).exists()


def test_a_family_that_agreed_at_the_enquiry_is_allocated_without_being_asked_again():
    place = build_place()
    case = raise_enquiry(place, "given")
    from cases import services

    case = services.case_screen(
        actor=place.coordinator, case=case, outcome="early_help_assessment", reason="Assess"
    )
    case = allocate(place, case, place.worker)
    assert case.state == "allocated"


def test_screening_warns_with_a_link_when_no_consent_would_let_allocation_happen(
    signed_in_client,
):
    place = build_place()
    case = raise_enquiry(place, "not_told")
    coordinator = signed_in_client(place.coordinator)

    page = coordinator.get(f"/cases/{case.pk}/screening/").content.decode()

    assert "No consent is recorded for this family" in text_of(page)
    assert f'href="/cases/{case.pk}/sharing/consent/add/?from=screening"' in page
    mum = case.family.members.get(relationship="parent").person
    recorded = coordinator.post(
        f"/cases/{case.pk}/sharing/consent/add/?from=screening",
        {"basis": "consent", "person": mum.pk, "decision": "given", "method": "verbal"},
    )
    assert recorded["Location"] == f"/cases/{case.pk}/screening/"
    after = coordinator.get(f"/cases/{case.pk}/screening/").content.decode()
    assert "No consent is recorded" not in text_of(after)


def test_screening_says_nothing_when_consent_came_with_the_enquiry(signed_in_client):
    place = build_place()
    case = raise_enquiry(place, "given")
    page = signed_in_client(place.coordinator).get(f"/cases/{case.pk}/screening/")
    assert "No consent is recorded" not in text_of(page.content.decode())


def _member(age: int) -> sections.Member:
    return sections.Member(
        person_id=age,
        name=f"Child aged {age}",
        relationship="child",
        date_of_birth=years_ago(age),
        is_child=True,
    )


def test_a_four_year_old_is_not_offered_consent_for_themselves_but_a_thirteen_year_old_is():
    parent = sections.Member(
        person_id=99, name="Parent", relationship="parent", date_of_birth=None, is_child=False
    )
    fields = {
        f.name: [c[0] for c in f.choices]
        for f in _consent_fields([_member(4), _member(13), _member(12), parent])
        if f.name.endswith("_given_by")
    }
    assert fields["c4_given_by"] == ["99"]
    assert fields["c12_given_by"] == ["99"]
    assert fields["c13_given_by"] == ["self", "99"]
    assert fields["c99_given_by"] == ["self"]


def test_the_existing_journey_helpers_still_screen_and_allocate():
    place = build_place()
    case = allocate(place, raised_and_screened(place), place.worker)
    assert case.lead_practitioner == place.worker


def test_the_allocation_decision_page_warns_with_a_link_when_consent_is_missing(
    signed_in_client,
):
    from cases import services

    place = build_place()
    case = raise_enquiry(place, "not_told")
    case = services.case_screen(
        actor=place.coordinator, case=case, outcome="early_help_assessment", reason="Assess"
    )
    meeting = services.allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=timezone.localdate()
    )
    item = meeting.items.get(case=case)

    page = (
        signed_in_client(place.coordinator)
        .get(f"/allocation-meetings/{meeting.pk}/cases/{item.pk}/")
        .content.decode()
    )

    assert "No consent or lawful basis is recorded for this family" in text_of(page)
    assert f'href="/cases/{case.pk}/sharing/consent/add/"' in page
