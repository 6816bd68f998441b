"""The partnership view (agency activity, self-assessments over time) and the zone profile,
with the suppression a strategic lead reads them under."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases.models import Enquiry
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from partners.models import Agency
from partners.roles import AgencyKind, Role
from reporting import partnership
from reporting.models import AgencySelfAssessment, PartnershipPledge
from reporting.scorecard.engine import rollup
from reporting.scorecard.present import FEWER, HIDDEN
from reporting.zone_profile import zone_profile
from tests.cases.factories import FamilyFactory
from tests.partners.factories import AgencyFactory, ZoneFactory, member
from tests.reporting.scorecard_data import journey

pytestmark = pytest.mark.django_db

D = dt.date
YEAR = timezone.localdate().year


def _enquiries(agency: Agency, count: int, **fields: object) -> None:
    for _ in range(count):
        journey(received=D(YEAR, 3, 2), raised_by_agency=agency, state=State.SCREENING, **fields)


def _ratings(maturity: str = "developing") -> dict[int, tuple[str, str]]:
    return {s.pk: (maturity, f"Evidence for {s.name}") for s in partnership.strands()}


def test_an_agencys_self_assessments_are_kept_over_time_newest_first():
    agency = AgencyFactory(name="Northborough Academy")
    manager = member(Role.MANAGER, agency=agency)
    strands = partnership.strands()
    pledges = list(PartnershipPledge.objects.filter(is_active=True).order_by("pk")[:3])
    first = partnership.self_assessment_record(
        actor=manager,
        agency=agency,
        ratings=_ratings("early"),
        pledge_ids=[pledges[0].pk],
        notes=" First look ",
    )
    AgencySelfAssessment.objects.filter(pk=first.pk).update(recorded_on=D(YEAR - 1, 4, 1))
    second = partnership.self_assessment_record(
        actor=manager,
        agency=agency,
        ratings=_ratings("maturing"),
        pledge_ids=[p.pk for p in pledges],
        notes="A year on",
    )
    assert first.notes == "First look"
    assert first.ratings.count() == len(strands)
    assert {r.maturity for r in second.ratings.all()} == {"maturing"}
    assert set(second.pledges_met.all()) == set(pledges)

    row = next(
        r for r in partnership.agency_activity(year=YEAR, suppress=True) if r.agency == agency
    )
    assert [a.pk for a in row.history] == [second.pk, first.pk]
    assert row.latest == second


def test_a_self_assessment_needs_a_stage_for_every_strand_and_the_agencys_manager():
    agency = AgencyFactory()
    strands = partnership.strands()
    ratings = _ratings()
    ratings[strands[1].pk] = ("", "")
    with pytest.raises(ApplicationError) as refused:
        partnership.self_assessment_record(
            actor=member(Role.MANAGER, agency=agency),
            agency=agency,
            ratings=ratings,
            pledge_ids=[],
            notes="",
        )
    assert set(refused.value.extra) == {f"strand_{strands[1].pk}"}
    with pytest.raises(PermissionDenied):
        partnership.self_assessment_record(
            actor=member(Role.MANAGER),  # another agency's manager
            agency=agency,
            ratings=_ratings(),
            pledge_ids=[],
            notes="",
        )
    assert not AgencySelfAssessment.objects.exists()


def test_a_manager_records_a_self_assessment_and_the_partnership_page_shows_it(
    signed_in_client,
):
    agency = AgencyFactory(name="Northborough Academy")
    client = signed_in_client(member(Role.MANAGER, agency=agency))
    strands = partnership.strands()
    pledge = PartnershipPledge.objects.filter(is_active=True).first()
    assert pledge is not None
    data = {"agency": str(agency.pk), "notes": "", "pledges": [str(pledge.pk)]}
    for strand in strands:
        data[f"strand_{strand.pk}"] = "mature"
        data[f"evidence_{strand.pk}"] = ""
    for _ in range(2):
        response = client.post(reverse("self-assessment"), data)
        assert response.status_code == 302 and response["Location"] == reverse("partnership")
    page = client.get(reverse("partnership")).content.decode()
    assert f"{strands[0].name}: Mature" in page
    assert "1 pledge met; 2 self-assessments recorded" in page
    # Strategic leads read the partnership view but record no self-assessment.
    lead = signed_in_client(member(Role.STRATEGIC_LEAD))
    assert lead.get(reverse("partnership")).status_code == 200
    assert lead.post(reverse("self-assessment"), data).status_code == 403


def _texts(suppress: bool) -> dict[str, str]:
    return {
        row.agency.name: row.enquiries
        for row in partnership.agency_activity(year=YEAR, suppress=suppress)
        if row.agency.name.startswith("Test ")
    }


def test_an_agency_is_hidden_when_its_types_total_on_the_scorecard_would_give_another_away():
    # Schools: 6 + 2 = 8 on the scorecard's P3 by type; the police: 5.
    _enquiries(AgencyFactory(name="Test school A", kind=AgencyKind.SCHOOL), 6)
    _enquiries(AgencyFactory(name="Test school B", kind=AgencyKind.SCHOOL), 2)
    _enquiries(AgencyFactory(name="Test police", kind=AgencyKind.POLICE), 5)
    assert _texts(False) == {"Test school A": "6", "Test school B": "2", "Test police": "5"}
    # 8 - 6 would give school B's 2 away: school A is not shown either.
    assert _texts(True) == {"Test school A": HIDDEN, "Test school B": HIDDEN, "Test police": "5"}


def test_an_agency_is_hidden_when_its_type_is_hidden_on_the_scorecard():
    _enquiries(AgencyFactory(name="Test school", kind=AgencyKind.SCHOOL), 8)
    _enquiries(AgencyFactory(name="Test police", kind=AgencyKind.POLICE), 2)
    _enquiries(AgencyFactory(name="Test health visitors", kind=AgencyKind.HEALTH_VISITING), 6)
    # On the scorecard: school 8, police fewer than 5, and health visiting (the smallest
    # other type) not shown. Showing the health visitors' 6 here would give the police
    # away as 16 - 8 - 6.
    assert _texts(True) == {
        "Test school": "8",
        "Test police": FEWER,
        "Test health visitors": HIDDEN,
    }


def test_the_zone_profile_protects_enquiries_by_source_against_the_zones_p3():
    zone = ZoneFactory()
    school = AgencyFactory()
    for source, count in (("2A", 6), ("3B", 2), ("1A", 5)):
        for _ in range(count):
            case = journey(
                received=D(YEAR, 2, 3),
                raised_by_agency=school,
                state=State.SCREENING,
                family=FamilyFactory(family_hub__zone=zone),
            )
            Enquiry.objects.filter(case=case).update(contact_source=source)
    rollup(first=D(YEAR, 1, 1), last=D(YEAR, 2, 1))

    shown = zone_profile(zone=zone, year=YEAR, suppress=True)
    assert shown.card.rows_by_key["P3"].value.text == "13"
    # 13 - 6 - 5 would give the health visitors' 2 away: the family's 5 goes too.
    assert shown.by_source == [
        ("Schools", "6"),
        ("Health services: health visitor", HIDDEN),
        ("Individual: family member, relative or carer", HIDDEN),
    ]
    exact = zone_profile(zone=zone, year=YEAR, suppress=False)
    assert exact.by_source == [
        ("Schools", "6"),
        ("Individual: family member, relative or carer", "5"),
        ("Health services: health visitor", "2"),
    ]
