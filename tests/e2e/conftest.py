"""Browser tests: Playwright's Python package driving Debian's Chromium.

Chromium comes from the system (`apt-get install chromium`); Playwright never
downloads a browser here. axe-core (from npm) is injected into each page to check
accessibility; the context bypasses the product's CSP only for that injection, so
the product's own policy stays strict. Screenshots of failing tests are kept under
var/test-artifacts/.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "var" / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


ERROR_TITLES = (
    "You cannot do that",
    "Page not found",
    "There is a problem with the request",
    "Sorry, there is a problem with the service",
)


def assert_accessible(page: Any) -> None:
    """Check the page with axe-core and, when it passes and is not an error page (a
    refusal is no visit), record its route for the every-page guard."""
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)
    if not page.title().startswith(ERROR_TITLES):
        from tests.e2e.page_coverage import record_visit

        record_visit(urlsplit(page.url).path)


def sign_in(page: Any, live_server: Any, email: str, password: str) -> None:
    """Sign in through the pages with both factors: the password, then a code from the
    person's authenticator (given one if they have none), computed as the app would."""
    from partners.models import User
    from tests.identity.sessions import give_authenticator, totp_code

    device = give_authenticator(User.objects.get(email=email.lower()))
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Security code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()


def assert_title_starts(page: Any, start: str) -> None:
    """Check the page's title begins with `start`, waiting for it (up to five seconds).

    A click on a link or a button does not wait for the navigation it starts, so reading
    the title at once can read the page being left, or a blank one half loaded."""
    from playwright.sync_api import expect

    expect(page).to_have_title(re.compile("^" + re.escape(start)))


def family_signed_in(context: Any, base_url: str, access: Any) -> None:
    """Give a browser context the session a family member's link and code leave (their
    access, signed in and seen now), as the family view's own tests do."""
    import time
    from importlib import import_module

    from django.conf import settings

    from family_view.middleware import SESSION_ACCESS, SESSION_SEEN, SESSION_SIGNED_IN

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    now = int(time.time())
    session[SESSION_ACCESS] = access.pk
    session[SESSION_SIGNED_IN] = now
    session[SESSION_SEEN] = now
    session.save()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}]
    )
