from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """The service directory: local help that families and practitioners can find.

    An app of its own inside partners/ (label `directory`) so that its tables and
    migrations move on their own; it builds on partners' agencies and places and knows
    nothing of cases. Plans link their actions to its services from family_plans/,
    which tells the directory how often each service is used (directory/usage.py).
    """

    name = "partners.directory"
    label = "directory"
    verbose_name = "Service directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partners.directory import reminders

        reminders.register()
