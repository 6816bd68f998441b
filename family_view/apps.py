from typing import Any

from django.apps import AppConfig


def _shows_family_online(user: Any, case: Any) -> bool:
    from cases.workflow_states import FRONT_DOOR_STATES

    return case.state not in FRONT_DOOR_STATES


class FamilyViewConfig(AppConfig):
    """The family's own view of their case: sign-in by link and code, their section."""

    name = "family_view"
    verbose_name = "The family's own view"

    def ready(self) -> None:
        from cases.tabs import CaseTab, register
        from partners.notifications import NotificationKind, register_kind

        register(
            CaseTab(
                "family_online",
                "Family online",
                "family-online-tab",
                order=75,
                shown=_shows_family_online,
            )
        )
        register_kind(
            NotificationKind(
                "family_online",
                "What families add online",
                "A family member's view, an action they marked done, their consent or feedback.",
            )
        )
