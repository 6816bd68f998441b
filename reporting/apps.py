from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Scorecards, rollups, cost-benefit and exports. Reads every app; nothing imports it."""

    name = "reporting"

    def ready(self) -> None:
        from cases.access import Action, can
        from cases.tabs import CaseTab, register
        from reporting.exports import case_pdf  # noqa: F401 - registers the export kind

        register(
            CaseTab(
                "export",
                "Export",
                "case-export",
                order=95,
                shown=lambda user, case: can(user, Action.EXPORT, case),
            )
        )
