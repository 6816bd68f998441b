from django.apps import AppConfig


class IdentifiedConfig(AppConfig):
    """Families identified in data: partners' data sets, matched to people, reviewed by
    coordinators and brought to allocation. An app of its own inside cases/ (label
    `identified`), with its own tables, migrations and access rules (identified/access.py),
    because it holds data about people who may never have been referred."""

    name = "cases.identified"
    label = "identified"
    verbose_name = "Families identified in data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cases.agenda import AgendaSource, register

        # Before new enquiries: a family brought from the identified list by a
        # coordinator's decision is on the agenda as such, with its indicators.
        register(
            AgendaSource(
                "identified_in_data",
                "Identified in data",
                order=20,
                select=lambda meeting, waiting: waiting.filter(identified_family__isnull=False),
            )
        )
