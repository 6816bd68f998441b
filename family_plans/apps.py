from django.apps import AppConfig


class FamilyPlansConfig(AppConfig):
    """Family plans and actions, TAF meetings, reviews and reminders."""

    name = "family_plans"
    verbose_name = "Family plans"
