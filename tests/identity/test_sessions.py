"""Sessions: an idle and an absolute timeout, the nightly purge, your own sessions with
"sign out everywhere", and a leaver's sessions ending at once."""

import datetime as dt
import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models.audit import AuditAction, AuditEntry
from earlyhelp.sign_in_state import LAST_SEEN_AT, STARTED_AT
from identity.models import UserSession
from identity.tasks import purge_expired_sessions
from partners.roles import Role
from tests.partners.factories import MembershipFactory, member

pytestmark = pytest.mark.django_db


def age(client: Client, *, idle: float = 0, since_sign_in: float = 0) -> None:
    session = client.session
    session[LAST_SEEN_AT] = time.time() - idle
    session[STARTED_AT] = time.time() - since_sign_in
    session.save()


def test_a_session_idle_longer_than_the_timeout_is_signed_out(signed_in_client):
    client = signed_in_client(member(Role.PRACTITIONER))
    age(client, idle=31 * 60, since_sign_in=40 * 60)
    response = client.get(reverse("my-cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used the service for 30 minutes" in page


def test_a_session_used_within_the_timeout_carries_on_and_counts_as_activity(signed_in_client):
    client = signed_in_client(member(Role.PRACTITIONER))
    age(client, idle=29 * 60, since_sign_in=40 * 60)
    assert client.get(reverse("my-cases")).status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 5


def test_the_idle_timeout_is_a_setting(signed_in_client, settings):
    settings.SESSION_IDLE_TIMEOUT = 5 * 60
    client = signed_in_client(member(Role.PRACTITIONER))
    age(client, idle=6 * 60)
    assert client.get(reverse("my-cases")).status_code == 302


def test_a_session_ends_ten_hours_after_signing_in_however_busy(signed_in_client):
    client = signed_in_client(member(Role.PRACTITIONER))
    age(client, idle=10, since_sign_in=10 * 60 * 60 + 60)
    response = client.get(reverse("my-cases"))
    assert response["Location"].startswith(reverse("sign-in"))
    assert "signed in for 10 hours" in client.get(response["Location"]).content.decode()


def test_asking_how_long_is_left_does_not_extend_the_session(signed_in_client):
    client = signed_in_client(member(Role.PRACTITIONER))
    age(client, idle=20 * 60, since_sign_in=30 * 60)
    status = client.get(reverse("session-status")).json()
    assert 9 * 60 < status["seconds_left"] <= 10 * 60
    assert status["warning_seconds"] == 120
    assert time.time() - client.session[LAST_SEEN_AT] > 19 * 60

    stay = client.post(reverse("session-keep-alive")).json()
    assert stay["seconds_left"] > 29 * 60


def test_the_database_row_expires_with_the_timeout(signed_in_client):
    user = member(Role.PRACTITIONER)
    client = signed_in_client(user)
    client.get(reverse("home"))
    row = UserSession.objects.get(user=user)
    expected = timezone.now() + dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
    assert abs((row.expire_date - expected).total_seconds()) < 6 * 60


def test_the_nightly_purge_removes_expired_sessions_only(signed_in_client):
    live_user, gone_user = member(Role.PRACTITIONER), member(Role.PRACTITIONER)
    signed_in_client(live_user)
    signed_in_client(gone_user)
    UserSession.objects.filter(user=gone_user).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )
    assert purge_expired_sessions() == 1
    assert list(UserSession.objects.values_list("user", flat=True)) == [live_user.pk]


def test_the_purge_runs_every_night_from_beat():
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "identity.tasks.purge_expired_sessions"
    ]
    schedule = entry["schedule"]
    assert schedule.hour == {1} and schedule.minute == {45}


def test_a_person_sees_their_own_sessions_and_signs_out_everywhere(signed_in_client):
    user = member(Role.PRACTITIONER)
    elsewhere = signed_in_client(user)
    here = signed_in_client(user)
    someone_else = signed_in_client(member(Role.PRACTITIONER))
    page = here.get(reverse("account-sessions")).content.decode()
    assert page.count('class="govuk-table__row"') == 3  # heading and two sessions
    assert "This browser" in page

    response = here.post(reverse("account-sessions"))
    assert "You are signed out on every device" in response.content.decode()
    assert elsewhere.get(reverse("home")).status_code == 302
    assert here.get(reverse("home")).status_code == 302
    assert someone_else.get(reverse("home")).status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.SESSIONS_ENDED)
    assert entry.detail["sessions"] == 2


def test_a_deactivated_persons_session_is_refused_on_its_next_request(signed_in_client):
    leaver_membership = MembershipFactory(role=Role.PRACTITIONER)
    leaver = leaver_membership.user
    admin = member(Role.SYSTEM_ADMIN)
    leaver_browser = signed_in_client(leaver)
    assert leaver_browser.get(reverse("my-cases")).status_code == 200

    signed_in_client(admin).post(reverse("staff-deactivate", args=[leaver.pk]))

    response = leaver_browser.get(reverse("my-cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))
    assert not UserSession.objects.filter(user=leaver).exists()
    leaver.refresh_from_db()
    assert leaver.is_active is False


def test_a_deactivated_person_is_refused_even_if_their_session_row_survived(signed_in_client):
    leaver = member(Role.PRACTITIONER)
    browser = signed_in_client(leaver)
    type(leaver).objects.filter(pk=leaver.pk).update(is_active=False)
    assert browser.get(reverse("my-cases")).status_code == 302
