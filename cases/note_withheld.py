"""How many notes of a case a reader may not read, and why, so the notes list and the
audit PDF say that notes were withheld rather than leave the reader to think the record
is complete. Nothing of a withheld note is shown: not its date, author or type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from cases.access import readable_by_visibility
from cases.models import Case, CaseNote, CaseNoteReader, NoteVisibility

# Why a note is withheld, as the line that acknowledges it says it.
REASONS = {
    NoteVisibility.RESTRICTED: "restricted to the people its author named",
    NoteVisibility.LEAD_AGENCY: "for the lead agency only",
}


@dataclass(frozen=True)
class Withheld:
    restricted: int = 0
    lead_agency: int = 0

    @property
    def total(self) -> int:
        return self.restricted + self.lead_agency

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def summary(self) -> str:
        """'1 note withheld: restricted to the people its author named', or '3 notes
        withheld: 2 restricted to the people their authors named, 1 for the lead
        agency only'; empty when none is."""
        if not self.total:
            return ""
        head = f"{self.total} note{'s' if self.total != 1 else ''} withheld"
        parts = [
            (n, v)
            for v, n in (
                (NoteVisibility.RESTRICTED, self.restricted),
                (NoteVisibility.LEAD_AGENCY, self.lead_agency),
            )
            if n
        ]
        if len(parts) == 1:
            return f"{head}: {_plural_reason(parts[0][1], parts[0][0])}"
        return f"{head}: " + ", ".join(f"{n} {_plural_reason(v, n)}" for n, v in parts)


def _plural_reason(visibility: str, n: int) -> str:
    if visibility == NoteVisibility.RESTRICTED and n != 1:
        return "restricted to the people their authors named"
    return REASONS[NoteVisibility(visibility)]


def withheld_notes(*, user: Any, case: Case) -> Withheld:
    """The notes on the case the user may not read, counted by why. One query."""
    rows = dict(
        CaseNote.objects.filter(case=case)
        .exclude(readable_by_visibility(user, case, readers=CaseNoteReader))
        .order_by()
        .values_list("visibility")
        .annotate(n=Count("id"))
    )
    return Withheld(
        restricted=rows.get(NoteVisibility.RESTRICTED, 0),
        lead_agency=rows.get(NoteVisibility.LEAD_AGENCY, 0),
    )


def withheld_note_count(*, user: Any, case: Case) -> int:
    """Notes on the case the user may not read (restricted, or lead agency only)."""
    return withheld_notes(user=user, case=case).total
