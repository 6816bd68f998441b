"""Is a family eligible for the programme under an outcome framework's rule, and why.

Supporting Families 2022-25: a family with dependent children (or expecting a child)
with at least three of the ten headline needs. The numbers come from the framework
row, so an earlier or later framework's rule is data too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    framework: str
    needs: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def summary(self) -> str:
        verdict = "Eligible" if self.eligible else "Not eligible"
        return f"{verdict} for {self.framework}: " + " ".join(self.reasons)


def programme_eligibility(
    *,
    framework: str,
    min_needs: int,
    headline_count: int,
    requires_dependent_children: bool,
    needs: Sequence[str],
    dependent_children: int,
    expecting: bool,
) -> Eligibility:
    """Apply the framework's rule to the family's needs and household."""
    reasons: list[str] = []
    needs_met = len(needs) >= min_needs
    if needs:
        reasons.append(
            f"The family has {len(needs)} of the {headline_count} headline needs "
            f"({min_needs} or more are needed): {', '.join(needs)}."
        )
    else:
        reasons.append(
            f"No headline needs are recorded ({min_needs} or more of the "
            f"{headline_count} are needed)."
        )
    children_met = True
    if requires_dependent_children:
        if dependent_children:
            word = "child" if dependent_children == 1 else "children"
            reasons.append(f"The family has {dependent_children} dependent {word}.")
        elif expecting:
            reasons.append("The family is expecting a child.")
        else:
            children_met = False
            reasons.append("The family has no dependent children and is not expecting a child.")
    return Eligibility(
        eligible=needs_met and children_met,
        framework=framework,
        needs=tuple(needs),
        reasons=tuple(reasons),
    )
