"""The roles interface: what the kernel asks of whoever knows people's roles.

The URL policy, the admin site, the API's role permission and every page's template
context check the signed-in person's roles. Memberships and roles live in `partners/`,
which sits above the kernel, so the kernel asks through this interface and `partners/`
registers its selectors when the app registry is ready (`PartnersConfig.ready`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


class RoleDirectory(Protocol):
    """Who holds which role. `partners.selectors` is the directory there is."""

    def active_memberships(self, *, user: Any) -> Sequence[Any]:
        """The person's current memberships, each with `.role` and `.agency`."""
        ...

    def oversight_memberships(self, *, user: Any) -> Sequence[Any]:
        """The memberships that carry zone-wide oversight."""
        ...

    def user_has_any_role(self, *, user: Any, roles: Iterable[str]) -> bool: ...

    def user_has_oversight_role(self, *, user: Any, roles: Iterable[str]) -> bool: ...

    def is_system_admin(self, *, user: Any) -> bool: ...


_directory: RoleDirectory | None = None


def register(directory: RoleDirectory) -> None:
    """Called once at start-up by the app that keeps memberships and roles."""
    global _directory
    _directory = directory


def registered() -> RoleDirectory:
    if _directory is None:
        raise ImproperlyConfigured(
            "No role directory is registered (the partners app is not ready)"
        )
    return _directory


def active_memberships(*, user: Any) -> Sequence[Any]:
    return registered().active_memberships(user=user)


def oversight_memberships(*, user: Any) -> Sequence[Any]:
    return registered().oversight_memberships(user=user)


def user_has_any_role(*, user: Any, roles: Iterable[str]) -> bool:
    return registered().user_has_any_role(user=user, roles=roles)


def user_has_oversight_role(*, user: Any, roles: Iterable[str]) -> bool:
    return registered().user_has_oversight_role(user=user, roles=roles)


def is_system_admin(*, user: Any) -> bool:
    return registered().is_system_admin(user=user)
