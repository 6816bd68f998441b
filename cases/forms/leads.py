"""Choosing a lead practitioner: a person in an agency and zone, with their caseload
against their limit beside them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from cases.selectors.caseloads import Caseload
from partners.models import Agency, Membership, User


class LeadOptions:
    """The people someone may be allocated through, grouped by agency and where they work.

    Each option is a casework membership (one person in one agency), so choosing it
    names both the lead practitioner and the lead agency. Its label says who, for which
    agency and zone, and their caseload against their limit:
    "Priya Shah — Northborough Council Early Help, North zone — 12 of 20 cases". The
    label carries the agency as well as its group, because the autocomplete that
    enhances the select shows options without their groups.
    """

    def __init__(self, memberships: Iterable[Membership], loads: Mapping[int, Caseload]) -> None:
        self.by_key: dict[str, tuple[User, Agency]] = {}
        self.loads = loads
        choices: list[tuple[str, str]] = []
        groups: dict[str, list[tuple[str, str]]] = {}
        for m in memberships:
            key = f"{m.user_id}:{m.agency_id}"
            if key in self.by_key:
                continue
            self.by_key[key] = (m.user, m.agency)
            where = _where(m)
            label = f"{m.user.full_name} — {m.agency.name}, {where}"
            load = loads.get(m.user_id)
            if load is not None:
                label += f" — {load.summary}{', over the limit' if load.over_limit else ''}"
            choices.append((key, label))
            groups.setdefault(f"{m.agency.name}: {where}", []).append((key, label))
        self.choices = choices
        # The same people grouped by agency and zone, for the select.
        self.grouped: list[tuple[str, list[tuple[str, str]]]] = sorted(groups.items())

    def field(self, label: str = "Lead practitioner", required: bool = False) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=label,
            choices=[("", "Select a lead practitioner"), *self.grouped],
            required=required,
            help_text="Listed by agency and zone, each person with their open cases against "
            "their case limit",
            error_messages={
                "required": "Select the lead practitioner",
                "invalid_choice": "Select a lead practitioner from the list",
            },
        )

    def chosen(self, key: Any) -> tuple[User, Agency] | None:
        return self.by_key.get(str(key or ""))


def _where(membership: Membership) -> str:
    """Where the person works: their own zone or family hub, else the zones their agency
    serves ("North zone", "East and North zones", "every zone")."""
    if membership.zone_id is not None:
        return _zone_name(membership.zone.name)  # type: ignore[union-attr]
    if membership.family_hub_id is not None:
        return membership.family_hub.name  # type: ignore[union-attr]
    zones = sorted(z.name for z in membership.agency.zones.all())
    if not zones:
        return "every zone"
    if len(zones) == 1:
        return _zone_name(zones[0])
    return f"{', '.join(zones[:-1])} and {zones[-1]} zones"


def _zone_name(name: str) -> str:
    return name if "zone" in name.lower().split() else f"{name} zone"


def key_of(user: User | None, agency: Agency | None) -> str:
    return f"{user.pk}:{agency.pk}" if user is not None and agency is not None else ""
