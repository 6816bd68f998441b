# ruff: noqa: E501 - the demo services read best one to a line
"""The demo borough's directory: local help of every kind, across the five zones.

Written through the import service (services_import), as a council's team would load
its directory, by the demo's directory curator (the North coordinator). Idempotent: a
service already there by name is left as it is. Postcode districts NB1 to NB10 get
centres a few kilometres apart, so "near you" and distances mean something.

The services themselves are listed in demo_services.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from partners.demo import email_for
from partners.directory.demo_services import SERVICES, STAFF_ONLY
from partners.directory.models import PostcodeLocation, Service
from partners.directory.services import ImportRow, services_import
from partners.models import Agency, FamilyHub, User, Zone

# Centre of the fictional borough; each district sits on a small grid around it.
CENTRE = (Decimal("52.40000"), Decimal("-1.50000"))
DISTRICTS = {
    "NB1": (3, -2),
    "NB2": (4, 1),
    "NB3": (-3, -2),
    "NB4": (-4, 1),
    "NB5": (1, 4),
    "NB6": (-1, 5),
    "NB7": (0, -5),
    "NB8": (2, -4),
    "NB9": (0, 0),
    "NB10": (-1, 1),
}
KM = Decimal("0.009")  # about a kilometre in degrees of latitude here


HUBS_BY_DISTRICT = {
    "NB1": "Hillside Family Hub",
    "NB2": "Moorfield Family Hub",
    "NB3": "Riverside Family Hub",
    "NB4": "Southgate Family Hub",
    "NB5": "Eastbrook Family Hub",
    "NB6": "Mill Lane Family Hub",
    "NB7": "Westfield Family Hub",
    "NB8": "Oakwood Family Hub",
    "NB9": "Town Centre Family Hub",
    "NB10": "Station Road Family Hub",
}


def _point(district: str) -> tuple[Decimal, Decimal]:
    north, east = DISTRICTS[district]
    return (
        (CENTRE[0] + north * KM).quantize(Decimal("0.00001")),
        (CENTRE[1] + east * KM * Decimal("1.6")).quantize(Decimal("0.00001")),
    )


def build(**_: object) -> dict[str, int]:
    for district in DISTRICTS:
        centre = _point(district)
        PostcodeLocation.objects.get_or_create(
            prefix=district, defaults={"latitude": centre[0], "longitude": centre[1]}
        )
    curator = User.objects.filter(email=email_for("coordinator.north")).first()
    if curator is None:
        return {"services": Service.objects.count()}
    existing = set(Service.objects.values_list("name", flat=True))
    agencies = {a.name: a for a in Agency.objects.all()}
    zones = {z.code: z for z in Zone.objects.all()}
    hubs = {h.name: h for h in FamilyHub.objects.all()}
    today = timezone.localdate()
    rows = []
    for index, spec in enumerate(SERVICES):
        name, organisation, needs, ages, cost, codes, district, venue, times, route, what = spec
        if name in existing:
            continue
        agency = agencies.get(organisation)
        point: tuple[Decimal | None, Decimal | None] = (
            _point(district) if district else (None, None)
        )
        low, high = ages if ages else (None, None)
        # Most entries were reviewed in the last few months; every seventh is overdue.
        reviewed = today - dt.timedelta(days=200 + index if index % 7 == 3 else 10 + index * 4)
        rows.append(
            ImportRow(
                line=index + 2,
                service_id=None,
                values={
                    "name": name,
                    "description": what,
                    "organisation_name": organisation,
                    "agency": agency,
                    "needs": needs,
                    "min_age": low,
                    "max_age": high,
                    "cost": cost,
                    "cost_detail": "Fees from £10 a session" if cost == "paid" else "",
                    "venue": venue,
                    "postcode": f"{district} {index % 9 + 1}{'ABDEFGHJLNPQRSTUWXYZ'[index % 20]}{'ABDEFGHJLNPQRSTUWXYZ'[(index * 7) % 20]}"
                    if district
                    else "",
                    "latitude": point[0],
                    "longitude": point[1],
                    "family_hub": hubs.get(HUBS_BY_DISTRICT.get(district, "")),
                    "opening_times": times,
                    "contact_name": "Duty worker" if route == "professional" else "",
                    "phone": f"01632 960{index:03d}",
                    "email": f"service{index + 1}@northborough.example",
                    "website": f"https://www.northborough.example/help/{index + 1}",
                    "referral_route": route,
                    "referral_detail": "Professionals refer through the family hub's duty line."
                    if route != "self"
                    else "",
                    "is_public": name not in STAFF_ONLY,
                },
                zones=[zones[c] for c in codes if c in zones],
                last_reviewed_on=reviewed,
            )
        )
    if rows:
        services_import(actor=curator, rows=rows)
    return {"services": Service.objects.count(), "postcode centres": len(DISTRICTS)}
