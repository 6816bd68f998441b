"""The README's promise: the demo's sign-in page lists the demo logins. Only the demo's:
where the shared demo authenticator key is not set (production), nothing is shown."""

from __future__ import annotations

import html

import pytest

from partners.demo import HEADLINE_LOGINS, email_for

pytestmark = pytest.mark.django_db


def test_the_demos_sign_in_page_lists_the_main_logins_and_the_password(client, settings):
    settings.DEMO_TOTP_KEY = "EARLYHELPDEMOTOTPKEY234567ABCDEF"
    settings.DEMO_PASSWORD = "early-help-demo"

    page = html.unescape(client.get("/sign-in/").content.decode())

    assert 'id="demo-logins"' in page and "early-help-demo" in page
    for login, what in HEADLINE_LOGINS:
        local = email_for(login).split("@")[0]
        assert local.replace(".", "<wbr>.") in page and what in page


def test_a_service_without_the_demo_key_shows_no_logins(client, settings):
    settings.DEMO_TOTP_KEY = ""
    settings.DEMO_PASSWORD = "early-help-demo"

    page = client.get("/sign-in/").content.decode()

    assert "demo-logins" not in page and "early-help-demo" not in page
    assert email_for(HEADLINE_LOGINS[0][0]).split("@")[0].split(".")[0] not in page
