"""The default reporting frameworks (the case file audit questions, the partnership
strands and pledges, the claim rules), seeded by a data migration and restorable on
demand, like the reference data of cases and assessments.
"""

from __future__ import annotations

import importlib

from django.apps import apps

from reporting.models import AuditFramework, ClaimRules, PartnershipStrand

_SEED_MIGRATION = "reporting.migrations.0004_seed_frameworks"


def reference_data_missing() -> bool:
    return not (
        AuditFramework.objects.exists()
        and PartnershipStrand.objects.exists()
        and ClaimRules.objects.exists()
    )


def ensure_reference_data() -> None:
    """Create whatever default framework is missing; change nothing that exists."""
    if reference_data_missing():
        importlib.import_module(_SEED_MIGRATION).seed(apps, None)
