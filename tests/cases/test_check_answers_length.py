"""Check your answers folds the answers left blank into one row per person, so the page
is not thousands of pixels of "Not given"."""

from __future__ import annotations

from django.utils import timezone

from cases.services import PersonDetails
from cases.views.enquiry_check import _person_rows


def test_blank_answers_fold_into_one_not_given_row():
    person = PersonDetails(
        family_name="Osei",
        given_names="Kwame",
        relationship="child",
        date_of_birth=timezone.localdate().replace(year=2016),
        nhs_number="9434765919",
    )

    rows = _person_rows(0, person)

    keys = [r["key"] for r in rows]
    assert "NHS number" in keys and "Preferred name" not in keys
    [folded] = [r for r in rows if r["key"] == "Not given"]
    assert folded["value"].startswith("Preferred name, Unique pupil number")
    assert "Disability" in folded["value"]
    assert folded["href"].endswith("#id_person-0-preferred_name")
    assert sum(1 for r in rows if r["value"] in ("Not given", "None given")) == 0
