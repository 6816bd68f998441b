"""The default reference data (levels of need, through cases; Family Star Plus,
Supporting Families 2022-25, SDQ), seeded by the data migrations and restorable on
demand.

`ensure_reference_data` runs the migration's own seeding code against the current
models, creating only what is missing; the demo builder calls it so a database whose
reference rows were removed (as the test suite's transactional tests do) still gets a
complete demo.
"""

from __future__ import annotations

import importlib

from django.apps import apps

from assessments.models import MeasureType, NeedLevel, OutcomeFramework, StarType
from cases.reference_data import ensure_reference_data as ensure_case_reference_data

_SEED_MIGRATION = "assessments.migrations.0002_seed_reference_data"


def reference_data_missing() -> bool:
    return not (
        NeedLevel.objects.exists()
        and StarType.objects.exists()
        and OutcomeFramework.objects.exists()
        and MeasureType.objects.exists()
    )


def ensure_reference_data() -> None:
    """Create whatever default reference data is missing; change nothing that exists.

    Levels of need are seeded by cases (they live there)."""
    ensure_case_reference_data()
    if reference_data_missing():
        importlib.import_module(_SEED_MIGRATION).seed(apps, None)
