from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Scorecards, rollups, cost-benefit and exports. Reads every app; nothing imports it."""

    name = "reporting"
