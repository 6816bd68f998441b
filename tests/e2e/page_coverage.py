"""Every page in a real browser: which GET URL patterns the browser tests have checked
with axe-core, and which patterns are not pages a browser can check.

`assert_accessible` records the route of the page it checked (and the signed-in role
that could see it, by having been let in) in a registry under var/axe-visited/, one
directory per test run, one file per test process, so it works with pytest-xdist. When a
run covers every browser test (tests/e2e, tests/family_view, tests/documents), the
conftest's `pytest_sessionfinish` compares the registry with every URL pattern (the
same enumeration as the URL-policy test) and fails the run, naming each pattern no
browser test visited. `unvisited_patterns` is that comparison, so it can be tested on its
own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.urls import Resolver404, resolve

from tests.earlyhelp.test_url_policy import all_patterns

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "var" / "axe-visited"
RUN_VARIABLE = "EARLYHELP_AXE_RUN"

# Whole trees of patterns that are not the service's pages, each with why.
NOT_PAGE_PREFIXES: dict[str, str] = {
    "admin/": "Django's own admin for system administrators, not the service's pages",
    "api/v1/": "the JSON API for partner systems",
}

# Patterns that are not HTML pages a person reads, so axe has nothing to check: each
# with why.
NOT_PAGES: dict[str, str] = {
    "api/schema/": "the OpenAPI schema (YAML)",
    "api/docs/": "Swagger UI for developers of partner systems, third-party markup",
    "api/redoc/": "ReDoc for developers of partner systems, third-party markup",
    "healthz": "plain-text health check for the load balancer",
    "readyz": "plain-text readiness check for the load balancer",
    "session/": "JSON session status read by the timeout warning script",
    "session/keep-alive/": "POST only: the timeout warning's 'stay signed in'",
    "sign-in/organisation/": "redirect to the organisation's identity provider",
    "sign-in/organisation/callback/": "redirect back from the identity provider",
    "sign-out/": "POST only: signs out and redirects",
    "notifications/read/": "POST only: marks notifications read and redirects",
    "notifications/<int:notification_id>/": "redirect to the notification's page",
    "invitation/<str:token>/": "stores the invitation and redirects to invitation/accept/",
    "account/authenticator/": "redirects to the second factor's set-up page, which is checked",
    "diary/my-meetings.ics": "calendar file download (.ics)",
    "cases/<int:case_id>/meetings/taf/<int:meeting_id>/calendar.ics": "calendar file (.ics)",
    "directory/export.csv": "CSV download",
    "reporting/scorecard.csv": "CSV download",
    "reporting/scorecard.xlsx": "spreadsheet download",
    "reporting/supporting-families/return.csv": "CSV download",
    "exports/<uuid:public_id>/download/": "PDF download",
    "reporting/rebuild/": "POST only: queues a rebuild and redirects",
    "allocation-meetings/<int:meeting_id>/refresh/": "POST only: refreshes the agenda",
    "allocation-meetings/<int:meeting_id>/record/pdf/": "POST only: requests the PDF",
    "cases/<int:case_id>/export/request/": "POST only: requests the PDF export",
    "directory/<int:service_id>/reviewed/": "POST only: marks a service reviewed",
    "staff/<int:user_id>/unlock/": "POST only: unlocks an account",
    "staff/<int:user_id>/invitation/": "POST only: sends the invitation again",
    "sign-out/timed-out/": "POST only: the timeout warning signs the person out",
    "identified/review/<int:row_id>/": "POST only: the decision on one row of the review",
    "cases/<int:case_id>/assessment/start/": "POST only: starts an assessment and redirects",
    "directory/<int:service_id>/status/": "POST only: changes a service's status",
    "reporting/supporting-families/cases/<int:case_id>/evidence/": "POST only: records it",
    "reporting/supporting-families/cases/<int:case_id>/claim/": "POST only: records a claim",
    "reporting/returns/annex-a/": "POST only: produces the Annex A workbook",
    "reporting/returns/ssd/": "POST only: produces the SSD extract",
    "reporting/returns/cin-census/": "POST only: produces the CIN census file",
    "reporting/returns/families-first/": "POST only: produces the return",
    "reporting/returns/data-linking/": "POST only: produces the identifiers file",
    "cases/<int:case_id>/documents/<int:document_id>/download/": "a case document's file download",
    "family/meeting.ics": "calendar file (.ics)",
    "governance/access-requests/<int:pk>/files/<str:name>": "a subject access export file download",
    "cases/<int:case_id>/plan/start/": "POST only: starts the plan (a GET goes to the plan tab)",
    "cases/<int:case_id>/family-online/views/<int:contribution_id>/minutes/": (
        "POST only: brings the family's view into the minutes"
    ),
    "family/consent/<int:agency_id>/": "POST only: the family's decision on one agency",
    "family/language/": "POST only: switches the language and redirects",
    "family/plan/actions/<int:action_id>/done/": "POST only: marks the action done and redirects",
    "governance/access-requests/<int:pk>/export/": "POST only: produces the export and redirects",
    "governance/access-requests/<int:pk>/redactions/": "POST only: saves the redactions",
    "governance/access-requests/<int:pk>/release/": "POST only: releases the export and redirects",
    "governance/legal-holds/<int:pk>/lift/": "POST only: lifts a legal hold",
    "governance/restrictions/<int:pk>/lift/": "POST only: lifts a restriction",
    "governance/retention/approve/": "POST only: approves the retention run",
}

# Pages no browser test visits yet, each with why. Every page of the service is visited
# now, so it is empty; the list may only shrink: a pattern here that a browser test
# visits fails the run too, so it is taken off when it is covered.
NOT_YET_VISITED: dict[str, str] = {}


def is_not_a_page(route: str) -> bool:
    return route in NOT_PAGES or route.startswith(tuple(NOT_PAGE_PREFIXES))


def every_get_route() -> list[str]:
    """Every URL pattern of the service, by its route, as the URL-policy test sees them."""
    return sorted({route for route, _ in all_patterns()})


def unvisited_patterns(visited: Iterable[str]) -> list[str]:
    """The routes no browser test checked with axe and that are neither listed as not
    a page nor as not yet visited."""
    seen = set(visited)
    return [
        route
        for route in every_get_route()
        if route not in seen and not is_not_a_page(route) and route not in NOT_YET_VISITED
    ]


def no_longer_unvisited(visited: Iterable[str]) -> list[str]:
    """Routes listed as not yet visited that a browser test now visits."""
    seen = set(visited)
    return sorted(route for route in NOT_YET_VISITED if route in seen)


def run_directory() -> Path:
    """This run's registry directory; the id is set once by the controlling process, and
    pytest-xdist's workers inherit it."""
    run = os.environ.setdefault(RUN_VARIABLE, uuid.uuid4().hex)
    return REGISTRY / run


def record_visit(url_path: str, role: str = "") -> None:
    """Note that axe checked the page at `url_path`, by its route."""
    try:
        route = resolve(url_path).route
    except Resolver404:
        return
    directory = run_directory()
    directory.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    with (directory / f"{worker}.txt").open("a", encoding="utf-8") as registry:
        registry.write(f"{route}\t{role}\n")


def visited_routes() -> set[str]:
    directory = run_directory()
    routes: set[str] = set()
    for file in directory.glob("*.txt"):
        for line in file.read_text(encoding="utf-8").splitlines():
            routes.add(line.split("\t", 1)[0])
    return routes
