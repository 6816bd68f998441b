from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Early Help Assessments, Outcome Star readings and headline problems."""

    name = "assessments"

    def ready(self) -> None:
        from cases.tabs import CaseTab, register

        register(CaseTab("assessment", "Assessment", "assessment-tab", order=40))
        register(CaseTab("outcome-star", "Outcome Star", "star-tab", order=50))
