# mypy: disallow-untyped-defs
"""Partnership health: which agencies raise enquiries, hold the lead practitioner role and
complete assessments, and each agency's self-assessment against the pledges and the
maturity matrix, recorded over time by the agency's managers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch

from assessments.models import Assessment
from cases.audit import audit_record
from cases.models import Enquiry, LeadPractitionerAssignment
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from partners.models import Agency
from partners.roles import Role
from partners.selectors import user_agency_ids
from reporting.models import (
    AgencySelfAssessment,
    Maturity,
    PartnershipPledge,
    PartnershipStrand,
    StrandRating,
)
from reporting.scorecard.present import FEWER, HIDDEN, count_text, hidden_cells


@dataclass
class AgencyRow:
    agency: Agency
    enquiries: str
    leads: str
    assessments: str
    latest: AgencySelfAssessment | None = None
    history: list[AgencySelfAssessment] = field(default_factory=list)


def _column(
    counts: dict[tuple[int | None, str], int], *, suppress: bool, by_kind_published: bool
) -> dict[int, str]:
    """One column of the table as the reader may see it, keyed by agency.

    `counts` holds (agency, its type) -> count, with (None, "") for those raised or led by
    no agency. When the scorecard publishes the column's totals by type of agency (P3 and
    Q3b for a year), the types are protected as the scorecard protects them, and then the
    agencies of each type as a breakdown of their type's total (the secondary suppression
    rule of reporting.scorecard.present): a shown type's agencies must not give a hidden
    agency away, and a hidden type's agencies must not add up to it, so one more of them
    is hidden when every one would show.
    """
    texts = {agency: count_text(n, suppress) for (agency, _), n in counts.items() if agency}
    if not suppress or not by_kind_published:
        return texts
    kinds: dict[str, list[tuple[int | None, int]]] = {}
    for (agency, kind), n in sorted(counts.items(), key=lambda kv: (kv[0][1], kv[0][0] or 0)):
        kinds.setdefault(kind, []).append((agency, n))
    kind_names = sorted(kinds)
    kind_hidden = hidden_cells([sum(n for _, n in kinds[k]) for k in kind_names], suppress=suppress)
    hidden_kinds = (
        set(kind_names) if kind_hidden is None else {kind_names[i] for i in kind_hidden[0]}
    )
    for kind, cells in kinds.items():
        agencies: list[tuple[int, int]] = [(a, n) for a, n in cells if a is not None]
        numbers = [n for _, n in agencies]
        found = hidden_cells(numbers, suppress=suppress)
        if found is None:
            hidden, uniform = set(range(len(agencies))), True
        else:
            hidden, uniform = found
        if kind in hidden_kinds and not hidden:
            nonzero = sorted((n, i) for i, n in enumerate(numbers) if n > 0)
            if nonzero:
                hidden, uniform = {nonzero[0][1]}, True
        for i in hidden:
            texts[agencies[i][0]] = HIDDEN if uniform else FEWER
    return texts


def agency_activity(*, year: int, suppress: bool) -> list[AgencyRow]:
    """Per active agency: enquiries raised, lead roles taken and assessments signed off in
    the year, and its self-assessments (newest first). Five queries.

    Enquiries and assessments by type of agency are published on the scorecard (P3 and
    Q3b), so those columns are protected against differencing with it (see _column)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    enquiries = {
        (agency, kind or ""): n
        for agency, kind, n in Enquiry.objects.filter(received_at__date__range=(start, end))
        .values_list("raised_by_agency", "raised_by_agency__kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    leads = {
        (agency, kind or ""): n
        for agency, kind, n in LeadPractitionerAssignment.objects.filter(
            started_at__date__range=(start, end)
        )
        .values_list("agency", "agency__kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    assessments = {
        (agency, kind or ""): n
        for agency, kind, n in Assessment.objects.filter(
            state="signed_off", signed_off_at__date__range=(start, end)
        )
        .values_list("case__lead_agency", "case__lead_agency__kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    enquiry_texts = _column(enquiries, suppress=suppress, by_kind_published=True)
    lead_texts = _column(leads, suppress=suppress, by_kind_published=False)
    assessment_texts = _column(assessments, suppress=suppress, by_kind_published=True)
    agencies = (
        Agency.objects.filter(is_active=True)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "self_assessments",
                queryset=AgencySelfAssessment.objects.prefetch_related(
                    Prefetch("ratings", queryset=StrandRating.objects.select_related("strand")),
                    "pledges_met",
                ).order_by("-recorded_on", "-id"),
            )
        )
    )
    rows = []
    for agency in agencies:
        history = list(agency.self_assessments.all())
        rows.append(
            AgencyRow(
                agency,
                enquiry_texts.get(agency.pk, "0"),
                lead_texts.get(agency.pk, "0"),
                assessment_texts.get(agency.pk, "0"),
                history[0] if history else None,
                history,
            )
        )
    return rows


def strands() -> list[PartnershipStrand]:
    return list(
        PartnershipStrand.objects.filter(is_active=True)
        .prefetch_related(
            Prefetch("pledges", queryset=PartnershipPledge.objects.filter(is_active=True))
        )
        .order_by("number")
    )


def agencies_managed_by(user: Any) -> list[Agency]:
    ids = user_agency_ids(user=user, roles={Role.MANAGER})
    return list(Agency.objects.filter(pk__in=ids).order_by("name"))


def self_assessment_record(
    *,
    actor: Any,
    agency: Agency,
    ratings: dict[int, tuple[str, str]],
    pledge_ids: list[int],
    notes: str,
) -> AgencySelfAssessment:
    """Record an agency's self-assessment: its maturity per strand and the pledges it meets."""
    if agency.pk not in user_agency_ids(user=actor, roles={Role.MANAGER}):
        raise PermissionDenied("Only the agency's managers record its self-assessment")
    active = {s.pk: s for s in strands()}
    missing = [s for pk, s in active.items() if ratings.get(pk, ("", ""))[0] not in Maturity.values]
    if missing:
        raise ApplicationError(
            "Select a stage of maturity for every strand",
            {f"strand_{s.pk}": [f"Select how mature {s.name.lower()} is"] for s in missing},
        )
    with transaction.atomic():
        assessment = AgencySelfAssessment.objects.create(
            agency=agency, recorded_by=actor, notes=notes.strip()
        )
        StrandRating.objects.bulk_create(
            StrandRating(
                assessment=assessment,
                strand=strand,
                maturity=ratings[pk][0],
                evidence=ratings[pk][1].strip(),
            )
            for pk, strand in active.items()
        )
        assessment.pledges_met.set(
            PartnershipPledge.objects.filter(pk__in=pledge_ids, is_active=True)
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=assessment, reason="agency self-assessment"
        )
    return assessment
