"""The assessment's consent section starts from the consent already held.

Consent used to be asked three times: on the enquiry, again before allocation, and again
person by person in the assessment. When the consent section is opened for the first
time, its answers are filled in from the case's consent records: each person's own
latest decision, and for a child under 13 the decision of the parent or carer who
consented for the family. Everyone else is left blank, so the practitioner asks only for
what is missing, and checks what was filled in before saving.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from assessments import sections as s
from cases.models import Case, ConsentRecord, ShareBasis


def held_consents(case: Case) -> dict[int, ConsentRecord]:
    """Each person's latest consent decision on the case (by the family's consent)."""
    latest: dict[int, ConsentRecord] = {}
    for record in ConsentRecord.objects.filter(
        case=case, basis=ShareBasis.CONSENT, person__isnull=False
    ).order_by("recorded_at", "id"):
        latest[record.person_id] = record  # type: ignore[index]
    return latest


def consent_answers(case: Case, context: s.SectionContext) -> dict[str, Any]:
    """Answers of the consent section that the records already give."""
    held = held_consents(case)
    today = timezone.localdate()
    adults = [m for m in context.members if not m.is_child]
    carer = next((held[a.person_id] for a in adults if a.person_id in held), None)
    answers: dict[str, Any] = {}
    for m in context.members:
        if m.is_unborn:
            continue
        own = held.get(m.person_id)
        age = m.age_on(today)
        young = m.is_child and (age is None or age < s.SELF_CONSENT_AGE)
        record, given_by = (own, "self") if own and not young else (None, "")
        if record is None and young and carer is not None:
            record, given_by = carer, str(carer.person_id)
        if record is None:
            continue
        prefix = f"c{m.person_id}"
        answers[f"{prefix}_decision"] = record.decision if record.decision != "withdrawn" else ""
        answers[f"{prefix}_given_by"] = given_by
        answers[f"{prefix}_method"] = (
            record.method if record.method in ("verbal", "written") else ""
        )
        answers[f"{prefix}_date"] = record.decided_on.isoformat()
    return {k: v for k, v in answers.items() if v}
