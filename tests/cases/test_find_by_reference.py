"""Find a family by the case reference the referrer was told to quote, and say so when
nothing matches instead of showing a blank page."""

from __future__ import annotations

import pytest

from cases.selectors import family_search
from tests.cases.factories import CaseFactory
from tests.cases.pages import text_of
from tests.cases.places import build_place
from tests.cases.test_consent_once import raise_enquiry

pytestmark = pytest.mark.django_db


def test_a_case_reference_finds_its_family_whatever_the_spacing_or_case():
    place = build_place()
    case = raise_enquiry(place, "given")
    CaseFactory()  # someone else's family

    found = family_search(user=place.coordinator, reference=f" {case.reference.lower()} ")

    assert list(found) == [case.family]


def test_a_reference_of_a_case_the_user_may_not_see_finds_nothing():
    place = build_place()
    hidden = CaseFactory()
    assert list(family_search(user=place.coordinator, reference=hidden.reference)) == []


def test_the_search_page_finds_by_reference_and_shows_an_empty_state(signed_in_client):
    place = build_place()
    case = raise_enquiry(place, "given")
    client = signed_in_client(place.coordinator)

    client.post("/find-a-family/", {"reference": case.reference})
    found = text_of(client.get("/find-a-family/").content.decode())
    client.post("/find-a-family/", {"reference": "EH999999"})
    empty = text_of(client.get("/find-a-family/").content.decode())

    assert "The Osei family" in found and case.reference in found
    assert "No families you work with match your search" in empty
