from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Families, people, enquiries, cases, their workflow, the access policy and the audit log."""

    name = "cases"

    def ready(self) -> None:
        from cases.tabs import CaseTab, register

        register(CaseTab("summary", "Summary", "case-summary", order=10))
