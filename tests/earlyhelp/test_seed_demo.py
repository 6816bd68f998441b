import io

import pytest
from django.core.management import call_command

from partners.models import Agency, FamilyHub, Membership, User, Zone
from partners.roles import AgencyKind, Role

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts() -> dict[str, int]:
    return {
        "zones": Zone.objects.count(),
        "hubs": FamilyHub.objects.count(),
        "agencies": Agency.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_seed_demo_twice_creates_nothing_new_the_second_time():
    call_command("seed_demo", "--families", "30")
    first = counts()
    call_command("seed_demo", "--families", "30")
    assert counts() == first


def test_seed_demo_builds_a_partnership_of_every_kind_and_role():
    call_command("seed_demo", "--families", "30")
    assert Agency.objects.count() >= 30
    assert set(Agency.objects.values_list("kind", flat=True)) == set(AgencyKind.values)
    assert User.objects.count() >= 60
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert FamilyHub.objects.count() >= 10


def test_demo_logins_print_the_url_and_the_shared_password(capsys):
    call_command("demo_logins", "--url", "http://127.0.0.1:8000/")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out
    assert "coordinator.north@northborough.example" in out
    assert "early-help-demo" in out


def test_complete_builds_the_rest_of_the_borough_after_the_first_families_then_nothing():
    from cases.demo import demo_family_count
    from reporting.demo import loaded_whole

    call_command("seed_demo", "--complete", "--families", "12")
    assert Agency.objects.count() == 0  # nothing loaded yet: nothing to complete

    call_command("seed_demo", "--once", "--families", "6")
    assert demo_family_count() == 6
    assert not loaded_whole(12)

    out = io.StringIO()
    call_command("seed_demo", "--complete", "--families", "12", stdout=out)
    assert "6 of 12 so far" in out.getvalue()
    assert demo_family_count() == 12
    assert loaded_whole(12)

    again = io.StringIO()
    call_command("seed_demo", "--complete", "--families", "12", stdout=again)
    assert again.getvalue() == ""
    assert demo_family_count() == 12


def test_in_the_demo_a_partner_agencys_manager_sees_only_their_agencys_cases():
    """The health visiting team leader once saw every case in the borough."""
    from django.db.models import Q

    from cases.access import visible_cases
    from cases.models import Case
    from partners.demo import email_for

    call_command("seed_demo", "--families", "30")
    health_manager = User.objects.get(email=email_for("health.manager"))
    health = Agency.objects.get(name="Northborough Health Visiting Service")
    assert not health.runs_service
    assert Agency.objects.get(name="Northborough Council Early Help").runs_service
    seen = visible_cases(health_manager)
    theirs = Case.objects.filter(
        Q(lead_agency=health) | Q(team__agency=health) | Q(shares__agency=health)
    )
    assert not seen.exclude(pk__in=theirs.values("pk")).exists()
    assert seen.count() < Case.objects.count()

    north_manager = User.objects.get(email=email_for("manager.north"))
    north = Zone.objects.get(code="north")
    in_north = set(Case.objects.filter(zone=north).values_list("pk", flat=True))
    assert in_north <= set(visible_cases(north_manager).values_list("pk", flat=True))
