from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Case documents"

    def ready(self) -> None:
        from cases import tabs, timeline
        from documents.selectors import hidden_chronology_entries

        tabs.register(tabs.CaseTab("documents", "Documents", "case-documents", order=75))
        timeline.register_hidden_entries(hidden_chronology_entries)
