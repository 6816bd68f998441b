"""visible_cases(user): each relation that should show a case does, and nothing else."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from cases.access import Action, access_case, can, visible_cases, visible_notes
from cases.models import AuditEntry, NoteVisibility
from cases.services import consent_record, note_add
from partners.roles import AgencyKind, Role
from partners.services import membership_end
from tests.cases.factories import (
    CaseFactory,
    ConsentFactory,
    PersonFactory,
    ShareFactory,
    TeamMemberFactory,
    grant,
)
from tests.partners.factories import AgencyFactory, MembershipFactory, ZoneFactory, member

pytestmark = pytest.mark.django_db


def sees(user, case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def fresh(user):
    """The same user as a new request would load them (no per-request caches)."""
    return type(user).objects.get(pk=user.pk)


def test_members_of_the_lead_agency_with_a_casework_role_see_its_cases():
    lead = AgencyFactory()
    case = CaseFactory(lead_agency=lead)
    for role in (Role.PRACTITIONER, Role.COORDINATOR, Role.MANAGER):
        assert sees(member(role, agency=lead), case)
    assert not sees(member(Role.PARTNER_VIEWER, agency=lead), case)
    assert not sees(member(Role.STRATEGIC_LEAD, agency=lead), case)
    assert not sees(member(Role.SYSTEM_ADMIN, agency=lead), case)


def test_a_practitioner_of_another_agency_sees_nothing():
    case = CaseFactory(lead_agency=AgencyFactory())
    assert not sees(member(Role.PRACTITIONER), case)


def test_coordinators_and_managers_see_cases_in_the_zone_or_hub_they_cover():
    case = CaseFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    assert sees(member(Role.COORDINATOR, agency=council, zone=case.zone), case)
    assert sees(member(Role.MANAGER, agency=council, family_hub=case.family_hub), case)
    assert not sees(member(Role.COORDINATOR, agency=council, zone=ZoneFactory()), case)
    assert not sees(member(Role.PRACTITIONER, agency=council, zone=case.zone), case)


def test_a_coordinator_without_a_zone_covers_every_zone_their_agency_serves():
    case = CaseFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    council.zones.add(case.zone)
    other_council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    other_council.zones.add(ZoneFactory())
    assert sees(member(Role.COORDINATOR, agency=council), case)
    assert not sees(member(Role.COORDINATOR, agency=other_council), case)


def test_agencies_on_the_team_around_the_family_see_the_case_while_they_are_on_it():
    school = AgencyFactory()
    case = CaseFactory()
    teacher = member(Role.PRACTITIONER, agency=school)
    viewer = member(Role.PARTNER_VIEWER, agency=school)
    assert not sees(teacher, case)

    membership = TeamMemberFactory(case=case, agency=school)
    assert sees(fresh(teacher), case)
    assert sees(fresh(viewer), case)

    membership.ended_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()
    assert not sees(fresh(teacher), case)


def test_a_share_under_consent_shows_the_case_and_ending_it_hides_it_again():
    police = AgencyFactory()
    officer = member(Role.PARTNER_VIEWER, agency=police)
    share = ShareFactory(agency=police)
    assert sees(officer, share.case)

    share.ended_at = timezone.now()
    share.save()
    assert not sees(fresh(officer), share.case)


def test_a_share_that_has_not_started_or_has_ended_shows_nothing():
    police = AgencyFactory()
    officer = member(Role.PARTNER_VIEWER, agency=police)
    future = ShareFactory(agency=police, starts_on=timezone.localdate() + dt.timedelta(days=2))
    past = ShareFactory(agency=police, ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert not sees(officer, future.case)
    assert not sees(officer, past.case)


def test_withdrawing_consent_ends_the_shares_that_relied_on_it():
    lead = AgencyFactory()
    worker = member(Role.PRACTITIONER, agency=lead)
    case = CaseFactory(lead_agency=lead, lead_practitioner=worker)
    parent = PersonFactory()
    health = AgencyFactory()
    visitor = member(Role.PRACTITIONER, agency=health)

    consent_record(
        actor=worker,
        case=case,
        decision="given",
        person=parent,
        agencies=[health],
        purposes="Health visiting support",
    )
    assert sees(visitor, case)

    consent_record(actor=worker, case=case, decision="withdrawn", person=parent)
    assert not sees(fresh(visitor), case)
    assert sees(fresh(worker), case)


def test_a_practitioner_who_left_the_agency_no_longer_sees_its_cases_even_as_lead():
    lead = AgencyFactory()
    membership = MembershipFactory(agency=lead, role=Role.PRACTITIONER)
    case = CaseFactory(lead_agency=lead, lead_practitioner=membership.user)
    assert sees(membership.user, case)

    membership_end(membership=membership)
    assert not sees(fresh(membership.user), case)


def test_an_inactive_account_sees_nothing():
    lead = AgencyFactory()
    worker = member(Role.PRACTITIONER, agency=lead)
    case = CaseFactory(lead_agency=lead)
    worker.is_active = False
    worker.save()
    assert not sees(fresh(worker), case)


def test_an_explicit_grant_shows_the_case_until_it_expires():
    case = CaseFactory()
    outsider = member(Role.PRACTITIONER)
    row = grant(case, outsider)
    assert sees(outsider, case)

    row.expires_at = timezone.now() - dt.timedelta(minutes=1)
    row.save()
    assert not sees(fresh(outsider), case)


def test_access_case_answers_404_for_missing_and_hidden_cases_alike_and_audits_refusals():
    case = CaseFactory()
    outsider = member(Role.PRACTITIONER)
    with pytest.raises(Http404) as hidden:
        access_case(user=outsider, case_id=case.pk)
    with pytest.raises(Http404) as missing:
        access_case(user=outsider, case_id=case.pk + 10_000)
    assert str(hidden.value) == str(missing.value)
    refusal = AuditEntry.objects.filter(action="refused", user=outsider).get()
    assert refusal.detail["case_id"] == case.pk


def test_access_case_records_the_view_in_the_audit_log():
    lead = AgencyFactory()
    worker = member(Role.PRACTITIONER, agency=lead)
    case = CaseFactory(lead_agency=lead)
    assert access_case(user=worker, case_id=case.pk) == case
    entry = AuditEntry.objects.get(action="view", case_id=case.pk)
    assert entry.user == worker
    assert lead.name in entry.agency_label


def test_note_visibility_everyone_lead_agency_and_restricted():
    lead, school = AgencyFactory(), AgencyFactory()
    worker = member(Role.PRACTITIONER, agency=lead)
    colleague = member(Role.PRACTITIONER, agency=lead)
    teacher = member(Role.PRACTITIONER, agency=school)
    case = CaseFactory(lead_agency=lead, lead_practitioner=worker)
    TeamMemberFactory(case=case, agency=school)
    # A restricted note may name only people who work on the case: here a named member of
    # the Team Around the Family from the lead agency.
    TeamMemberFactory(case=case, agency=lead, user=colleague)
    today = timezone.localdate()

    everyone = note_add(
        actor=worker, case=case, note_type="visit", contact_date=today, text="Home visit went well"
    )
    lead_only = note_add(
        actor=worker,
        case=case,
        note_type="call",
        contact_date=today,
        text="Internal: caseload discussion",
        visibility=NoteVisibility.LEAD_AGENCY,
    )
    restricted = note_add(
        actor=worker,
        case=case,
        note_type="call",
        contact_date=today,
        text="Disclosure of domestic abuse",
        sensitive_category="domestic_abuse",
        readers=[colleague],
    )

    assert restricted.visibility == NoteVisibility.RESTRICTED  # sensitive -> restricted
    assert set(visible_notes(worker, case)) == {everyone, lead_only, restricted}
    assert set(visible_notes(colleague, case)) == {everyone, lead_only, restricted}
    assert set(visible_notes(teacher, case)) == {everyone}
    other_colleague = member(Role.PRACTITIONER, agency=lead)
    assert set(visible_notes(other_colleague, case)) == {everyone, lead_only}


def test_partner_viewers_can_read_but_not_write_notes():
    school = AgencyFactory()
    viewer = member(Role.PARTNER_VIEWER, agency=school)
    teacher = member(Role.PRACTITIONER, agency=school)
    case = CaseFactory()
    TeamMemberFactory(case=case, agency=school)
    assert can(viewer, Action.VIEW, case)
    assert not can(viewer, Action.ADD_NOTE, case)
    assert can(teacher, Action.ADD_NOTE, case)


def test_only_managers_covering_the_case_may_grant_access_or_see_who_viewed_it():
    case = CaseFactory(lead_agency=AgencyFactory())
    manager = member(
        Role.MANAGER, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP), zone=case.zone
    )
    coordinator = member(
        Role.COORDINATOR, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP), zone=case.zone
    )
    lead_manager = member(Role.MANAGER, agency=case.lead_agency)
    assert can(manager, Action.GRANT_ACCESS, case)
    assert can(lead_manager, Action.VIEW_ACCESS_LOG, case)
    assert not can(coordinator, Action.GRANT_ACCESS, case)
    assert can(coordinator, Action.SCREEN, case)


def test_consent_given_without_a_person_is_refused():
    from earlyhelp.errors import ApplicationError

    lead = AgencyFactory()
    worker = member(Role.PRACTITIONER, agency=lead)
    case = CaseFactory(lead_agency=lead, lead_practitioner=worker)
    with pytest.raises(ApplicationError) as error:
        consent_record(actor=worker, case=case, decision="given")
    assert error.value.extra["person"] == ["Select who gave or refused consent"]


def test_visible_cases_is_one_query():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = AgencyFactory()
    worker = member(Role.COORDINATOR, agency=lead, zone=ZoneFactory())
    CaseFactory.create_batch(3, lead_agency=lead)
    ConsentFactory()
    worker = fresh(worker)
    visible_cases(worker)  # computes and caches the reach (memberships: 1-2 queries)
    with CaptureQueriesContext(connection) as ctx:
        list(visible_cases(worker))
    assert len(ctx.captured_queries) == 1


def test_visible_cases_is_built_once_a_day_per_reach_and_each_read_is_a_copy():
    from cases import access

    lead = AgencyFactory()
    worker = member(Role.PRACTITIONER, agency=lead)
    seen = CaseFactory(lead_agency=lead)
    CaseFactory()  # another agency's
    access._visible_to.cache_clear()

    first = list(visible_cases(fresh(worker)))
    narrowed = list(visible_cases(fresh(worker)).filter(pk=-1))  # a read that narrows
    later = CaseFactory(lead_agency=lead)  # what is added is seen by the next read
    # Read as it comes, with nothing chained: were the kept queryset itself handed out,
    # the first read's results would be kept in it and `later` missed here.
    again = sorted(visible_cases(fresh(worker)), key=lambda case: case.pk)

    assert access._visible_to.cache_info().misses == 1  # built once, copied since
    assert first == [seen] and narrowed == [] and again == [seen, later]
