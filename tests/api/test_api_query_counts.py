"""Every API list answers in a fixed number of queries, whatever the number of rows:
the count at two sizes is the same (an N+1 would add queries with every row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.services import star_reading_record
from cases.services import consent_record, note_add
from family_plans.models import OwnerKind
from tests.api.conftest import AgencySystem, led_case, system
from tests.api.worlds import AgencyCase, case_with_records
from tests.assessments.factories import default_star, star_scales
from tests.cases.factories import EnquiryFactory, HouseholdMemberFactory, PersonFactory
from tests.family_plans.factories import ActionFactory, InviteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> tuple[AgencySystem, AgencyCase]:
    school = system()
    records = case_with_records(school.agency, "Adeyemi", nhs_number="4857773456")
    records.case.lead_practitioner = school.row.user
    records.case.save(update_fields=["lead_practitioner"])
    return school, records


def _more(world: tuple[AgencySystem, AgencyCase], what: str) -> Callable[[int], None]:
    school, r = world
    case, actor = r.case, school.row.user
    today = timezone.localdate()

    def add(n: int) -> None:
        for i in range(n):
            if what == "cases":
                led_case(school.agency, f"Family{i}")
            elif what == "people":
                person = PersonFactory()
                person.identifiers.create(type="local_id", value=f"LOC-{person.pk}")
                HouseholdMemberFactory(family=case.family, person=person)
            elif what == "notes":
                note_add(actor=actor, case=case, note_type="call", contact_date=today, text="n")
            elif what == "consents":
                consent_record(
                    actor=actor,
                    case=case,
                    decision="given",
                    person=r.parent,
                    agencies=[school.agency],
                )
            elif what == "readings":
                star_reading_record(
                    actor=actor,
                    case=case,
                    star_type=default_star(),
                    taken_on=today,
                    occasion="review",
                    way="joint",
                    scores={scale.pk: 4 for scale in star_scales()},
                    present=[r.parent, r.child],
                )
            elif what == "actions":
                ActionFactory(
                    plan=r.action.plan,
                    outcome=r.action.outcome,
                    owner_kind=OwnerKind.FAMILY,
                    owner_user=None,
                    owner_person=r.parent,
                    updated_by=actor,
                )
            elif what == "meetings":
                starts = timezone.now() + dt.timedelta(days=3 + i)
                meeting = MeetingFactory(
                    case=case,
                    organiser=actor,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=1),
                )
                InviteeFactory(meeting=meeting)
            elif what == "enquiries":
                EnquiryFactory(raised_by_agency=school.agency)

    return add


LISTS = {
    "cases": "/api/v1/cases/",
    "families": "/api/v1/families/",
    "people": "/api/v1/people/",
    "household": "/api/v1/families/{family}/household/",
    "notes": "/api/v1/cases/{case}/notes/",
    "consents": "/api/v1/cases/{case}/consents/",
    "readings": "/api/v1/cases/{case}/star-readings/",
    "actions": "/api/v1/cases/{case}/plan/actions/",
    "meetings": "/api/v1/cases/{case}/meetings/",
    "enquiries": "/api/v1/enquiries/",
}
GROWS = {"families": "cases", "household": "people"}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_answers_in_the_same_number_of_queries_at_two_sizes(world, name):
    school, r = world
    url = LISTS[name].format(case=r.case.pk, family=r.case.family_id)
    add = _more(world, GROWS.get(name, name))
    client = school.client()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(captured)

    add(2)
    rows_small = len(client.get(url).json()["results"])  # also marks the token as used
    small = queries()
    add(5)
    rows_large = len(client.get(url).json()["results"])
    large = queries()
    assert rows_large > rows_small
    assert large == small, (
        f"{name}: {small} queries for {rows_small} rows, {large} for {rows_large}"
    )
