from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Who people are: agencies, places, staff and their roles. Knows nothing of cases."""

    name = "partners"
    verbose_name = "Partners and people"

    def ready(self) -> None:
        from earlyhelp import roles
        from partners import selectors

        # The kernel (URL policy, admin site, API permissions) asks about roles here.
        roles.register(selectors)
