"""The lead-practitioner picker lists people who may lead: no service accounts, not the
person choosing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.selectors.caseloads import lead_choices
from partners.models import ApiToken
from partners.roles import Role
from tests.cases.places import build_place
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_service_accounts_and_the_person_choosing_are_not_offered_as_lead_practitioners():
    place = build_place()
    system = member(Role.PRACTITIONER, agency=place.council)
    system.full_name = "Family Support system (write)"
    system.save()
    ApiToken.objects.create(
        name="case system",
        agency=place.council,
        user=system,
        scope=ApiToken.Scope.WRITE,
        key_prefix="eh_test1",
        key_hash="x" * 64,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )

    offered = {
        m.user_id for m in lead_choices(agencies=[place.council.pk], excluding=place.coordinator)
    }

    assert place.worker.pk in offered and place.second_worker.pk in offered
    assert system.pk not in offered
    assert place.coordinator.pk not in offered


def test_the_home_page_your_cases_and_caseloads_give_one_caseload_count(signed_in_client):
    """Once the home page counted one way and the list another (34 against 33)."""
    import re

    from cases.models import PersonRestriction
    from cases.selectors.caseloads import caseload_of
    from cases.workflow_states import State
    from tests.cases.factories import CaseFactory, HouseholdMemberFactory
    from tests.cases.pages import text_of

    place = build_place()

    def led(state):  # type: ignore[no-untyped-def]
        return CaseFactory(
            family__family_hub=place.hub,
            state=state,
            lead_agency=place.council,
            lead_practitioner=place.worker,
        )

    for state in (State.ALLOCATED, State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED):
        led(state)
    led(State.AWAITING_ALLOCATION)  # back at the meeting: not on anyone's caseload yet
    restricted = led(State.PLAN_AND_REVIEW)  # on the caseload, hidden from the lead
    PersonRestriction.objects.create(
        person=HouseholdMemberFactory(family=restricted.family).person,
        reason="Article 18 restriction upheld",
        placed_by=place.manager,
    )

    load = caseload_of(place.worker)
    assert load.open_cases == 4
    worker = signed_in_client(place.worker)
    home = text_of(worker.get("/").content.decode())
    assert "You lead 4 of 18 cases" in home

    listing = worker.get("/my-cases/").content.decode()
    assert "You lead 4 of 18 cases" in text_of(listing)
    assert "1 of them is not listed here" in text_of(listing)
    assert len(re.findall(r'href="/cases/\d+/"', listing)) == 3

    caseloads = signed_in_client(place.manager).get("/caseloads/").content.decode()
    row = caseloads.split(place.worker.full_name, 1)[1].split("</tr>", 1)[0]
    assert re.search(r">\s*4\s*</td>", row)
    person = signed_in_client(place.manager).get(f"/caseloads/{place.worker.pk}/")
    assert "4 of 18 cases" in text_of(person.content.decode())


def test_the_lead_choices_are_grouped_by_agency_and_zone_with_caseload_against_limit():
    from django import forms

    from cases.forms.leads import LeadOptions
    from cases.models import CaseLimit
    from cases.selectors.caseloads import caseloads
    from cases.templatetags.lead_picker import lead_select
    from cases.workflow_states import State
    from tests.cases.factories import CaseFactory

    place = build_place()
    zoned = member(Role.PRACTITIONER, agency=place.council, zone=place.zone)
    CaseLimit.objects.create(user=place.second_worker, max_open_cases=1)
    for _ in range(2):
        CaseFactory(
            family__family_hub=place.hub,
            state=State.PLAN_AND_REVIEW,
            lead_agency=place.council,
            lead_practitioner=place.second_worker,
        )
    members = lead_choices(
        agencies=[place.council.pk, place.school.pk], excluding=place.coordinator
    )
    options = LeadOptions(members, caseloads(m.user_id for m in members))

    groups = dict(options.grouped)
    zone = place.zone.name  # "Zone 7": no second "zone" is added
    council_group = f"{place.council.name}: {zone}"
    assert council_group in groups
    labels = dict(groups[council_group])
    assert labels[f"{zoned.pk}:{place.council.pk}"] == (
        f"{zoned.full_name} — {place.council.name}, {zone} — 0 of 18 cases"
    )
    assert labels[f"{place.second_worker.pk}:{place.council.pk}"] == (
        f"{place.second_worker.full_name} — {place.council.name}, {zone} — 2 of 1 cases, "
        "over the limit"
    )
    assert f"{place.school.name}: {zone}" in groups

    class Form(forms.Form):
        lead = options.field()

    plain = str(lead_select(Form()["lead"]))
    assert f'<optgroup label="{place.council.name}: {zone}">' in plain
    assert 'class="govuk-select app-lead-select"' in plain
    assert 'aria-describedby="id_lead-hint"' in plain and 'id="id_lead-label"' in plain
    assert "data-module" not in plain
    enhanced = str(lead_select(Form()["lead"], autocomplete=True))
    assert 'data-module="app-lead-autocomplete"' in enhanced


def test_agencies_that_do_not_lead_and_people_who_left_are_not_offered():
    place = build_place()
    place.school.may_lead_cases = False
    place.school.save()
    place.second_worker.is_active = False
    place.second_worker.save()

    offered = {m.user_id for m in lead_choices(agencies=[place.council.pk, place.school.pk])}

    assert place.worker.pk in offered
    assert place.teacher.pk not in offered
    assert place.second_worker.pk not in offered


def test_the_allocation_service_refuses_a_lead_from_an_agency_that_does_not_lead():
    from cases.models import Decision
    from cases.services import allocation_decide, allocation_meeting_create
    from earlyhelp.errors import ApplicationError
    from tests.cases.factories import waiting_case
    from tests.cases.places import case_type, level

    place = build_place()
    place.school.may_lead_cases = False
    place.school.save()
    waiting_case(place.hub)
    meeting = allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=timezone.localdate()
    )
    item = meeting.items.get()

    with pytest.raises(ApplicationError) as refused:
        allocation_decide(
            actor=place.coordinator,
            item=item,
            decision=Decision.ALLOCATE,
            expected_version=item.version,
            lead_practitioner=place.teacher,
            lead_agency=place.school,
            need_level=level(3),
            case_type=case_type(),
        )

    assert refused.value.extra["lead"] == [
        f"{place.school.name} does not lead cases: choose a lead practitioner in an agency "
        "that does"
    ]
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


def test_the_allocation_service_refuses_a_service_account_as_lead():
    from cases.models import Decision
    from cases.services import allocation_decide, allocation_meeting_create
    from earlyhelp.errors import ApplicationError
    from tests.cases.factories import waiting_case
    from tests.cases.places import case_type, level

    place = build_place()
    ApiToken.objects.create(
        name="school system",
        agency=place.school,
        user=place.teacher,
        scope=ApiToken.Scope.WRITE,
        key_prefix="eh_test2",
        key_hash="y" * 64,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    waiting_case(place.hub)
    meeting = allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=timezone.localdate()
    )
    item = meeting.items.get()

    with pytest.raises(ApplicationError) as refused:
        allocation_decide(
            actor=place.coordinator,
            item=item,
            decision=Decision.ALLOCATE,
            expected_version=item.version,
            lead_practitioner=place.teacher,
            lead_agency=place.school,
            need_level=level(3),
            case_type=case_type(),
        )

    assert "cannot lead a family" in refused.value.extra["lead"][0]


def test_a_lead_change_to_an_agency_that_does_not_lead_is_refused():
    from cases.services import lead_practitioner_change
    from cases.workflow_states import State
    from earlyhelp.errors import ApplicationError
    from tests.cases.factories import CaseFactory

    place = build_place()
    case = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )
    place.school.may_lead_cases = False
    place.school.save()

    with pytest.raises(ApplicationError) as refused:
        lead_practitioner_change(
            actor=place.coordinator,
            case=case,
            lead_practitioner=place.teacher,
            lead_agency=place.school,
            reason="The school knows the family best",
        )

    assert "does not lead cases" in refused.value.extra["lead"][0]


def test_the_decision_page_offers_only_leading_agencies_and_says_so_beside_the_field(
    signed_in_client,
):
    from cases.models import Decision
    from cases.services import allocation_meeting_create
    from tests.cases.factories import waiting_case
    from tests.cases.pages import error_beside
    from tests.cases.places import case_type, level

    place = build_place()
    case = waiting_case(place.hub)
    meeting = allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=timezone.localdate()
    )
    item = meeting.items.get()
    client = signed_in_client(place.coordinator)
    url = f"/allocation-meetings/{meeting.pk}/cases/{item.pk}/"
    page = client.get(url).content.decode()
    assert place.teacher.full_name in page
    assert 'data-module="app-lead-autocomplete"' in page
    assert "js/lead-autocomplete.mjs" in page
    assert place.coordinator.full_name not in page.split('id="id_lead"')[1].split("</select>")[0]

    place.school.may_lead_cases = False  # switched off while the page was open
    place.school.save()
    page = client.post(
        url,
        {
            "decision": Decision.ALLOCATE,
            "lead": f"{place.teacher.pk}:{place.school.pk}",
            "need_level": level(3).pk,
            "case_type": case_type().pk,
            "version": item.version,
            "case_version": case.version,
        },
    ).content.decode()

    assert error_beside(page, "id_lead") == "Select a lead practitioner from the list"
    assert place.teacher.full_name not in page.split('id="id_lead"')[1].split("</select>")[0]


def test_changing_whether_an_agency_may_lead_is_audited():
    from cases.models import AuditEntry
    from cases.models.audit import AuditAction
    from partners.services import agency_save

    place = build_place()
    place.school.may_lead_cases = False
    agency_save(
        actor=member(Role.SYSTEM_ADMIN),
        agency=place.school,
        changed=["may_lead_cases"],
        created=False,
    )

    entry = AuditEntry.objects.filter(action=AuditAction.AGENCY).latest("id")
    assert entry.detail["flags"] == {"may_lead_cases": {"from": True, "to": False}}
