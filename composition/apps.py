from django.apps import AppConfig


class CompositionConfig(AppConfig):
    """The root URLconf, the API router and the demo commands. Holds no data."""

    name = "composition"
    verbose_name = "Composition"
