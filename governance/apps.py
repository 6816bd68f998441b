from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Data protection for the whole life of a record (see the README's architecture)."""

    name = "governance"
    verbose_name = "Information governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases.access import Action, can
        from cases.tabs import CaseTab, register
        from governance.documents_held import erase_document_files
        from governance.retention import register_anonymiser

        register_anonymiser(erase_document_files)

        register(
            CaseTab(
                key="history",
                label="History",
                url_name="case-history",
                order=95,
                shown=lambda user, case: can(user, Action.SIGN_OFF, case),
            )
        )
