from typing import Any

from django.apps import AppConfig


def _sees_access_log(user: Any, case: Any) -> bool:
    from cases.access import Action, can

    return can(user, Action.VIEW_ACCESS_LOG, case)


class CasesConfig(AppConfig):
    """Families, people, enquiries, cases, their workflow, the access policy and the audit log."""

    name = "cases"

    def ready(self) -> None:
        from cases import work_notices
        from cases.audit import keep_refusals_of_tasks
        from cases.audit_log import CaseAuditLog
        from cases.services.shares import AGREEMENT_ENDED_KIND
        from cases.tabs import CaseTab, register
        from earlyhelp import audit
        from partners.notifications import NotificationKind, register_kind

        keep_refusals_of_tasks()
        work_notices.register_kinds()
        # The kernel and partners write audit entries through earlyhelp.audit.
        audit.register(CaseAuditLog())
        register_kind(
            NotificationKind(
                AGREEMENT_ENDED_KIND,
                "Sharing ended with its agreement",
                "An information sharing agreement a share of a case you lead relied on "
                "has ended, and so has the share.",
            )
        )

        # Other apps register theirs between 30 and 70 (assessment, plan, meetings).
        register(CaseTab("summary", "Summary", "case-summary", order=10))
        register(CaseTab("family", "Family", "case-family", order=20))
        register(CaseTab("chronology", "Chronology", "case-chronology", order=30))
        register(CaseTab("notes", "Notes", "case-notes", order=70))
        register(CaseTab("sharing", "Sharing", "case-sharing", order=80))
        register(CaseTab("access", "Access", "case-access", order=90, shown=_sees_access_log))
