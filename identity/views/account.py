"""Your own account: details, password, second factor and sessions."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from earlyhelp.errors import ApplicationError
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import posted
from identity import selectors
from identity.forms import ChangePasswordForm
from identity.services import passkeys, password_reset
from identity.services import second_factor as factors
from partners.models import User


@access_policy(Policy.SIGNED_IN)
def account(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(
        request,
        "identity/account.html",
        {
            "has_app": factors.has_second_factor(user=user),
            "passkey_count": len(passkeys.passkeys_of(user=user)),
            "backup_codes_left": factors.backup_codes_left(user=user),
            "session_count": selectors.sessions_of(user=user).count(),
            "has_password": user.has_usable_password(),
        },
    )


@access_policy(Policy.SIGNED_IN)
def password_change(request: HttpRequest) -> HttpResponse:
    """Change your own password. Passwords never expire (NCSC): change it when you
    think someone else may know it."""
    user = cast(User, request.user)
    form = ChangePasswordForm(user, posted(request))
    if request.method == "POST" and form.is_valid():
        password_reset.password_change(
            user=user,
            password=form.cleaned_data["new_password1"],
            keep_key=request.session.session_key,
        )
        update_session_auth_hash(request, user)
        messages.success(
            request, "Your password has been changed. You are signed out everywhere else."
        )
        return redirect("account")
    return render(request, "identity/password_change.html", {"form": form})


@access_policy(Policy.SIGNED_IN)
@recent_authentication_required
def backup_codes_new(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working); shown once."""
    user = cast(User, request.user)
    if request.method != "POST":
        return render(request, "identity/backup_codes_new.html")
    try:
        codes = factors.backup_codes_renew(user=user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("account")
    return render(request, "identity/backup_codes.html", {"codes": codes, "next": "/account/"})


@access_policy(Policy.SIGNED_IN)
@recent_authentication_required
def authenticator_replace(request: HttpRequest) -> HttpResponse:
    """Move to a new authenticator app: set it up; the old one stops working then."""
    target = reverse("second-factor-set-up")
    return redirect(f"{target}?{urlencode({'next': reverse('account')})}")
