from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class EarlyHelpConfig(AppConfig):
    """The kernel below every app: settings, the URL policy, Celery and the outbox, the
    launcher, the GOV.UK form kit, and the audit and role interfaces the apps register
    into. It imports no app (docs/architecture.md)."""

    name = "earlyhelp"
    verbose_name = "Early Help"

    def ready(self) -> None:
        from earlyhelp import (
            checks,  # noqa: F401 - registers the system checks
            request_id,  # noqa: F401 - connects the Celery signals
        )


class EarlyHelpAdminConfig(AdminConfig):
    """The Django admin, restricted to system administrators."""

    default_site = "earlyhelp.admin_site.EarlyHelpAdminSite"
