"""Security events from the sign-in machinery (Django's auth signals and django-axes).

These are the framework's own hooks, not domain flow: a failed password is found
inside Django's `authenticate`, a lockout inside axes. Everything else identity records
from its services.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import user_logged_in
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_login_failed

from identity import events
from partners.emails import normalise_email


def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any
) -> None:
    from partners.models import User

    email = normalise_email(str(credentials.get("username") or ""))
    if not email:
        return  # single sign-on callbacks and other backends record their own failures
    locked = bool(getattr(request, "axes_locked_out", False))
    events.sign_in_failed(
        email=email,
        person=User.objects.filter(email=email).first(),
        stage="password",
        reason="locked out" if locked else "wrong email address or password",
    )


def _locked_out(
    sender: Any, request: Any = None, username: str | None = None, ip_address: Any = None, **_: Any
) -> None:
    # axes signals both the failure that locks and each attempt refused while locked;
    # only the first has counted its failures in this request.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    events.locked_out(
        email=username or "", ip=ip_address, kind=getattr(request, "lockout_kind", "account")
    )


def connect() -> None:
    user_login_failed.connect(_sign_in_failed, dispatch_uid="identity_sign_in_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="identity_locked_out")
    # The last sign-in is the completed one (identity.sign_in.second_factor_passed): a
    # password alone does not count, or a stolen password would keep a dormant account
    # off the list of people who have not signed in for 90 days.
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
