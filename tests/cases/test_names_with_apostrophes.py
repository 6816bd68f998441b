"""Names with apostrophes are shown as written: escaped once in the HTML, never twice.

The factories draw plain names (tests/names.py), so these tests give such names on
purpose: an Irish surname is common among families and practitioners alike.
"""

from __future__ import annotations

import pytest
from django.utils.html import escape

from cases.services.records import person_update
from partners.roles import Role
from tests.governance.factories import person_in_two_families, renamed
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_a_practitioner_called_osullivan_is_named_on_the_case_history(signed_in_client):
    world = person_in_two_families()
    world.worker.full_name = "Siobhan O'Sullivan"
    world.worker.save(update_fields=["full_name"])
    person = world.person
    details = renamed(person, family_name="O'Donnell", given_names=person.given_names)
    person_update(actor=world.worker, case=world.first, person=person, details=details, version=1)
    manager = member(Role.MANAGER, agency=world.lead)

    page = signed_in_client(manager).get(f"/cases/{world.first.pk}/history/").text

    assert escape("Siobhan O'Sullivan") in page
    assert escape("Quenby → O'Donnell") in page
    assert "&amp;#x27;" not in page  # escaped once, not twice


def test_a_family_called_odonnell_is_named_on_its_case_summary(signed_in_client):
    world = person_in_two_families()
    world.first.family.name = "The O'Donnell family"
    world.first.family.save(update_fields=["name"])

    page = signed_in_client(world.worker).get(f"/cases/{world.first.pk}/").text

    assert escape("The O'Donnell family") in page
    assert "&amp;#x27;" not in page
