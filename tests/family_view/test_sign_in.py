"""A family member signs in with an emailed link that works once and a six-digit code;
their sessions are short and end with their access."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from cases.models import AuditEntry, HouseholdMember
from cases.models.audit import AuditAction
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from family_view.middleware import SESSION_SEEN, SESSION_SIGNED_IN
from family_view.models import CodeChannel, FamilyAccess, SignInLink
from family_view.services.access import family_access_withdraw
from tests.assessments.factories import years_ago
from tests.family_view.factories import family_client, family_with_plan, invited
from tests.identity.outbox import deliver

pytestmark = pytest.mark.django_db

LINK_TASK = "family_view.tasks.sign_in_link_send"
SENT_TEXTS: list[dict[str, str]] = []


class RecordingTextSender:
    """Stands in for GOV.UK Notify's text messages: keeps what would be sent."""

    def send_text(self, *, phone_number: str, body: str, reference: str) -> None:
        SENT_TEXTS.append({"to": phone_number, "body": body})


def _link_from_mail() -> str:
    deliver(LINK_TASK)
    found = re.search(r"http://[^\s]+/family/sign-in/[^\s]+/", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0).split("localhost:8000", 1)[-1]


def _code_from(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found
    return found.group(1)


def test_an_invited_mother_signs_in_with_the_link_and_the_emailed_code():
    fwp = family_with_plan()
    access = invited(fwp)
    link = _link_from_mail()
    assert mail.outbox[-1].to == [access.email]
    client = Client()

    page = client.get(link)
    assert page.status_code == 200 and b"Send my code" in page.content
    assert SignInLink.objects.get().opened_at is None  # opening alone spends nothing

    sent = client.post(link)
    assert sent.status_code == 302 and sent["Location"] == "/family/sign-in/code/"
    code = _code_from(mail.outbox[-1].body)
    signed_in = client.post("/family/sign-in/code/", {"code": code})

    assert signed_in.status_code == 302 and signed_in["Location"] == "/family/"
    home = client.get("/family/")
    assert home.status_code == 200
    assert fwp.fc.worker.full_name.encode() in home.content
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("id")
    assert entry.user_id == access.actor_id and entry.case_id == fwp.case.pk


def test_the_link_works_once():
    fwp = family_with_plan()
    invited(fwp)
    link = _link_from_mail()
    client = Client()
    client.post(link)
    client.post("/family/sign-in/code/", {"code": _code_from(mail.outbox[-1].body)})

    again = Client().get(link)

    assert again.status_code == 404
    assert b"This link has stopped working" in again.content


def test_a_wrong_code_is_refused_and_counted_and_too_many_spend_the_link():
    fwp = family_with_plan()
    invited(fwp)
    link = _link_from_mail()
    client = Client()
    client.post(link)
    right = _code_from(mail.outbox[-1].body)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    first = client.post("/family/sign-in/code/", {"code": wrong})
    assert first.status_code == 200 and b"That code is not right" in first.content
    assert wrong.encode() in first.content  # what was typed is kept
    for _ in range(4):
        client.post("/family/sign-in/code/", {"code": wrong})
    late = client.post("/family/sign-in/code/", {"code": right})

    assert late.status_code == 400
    assert client.get("/family/").status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).count() == 5


def test_a_code_can_go_by_text_through_the_configured_sender():
    SENT_TEXTS.clear()
    with override_settings(FAMILY_TEXT_SENDER="tests.family_view.test_sign_in.RecordingTextSender"):
        fwp = family_with_plan()
        invited(fwp, code_channel=CodeChannel.TEXT, mobile="07700 900982")
        link = _link_from_mail()
        emails = len(mail.outbox)
        client = Client()
        client.post(link)

        assert len(mail.outbox) == emails  # the code did not go by email
        assert SENT_TEXTS[-1]["to"] == "07700 900982"
        code = _code_from(SENT_TEXTS[-1]["body"])
        assert client.post("/family/sign-in/code/", {"code": code}).status_code == 302


def test_texts_are_refused_at_invitation_when_no_sender_is_configured():
    fwp = family_with_plan()
    with pytest.raises(ApplicationError) as refused:
        invited(fwp, code_channel=CodeChannel.TEXT, mobile="07700 900982")
    assert "code_channel" in refused.value.extra


def test_asking_for_a_new_link_answers_the_same_for_any_address():
    fwp = family_with_plan()
    access = invited(fwp)
    deliver(LINK_TASK)
    SignInLink.objects.update(created_at=timezone.now() - dt.timedelta(minutes=5))
    before = len(mail.outbox)

    known = Client().post("/family/sign-in/", {"email": access.email})
    unknown = Client().post("/family/sign-in/", {"email": "nobody@example.net"})
    deliver(LINK_TASK)

    assert known.status_code == unknown.status_code == 200
    assert b"Check your email" in known.content and b"Check your email" in unknown.content
    assert [m.to for m in mail.outbox[before:]] == [[access.email]]


def test_a_family_session_ends_after_the_idle_timeout():
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - 16 * 60
    session.save()

    response = client.get("/family/")

    assert response.status_code == 302 and response["Location"] == "/family/sign-in/"


def test_a_family_session_ends_an_hour_after_signing_in_however_active():
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    session = client.session
    session[SESSION_SIGNED_IN] = int(time.time()) - 61 * 60
    session.save()

    assert client.get("/family/").status_code == 302


def test_withdrawing_access_ends_the_family_members_session_at_once():
    fwp = family_with_plan()
    access = invited(fwp)
    client = family_client(access)
    assert client.get("/family/").status_code == 200

    family_access_withdraw(actor=fwp.fc.worker, access=access, reason="Moved away")

    assert client.get("/family/").status_code == 302
    assert client.get("/family/plan/").status_code == 302


def test_access_lasts_30_days_after_closure_and_then_ends():
    fwp = family_with_plan()
    access = invited(fwp)
    case = fwp.case
    case.state = State.CLOSED
    case.closed_on = timezone.localdate() - dt.timedelta(days=30)
    case.save(update_fields=["state", "closed_on"])
    assert family_client(access).get("/family/").status_code == 200

    case.closed_on = timezone.localdate() - dt.timedelta(days=31)
    case.save(update_fields=["closed_on"])

    assert family_client(access).get("/family/").status_code == 302
    assert not FamilyAccess.objects.current().filter(pk=access.pk).exists()


def test_a_child_under_13_cannot_be_invited():
    fwp = family_with_plan()
    with pytest.raises(ApplicationError) as refused:
        invited(fwp, fwp.fc.children[1])  # 9
    assert refused.value.extra["person"] == [
        "Only adults and young people aged 13 or over can be invited"
    ]


def test_a_young_person_is_invited_only_with_their_own_agreement():
    fwp = family_with_plan()
    with pytest.raises(ApplicationError) as refused:
        invited(fwp, fwp.teenager)
    assert "young_person_agreed" in refused.value.extra

    access = invited(fwp, fwp.teenager, young_person_agreed=True, shares_plan=False)

    assert access.is_young_person and not access.shares_plan


def test_age_comes_from_the_date_of_birth_on_the_day():
    fwp = family_with_plan()
    nearly = fwp.fc.children[1]
    nearly.date_of_birth = years_ago(13, -1)  # 13 tomorrow
    nearly.save(update_fields=["date_of_birth"])
    with pytest.raises(ApplicationError):
        invited(fwp, nearly, young_person_agreed=True)
    nearly.date_of_birth = years_ago(13)
    nearly.save(update_fields=["date_of_birth"])

    assert invited(fwp, nearly, young_person_agreed=True).is_young_person


def test_the_family_member_is_never_a_staff_account():
    fwp = family_with_plan()
    access = invited(fwp)
    actor = access.actor

    assert not actor.is_active and not actor.has_usable_password()
    assert actor.email.endswith("@family.invalid") and not actor.memberships.exists()
    client = family_client(access)
    assert client.get("/my-cases/").status_code == 404


def test_emailing_a_link_twice_sends_it_once():
    fwp = family_with_plan()
    invited(fwp)
    before = len(mail.outbox)

    deliver(LINK_TASK)
    deliver(LINK_TASK)

    assert len(mail.outbox) == before + 1


class FakeNotifyClient:
    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def send_sms_notification(self, **call: object) -> None:
        self.calls.append(call)


@override_settings(NOTIFY_SMS_TEMPLATE_ID="sms-template-id")
def test_the_notify_text_sender_sends_the_code_through_the_notify_template():
    from family_view.senders import NotifyTextSender

    client = FakeNotifyClient()
    NotifyTextSender(client=client).send_text(
        phone_number="07700 900982", body="Your code is 123456", reference="family-code/1"
    )

    assert client.calls == [
        {
            "phone_number": "07700 900982",
            "template_id": "sms-template-id",
            "personalisation": {"body": "Your code is 123456"},
            "reference": "family-code/1",
        }
    ]


def test_leaving_the_household_ends_access():
    fwp = family_with_plan()
    access = invited(fwp)
    client = family_client(access)
    assert client.get("/family/").status_code == 200

    HouseholdMember.objects.filter(family=fwp.case.family, person=fwp.mother).update(
        left_on=timezone.localdate()
    )

    assert client.get("/family/").status_code == 302
    assert not FamilyAccess.objects.current().filter(pk=access.pk).exists()
