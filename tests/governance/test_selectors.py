"""The officer's one-record reads apply the officer-only policy themselves: the officer
finds the record, anyone else (even the case's own worker or a manager) gets a 404, as
does an id that is not a record or a case that is not the person's."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from governance import rights, selectors
from governance import sar as sar_services
from governance.models import LegalHold, RightsKind
from partners.roles import Role
from tests.cases.factories import CaseFactory
from tests.governance.factories import officer, person_in_two_families
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    the_officer = officer()
    family = person_in_two_families()
    sar = sar_services.sar_record(
        actor=the_officer,
        person=family.person,
        requester_name="Marisol",
        identity_checked=True,
        received_on=timezone.localdate(),
    )
    made = rights.rights_request_record(
        actor=the_officer,
        kind=RightsKind.RESTRICTION,
        person=family.person,
        requester_name="Marisol",
        grounds="Please stop using my records while I complain.",
        received_on=timezone.localdate(),
    )
    hold = LegalHold.objects.create(person=family.person, reason="Claim", placed_by=the_officer)
    return the_officer, family, sar, made, hold


def _reads(family, sar, made, hold):
    return [
        (selectors.person_for_officer, {"person_id": family.person.pk}, family.person),
        (selectors.case_for_officer, {"case_id": family.first.pk}, family.first),
        (selectors.access_request_for_officer, {"pk": sar.pk}, sar),
        (selectors.rights_request_for_officer, {"pk": made.pk}, made),
        (selectors.current_hold_for_officer, {"pk": hold.pk}, hold),
    ]


def test_the_officer_finds_each_record_by_its_id(records):
    the_officer, family, sar, made, hold = records
    for read, kwargs, expected in _reads(family, sar, made, hold):
        assert read(user=the_officer, **kwargs) == expected


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.SYSTEM_ADMIN])
def test_no_other_role_finds_any_record(records, role):
    _, family, sar, made, hold = records
    someone = family.worker if role == Role.PRACTITIONER else member(role, agency=family.lead)
    for read, kwargs, _ in _reads(family, sar, made, hold):
        with pytest.raises(Http404):
            read(user=someone, **kwargs)


def test_an_id_that_is_not_a_record_is_404_even_for_the_officer(records):
    the_officer, *_ = records
    for bad in (999_999, "not-a-number", None):
        with pytest.raises(Http404):
            selectors.access_request_for_officer(user=the_officer, pk=bad)


def test_a_case_of_another_family_is_404_through_the_persons_record(records):
    the_officer, family, *_ = records
    other_case = CaseFactory()
    assert (
        selectors.case_for_officer(user=the_officer, case_id=family.second.pk, person=family.person)
        == family.second
    )
    with pytest.raises(Http404):
        selectors.case_for_officer(user=the_officer, case_id=other_case.pk, person=family.person)


def test_a_lifted_hold_is_no_longer_found(records):
    the_officer, _, _, _, hold = records
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_at"])
    with pytest.raises(Http404):
        selectors.current_hold_for_officer(user=the_officer, pk=hold.pk)
