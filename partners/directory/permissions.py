"""Who may curate the directory: the one place that decides it.

- The service's directory team: coordinators and managers of the agencies that run
  the early help service (`Agency.runs_service`) curate every entry, import and export
  the whole directory.
- Providers keep their own entries: staff of the agency that runs a service
  (practitioners, coordinators, managers, agency administrators) curate that agency's
  entries and add new ones for it.
- System administrators curate everything.

`_is_council_curator` is the one function that decides who is on that team.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from partners.directory.models import Service
from partners.models import Agency, Membership
from partners.roles import Role
from partners.selectors import active_memberships

COUNCIL_CURATOR_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
PROVIDER_CURATOR_ROLES = frozenset(
    {Role.PRACTITIONER, Role.COORDINATOR, Role.MANAGER, Role.AGENCY_ADMIN}
)
# Roles that may open the curation pages at all (the URL policy); the object checks below
# then decide entry by entry.
CURATION_PAGE_ROLES = frozenset(PROVIDER_CURATOR_ROLES | {Role.SYSTEM_ADMIN})


def _is_council_curator(membership: Membership) -> bool:
    return membership.role in COUNCIL_CURATOR_ROLES and membership.agency.runs_service


def curates_everything(*, user: Any) -> bool:
    """The council's directory team and system administrators: every entry, imports."""
    return any(
        m.role == Role.SYSTEM_ADMIN or _is_council_curator(m) for m in active_memberships(user=user)
    )


def provider_agency_ids(*, user: Any) -> set[int]:
    """Agencies whose own entries this person keeps up to date."""
    return {m.agency_id for m in active_memberships(user=user) if m.role in PROVIDER_CURATOR_ROLES}


def may_curate(*, user: Any, service: Service) -> bool:
    if curates_everything(user=user):
        return True
    return service.agency_id is not None and service.agency_id in provider_agency_ids(user=user)


def curatable_agencies(*, user: Any) -> list[Agency]:
    """Agencies this person may add a service for (every active one for the council)."""
    if curates_everything(user=user):
        return list(Agency.objects.filter(is_active=True).order_by("name"))
    return list(
        Agency.objects.filter(pk__in=provider_agency_ids(user=user), is_active=True).order_by(
            "name"
        )
    )


def may_curate_any(*, user: Any) -> bool:
    return curates_everything(user=user) or bool(provider_agency_ids(user=user))


def require_curate(*, user: Any, service: Service) -> None:
    if not may_curate(user=user, service=service):
        raise PermissionDenied("You cannot change this service's entry.")


def require_curate_everything(*, user: Any) -> None:
    if not curates_everything(user=user):
        raise PermissionDenied("Only the directory team can do this.")


def curators_of(*, service: Service) -> list[Any]:
    """Who is reminded to review an entry: the provider's managers and agency
    administrators, or, for a community group or a provider without them, the council's
    directory team in the service's zones (every zone when it serves the whole borough)."""
    from partners.models import User

    if service.agency_id is not None:
        provider = list(
            User.objects.filter(
                is_active=True,
                memberships__in=Membership.objects.active().filter(
                    agency_id=service.agency_id, role__in=[Role.MANAGER, Role.AGENCY_ADMIN]
                ),
            )
            .distinct()
            .order_by("pk")
        )
        if provider:
            return provider
    council = Membership.objects.active().filter(
        role__in=list(COUNCIL_CURATOR_ROLES), agency__runs_service=True
    )
    zone_ids = list(service.zones.values_list("pk", flat=True))
    if zone_ids:
        from django.db.models import Q

        council = council.filter(Q(zone__isnull=True) | Q(zone_id__in=zone_ids))
    return list(
        User.objects.filter(is_active=True, memberships__in=council).distinct().order_by("pk")
    )
