"""Sign-in lockout (django-axes, configured and extended).

Two limits, both over the last AXES_COOLOFF_TIME (30 minutes):

- per account and address: AXES_FAILURE_LIMIT failures (5) for one normalised email
  address from one IP address lock that pair. Keyed on the normalised address, so
  `School.Pastoral2@…` counts against `school.pastoral2@…` (they are one identity);
  keyed on the IP address too, so nobody can lock a colleague out from elsewhere.
- per address across accounts: SIGN_IN_ADDRESS_FAILURE_LIMIT failures (50) from one IP
  address, whatever emails they tried, lock that address. This stops password spraying:
  one common password tried against many accounts, a few attempts each.

A lock lasts the cool-off from the failure that caused it; attempts while locked do not
extend it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is off), so the locked-out page
can say when to try again. Administrators unlock an account early
(identity.services.staff.account_unlock), audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from partners.emails import normalise_email


def attempted_email(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The username axes counts: the normalised email address, as sign-in matches it."""
    if credentials and credentials.get("username") is not None:
        raw = credentials.get("username")
    else:
        raw = request.POST.get("username") if request is not None else None
    return normalise_email(str(raw)) if raw else None


def client_ip(request: HttpRequest) -> str | None:
    from cases.audit import client_ip as audit_client_ip

    return audit_client_ip(request)


def _window_start() -> dt.datetime:
    cool_off = get_cool_off() or dt.timedelta(minutes=30)
    return timezone.now() - cool_off


def address_failures(ip: str | None) -> int:
    """Failures from one IP address in the window, across every email tried."""
    if not ip:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=ip, attempt_time__gte=_window_start()
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return int(total or 0)


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the second, per-address limit."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        per_account = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if per_account >= limit:
            request.lockout_kind = "account"
            return per_account
        if address_failures(getattr(request, "axes_ip_address", None)) >= address_limit():
            request.lockout_kind = "address"
            return limit
        return per_account


def address_limit() -> int:
    return int(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT)


def lockout_ends(*, email: str | None, ip: str | None, kind: str) -> dt.datetime | None:
    """When the lock lifts: the cool-off after the last failure that counts towards it."""
    rows = AccessAttempt.objects.filter(attempt_time__gte=_window_start(), ip_address=ip)
    if kind == "account":
        rows = rows.filter(username=email)
    last = rows.aggregate(last=Max("attempt_time"))["last"]
    cool_off = get_cool_off()
    return last + cool_off if last and cool_off else None


def account_lockout_ends(*, email: str) -> dt.datetime | None:
    """If the account is locked from any address, when its last lock lifts."""
    rows = (
        AccessAttempt.objects.filter(username=email, attempt_time__gte=_window_start())
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    limit = int(settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    ends = [row["last"] + cool_off for row in rows if row["failures"] >= limit and cool_off]
    return max(ends) if ends else None


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The locked-out page: what happened, when to try again and where to get help."""
    kind = getattr(request, "lockout_kind", "account")
    email = attempted_email(request, credentials)
    ends = lockout_ends(email=email, ip=getattr(request, "axes_ip_address", None), kind=kind)
    return render(
        request,
        "registration/locked_out.html",
        {
            "kind": kind,
            "try_again_at": timezone.localtime(ends) if ends else None,
            "cool_off_minutes": int((get_cool_off() or dt.timedelta(minutes=30)).total_seconds())
            // 60,
            "support_email": settings.SUPPORT_EMAIL,
        },
        status=429,
    )
