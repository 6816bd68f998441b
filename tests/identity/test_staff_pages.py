"""Agency administrators' pages: their own staff only, roles within what is allowed,
deactivation, second factor reset, and the 90-day list with one-click deactivation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models.audit import AuditAction, AuditEntry
from identity.models import AssignableRoles, UserSession
from partners.models import Membership, User
from partners.roles import AgencyKind, Role
from tests.identity.sessions import give_authenticator
from tests.partners.factories import AgencyFactory, MembershipFactory, member

pytestmark = pytest.mark.django_db


def school_with_admin():  # type: ignore[no-untyped-def]
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    AssignableRoles.objects.create(agency=school, roles=["practitioner", "partner_viewer"])
    admin = MembershipFactory(agency=school, role=Role.AGENCY_ADMIN).user
    return school, admin


def test_an_agency_administrator_sees_only_their_own_agencys_staff(signed_in_client):
    school, admin = school_with_admin()
    mine = MembershipFactory(agency=school).user
    theirs = MembershipFactory().user
    client = signed_in_client(admin)
    page = client.get(reverse("staff")).content.decode()
    assert mine.email in page and theirs.email not in page
    assert client.get(reverse("staff-person", args=[mine.pk])).status_code == 200
    assert client.get(reverse("staff-person", args=[theirs.pk])).status_code == 404


def test_people_without_the_role_cannot_reach_the_staff_pages(signed_in_client):
    client = signed_in_client(member(Role.MANAGER))
    assert client.get(reverse("staff")).status_code == 403
    assert client.get(reverse("staff-dormant")).status_code == 403


def test_the_staff_list_filters_by_name_and_status(signed_in_client):
    school, admin = school_with_admin()
    MembershipFactory(agency=school, user__full_name="Priya Shah")
    gone = MembershipFactory(agency=school, user__full_name="Tom Gone").user
    User.objects.filter(pk=gone.pk).update(is_active=False, last_login=timezone.now())
    client = signed_in_client(admin)
    page = client.get(reverse("staff"), {"name": "priya"}).content.decode()
    assert "Priya Shah" in page and "Tom Gone" not in page
    page = client.get(reverse("staff"), {"status": "deactivated"}).content.decode()
    assert "Tom Gone" in page and "Priya Shah" not in page


def test_roles_are_changed_within_what_is_allowed_and_audited(signed_in_client):
    school, admin = school_with_admin()
    person = MembershipFactory(agency=school, role=Role.PRACTITIONER).user
    MembershipFactory(agency=school, user=person, role=Role.MANAGER)  # set by a system admin
    client = signed_in_client(admin)
    page = client.get(reverse("staff-roles", args=[person.pk, school.pk])).content.decode()
    assert "only a system administrator can change: Manager" in page

    client.post(reverse("staff-roles", args=[person.pk, school.pk]), {"roles": ["partner_viewer"]})
    roles = set(Membership.objects.active().filter(user=person).values_list("role", flat=True))
    assert roles == {"partner_viewer", "manager"}
    entry = AuditEntry.objects.get(action=AuditAction.ROLES_CHANGED)
    assert entry.detail["before"] == ["manager", "practitioner"]
    assert entry.detail["after"] == ["manager", "partner_viewer"]

    refused = client.post(
        reverse("staff-roles", args=[person.pk, school.pk]), {"roles": ["manager"]}
    )
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()


def test_an_agency_administrator_cannot_change_their_own_roles(signed_in_client):
    school, admin = school_with_admin()
    response = signed_in_client(admin).get(reverse("staff-roles", args=[admin.pk, school.pk]))
    assert response.status_code == 403


def test_deactivating_at_one_agency_keeps_a_role_elsewhere(signed_in_client):
    school, admin = school_with_admin()
    person = MembershipFactory(agency=school).user
    MembershipFactory(user=person)  # also works for another agency
    browser = signed_in_client(person)
    signed_in_client(admin).post(reverse("staff-deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert person.is_active
    assert not Membership.objects.active().filter(user=person, agency=school).exists()
    assert browser.get(reverse("home")).status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.DEACTIVATED)
    assert entry.detail["account_closed"] is False


def test_deactivating_someone_with_no_other_role_closes_the_account(signed_in_client):
    school, admin = school_with_admin()
    person = MembershipFactory(agency=school).user
    browser = signed_in_client(person)
    signed_in_client(admin).post(reverse("staff-deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert not person.is_active
    assert browser.get(reverse("home")).status_code == 302
    assert AuditEntry.objects.get(action=AuditAction.DEACTIVATED).detail["account_closed"]


def test_a_second_factor_reset_needs_a_reason_removes_the_app_and_ends_sessions(signed_in_client):
    school, admin = school_with_admin()
    person = MembershipFactory(agency=school).user
    give_authenticator(person)
    browser = signed_in_client(person)
    client = signed_in_client(admin)
    url = reverse("staff-second-factor-reset", args=[person.pk])
    empty = client.post(url, {"reason": ""})
    assert "Enter why the second factor is being reset" in empty.content.decode()
    client.post(url, {"reason": "New phone, confirmed by phone call"})
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert browser.get(reverse("home")).status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.SECOND_FACTOR_RESET)
    assert entry.user == admin and entry.reason == "New phone, confirmed by phone call"


def test_an_agency_administrator_cannot_reset_someone_with_a_wider_reach(signed_in_client):
    school, admin = school_with_admin()
    person = MembershipFactory(agency=school).user
    MembershipFactory(user=person, role=Role.MANAGER)  # a manager of another agency too
    give_authenticator(person)
    client = signed_in_client(admin)
    url = reverse("staff-second-factor-reset", args=[person.pk])
    assert client.post(url, {"reason": "asked"}).status_code == 403
    assert TOTPDevice.objects.filter(user=person).exists()


def test_a_system_administrator_resets_anyone_but_themselves(signed_in_client):
    admin = member(Role.SYSTEM_ADMIN)
    person = member(Role.MANAGER)
    give_authenticator(person)
    client = signed_in_client(admin)
    client.post(reverse("staff-second-factor-reset", args=[person.pk]), {"reason": "Lost phone"})
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert client.get(reverse("staff-second-factor-reset", args=[admin.pk])).status_code == 403


def dormant(agency, days: int) -> User:  # type: ignore[no-untyped-def]
    person = MembershipFactory(agency=agency).user
    User.objects.filter(pk=person.pk).update(
        last_login=timezone.now() - dt.timedelta(days=days),
        date_joined=timezone.now() - dt.timedelta(days=400),
    )
    return person


def test_the_90_day_list_shows_who_has_not_signed_in_with_one_click_deactivation(
    signed_in_client,
):
    school, admin = school_with_admin()
    sleeper = dormant(school, 120)
    recent = dormant(school, 10)
    never = MembershipFactory(agency=school).user
    User.objects.filter(pk=never.pk).update(date_joined=timezone.now() - dt.timedelta(days=200))
    elsewhere = dormant(AgencyFactory(), 200)
    client = signed_in_client(admin)
    page = client.get(reverse("staff-dormant")).content.decode()
    assert sleeper.email in page and never.email in page
    assert recent.email not in page and elsewhere.email not in page
    assert admin.email not in page

    response = client.post(reverse("staff-deactivate", args=[sleeper.pk]), {"return_to": "dormant"})
    assert response["Location"] == reverse("staff-dormant")
    sleeper.refresh_from_db()
    assert not sleeper.is_active
    assert sleeper.email not in client.get(reverse("staff-dormant")).content.decode()


def test_integration_accounts_of_api_tokens_are_not_staff(signed_in_client):
    from partners.services import api_token_issue

    school, admin = school_with_admin()
    row, _ = api_token_issue(actor=None, agency=school, scope="read")
    User.objects.filter(pk=row.user_id).update(date_joined=timezone.now() - dt.timedelta(days=400))
    client = signed_in_client(admin)
    assert row.user.email not in client.get(reverse("staff")).content.decode()
    assert row.user.email not in client.get(reverse("staff-dormant")).content.decode()


@pytest.mark.parametrize("page", ["staff", "staff-dormant"])
def test_staff_lists_run_the_same_queries_for_5_and_25_people(
    page, signed_in_client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school, admin = school_with_admin()
    client = signed_in_client(admin)
    counts = []
    for size in (5, 25):
        while Membership.objects.filter(agency=school).count() < size + 1:
            dormant(school, 100)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(page)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] < 25


def test_the_sessions_of_a_closed_account_are_gone(signed_in_client):
    admin = member(Role.SYSTEM_ADMIN)
    person = member(Role.PRACTITIONER)
    signed_in_client(person)
    signed_in_client(admin).post(reverse("staff-deactivate", args=[person.pk]))
    assert not UserSession.objects.filter(user=person).exists()


def test_system_administrators_choose_the_roles_agency_administrators_may_give(signed_in_client):
    school = AgencyFactory(name="Brook Lane Academy", kind=AgencyKind.SCHOOL)
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    page = client.get("/admin/identity/assignableroles/add/").content.decode()
    assert "Agency administrator" in page and "System administrator" not in page
    client.post(
        "/admin/identity/assignableroles/add/",
        {"agency": school.pk, "roles": ["practitioner", "partner_viewer"]},
    )
    assert AssignableRoles.objects.get(agency=school).roles == ["practitioner", "partner_viewer"]
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
