"""The demo borough's caseloads sit within their limits, as a real team's would: most
practitioners under their limit, a few near it, hardly anyone over. The demo once left
every council family worker two to four times over, so "over the limit" meant nothing."""

from __future__ import annotations

import pytest

from cases import demo
from cases.models import Case, CaseLimit
from cases.reference_data import ensure_reference_data
from cases.selectors.caseloads import CASELOAD_STATES, caseloads
from partners import demo as partners_demo
from partners.models import Membership, User
from partners.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_boroughs_lead_practitioners_are_mostly_within_their_case_limits():
    partners_demo.build(password="early-help-demo")
    ensure_reference_data()
    # The borough at a fraction of its 2,000 families, with limits scaled down alike: a
    # builder that ignores caseloads overloads these limits as it did the real ones.
    CaseLimit.objects.filter(user__isnull=True, role=Role.PRACTITIONER).update(max_open_cases=2)
    demo.build(families=150)

    open_cases = Case.objects.filter(state__in=CASELOAD_STATES).count()
    practitioners = set(
        Membership.objects.active()
        .filter(role=Role.PRACTITIONER, agency__may_lead_cases=True)
        .values_list("user_id", flat=True)
    )
    loads = list(caseloads(practitioners).values())
    assert open_cases >= 30  # enough for the shares below to mean something
    under = [load for load in loads if load.limit and load.open_cases < load.limit]
    over = [load for load in loads if load.over_limit]
    assert len(under) >= 0.6 * len(loads), sorted(load.open_cases for load in loads)
    assert len(over) <= 0.1 * len(loads), sorted(load.open_cases for load in loads)


def test_the_demo_allocates_only_to_agencies_that_lead_cases():
    partners_demo.build(password="early-help-demo")
    demo.build(families=60)

    led = Case.objects.filter(lead_agency__isnull=False)
    assert led.exists()
    assert not led.filter(lead_agency__may_lead_cases=False).exists()
    assert not User.objects.filter(
        pk__in=led.values("lead_practitioner"), memberships__role=Role.PARTNER_VIEWER
    ).exists()
