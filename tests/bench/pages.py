"""Server time of the pages a practitioner waits for, against a trivial signed-in page.

Each page is asked for `requests` times through Django's in-process client after one
warm-up request; p50 and p95 are of those times, and every page's p95 is divided by the
trivial page's p95 measured in the same run. The queries one request makes are counted
too. `measure(families=...)` returns `name: value` figures for `make bench`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client


@dataclass
class Page:
    name: str
    user: Any
    url: str
    prepare: Callable[[Client], object] | None = None


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def time_page(page: Page, requests: int) -> dict[str, float]:
    client = Client()
    client.force_login(page.user, backend="django.contrib.auth.backends.ModelBackend")
    if page.prepare:
        page.prepare(client)
    counted: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        counted.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        first = client.get(page.url)
    if first.status_code != 200:
        raise RuntimeError(f"{page.name}: {page.url} answered {first.status_code}")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(page.url)
        times.append(time.perf_counter() - started)
    return {
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": _percentile(times, 0.95) * 1000,
        "queries": len(counted),
    }


def big_case_id() -> int:
    """The bench practitioner's case with the most notes (300)."""
    from django.db.models import Count

    from cases.models import CaseNote
    from composition.bench_data import PRACTITIONER_EMAIL

    big = (
        CaseNote.objects.filter(case__lead_practitioner__email=PRACTITIONER_EMAIL)
        .values("case_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert big is not None
    return int(big["case_id"])


def bench_pages() -> list[Page]:
    """The pages of the bench, as the people who use them most."""
    from django.urls import reverse

    from cases.models import AllocationMeeting, Case
    from composition.bench_data import PRACTITIONER_EMAIL
    from partners.models import Membership, User

    practitioner = User.objects.get(email=PRACTITIONER_EMAIL)
    coordinator = (
        Membership.objects.filter(role="coordinator", zone__isnull=False)
        .order_by("zone_id")
        .select_related("user")
        .first()
    )
    assert coordinator is not None
    manager = Membership.objects.filter(role="manager", zone__isnull=False).first()
    lead = Membership.objects.filter(role="strategic_lead", agency__runs_service=True).first()
    assert manager is not None and lead is not None
    case_id = big_case_id()
    meeting = AllocationMeeting.objects.order_by("-id").first()
    nhs = (
        Case.objects.get(pk=case_id)
        .family.members.select_related("person")
        .first()
        .person.identifiers.first()  # type: ignore[union-attr]
        .value
    )
    surname = Case.objects.get(pk=case_id).family.name.split()[1]

    def search(terms: dict[str, str]) -> Callable[[Client], object]:
        return lambda client: client.post("/find-a-family/", terms)

    pages = [
        Page("trivial", practitioner, reverse("notification-settings")),
        Page("my_cases", practitioner, "/my-cases/"),
        Page("my_work", practitioner, "/my-work/"),
        Page("front_door", coordinator.user, "/front-door/"),
        Page("case_summary", practitioner, f"/cases/{case_id}/"),
        Page("chronology_300", practitioner, f"/cases/{case_id}/chronology/"),
        Page("notes_300", practitioner, f"/cases/{case_id}/notes/"),
        Page("search_name", practitioner, "/find-a-family/", search({"name": surname})),
        Page("search_nhs", practitioner, "/find-a-family/", search({"nhs_number": nhs})),
        Page("caseloads", manager.user, "/caseloads/"),
        Page(
            "scorecard",
            lead.user,
            f"/reporting/?zone={coordinator.zone_id}",
        ),
        Page("api_cases", practitioner, "/api/v1/cases/"),
    ]
    if meeting is not None:
        pages.append(
            Page("allocation_agenda", coordinator.user, f"/allocation-meetings/{meeting.pk}/")
        )
    return pages


def measure(requests: int = 50) -> dict[str, float]:
    figures: dict[str, float] = {}
    pages = bench_pages()
    results = {page.name: time_page(page, requests) for page in pages}
    trivial = results["trivial"]["p95_ms"]
    ratios = []
    for name, result in results.items():
        figures[f"{name}_p50_ms"] = round(result["p50_ms"], 1)
        figures[f"{name}_p95_ms"] = round(result["p95_ms"], 1)
        figures[f"{name}_queries"] = result["queries"]
        if name != "trivial":
            ratio = result["p95_ms"] / trivial
            figures[f"{name}_ratio"] = round(ratio, 2)
            ratios.append(ratio)
    figures["ratio_max"] = round(max(ratios), 2)
    return figures


def scoped_over_unscoped(repeat: int = 20) -> float:
    """A practitioner's 50-row case list against the same list with no scope at all."""
    from cases.access import visible_cases
    from cases.models import Case
    from composition.bench_data import PRACTITIONER_EMAIL
    from partners.models import User

    practitioner = User.objects.get(email=PRACTITIONER_EMAIL)
    related = ("family", "lead_agency", "lead_practitioner", "zone")

    def scoped() -> object:
        return list(
            visible_cases(practitioner).select_related(*related).order_by("-opened_on", "-id")[:50]
        )

    def unscoped() -> object:
        return list(Case.objects.select_related(*related).order_by("-opened_on", "-id")[:50])

    def median(fn: Callable[[], object]) -> float:
        fn()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return statistics.median(times)

    return median(scoped) / median(unscoped)
