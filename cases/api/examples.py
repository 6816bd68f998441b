"""One worked example per shape, shared by the operations that return it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample

# One worked example per shape, shared by the operations that return it.

PERSON_EXAMPLE = {
    "id": 812,
    "family_name": "Okafor",
    "given_names": "Ada",
    "preferred_name": "",
    "date_of_birth": "2016-09-02",
    "expected_date_of_birth": None,
    "sex": "F",
    "gender": "girl",
    "ethnicity": "BAFR",
    "send": False,
    "identifiers": [{"type": "nhs_number", "value": "9434765919"}],
    "version": 1,
}


CASE_PERSON_EXAMPLE = {**PERSON_EXAMPLE, "relationship": "child"}


FAMILY_EXAMPLE = {
    "id": 301,
    "name": "The Okafor family",
    "address_line_1": "12 Mill Lane",
    "address_line_2": "",
    "town": "Northborough",
    "postcode": "NB3 2QT",
    "zone": "North",
    "family_hub": "Millbrook Family Hub",
    "language": "English",
    "interpreter_needed": False,
}


CASE_EXAMPLE = {
    "id": 41,
    "reference": "EH000041",
    "state": "plan_and_review",
    "family": FAMILY_EXAMPLE,
    "zone_id": 2,
    "zone": "North",
    "family_hub": "Millbrook Family Hub",
    "lead_agency_id": 7,
    "lead_agency": "Hillside Primary School",
    "lead_practitioner": "Sam Patel",
    "opened_on": "2025-09-15",
    "closed_on": None,
    "screening_outcome": "early_help_assessment",
    "closure_reason": "",
    "version": 6,
}


ENQUIRY_OUTCOME_EXAMPLE = {
    "id": 41,
    "received_at": "2025-09-15T09:12:00Z",
    "case_id": 41,
    "case_reference": "EH000041",
    "state": "awaiting_allocation",
    "outcome": "Accepted for early help: waiting for a lead practitioner",
    "screening_outcome": "early_help_assessment",
    "lead_agency": None,
    "closure_reason": "",
    "urgency": "routine",
}


NOTE_EXAMPLE = {
    "id": 5521,
    "note_type": "call",
    "contact_date": "2026-01-05",
    "text": "Spoke to mum about attendance; she will call the school on Monday.",
    "author": "Hillside Primary School system (write)",
    "author_agency": "Hillside Primary School",
    "visibility": "everyone",
    "sensitive_category": "",
    "created_at": "2026-01-05T15:40:00Z",
}


CONSENT_EXAMPLE = {
    "id": 77,
    "person_id": 811,
    "decision": "given",
    "basis": "consent",
    "lawful_reason": "",
    "agencies": ["Health Visiting Service"],
    "purposes": "Health visiting support for the new baby",
    "method": "verbal",
    "decided_on": "2026-01-05",
    "review_on": None,
    "recorded_at": "2026-01-05T15:42:00Z",
}


HOUSEHOLD_EXAMPLE = {"relationship": "child", "person": PERSON_EXAMPLE}


TEAM_MEMBER_EXAMPLE = {
    "id": 51,
    "agency": "Hillside Primary School",
    "user": "Ms J. Patel",
    "role_on_case": "Class teacher",
    "started_on": "2026-01-06",
    "ended_on": None,
    "basis": "safeguarding",
}


ENQUIRY_EXAMPLE = {
    "family": {
        "name": "The Okafor family",
        "address_line_1": "12 Mill Lane",
        "town": "Northborough",
        "postcode": "NB3 2QT",
    },
    "members": [
        {
            "family_name": "Okafor",
            "given_names": "Grace",
            "relationship": "parent",
            "date_of_birth": "1988-03-14",
        },
        {
            "family_name": "Okafor",
            "given_names": "Ada",
            "relationship": "child",
            "date_of_birth": "2016-09-02",
            "nhs_number": "943 476 5919",
            "enquiry_is_about": True,
        },
    ],
    "concerns": "Ada's attendance has fallen to 78% this term and she is often tired.",
    "concern_categories": ["school_attendance"],
    "family_consent": "given",
    "urgency": "routine",
}


ENQUIRY_KNOWN_FAMILY_EXAMPLE = {
    "family_id": 301,
    "children": [812],
    "concerns": "Ada has been late eleven times since half term.",
    "concern_categories": ["school_attendance"],
    "family_consent": "given",
}


def _out(name: str, value: Any, *, status_code: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status_code)])


def _in(name: str, value: Any) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)
