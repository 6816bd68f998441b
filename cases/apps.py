from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Families, people, enquiries, cases, their workflow, the access policy and the audit log."""

    name = "cases"
