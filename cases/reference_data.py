"""The default reference data of case work (levels of need, case types, case limits,
contact sources), seeded by migrations 0002 and 0004 and restorable on demand.

`ensure_reference_data` runs the migration's own seeding code against the current
models, creating only what is missing: the demo builder and the tests call it, because
transactional tests empty the database when they finish.
"""

from __future__ import annotations

import importlib

from django.apps import apps

from cases.models import CaseLimit, CaseType, ContactSourceMapping, NeedLevel

_SEED_MIGRATIONS = ("cases.migrations.0002_reference_data", "cases.migrations.0004_returns_codes")


def reference_data_missing() -> bool:
    return not (
        NeedLevel.objects.exists()
        and CaseType.objects.exists()
        and CaseLimit.objects.exists()
        and ContactSourceMapping.objects.exists()
    )


def ensure_reference_data() -> None:
    """Create whatever default reference data is missing; change nothing that exists."""
    if reference_data_missing():
        for migration in _SEED_MIGRATIONS:
            importlib.import_module(migration).seed(apps, None)
