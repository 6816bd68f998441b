"""Zone-wide oversight belongs to the agencies that run the service.

A coordinator or manager of a council early help team (an agency that runs the service)
reaches the zones it serves. A partner agency's manager reaches their own agency's
cases (lead, team, share) and nothing else, unless a system administrator gives them a
time-limited zone grant with a reason; an expired grant reaches nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.access import Action, can, visible_cases
from cases.models import AuditEntry
from cases.models.audit import AuditAction
from cases.workflow_states import State
from partners.models import Agency, User, ZoneGrant
from partners.roles import AgencyKind, Role
from partners.services import agency_save, zone_grant_give, zone_grant_revoke
from tests.cases.factories import CaseFactory, FamilyFactory, ShareFactory, TeamMemberFactory
from tests.cases.relations import fresh
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough():  # type: ignore[no-untyped-def]
    """A zone served by the council's early help team and a health visiting service."""
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Early Help Service")
    health = AgencyFactory(kind=AgencyKind.HEALTH_VISITING, name="Health Visiting")
    council.zones.set([hub.zone])
    health.zones.set([hub.zone])

    def case(**kwargs):  # type: ignore[no-untyped-def]
        return CaseFactory(
            family=FamilyFactory(family_hub=hub),
            state=State.PLAN_AND_REVIEW,
            lead_agency=kwargs.pop("lead_agency", council),
            **kwargs,
        )

    cases = {
        "council's": case(),
        "health leads": case(lead_agency=health),
        "health on the team": case(),
        "shared with health": case(),
    }
    TeamMemberFactory(case=cases["health on the team"], agency=health)
    ShareFactory(case=cases["shared with health"], agency=health)
    return hub, council, health, cases


def _seen(user: User) -> set[int]:
    return set(visible_cases(fresh(user)).values_list("pk", flat=True))


def test_the_agencies_that_ran_early_help_were_marked_as_running_the_service():
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    assert council.runs_service and not school.runs_service


def test_a_service_zone_manager_sees_every_case_in_their_zone(borough):  # type: ignore[no-untyped-def]
    hub, council, _health, cases = borough
    manager = member(Role.MANAGER, agency=council, zone=hub.zone)
    assert _seen(manager) == {c.pk for c in cases.values()}
    assert can(fresh(manager), Action.SCREEN, cases["health leads"])


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR])
def test_a_partner_agencys_manager_sees_only_the_cases_their_agency_is_part_of(borough, role):  # type: ignore[no-untyped-def]
    hub, _council, health, cases = borough
    # Even scoped to the zone, as the old demo's health visiting team leader was not.
    unscoped = member(role, agency=health)
    scoped = member(role, agency=health, zone=hub.zone)
    theirs = {c.pk for name, c in cases.items() if name != "council's"}
    assert _seen(unscoped) == theirs
    assert _seen(scoped) == theirs
    for user in (unscoped, scoped):
        assert not can(fresh(user), Action.SCREEN, cases["health on the team"])
        assert not can(fresh(user), Action.ALLOCATE, cases["health on the team"])
        assert not can(fresh(user), Action.SIGN_OFF, cases["shared with health"])


def test_a_partner_agencys_manager_oversees_the_cases_their_agency_leads(borough):  # type: ignore[no-untyped-def]
    _hub, _council, health, cases = borough
    manager = fresh(member(Role.MANAGER, agency=health))
    assert can(manager, Action.SIGN_OFF, cases["health leads"])
    assert can(manager, Action.EXPORT, cases["health leads"])
    assert not can(manager, Action.EXPORT, cases["health on the team"])


def test_a_partner_agencys_manager_is_refused_the_zones_front_door_allocation_and_returns(
    borough, signed_in_client
):  # type: ignore[no-untyped-def]
    _hub, _council, health, _cases = borough
    client = signed_in_client(member(Role.MANAGER, agency=health))
    for url in ("/front-door/", "/allocation-meetings/", "/reporting/returns/"):
        assert client.get(url).status_code == 403, url
    home = client.get("/").content.decode()
    assert 'href="/front-door/"' not in home
    assert 'href="/allocation-meetings/"' not in home


def test_a_service_coordinator_reaches_the_front_door(borough, signed_in_client):  # type: ignore[no-untyped-def]
    hub, council, _health, _cases = borough
    client = signed_in_client(member(Role.COORDINATOR, agency=council, zone=hub.zone))
    assert client.get("/front-door/").status_code == 200
    assert 'href="/front-door/"' in client.get("/").content.decode()


def _give(user: User, zone, *, hours: int = 8, starts_hours_ago: int = 0) -> ZoneGrant:  # type: ignore[no-untyped-def]
    admin = member(Role.SYSTEM_ADMIN)
    now = timezone.now()
    return zone_grant_give(
        actor=admin,
        user=user,
        zone=zone,
        role=Role.MANAGER,
        reason="Covering the zone's manager during their leave",
        starts_at=now - dt.timedelta(hours=starts_hours_ago),
        ends_at=now - dt.timedelta(hours=starts_hours_ago) + dt.timedelta(hours=hours),
    )


def test_a_zone_grant_gives_a_partner_manager_the_zone_while_it_lasts(borough, signed_in_client):  # type: ignore[no-untyped-def]
    hub, _council, health, cases = borough
    manager = member(Role.MANAGER, agency=health)
    grant = _give(manager, hub.zone)
    assert _seen(manager) == {c.pk for c in cases.values()}
    assert signed_in_client(manager).get("/front-door/").status_code == 200
    entry = AuditEntry.objects.filter(action=AuditAction.ZONE_GRANT).get()
    assert entry.reason == "zone grant given"
    assert entry.detail["reason"] == grant.reason

    zone_grant_revoke(actor=None, grant=grant)
    assert _seen(manager) == {c.pk for name, c in cases.items() if name != "council's"}


def test_an_expired_zone_grant_reaches_nothing(borough, signed_in_client):  # type: ignore[no-untyped-def]
    hub, _council, health, cases = borough
    manager = member(Role.MANAGER, agency=health)
    _give(manager, hub.zone, hours=8, starts_hours_ago=9)
    assert cases["council's"].pk not in _seen(manager)
    assert signed_in_client(manager).get("/front-door/").status_code == 403


def test_a_zone_grant_needs_the_role_and_a_reason(borough):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    hub, _council, health, _cases = borough
    practitioner = member(Role.PRACTITIONER, agency=health)
    with pytest.raises(ValidationError):
        _give(practitioner, hub.zone)
    with pytest.raises(ValidationError):
        zone_grant_give(
            actor=None,
            user=member(Role.MANAGER, agency=health),
            zone=hub.zone,
            role=Role.MANAGER,
            reason="  ",
            ends_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert not ZoneGrant.objects.exists()


def test_a_system_administrator_gives_a_zone_grant_in_the_admin(borough, signed_in_client):  # type: ignore[no-untyped-def]
    hub, _council, health, _cases = borough
    manager = member(Role.MANAGER, agency=health)
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    now = timezone.localtime()
    later = now + dt.timedelta(days=2)
    response = client.post(
        "/admin/partners/zonegrant/add/",
        {
            "user": manager.pk,
            "role": Role.MANAGER,
            "zone": hub.zone.pk,
            "reason": "Covering North while its manager is on leave",
            "starts_at_0": now.strftime("%Y-%m-%d"),
            "starts_at_1": now.strftime("%H:%M:%S"),
            "ends_at_0": later.strftime("%Y-%m-%d"),
            "ends_at_1": later.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = ZoneGrant.objects.get()
    assert grant.granted_by is not None and grant.user == manager
    assert AuditEntry.objects.filter(action=AuditAction.ZONE_GRANT).count() == 1


def test_marking_an_agency_as_running_the_service_is_audited_and_gives_its_managers_the_zone(
    borough,
):  # type: ignore[no-untyped-def]
    _hub, _council, health, cases = borough
    manager = member(Role.MANAGER, agency=health)
    health.runs_service = True
    agency_save(
        actor=member(Role.SYSTEM_ADMIN), agency=health, changed=["runs_service"], created=False
    )
    entry = AuditEntry.objects.filter(action=AuditAction.AGENCY).latest("id")
    assert entry.detail["flags"] == {"runs_service": {"from": False, "to": True}}
    assert Agency.objects.get(pk=health.pk).runs_service
    assert _seen(manager) == {c.pk for c in cases.values()}
