import datetime as dt

import pytest
from django.utils import timezone

from partners.roles import Role
from partners.selectors import active_memberships, user_agency_ids, user_has_any_role, user_roles
from partners.services import membership_end, membership_grant
from tests.partners.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_can_hold_roles_in_more_than_one_agency():
    user = UserFactory()
    school, charity = AgencyFactory(), AgencyFactory()
    membership_grant(user=user, agency=school, role=Role.PRACTITIONER)
    membership_grant(user=user, agency=charity, role=Role.PARTNER_VIEWER)

    assert user_roles(user=user) == {Role.PRACTITIONER, Role.PARTNER_VIEWER}
    assert user_agency_ids(user=user) == {school.id, charity.id}
    assert user_agency_ids(user=user, roles={Role.PRACTITIONER}) == {school.id}


def test_granting_the_same_open_role_twice_keeps_one_membership():
    user, agency = UserFactory(), AgencyFactory()
    first = membership_grant(user=user, agency=agency, role=Role.COORDINATOR)
    second = membership_grant(user=user, agency=agency, role=Role.COORDINATOR)
    assert first.pk == second.pk
    assert user.memberships.count() == 1


def test_an_ended_membership_no_longer_gives_its_role():
    membership = MembershipFactory(role=Role.MANAGER)
    user = membership.user
    assert user_has_any_role(user=user, roles={Role.MANAGER})

    membership_end(membership=membership)
    fresh = type(user).objects.get(pk=user.pk)  # a new request: no per-request cache

    assert not user_has_any_role(user=fresh, roles={Role.MANAGER})
    assert active_memberships(user=fresh) == []


def test_a_membership_that_starts_in_the_future_is_not_yet_active():
    membership = MembershipFactory(started_on=timezone.localdate() + dt.timedelta(days=3))
    assert active_memberships(user=membership.user) == []


def test_memberships_of_an_inactive_agency_or_person_do_not_count():
    closed_agency = MembershipFactory(agency=AgencyFactory(is_active=False))
    left_user = MembershipFactory(user=UserFactory(is_active=False))
    assert active_memberships(user=closed_agency.user) == []
    assert active_memberships(user=left_user.user) == []


def test_email_is_the_login_and_is_case_insensitive():
    user = UserFactory(email="Sam.Jones@School.example".lower())
    found = type(user).objects.get_by_natural_key("SAM.JONES@school.EXAMPLE")
    assert found == user


def test_every_role_has_a_readable_name():
    assert {r.label for r in Role} >= {
        "Practitioner",
        "Early help coordinator",
        "Manager",
        "Partner viewer",
        "Strategic lead",
        "System administrator",
    }
