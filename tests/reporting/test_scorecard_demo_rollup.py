"""The rollup of the demo borough completes, and re-running it gives identical snapshots."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reporting.models import ScorecardSnapshot
from reporting.scorecard.engine import default_range, rollup

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FIELDS = ("measure", "month", "zone_id", "family_hub_id", "agency_id", "numerator", "denominator")


def test_demo_rollup_completes_and_a_rerun_gives_identical_snapshots():
    call_command("seed_demo", "--families", "60")
    first = sorted(ScorecardSnapshot.objects.values_list(*FIELDS), key=str)
    assert first, "the demo's rollup stored snapshots"
    assert {"P3", "P1a", "S9n"} <= {row[0] for row in first}
    start, end = default_range()
    rollup(first=start, last=end)
    assert sorted(ScorecardSnapshot.objects.values_list(*FIELDS), key=str) == first
    call_command("rebuild_scorecard", "--from", f"{start:%Y-%m}", "--to", f"{end:%Y-%m}")
    assert sorted(ScorecardSnapshot.objects.values_list(*FIELDS), key=str) == first
