"""How long the nightly rollup of 24 months takes for a demo borough of 2,000 families,
and how long the dashboard takes to read it (run with `make bench`)."""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partners.roles import Role
from reporting.models import ScorecardSnapshot
from reporting.scorecard.engine import default_range, rollup
from tests.bench.conftest import report, timed
from tests.partners.factories import member

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FAMILIES = int(os.environ.get("BENCH_FAMILIES", "2000"))


def test_bench_scorecard_rollup_of_the_demo_borough():
    call_command("seed_demo", "--families", str(FAMILIES))
    start, end = default_range()
    rollup_seconds, rows = timed(lambda: rollup(first=start, last=end), repeat=3)
    client = Client()
    client.force_login(
        member(Role.STRATEGIC_LEAD), backend="django.contrib.auth.backends.ModelBackend"
    )
    page_seconds, _ = timed(lambda: client.get(reverse("scorecard")), repeat=5)
    # The yardstick, in the same run: a signed-in page that reads almost nothing.
    trivial_seconds, _ = timed(lambda: client.get(reverse("notification-settings")), repeat=5)
    report(
        f"Scorecard rollup, {FAMILIES} demo families, 24 months",
        [
            ("snapshot rows", f"{rows}"),
            ("rollup (median of 3)", f"{rollup_seconds:.2f} s"),
            ("dashboard from snapshots (median of 5)", f"{page_seconds * 1000:.0f} ms"),
            ("trivial signed-in page (median of 5)", f"{trivial_seconds * 1000:.0f} ms"),
            ("dashboard / trivial page", f"{page_seconds / trivial_seconds:.1f}x"),
        ],
    )
    assert ScorecardSnapshot.objects.count() == rows
