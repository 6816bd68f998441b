"""Refused access stays in the audit log even when the refused work is rolled back.

A service finds the refusal inside its own transaction (case_transition -> require),
and the PermissionDenied that follows rolls that transaction back. The refusal is held
for the unit of work (a request, an API call, a Celery task) and written when it ends.
"""

from __future__ import annotations

import contextlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from cases.access import Action, require
from cases.audit import refusals_kept, verify_chain
from cases.models import AuditEntry
from cases.models.audit import AuditAction
from cases.services import case_transition
from cases.workflow_states import State
from earlyhelp.celery import app
from partners.roles import Role
from tests.cases.factories import CaseFactory, EnquiryFactory, FamilyFactory
from tests.partners.factories import FamilyHubFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry():  # type: ignore[no-untyped-def]
    """A new enquiry, and a practitioner of an agency with nothing to do with it."""
    hub = FamilyHubFactory()
    case = EnquiryFactory(
        case=CaseFactory(family=FamilyFactory(family_hub=hub), state=State.ENQUIRY_RECEIVED)
    ).case
    return {"case": case, "outsider": member(Role.PRACTITIONER)}


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.REFUSED).order_by("id"))


def test_a_refused_service_call_leaves_its_refusal_after_its_transaction_rolls_back(
    enquiry, capsys
):
    case, outsider = enquiry["case"], enquiry["outsider"]
    entries_before = AuditEntry.objects.count()

    with refusals_kept():
        with pytest.raises(PermissionDenied):
            case_transition(actor=outsider, case=case, name="start_screening")
        # Held, not written into the transaction that was rolled back.
        assert refusals() == []

    [refusal] = refusals()
    assert refusal.user_id == outsider.pk
    assert refusal.reason == "action 'screen' not allowed"
    assert refusal.detail["case_id"] == case.pk
    case.refresh_from_db()
    assert case.state == State.ENQUIRY_RECEIVED  # the refused work itself left nothing
    assert AuditEntry.objects.count() == entries_before + 1
    assert verify_chain().ok
    call_command("verify_audit")
    assert "Audit log intact" in capsys.readouterr().out


def test_a_refusal_outside_any_transaction_is_written_at_once(enquiry):
    case, outsider = enquiry["case"], enquiry["outsider"]
    with refusals_kept():
        with pytest.raises(PermissionDenied):
            require(outsider, Action.SCREEN, case)
        assert [r.reason for r in refusals()] == ["action 'screen' not allowed"]
    assert len(refusals()) == 1


def test_a_refusal_the_caller_catches_before_committing_is_written_once(enquiry):
    case, outsider = enquiry["case"], enquiry["outsider"]
    # The caller swallows the refusal and commits its transaction.
    with refusals_kept(), transaction.atomic(), contextlib.suppress(PermissionDenied):
        require(outsider, Action.SCREEN, case)
    assert len(refusals()) == 1
    assert verify_chain().ok


def test_a_request_writes_the_refusals_held_during_it_when_it_ends(enquiry):
    """Through the web: the middleware makes each request a unit of work."""
    case, outsider = enquiry["case"], enquiry["outsider"]
    client = Client()
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    with transaction.atomic():  # as if the request ran inside the caller's transaction
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        [refusal] = refusals()
    assert refusal.reason == "case not visible to this user"
    assert refusal.detail["source"] == "web"
    assert refusal.ip == "127.0.0.1"


@app.task(name="tests.cases.refused_inside_a_transaction")
def refused_inside_a_transaction(user_id: int, case_id: int) -> None:
    from cases.models import Case
    from partners.models import User

    with transaction.atomic():
        require(User.objects.get(pk=user_id), Action.SCREEN, Case.objects.get(pk=case_id))


def test_a_celery_task_writes_the_refusals_held_during_it_when_it_ends(enquiry):
    case, outsider = enquiry["case"], enquiry["outsider"]
    result = refused_inside_a_transaction.apply(args=[outsider.pk, case.pk])
    assert isinstance(result.result, PermissionDenied)
    [refusal] = refusals()
    assert refusal.user_id == outsider.pk and refusal.detail["case_id"] == case.pk
    assert verify_chain().ok
