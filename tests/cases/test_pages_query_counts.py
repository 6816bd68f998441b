"""Every list and case page runs the same number of queries with 5 rows and with 50.

Each page is requested once to warm per-process caches, then measured with 5 rows,
then 45 more rows are added and it is measured again: the counts must be equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import timeline
from cases.access import access_case
from cases.models import (
    CaseLimit,
    IdentifierConflict,
    LeadPractitionerAssignment,
    PersonIdentifier,
)
from cases.services import case_step_across, consent_record, family_feedback_record, note_add
from cases.workflow_states import State
from partners.roles import Role
from tests.cases.factories import (
    CaseFactory,
    EnquiryFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    TeamMemberFactory,
    grant,
)
from tests.cases.pages import nhs_number
from tests.cases.relations import Relations, build_relations
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def _team(world: Relations, start: int, count: int) -> None:
    for _ in range(count):
        agency = AgencyFactory()
        TeamMemberFactory(
            case=world.case, agency=agency, user=member(Role.PRACTITIONER, agency=agency)
        )


def _household(world: Relations, start: int, count: int) -> None:
    for i in range(start, start + count):
        person = HouseholdMemberFactory(family=world.case.family).person
        PersonIdentifier.objects.create(
            person=person, type=PersonIdentifier.Type.NHS_NUMBER, value=nhs_number(1000 + i)
        )


def _chronology(world: Relations, start: int, count: int) -> None:
    lead = world["lead practitioner"]
    for i in range(start, start + count):
        timeline.event_add(case=world.case, kind="test", title=f"Event {i}", actor=lead)


def _notes(world: Relations, start: int, count: int) -> None:
    lead = world["lead practitioner"]
    visibilities = ["everyone", "lead_agency", "restricted"]
    for i in range(start, start + count):
        note_add(
            actor=lead,
            case=world.case,
            note_type="visit",
            contact_date=timezone.localdate(),
            text=f"Note {i}",
            visibility=visibilities[i % 3],
            readers=[world["zone manager"]],
        )


def _sharing(world: Relations, start: int, count: int) -> None:
    lead = world["lead practitioner"]
    mother = world.case.family.members.get(relationship="parent").person
    _team(world, start, count)
    for _ in range(count):
        consent_record(
            actor=lead,
            case=world.case,
            decision="given",
            person=mother,
            agencies=[AgencyFactory(), AgencyFactory()],
            purposes="Support",
        )


def _access(world: Relations, start: int, count: int) -> None:
    for _ in range(count):
        viewer = member(Role.PRACTITIONER)
        grant(world.case, viewer)
        access_case(user=viewer, case_id=world.case.pk)


def _duplicates(world: Relations, start: int, count: int) -> None:
    for i in range(start, start + count):
        # Half in the coordinator's zone (shown in full), half elsewhere (shown anonymously).
        family = FamilyFactory(family_hub=world.hub if i % 2 else None)
        CaseFactory(family=family)
        world.case.enquiry.possible_duplicates.add(family)


def _identifier_clashes(world: Relations, start: int, count: int) -> None:
    for i in range(start, start + count):
        # Given for someone in the coordinator's zone; held by someone there (named to
        # the reviewer) or in a family they cannot see (shown as "someone known").
        family = FamilyFactory(family_hub=world.hub)
        CaseFactory(family=family)
        given_for = HouseholdMemberFactory(family=family).person
        holder_family = FamilyFactory(family_hub=world.hub if i % 2 else None)
        CaseFactory(family=holder_family)
        holder = HouseholdMemberFactory(family=holder_family).person
        IdentifierConflict.objects.create(
            person=given_for,
            known_person=holder,
            family=family,
            identifier_type=PersonIdentifier.Type.NHS_NUMBER,
            value=nhs_number(3000 + i),
            recorded_by=world["lead practitioner"],
        )


def _front_door(world: Relations, start: int, count: int) -> None:
    for i in range(start, start + count):
        EnquiryFactory(
            case=CaseFactory(family=FamilyFactory(family_hub=world.hub), state=State.SCREENING),
            urgency="urgent" if i % 2 else "routine",
            received_at=timezone.now() - dt.timedelta(days=i),
        )


def _my_cases(world: Relations, start: int, count: int) -> None:
    for _ in range(count):
        CaseFactory(lead_agency=world.council, lead_practitioner=world["lead practitioner"])


def _caseloads(world: Relations, start: int, count: int) -> None:
    """More lead practitioners, each with cases on their caseload, some with a limit."""
    for i in range(start, start + count):
        worker = member(Role.PRACTITIONER, agency=world.council)
        if i % 3 == 0:
            CaseLimit.objects.create(user=worker, max_open_cases=2)
        CaseFactory.create_batch(
            1 + i % 3,
            family=FamilyFactory(family_hub=world.hub),
            lead_agency=world.council,
            lead_practitioner=worker,
            state=State.PLAN_AND_REVIEW,
        )


def _families(world: Relations, start: int, count: int) -> None:
    for i in range(start, start + count):
        family = FamilyFactory(name=f"The Okafor family {i}", family_hub=world.hub)
        HouseholdMemberFactory.create_batch(2, family=family, person__family_name="Okafor")
        CaseFactory.create_batch(2, family=family, lead_agency=world.council)


def _lead_history(world: Relations, start: int, count: int) -> None:
    """Earlier lead practitioners of the case, and more people who could lead it."""
    for i in range(start, start + count):
        worker = member(Role.PRACTITIONER, agency=world.council)
        LeadPractitionerAssignment.objects.create(
            case=world.case,
            user=worker,
            agency=world.council,
            started_at=timezone.now() - dt.timedelta(days=400 - i),
            ended_at=timezone.now() - dt.timedelta(days=399 - i),
            reason=f"Period {i}",
            assigned_by=world["zone coordinator"],
        )


def _journey(world: Relations, start: int, count: int) -> None:
    """Feedback from the family and steps across to child protection."""
    lead = world["lead practitioner"]
    for i in range(start, start + count):
        agency = AgencyFactory()
        family_feedback_record(
            actor=lead,
            case=world.case,
            kind="review",
            comments=f"Review {i}",
            timely_and_helpful=bool(i % 2),
        )
        case_step_across(
            actor=lead,
            case=world.case,
            agency=agency,
            practitioner=member(Role.PRACTITIONER, agency=agency),
            reason=f"Reason {i}",
        )


@dataclass(frozen=True)
class Page:
    name: str
    who: str
    url: Callable[[Relations], str]
    add_rows: Callable[[Relations, int, int], None]
    before: Callable[[Client], None] = lambda client: None


def _search(client: Client) -> None:
    client.post("/find-a-family/", {"name": "Okafor"})


def _enquiry_search(client: Client) -> None:
    client.post("/enquiries/new/")
    client.post("/enquiries/new/who/", {"action": "search", "name": "Okafor"})


def _case(path: str) -> Callable[[Relations], str]:
    return lambda world: f"/cases/{world.case.pk}/{path}"


PAGES = [
    Page("case summary", "zone coordinator", _case(""), _team),
    Page("case summary with possible duplicates", "zone coordinator", _case(""), _duplicates),
    Page("screening", "zone coordinator", _case("screening/"), _duplicates),
    Page("family", "lead practitioner", _case("family/"), _household),
    Page("chronology", "lead practitioner", _case("chronology/"), _chronology),
    Page("notes", "zone manager", _case("notes/"), _notes),
    Page("notes for the author", "lead practitioner", _case("notes/"), _notes),
    Page("add a note", "lead practitioner", _case("notes/add/"), _team),
    Page("sharing", "lead practitioner", _case("sharing/"), _sharing),
    Page("access", "zone manager", _case("access/"), _access),
    Page("case summary with its journey", "zone coordinator", _case(""), _journey),
    Page("case summary with its lead history", "zone coordinator", _case(""), _lead_history),
    Page("change the lead practitioner", "zone coordinator", _case("lead/"), _lead_history),
    Page("propose closure", "lead practitioner", _case("closure/"), _team),
    Page("sign off closure", "zone manager", _case("closure/decision/"), _journey),
    Page("step up", "zone manager", _case("step-up/"), _team),
    Page("step across", "lead practitioner", _case("step-across/"), _team),
    Page("front door queue", "zone coordinator", lambda w: "/front-door/", _front_door),
    Page(
        "possible duplicate people",
        "zone coordinator",
        lambda w: "/possible-duplicates/",
        _identifier_clashes,
    ),
    Page("my cases", "lead practitioner", lambda w: "/my-cases/", _my_cases),
    Page("caseloads", "zone manager", lambda w: "/caseloads/", _caseloads),
    Page("caseloads by name", "zone coordinator", lambda w: "/caseloads/?sort=name", _caseloads),
    Page("find a family", "lead practitioner", lambda w: "/find-a-family/", _families, _search),
    Page(
        "who is the enquiry about",
        "lead practitioner",
        lambda w: "/enquiries/new/who/",
        _families,
        _enquiry_search,
    ),
]


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_page_runs_as_many_queries_for_50_rows_as_for_5(page: Page):
    world = build_relations()
    client = Client()
    client.force_login(world[page.who], backend="django.contrib.auth.backends.ModelBackend")
    page.before(client)
    url = page.url(world)
    page.add_rows(world, 0, 5)
    client.get(url)  # warm per-process caches (content types, permissions)
    with_5 = _count(client, url)
    page.add_rows(world, 5, 45)
    with_50 = _count(client, url)
    assert with_50 == with_5, f"{page.name}: {with_5} queries with 5 rows, {with_50} with 50"
    assert with_5 < 40, f"{page.name}: {with_5} queries"


def test_the_count_catches_a_page_that_grows_with_its_rows():
    """The measure itself can fail: a loop of one query per row is seen."""
    world = build_relations()
    _team(world, 0, 5)

    def per_row() -> int:
        with CaptureQueriesContext(connection) as queries:
            for row in world.case.team.all():
                _ = row.agency.name  # one query per row
        return len(queries.captured_queries)

    first = per_row()
    _team(world, 5, 45)
    assert per_row() > first
