"""Every write to the directory: adding, changing, confirming and withdrawing entries,
and importing a file of them. Each checks who may curate (directory/permissions.py),
validates, and writes its audit entry in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from earlyhelp import audit
from earlyhelp.errors import ApplicationError
from earlyhelp.versioning import lock_version, save_new_version
from partners.directory import permissions
from partners.directory.models import Service, ServiceStatus
from partners.models import Agency, Zone

# Fields a curator edits; the rest (status, review date, version) move through the
# services below.
EDITABLE_FIELDS = (
    "name",
    "agency",
    "organisation_name",
    "description",
    "needs",
    "min_age",
    "max_age",
    "eligibility",
    "cost",
    "cost_detail",
    "family_hub",
    "venue",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "opening_times",
    "contact_name",
    "email",
    "phone",
    "website",
    "referral_route",
    "referral_detail",
    "is_public",
)


def _full_clean(service: Service) -> None:
    try:
        service.full_clean(exclude=["search_vector"])
    except ValidationError as error:
        extra = {name: list(messages) for name, messages in error.message_dict.items()}
        raise ApplicationError("Check the service's details", extra) from error


def _check_ages(values: Mapping[str, Any]) -> None:
    low, high = values.get("min_age"), values.get("max_age")
    if low is not None and high is not None and high < low:
        raise ApplicationError(
            "The oldest age must be the same as or more than the youngest",
            {"max_age": ["Enter an oldest age the same as or more than the youngest"]},
        )


def _check_agency(*, actor: Any, agency: Agency | None) -> None:
    if permissions.curates_everything(user=actor):
        return
    if agency is None or agency.pk not in permissions.provider_agency_ids(user=actor):
        raise ApplicationError(
            "Select your own agency", {"agency": ["Select an agency you work for"]}
        )


def service_create(*, actor: Any, values: Mapping[str, Any], zones: Iterable[Zone] = ()) -> Service:
    """Add a service. Providers add services of their own agency; the council's team any."""
    if not permissions.may_curate_any(user=actor):
        raise ApplicationError("You cannot add services to the directory")
    _check_agency(actor=actor, agency=values.get("agency"))
    _check_ages(values)
    now = timezone.now()
    service = Service(
        **{name: values[name] for name in EDITABLE_FIELDS if name in values},
        created_at=now,
        updated_at=now,
        updated_by=actor,
        last_reviewed_on=timezone.localdate(),
    )
    if not service.organisation_name and service.agency is not None:
        service.organisation_name = service.agency.name
    _full_clean(service)
    with transaction.atomic():
        service.save()
        service.zones.set(list(zones))
        audit.record(
            actor=actor,
            action="create",
            obj=service,
            reason="Service added to the directory",
            detail={"name": service.name},
        )
    return service


def service_update(
    *,
    actor: Any,
    service: Service,
    expected_version: int,
    values: Mapping[str, Any],
    zones: Iterable[Zone] | None = None,
) -> Service:
    """Change an entry. Saving it counts as reviewing it: the curator has just read it all.

    Refused if someone else saved it since `expected_version` was read.
    """
    permissions.require_curate(user=actor, service=service)
    if "agency" in values and values["agency"] != service.agency:
        _check_agency(actor=actor, agency=values["agency"])
    _check_ages(values)
    with transaction.atomic():
        locked = lock_version(
            Service.objects,
            pk=service.pk,
            expected=expected_version,
            stale="Someone else changed this service while you were editing it. "
            "Check their changes, then make yours again.",
        )
        changed = [
            name
            for name in EDITABLE_FIELDS
            if name in values and getattr(locked, name) != values[name]
        ]
        for name in changed:
            setattr(locked, name, values[name])
        _full_clean(locked)
        save_new_version(
            locked,
            update_fields=None,
            updated_at=timezone.now(),
            updated_by=actor,
            last_reviewed_on=timezone.localdate(),
        )
        if zones is not None:
            locked.zones.set(list(zones))
        audit.record(
            actor=actor,
            action="update",
            obj=locked,
            reason="Service entry changed",
            detail={"fields": changed},
        )
    return locked


def service_mark_reviewed(*, actor: Any, service: Service, expected_version: int) -> Service:
    """The curator confirms the entry is still right: it is no longer stale."""
    permissions.require_curate(user=actor, service=service)
    with transaction.atomic():
        locked = lock_version(
            Service.objects,
            pk=service.pk,
            expected=expected_version,
            stale="Someone else changed this service since you opened it. Check it again.",
        )
        save_new_version(
            locked,
            last_reviewed_on=timezone.localdate(),
            updated_at=timezone.now(),
            updated_by=actor,
        )
        audit.record(
            actor=actor, action="update", obj=locked, reason="Service entry confirmed as right"
        )
    return locked


def service_set_status(
    *, actor: Any, service: Service, status: ServiceStatus, expected_version: int
) -> Service:
    """Withdraw an entry (it stays for plans that link to it) or bring it back."""
    permissions.require_curate(user=actor, service=service)
    with transaction.atomic():
        locked = lock_version(
            Service.objects,
            pk=service.pk,
            expected=expected_version,
            stale="Someone else changed this service since you opened it.",
        )
        save_new_version(locked, status=status, updated_at=timezone.now(), updated_by=actor)
        audit.record(
            actor=actor,
            action="update",
            obj=locked,
            reason="Service withdrawn" if status == ServiceStatus.WITHDRAWN else "Service restored",
        )
    return locked


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportRow:
    """One valid row of an import file, ready to write."""

    line: int
    service_id: int | None  # an existing entry to replace, or None for a new one
    values: dict[str, Any]
    zones: list[Zone]
    last_reviewed_on: dt.date | None


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def services_import(*, actor: Any, rows: Sequence[ImportRow]) -> ImportResult:
    """Write rows that have all been validated (directory/oruk.py): all or nothing.

    Only the council's directory team imports. An existing entry that changed since the
    file was read is not at risk: its row replaces it wholesale, as the file says.
    """
    permissions.require_curate_everything(user=actor)
    created = updated = 0
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        existing = Service.objects.select_for_update().in_bulk(
            [row.service_id for row in rows if row.service_id is not None]
        )
        for row in rows:
            service = existing.get(row.service_id) if row.service_id is not None else None
            if row.service_id is not None and service is None:
                raise ApplicationError(
                    f"Row {row.line}: there is no service {row.service_id} to update"
                )
            if service is None:
                service = Service(created_at=now)
                created += 1
            else:
                service.version += 1
                updated += 1
            for name, value in row.values.items():
                setattr(service, name, value)
            service.last_reviewed_on = row.last_reviewed_on or today
            service.updated_at = now
            service.updated_by = actor
            service.save()
            service.zones.set(row.zones)
        audit.record(
            actor=actor,
            action="create",
            obj=None,
            reason="Service directory imported",
            detail={"created": created, "updated": updated, "rows": len(rows)},
        )
    return ImportResult(created=created, updated=updated)
