"""Agency administrators invite their own staff, within the roles allowed for their
agency; the link works once, for 7 days, and leads to a password and a second factor."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models.audit import AuditAction, AuditEntry
from identity.models import AssignableRoles, Invitation
from partners.models import Membership, User
from partners.roles import AgencyKind, Role
from tests.identity.outbox import deliver
from tests.identity.sessions import code_for_key
from tests.partners.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

INVITE_TASK = "identity.tasks.invitation_email_send"
NEW_PASSWORD = "kettle-orchard-lantern"


def school_with_admin(roles=(Role.PRACTITIONER, Role.PARTNER_VIEWER)):  # type: ignore[no-untyped-def]
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    AssignableRoles.objects.create(agency=school, roles=[str(r) for r in roles])
    admin = MembershipFactory(agency=school, role=Role.AGENCY_ADMIN).user
    return school, admin


def invite(client, school, email="new.teacher@school.example", role=Role.PRACTITIONER):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("staff-invite"),
        {
            "full_name": "Amina Okafor",
            "email": email,
            "job_title": "Pastoral lead",
            "agency": school.pk,
            "role": role,
        },
    )


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"http://localhost:8000(/invitation/\S+/)", message.body).group(1)


def test_an_invitation_makes_a_closed_account_and_emails_a_link(signed_in_client):
    school, admin = school_with_admin()
    response = invite(signed_in_client(admin), school, email="New.Teacher@School.example")
    person = User.objects.get(email="new.teacher@school.example")
    assert response["Location"] == reverse("staff-person", args=[person.pk])
    assert person.is_active is False and not person.has_usable_password()
    assert Membership.objects.filter(user=person, agency=school, role="practitioner").exists()
    assert deliver(INVITE_TASK) == 1
    assert deliver(INVITE_TASK) == 1 and len(mail.outbox) == 1  # sent once however often
    [message] = mail.outbox
    assert message.to == ["new.teacher@school.example"]
    assert "/invitation/" in message.body
    invitation = Invitation.objects.get(user=person)
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    assert invitation.nonce not in message.body
    entry = AuditEntry.objects.get(action=AuditAction.INVITED)
    assert entry.user == admin and entry.detail["email"] == person.email


def test_the_link_leads_to_a_password_then_the_authenticator_then_home(signed_in_client):
    school, admin = school_with_admin()
    invite(signed_in_client(admin), school)
    deliver(INVITE_TASK)
    browser = Client()
    response = browser.get(link_in(mail.outbox[0]))
    assert response["Location"] == reverse("invitation-accept")  # no token in the address
    page = browser.get(reverse("invitation-accept")).content.decode()
    assert "Choose a password" in page and school.name in page

    short = browser.post(
        reverse("invitation-accept"), {"new_password1": "short", "new_password2": "short"}
    )
    assert "This password is too short" in short.content.decode()
    response = browser.post(
        reverse("invitation-accept"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"].startswith(reverse("second-factor-set-up"))
    assert browser.get(reverse("my-cases"))["Location"].startswith(reverse("second-factor"))
    page = browser.get(response["Location"]).content.decode()
    secret = re.search(r"data-secret-key>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    browser.post(response["Location"], {"code": code_for_key(secret)})
    assert browser.get(reverse("my-cases")).status_code == 200
    person = User.objects.get(email="new.teacher@school.example")
    assert person.is_active and person.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action=AuditAction.INVITATION_ACCEPTED).count() == 1


def test_a_used_link_is_refused(signed_in_client):
    school, admin = school_with_admin()
    invite(signed_in_client(admin), school)
    deliver(INVITE_TASK)
    link = link_in(mail.outbox[0])
    first = Client()
    first.get(link)
    first.post(
        reverse("invitation-accept"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    second = Client()
    second.get(link)
    response = second.get(reverse("invitation-accept"))
    assert response.status_code == 410
    assert "It has been used already" in response.content.decode()


def test_an_expired_link_is_refused(signed_in_client):
    school, admin = school_with_admin()
    invite(signed_in_client(admin), school)
    deliver(INVITE_TASK)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    browser = Client()
    browser.get(link_in(mail.outbox[0]))
    response = browser.get(reverse("invitation-accept"))
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    posted = browser.post(
        reverse("invitation-accept"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert posted.status_code == 410
    assert User.objects.get(email="new.teacher@school.example").is_active is False


def test_a_tampered_link_is_refused(signed_in_client):
    school, admin = school_with_admin()
    invite(signed_in_client(admin), school)
    invitation = Invitation.objects.get()
    browser = Client()
    browser.get(reverse("invitation-open", args=[f"{invitation.pk}.{'0' * 64}"]))
    assert browser.get(reverse("invitation-accept")).status_code == 410


def test_sending_again_makes_the_old_link_fail(signed_in_client):
    school, admin = school_with_admin()
    client = signed_in_client(admin)
    invite(client, school)
    deliver(INVITE_TASK)
    old_link = link_in(mail.outbox[0])
    person = User.objects.get(email="new.teacher@school.example")
    client.post(reverse("staff-invitation-resend", args=[person.pk]))
    deliver(INVITE_TASK)
    new_link = link_in(mail.outbox[1])
    assert new_link != old_link
    browser = Client()
    browser.get(old_link)
    assert browser.get(reverse("invitation-accept")).status_code == 410
    browser.get(new_link)
    assert browser.get(reverse("invitation-accept")).status_code == 200


def test_an_agency_administrator_gives_only_the_roles_allowed_for_their_agency(signed_in_client):
    school, admin = school_with_admin(roles=[Role.PRACTITIONER])
    client = signed_in_client(admin)
    page = client.get(reverse("staff-invite")).content.decode()
    assert "Practitioner" in page and "Manager" not in page
    response = invite(client, school, role=Role.MANAGER)
    assert response.status_code == 200
    assert "Select their role" in response.content.decode()
    assert not User.objects.filter(email="new.teacher@school.example").exists()


def test_an_agency_without_allowed_roles_cannot_invite_yet(signed_in_client):
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    admin = MembershipFactory(agency=school, role=Role.AGENCY_ADMIN).user
    page = signed_in_client(admin).get(reverse("staff-invite")).content.decode()
    assert "has not yet chosen which roles you can give" in page


def test_an_agency_administrator_cannot_invite_to_another_agency(signed_in_client):
    _school, admin = school_with_admin()
    other, _ = school_with_admin()
    response = invite(signed_in_client(admin), other)
    assert response.status_code == 200  # the other agency is not a choice on the form
    assert "Select the agency" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_system_administrator_role_is_never_allowed_to_agency_administrators():
    from django.db import IntegrityError, transaction

    school = AgencyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignableRoles.objects.create(agency=school, roles=[Role.SYSTEM_ADMIN.value])


def test_inviting_someone_who_already_has_an_account_gives_them_the_role(signed_in_client):
    school, admin = school_with_admin()
    existing = MembershipFactory(role=Role.PRACTITIONER).user
    invite(signed_in_client(admin), school, email=existing.email.upper())
    assert Membership.objects.active().filter(user=existing, agency=school).exists()
    assert not Invitation.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.ROLES_CHANGED).count() == 1
