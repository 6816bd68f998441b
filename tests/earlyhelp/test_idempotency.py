"""A create request sent twice creates once: note and plan action forms carry a hidden
key, and the API takes an Idempotency-Key header (earlyhelp/idempotency.py)."""

from __future__ import annotations

import datetime as dt
import re
import threading
import uuid

import psycopg
import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from cases.models import CaseNote
from earlyhelp import idempotency
from earlyhelp.models import IdempotencyKey
from family_plans.models import PlanAction
from tests.cases.pages import date_fields
from tests.family_plans.factories import add_outcome, days, planned_case

pytestmark = pytest.mark.django_db


def uk(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def hidden_key(html: str) -> str:
    found = re.search(r'name="idempotency_key" value="([^"]+)"', html)
    assert found, "the form carries no idempotency key"
    return found.group(1)


def note_form(text: str, key: str) -> dict[str, str]:
    return {"note_type": "call", "text": text, "visibility": "everyone", "idempotency_key": key} | (
        date_fields("contact_date", timezone.localdate())
    )


def note_api(text: str) -> dict[str, str]:
    return {"note_type": "call", "contact_date": str(timezone.localdate()), "text": text}


@pytest.fixture
def worked():  # type: ignore[no-untyped-def]
    return planned_case()


def test_each_drawing_of_the_note_form_carries_a_new_key(signed_in_client, worked):
    client = signed_in_client(worked.worker)
    url = f"/cases/{worked.case.pk}/notes/add/"
    first = hidden_key(client.get(url).content.decode())
    second = hidden_key(client.get(url).content.decode())
    assert first != second


def test_a_note_form_submitted_twice_saves_one_note(signed_in_client, worked):
    client = signed_in_client(worked.worker)
    url = f"/cases/{worked.case.pk}/notes/add/"
    key = hidden_key(client.get(url).content.decode())
    first = client.post(url, note_form("Called mum about the school run.", key))
    second = client.post(url, note_form("Called mum about the school run.", key))
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert CaseNote.objects.filter(text="Called mum about the school run.").count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "This was already saved" in page


def test_a_note_form_with_errors_keeps_its_key_and_saves_once_corrected(signed_in_client, worked):
    client = signed_in_client(worked.worker)
    url = f"/cases/{worked.case.pk}/notes/add/"
    key = hidden_key(client.get(url).content.decode())
    wrong = client.post(url, note_form("", key))
    assert wrong.status_code == 200
    assert hidden_key(wrong.content.decode()) == key
    assert not IdempotencyKey.objects.filter(key=key).exists()
    right = client.post(url, note_form("Home visit went well.", key))
    assert right.status_code == 302
    assert CaseNote.objects.filter(text="Home visit went well.").count() == 1


def test_a_form_sent_again_with_different_words_is_a_new_note(signed_in_client, worked):
    """Someone went back, changed what they typed and saved: that is not a repeat."""
    client = signed_in_client(worked.worker)
    url = f"/cases/{worked.case.pk}/notes/add/"
    key = uuid.uuid4().hex
    client.post(url, note_form("First words.", key))
    client.post(url, note_form("Second words.", key))
    assert set(CaseNote.objects.values_list("text", flat=True)) >= {"First words.", "Second words."}


def test_the_plan_actions_form_submitted_twice_adds_the_actions_once(signed_in_client, worked):
    outcome = add_outcome(worked)
    client = signed_in_client(worked.worker)
    url = f"/cases/{worked.case.pk}/plan/outcomes/{outcome.pk}/actions/"
    key = hidden_key(client.get(url).content.decode())
    rows = {
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-what": "Walk to school together",
        "actions-0-owner": f"family:{worked.adults[0].pk}",
        "actions-0-start_on": uk(days(0)),
        "actions-0-due_on": uk(days(28)),
        "idempotency_key": key,
    }
    assert client.post(url, rows).status_code == 302
    assert client.post(url, rows).status_code == 302
    assert PlanAction.objects.filter(what="Walk to school together").count() == 1


def test_an_api_note_retried_with_its_key_is_added_once_and_answered_the_same(
    signed_in_client, worked
):
    client = signed_in_client(worked.worker)
    url = f"/api/v1/cases/{worked.case.pk}/notes/"
    key = str(uuid.uuid4())
    first = client.post(
        url,
        note_api("Phoned the school."),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    again = client.post(
        url,
        note_api("Phoned the school."),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert CaseNote.objects.filter(text="Phoned the school.").count() == 1


def test_an_api_key_reused_for_a_different_note_is_refused_with_422(signed_in_client, worked):
    client = signed_in_client(worked.worker)
    url = f"/api/v1/cases/{worked.case.pk}/notes/"
    key = str(uuid.uuid4())
    client.post(url, note_api("One."), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    other = client.post(
        url, note_api("Two."), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert other.status_code == 422
    assert "different request" in other.json()["detail"]
    assert not CaseNote.objects.filter(text="Two.").exists()


def test_a_malformed_key_is_a_structured_400(signed_in_client, worked):
    client = signed_in_client(worked.worker)
    response = client.post(
        f"/api/v1/cases/{worked.case.pk}/notes/",
        note_api("Bad key."),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="no spaces!",
    )
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert not CaseNote.objects.filter(text="Bad key.").exists()


def test_an_api_error_forgets_the_key_so_the_corrected_request_is_added(signed_in_client, worked):
    client = signed_in_client(worked.worker)
    url = f"/api/v1/cases/{worked.case.pk}/notes/"
    key = str(uuid.uuid4())
    wrong = client.post(
        url, {"note_type": "call"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert wrong.status_code == 400
    right = client.post(
        url, note_api("Corrected."), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert right.status_code == 201


def test_a_plan_action_added_through_the_api_once_per_key(signed_in_client, worked):
    outcome = add_outcome(worked)
    client = signed_in_client(worked.worker)
    url = f"/api/v1/cases/{worked.case.pk}/plan/actions/"
    body = {
        "outcome_id": outcome.pk,
        "what": "Book the breakfast club",
        "owner": f"worker:{worked.worker.pk}",
        "start_on": str(days(0)),
        "due_on": str(days(14)),
    }
    key = str(uuid.uuid4())
    first = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201, first.json()
    assert first.json()["what"] == "Book the breakfast club"
    assert first["ETag"]
    again = client.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 201 and again.json() == first.json()
    assert PlanAction.objects.filter(what="Book the breakfast club").count() == 1


def test_a_plan_action_with_an_owner_off_the_case_is_refused_beside_the_field(
    signed_in_client, worked
):
    outcome = add_outcome(worked)
    client = signed_in_client(worked.worker)
    response = client.post(
        f"/api/v1/cases/{worked.case.pk}/plan/actions/",
        {
            "outcome_id": outcome.pk,
            "what": "Something",
            "owner": "worker:999999",
            "start_on": str(days(0)),
            "due_on": str(days(14)),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "owner" in response.json()["errors"]
    assert not PlanAction.objects.filter(what="Something").exists()


@pytest.mark.django_db(transaction=True)
def test_two_copies_of_one_request_at_once_create_one_note(worked):
    """The second waits on the key's unique index and then replays the first."""
    url = f"/api/v1/cases/{worked.case.pk}/notes/"
    key = str(uuid.uuid4())
    answers: list[int] = []

    def send() -> None:
        client = Client()
        client.force_login(worked.worker, backend="django.contrib.auth.backends.ModelBackend")
        try:
            response = client.post(
                url,
                note_api("Sent twice at once."),
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=key,
            )
            answers.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert answers == [201, 201]
    assert CaseNote.objects.filter(text="Sent twice at once.").count() == 1


def test_keys_older_than_the_setting_are_purged(worked, settings):
    settings.IDEMPOTENCY_KEY_HOURS = 24
    old = IdempotencyKey.objects.create(
        user=worked.worker, key="old-key-123", scope="POST /x", fingerprint="f" * 64
    )
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=25)
    )
    IdempotencyKey.objects.create(
        user=worked.worker, key="new-key-123", scope="POST /x", fingerprint="f" * 64
    )
    assert idempotency.purge() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new-key-123"]


def _fails_once_with(cause: Exception):  # type: ignore[no-untyped-def]
    calls: list[int] = []

    def run(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            error = OperationalError(str(cause))
            error.__cause__ = cause
            raise error
        return HttpResponse(status=201)

    return run, calls


@pytest.mark.django_db(transaction=True)
def test_a_create_rolled_back_by_a_deadlock_is_run_again(monkeypatch):
    """PostgreSQL kept nothing of it, so running it again is safe."""
    run, calls = _fails_once_with(psycopg.errors.DeadlockDetected("deadlock detected"))
    monkeypatch.setattr(idempotency, "_run_once", run)
    assert idempotency.run_once(user_id=1, key="k" * 10).status_code == 201
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_run_again(monkeypatch):
    run, calls = _fails_once_with(psycopg.errors.QueryCanceled("canceling statement"))
    monkeypatch.setattr(idempotency, "_run_once", run)
    with pytest.raises(OperationalError):
        idempotency.run_once(user_id=1, key="k" * 10)
    assert len(calls) == 1
