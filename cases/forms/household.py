"""The form for someone who joins the household after the enquiry."""

from __future__ import annotations

from typing import Any

from cases.forms.records import PersonRecordForm


class HouseholdMemberForm(PersonRecordForm):
    """The details the enquiry asks for a household member; a new person has no version
    to check, and a baby not yet born has an expected date of birth instead."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["version"]
