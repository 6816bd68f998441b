"""The bench data set, small: `seed_bench --families 500` builds the documented volumes
and skew quickly, keeps the audit chain whole, and one bench figure can be taken on it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from cases.audit import verify_chain
from cases.models import AuditEntry, Case, CaseNote, Family
from composition.bench_data import BIG_CASE_NOTES, PRACTITIONER_EMAIL, Volumes
from partners.models import Agency, User

pytestmark = pytest.mark.django_db


def test_seed_bench_of_500_families_builds_the_volumes_and_skew_and_a_page_can_be_timed():
    before = AuditEntry.objects.count()
    call_command("seed_bench", "--families", "500")

    volumes = Volumes(500)
    assert Family.objects.filter(name__endswith=" family").count() >= 500
    assert Case.objects.filter(reference__startswith="BN").count() == volumes.cases
    assert Case.objects.filter(reference__startswith="BN").values("state").distinct().count() == 8
    assert Agency.objects.count() == 40
    assert User.objects.count() >= volumes.users
    assert Case.objects.filter(lead_practitioner__email=PRACTITIONER_EMAIL).count() == 40
    most = CaseNote.objects.values("case").annotate(n=Count("id")).order_by("-n").first()
    assert most is not None and most["n"] >= BIG_CASE_NOTES
    assert AuditEntry.objects.count() - before >= volumes.audit_entries
    assert verify_chain().ok

    # Built once: a second run reuses it.
    call_command("seed_bench", "--families", "500")
    assert Case.objects.filter(reference__startswith="BN").count() == volumes.cases

    # One bench line, as `make bench` measures it.
    from tests.bench.pages import Page, time_page

    practitioner = User.objects.get(email=PRACTITIONER_EMAIL)
    figures = time_page(Page("my_cases", practitioner, "/my-cases/"), requests=3)
    print(f"my_cases_p95_ms: {figures['p95_ms']:.1f}")
    assert figures["queries"] > 0
