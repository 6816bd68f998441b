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
from reporting.scorecard.present import count_text


@dataclass
class AgencyRow:
    agency: Agency
    enquiries: str
    leads: str
    assessments: str
    latest: AgencySelfAssessment | None = None
    history: list[AgencySelfAssessment] = field(default_factory=list)


def agency_activity(*, year: int, suppress: bool) -> list[AgencyRow]:
    """Per active agency: enquiries raised, lead roles taken and assessments signed off in
    the year, and its self-assessments (newest first). Five queries."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    enquiries = dict(
        Enquiry.objects.filter(
            received_at__date__range=(start, end), raised_by_agency__isnull=False
        )
        .values_list("raised_by_agency")
        .annotate(n=Count("pk"))
    )
    leads = dict(
        LeadPractitionerAssignment.objects.filter(started_at__date__range=(start, end))
        .values_list("agency")
        .annotate(n=Count("pk"))
    )
    assessments = dict(
        Assessment.objects.filter(
            state="signed_off",
            signed_off_at__date__range=(start, end),
            case__lead_agency__isnull=False,
        )
        .values_list("case__lead_agency")
        .annotate(n=Count("pk"))
    )
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
                count_text(enquiries.get(agency.pk, 0), suppress),
                count_text(leads.get(agency.pk, 0), suppress),
                count_text(assessments.get(agency.pk, 0), suppress),
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
