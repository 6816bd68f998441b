"""The rollup of the demo borough completes, and re-running it gives identical snapshots."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from reporting.models import ScorecardSnapshot
from reporting.scorecard import sql
from reporting.scorecard.engine import _params, default_range, monthly_sql, rollup
from reporting.scorecard.measures import STORED

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FIELDS = ("measure", "month", "zone_id", "family_hub_id", "agency_id", "numerator", "denominator")


def test_demo_rollup_equals_each_measures_own_sql_and_a_rerun_gives_identical_snapshots():
    """The rollup reads each case's moments from a table it builds once, where each
    measure's own SQL works them out again: the two agree, measure by measure."""
    call_command("seed_demo", "--families", "60")
    first = sorted(ScorecardSnapshot.objects.values_list(*FIELDS), key=str)
    assert first, "the demo's rollup stored snapshots"
    assert {"P3", "P1a", "S9n"} <= {row[0] for row in first}
    start, end = default_range()
    rollup(first=start, last=end)
    assert sorted(ScorecardSnapshot.objects.values_list(*FIELDS), key=str) == first
    call_command("rebuild_scorecard", "--from", f"{start:%Y-%m}", "--to", f"{end:%Y-%m}")
    assert sorted(ScorecardSnapshot.objects.values_list(*FIELDS), key=str) == first

    params = _params(start, end)
    for measure in STORED:
        with connection.cursor() as cursor:
            cursor.execute(monthly_sql(measure), params)
            own = sorted(cursor.fetchall(), key=str)
        stored = ScorecardSnapshot.objects.filter(measure=measure.key)
        assert sorted(stored.values_list(*FIELDS[1:]), key=str) == own, measure.key
    reading_moments = [m.key for m in STORED if sql.moments_from_table(m.sql or "") != m.sql]
    assert len(reading_moments) == 10, reading_moments
