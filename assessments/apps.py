from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Early Help Assessments, Outcome Star readings and headline problems."""

    name = "assessments"
