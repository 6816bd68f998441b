"""Choosing a lead practitioner: a person in an agency, with their caseload beside them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from cases.selectors.caseloads import Caseload
from partners.models import Agency, Membership, User


class LeadOptions:
    """The people someone may be allocated through, as "Name, Agency (3 of 18 cases)".

    Each option is a casework membership (one person in one agency), so choosing it
    names both the lead practitioner and the lead agency.
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
            load = loads.get(m.user_id)
            note = ""
            if load is not None:
                note = f" ({load.summary}{', over the limit' if load.over_limit else ''})"
            choices.append((key, f"{m.user.full_name}, {m.agency.name}{note}"))
            groups.setdefault(_group_label(m.agency), []).append((key, f"{m.user.full_name}{note}"))
        self.choices = choices
        # The same people grouped by agency (with the zones it serves), for the select.
        self.grouped: list[tuple[str, list[tuple[str, str]]]] = list(groups.items())

    def field(self, label: str = "Lead practitioner", required: bool = False) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=label,
            choices=[("", "Select a lead practitioner"), *self.grouped],
            required=required,
            help_text="Their open cases and case limit are shown beside their name",
            error_messages={
                "required": "Select the lead practitioner",
                "invalid_choice": "Select a lead practitioner from the list",
            },
        )

    def chosen(self, key: Any) -> tuple[User, Agency] | None:
        return self.by_key.get(str(key or ""))


def _group_label(agency: Agency) -> str:
    """'Family Support North (North zone, East zone)': the agency and where it works."""
    zones = sorted(z.name for z in agency.zones.all())
    return f"{agency.name} ({', '.join(zones)})" if zones else agency.name


def key_of(user: User | None, agency: Agency | None) -> str:
    return f"{user.pk}:{agency.pk}" if user is not None and agency is not None else ""
