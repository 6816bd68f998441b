"""How many notes of a case a reader may not read, so lists and exports can say that
notes were withheld rather than leave the reader to think the record is complete."""

from __future__ import annotations

from typing import Any

from cases.models import Case, CaseNote
from cases.selectors import case_notes


def withheld_note_count(*, user: Any, case: Case) -> int:
    """Notes on the case the user may not read (restricted, or lead agency only)."""
    return CaseNote.objects.filter(case=case).count() - case_notes(user=user, case=case).count()
