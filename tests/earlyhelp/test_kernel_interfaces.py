"""The kernel imports no app: cases and partners register the audit log and the role
directory it asks, when the app registry is ready."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cases.audit_log import CaseAuditLog
from earlyhelp import audit, roles
from partners import selectors


def test_cases_registers_its_audit_log_at_start_up():
    assert isinstance(audit.registered(), CaseAuditLog)


def test_partners_registers_its_role_directory_at_start_up():
    assert roles.registered() is selectors


def test_an_entry_asked_for_with_no_log_registered_is_refused(monkeypatch):
    monkeypatch.setattr(audit, "_log", None)
    with pytest.raises(ImproperlyConfigured):
        audit.record(actor=None, action="update", reason="unrecorded change")


def test_a_role_asked_about_with_no_directory_registered_is_refused(monkeypatch):
    monkeypatch.setattr(roles, "_directory", None)
    with pytest.raises(ImproperlyConfigured):
        roles.user_has_any_role(user=None, roles={"manager"})
