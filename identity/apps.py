from django.apps import AppConfig


class IdentityConfig(AppConfig):
    """Who gets in and for how long: sign-in, second factors, single sign-on, invitations,
    sessions and the security events they leave. Builds on partners (who people are) and
    writes its events to the audit log kept by cases."""

    name = "identity"
    verbose_name = "Identity and sign-in"

    def ready(self) -> None:
        from identity import receivers

        receivers.connect()
