"""The directory as a CSV file in the Open Referral UK (ORUK) data standard, where it fits.

ORUK describes a directory as linked tables (service, organization, location,
physical_address, contact, eligibility, cost_option, regular_schedule, service_area,
service_taxonomy). A council's directory team passes one flat file around, so each row
here is one service with the ORUK fields of those tables as columns, named
`table.field`; the two things ORUK has no field for carry the `x_` prefix ORUK
reserves for extensions. The README lists the columns.

Reading validates every row before anything is written (services_import writes
nothing unless every row is good), and lists each bad row with what is wrong with it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone

from partners.directory.models import Cost, ReferralRoute, Service, ServiceStatus
from partners.directory.services import ImportRow
from partners.models import Agency, FamilyHub, Zone
from partners.needs import NeedCategory

COLUMNS = [
    "service.id",
    "service.name",
    "service.description",
    "service.status",
    "service.url",
    "service.email",
    "service.assured_date",
    "organization.name",
    "x_agency",
    "eligibility.eligibility",
    "eligibility.minimum_age",
    "eligibility.maximum_age",
    "cost_option.option",
    "cost_option.amount_description",
    "service_taxonomy.taxonomy",
    "service_area.service_area",
    "location.name",
    "location.latitude",
    "location.longitude",
    "physical_address.address_1",
    "physical_address.postal_code",
    "regular_schedule.description",
    "contact.name",
    "phone.number",
    "service.referral_route",
    "service.referral_description",
    "x_family_hub",
    "x_public",
]
LIST_SEPARATOR = ";"
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    line: int  # the line of the file (the header is line 1)
    name: str  # the service's name as the row gives it, to find it
    problems: list[str]


@dataclass(frozen=True)
class ParsedFile:
    rows: list[ImportRow]
    errors: list[RowError]

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)


# --------------------------------------------------------------------------- export


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def export_row(service: Service) -> list[Any]:
    """One service as the file's columns (zones prefetched: no query per row)."""
    return [
        service.pk,
        service.name,
        service.description,
        "active" if service.status == ServiceStatus.ACTIVE else "inactive",
        service.website,
        service.email,
        service.last_reviewed_on.isoformat(),
        service.organisation_name,
        service.agency.name if service.agency else "",
        service.eligibility,
        "" if service.min_age is None else service.min_age,
        "" if service.max_age is None else service.max_age,
        service.cost,
        service.cost_detail,
        LIST_SEPARATOR.join(service.needs),
        LIST_SEPARATOR.join(zone.code for zone in service.zones.all()),
        service.venue,
        "" if service.latitude is None else service.latitude,
        "" if service.longitude is None else service.longitude,
        service.address,
        service.postcode,
        service.opening_times,
        service.contact_name,
        service.phone,
        service.referral_route,
        service.referral_detail,
        service.family_hub.name if service.family_hub else "",
        _yes_no(service.is_public),
    ]


# --------------------------------------------------------------------------- import


class _Lookups:
    """Agencies, zones and hubs by name or code, read once per file."""

    def __init__(self) -> None:
        self.agencies = {a.name.casefold(): a for a in Agency.objects.all()}
        self.zones = {}
        for zone in Zone.objects.all():
            self.zones[zone.code.casefold()] = zone
            self.zones[zone.name.casefold()] = zone
        self.hubs = {h.name.casefold(): h for h in FamilyHub.objects.all()}
        self.service_ids = set(Service.objects.values_list("pk", flat=True))


def _text(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def _age(row: dict[str, str], column: str, label: str, problems: list[str]) -> int | None:
    raw = _text(row, column)
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 120:
        problems.append(f"{label} must be a whole number of years from 0 to 120, not '{raw}'")
        return None
    return int(raw)


def _coordinate(
    row: dict[str, str], column: str, label: str, limit: int, problems: list[str]
) -> Decimal | None:
    raw = _text(row, column)
    if not raw:
        return None
    try:
        value = Decimal(raw).quantize(Decimal("0.00001"))
    except InvalidOperation:
        problems.append(f"{label} must be a number, not '{raw}'")
        return None
    if abs(value) > limit:
        problems.append(f"{label} must be between -{limit} and {limit}")
        return None
    return value


def _parse_row(line: int, row: dict[str, str], lookups: _Lookups) -> ImportRow | RowError:
    problems: list[str] = []
    name = _text(row, "service.name")
    if not name:
        problems.append("Enter the service's name (service.name)")
    elif len(name) > 200:
        problems.append("The service's name must be 200 characters or fewer")
    description = _text(row, "service.description")
    if not description:
        problems.append("Enter a description (service.description)")

    service_id: int | None = None
    raw_id = _text(row, "service.id")
    if raw_id:
        if not raw_id.isdigit() or int(raw_id) not in lookups.service_ids:
            problems.append(
                f"service.id '{raw_id}' is not a service in the directory: leave it empty "
                "to add a new one"
            )
        else:
            service_id = int(raw_id)

    status_raw = _text(row, "service.status").lower() or "active"
    if status_raw not in ("active", "inactive"):
        problems.append(f"service.status must be 'active' or 'inactive', not '{status_raw}'")

    url = _text(row, "service.url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            problems.append(f"service.url '{url}' is not a web address")
    email = _text(row, "service.email")
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            problems.append(f"service.email '{email}' is not an email address")

    reviewed: dt.date | None = None
    raw_date = _text(row, "service.assured_date")
    if raw_date:
        try:
            reviewed = dt.date.fromisoformat(raw_date)
        except ValueError:
            problems.append(
                f"service.assured_date must be a date like 2026-03-31, not '{raw_date}'"
            )
        else:
            if reviewed > timezone.localdate():
                problems.append("service.assured_date cannot be in the future")

    agency = None
    agency_name = _text(row, "x_agency")
    if agency_name:
        agency = lookups.agencies.get(agency_name.casefold())
        if agency is None:
            problems.append(f"x_agency '{agency_name}' is not an agency of the partnership")
    organisation = _text(row, "organization.name") or (agency.name if agency else "")
    if not organisation:
        problems.append("Enter who runs the service (organization.name)")

    low = _age(row, "eligibility.minimum_age", "eligibility.minimum_age", problems)
    high = _age(row, "eligibility.maximum_age", "eligibility.maximum_age", problems)
    if low is not None and high is not None and high < low:
        problems.append("eligibility.maximum_age must be the same as or more than the minimum")

    cost = _text(row, "cost_option.option").lower() or Cost.FREE
    if cost not in Cost.values:
        problems.append(f"cost_option.option must be one of {', '.join(Cost.values)}, not '{cost}'")

    needs = [n.strip() for n in _text(row, "service_taxonomy.taxonomy").split(LIST_SEPARATOR)]
    needs = [n for n in needs if n]
    unknown = [n for n in needs if n not in NeedCategory.values]
    if unknown:
        problems.append(f"service_taxonomy.taxonomy has needs we do not know: {', '.join(unknown)}")
    if not needs:
        problems.append("Enter at least one need (service_taxonomy.taxonomy)")

    zones: list[Zone] = []
    for item in _text(row, "service_area.service_area").split(LIST_SEPARATOR):
        if not item.strip():
            continue
        zone = lookups.zones.get(item.strip().casefold())
        if zone is None:
            problems.append(f"service_area.service_area '{item.strip()}' is not a zone")
        else:
            zones.append(zone)

    hub = None
    hub_name = _text(row, "x_family_hub")
    if hub_name:
        hub = lookups.hubs.get(hub_name.casefold())
        if hub is None:
            problems.append(f"x_family_hub '{hub_name}' is not a family hub")

    latitude = _coordinate(row, "location.latitude", "location.latitude", 90, problems)
    longitude = _coordinate(row, "location.longitude", "location.longitude", 180, problems)
    if (latitude is None) != (longitude is None):
        problems.append("Give both location.latitude and location.longitude, or neither")

    route = _text(row, "service.referral_route").lower() or ReferralRoute.EITHER
    if route not in ReferralRoute.values:
        problems.append(
            f"service.referral_route must be one of {', '.join(ReferralRoute.values)}, "
            f"not '{route}'"
        )
    public_raw = _text(row, "x_public").lower() or "yes"
    if public_raw not in ("yes", "no"):
        problems.append(f"x_public must be 'yes' or 'no', not '{public_raw}'")
    postcode = _text(row, "physical_address.postal_code").upper()
    if len(postcode) > 10:
        problems.append("physical_address.postal_code must be 10 characters or fewer")

    if problems:
        return RowError(line=line, name=name, problems=problems)
    values: dict[str, Any] = {
        "name": name,
        "description": description,
        "status": ServiceStatus.ACTIVE if status_raw == "active" else ServiceStatus.WITHDRAWN,
        "website": url,
        "email": email,
        "organisation_name": organisation[:200],
        "agency": agency,
        "eligibility": _text(row, "eligibility.eligibility"),
        "min_age": low,
        "max_age": high,
        "cost": cost,
        "cost_detail": _text(row, "cost_option.amount_description")[:200],
        "needs": needs,
        "venue": _text(row, "location.name")[:200],
        "latitude": latitude,
        "longitude": longitude,
        "address": _text(row, "physical_address.address_1")[:300],
        "postcode": postcode,
        "opening_times": _text(row, "regular_schedule.description"),
        "contact_name": _text(row, "contact.name")[:200],
        "phone": _text(row, "phone.number")[:40],
        "referral_route": route,
        "referral_detail": _text(row, "service.referral_description"),
        "family_hub": hub,
        "is_public": public_raw == "yes",
    }
    return ImportRow(
        line=line, service_id=service_id, values=values, zones=zones, last_reviewed_on=reviewed
    )


def _decoded(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def read_file(content: bytes) -> ParsedFile | str:
    """Every row of the file parsed and checked; or why the file as a whole is unusable."""
    reader = csv.DictReader(io.StringIO(_decoded(content), newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        return "The file is empty"
    missing = [c for c in ("service.name", "service.description") if c not in header]
    if missing:
        return (
            f"The file has no {' or '.join(missing)} column: the first row must name the "
            "columns, as an exported file does"
        )
    reader.fieldnames = header
    lookups = _Lookups()
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    seen_ids: dict[int, int] = {}
    for index, raw in enumerate(reader, start=2):
        if index - 1 > MAX_ROWS:
            return f"The file has more than {MAX_ROWS} services: split it into smaller files"
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # a blank line
        parsed = _parse_row(index, raw, lookups)
        if isinstance(parsed, RowError):
            errors.append(parsed)
            continue
        if parsed.service_id is not None:
            if parsed.service_id in seen_ids:
                errors.append(
                    RowError(
                        line=index,
                        name=parsed.values["name"],
                        problems=[
                            f"service.id {parsed.service_id} is also on line "
                            f"{seen_ids[parsed.service_id]}"
                        ],
                    )
                )
                continue
            seen_ids[parsed.service_id] = index
        rows.append(parsed)
    if not rows and not errors:
        return "The file has no services in it"
    return ParsedFile(rows=rows, errors=errors)


def rows_as_csv(rows: Iterable[list[Any]]) -> Iterator[list[Any]]:
    """The header, then the rows: for writers (formula-safe ones) to write."""
    yield COLUMNS
    yield from rows
