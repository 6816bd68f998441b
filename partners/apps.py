from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Who people are: agencies, places, staff and their roles. Knows nothing of cases."""

    name = "partners"
    verbose_name = "Partners and people"
