from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Scorecards, rollups, cost-benefit and exports. Reads every app; nothing imports it."""

    name = "reporting"

    def ready(self) -> None:
        from cases.access import Action, can
        from cases.tabs import CaseTab, register
        from partners.notifications import NotificationKind, register_kind
        from reporting import (  # noqa: F401 - each registers its export kind
            allocation_record,
            board_pack,
        )
        from reporting.audits import NOTIFICATION_KIND
        from reporting.exports import case_pdf  # noqa: F401 - registers the export kind
        from reporting.returns import exports  # noqa: F401 - registers the returns

        register_kind(
            NotificationKind(
                NOTIFICATION_KIND,
                "Case file audit actions",
                "Actions for you from a case file audit of a case you lead.",
            )
        )

        register(
            CaseTab(
                "export",
                "Export",
                "case-export",
                order=95,
                shown=lambda user, case: can(user, Action.EXPORT, case),
            )
        )
