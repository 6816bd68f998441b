"""Signing in (password, then second factor), signing out, and confirming who you are
again before a sensitive action."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from earlyhelp.reauthentication import ask_to_reauthenticate, authenticated_recently
from earlyhelp.sign_in_state import FIRST_FACTOR, has_second_factor, note_first_factor
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import posted
from identity import events, oidc, timeouts
from identity.forms import (
    AppCodeForm,
    PasskeyAnswerForm,
    ReauthenticateForm,
    SecurityCodeForm,
    SignInForm,
)
from identity.middleware import TIMED_OUT, reachable_before_second_factor
from identity.qr import qr_svg_data_uri
from identity.services import second_factor as factors
from identity.sign_in import first_factor_passed, second_factor_passed
from identity.views.passkeys import offer_passkey, passkey_answer_check
from partners.models import User

ENROLLING = "identity.enrolling_device"


def safe_next(request: HttpRequest, default: str = "") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}" if next_url else reverse(url_name)


@access_policy(Policy.PUBLIC)
class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop(TIMED_OUT, None)
        context["idle_words"] = timeouts.idle_words()
        context["absolute_hours"] = settings.SESSION_ABSOLUTE_TIMEOUT // 3600
        context["single_sign_on"] = oidc.enabled()
        context["single_sign_on_name"] = settings.OIDC_PROVIDER_NAME
        context.update(_demo_logins())
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        first_factor_passed(
            self.request,
            user,
            method="password",
            backend=user.backend,  # type: ignore[attr-defined]
        )
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        """The second factor first, then where the person was going."""
        return _with_next("second-factor", self.get_redirect_url())


@access_policy(Policy.PUBLIC)
class SignOutView(auth_views.LogoutView):
    template_name = "registration/signed_out.html"


@access_policy(Policy.SIGNED_IN)
@reachable_before_second_factor
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code from the authenticator app (or a backup code)."""
    next_url = safe_next(request)
    again = bool(request.GET.get("again") or request.POST.get("again"))
    if has_second_factor(request.session) and not again:
        return redirect(next_url)
    user = cast(User, request.user)
    if not factors.has_second_factor(user=user):
        return redirect(_with_next("second-factor-set-up", next_url))
    posted = request.POST if request.method == "POST" else None
    passkey_form = PasskeyAnswerForm(posted if posted and "credential" in posted else None)
    form = SecurityCodeForm(posted if posted and "credential" not in posted else None)
    if passkey_form.is_bound and passkey_form.is_valid():
        device = passkey_answer_check(request, user, passkey_form.cleaned_data["credential"])
        if device is not None:
            second_factor_passed(request, method="passkey", again=again, device=device.name)
            return redirect(next_url)
        events.sign_in_failed(
            email=user.email, person=user, stage="second_factor", reason="passkey not accepted"
        )
        passkey_form.add_error(
            None, "Your passkey could not be used. Try again, or enter a security code"
        )
    if form.is_bound and form.is_valid():
        method = factors.second_factor_check(user=user, code=form.cleaned_data["code"])
        if method is not None:
            second_factor_passed(request, method=method, again=again)
            return redirect(next_url)
        events.sign_in_failed(
            email=user.email, person=user, stage="second_factor", reason="wrong security code"
        )
        form.add_error("code", "Enter a correct security code")
    return render(
        request,
        "identity/second_factor.html",
        {
            "form": form,
            "passkey_form": passkey_form,
            "passkey_options": offer_passkey(request, user),
            "next": next_url,
            "again": again,
            **_demo_hint(),
        },
    )


@access_policy(Policy.SIGNED_IN)
@reachable_before_second_factor
def second_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code, type a code, get backup codes.

    A session that has not passed a second factor may only set one up when the person
    has none (a first sign-in, or after a reset): otherwise a stolen password would be
    enough to swap the app for the thief's.
    """
    next_url = safe_next(request)
    user = cast(User, request.user)
    verified = has_second_factor(request.session)
    if not verified and factors.has_second_factor(user=user):
        return redirect(_with_next("second-factor", next_url))
    if verified and not authenticated_recently(request):
        return ask_to_reauthenticate(request)  # replacing an app needs both factors again
    device = None
    device_id = request.session.get(ENROLLING)
    if device_id is not None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = factors.totp_enrolment_start(user=user)
        request.session[ENROLLING] = device.pk
    form = AppCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        from earlyhelp.errors import ApplicationError
        from earlyhelp.govuk.errors import add_application_error

        try:
            codes = factors.totp_enrolment_confirm(
                user=user, device_id=device.pk, code=form.cleaned_data["code"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            request.session.pop(ENROLLING, None)
            if not verified:
                second_factor_passed(request, method="totp")
            return render(request, "identity/backup_codes.html", {"codes": codes, "next": next_url})
    key = device.bin_key
    from base64 import b32encode

    secret = b32encode(key).decode()
    return render(
        request,
        "identity/second_factor_set_up.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr_svg_data_uri(device.config_url),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "first_time": not verified,
        },
    )


def _demo_logins() -> dict[str, Any]:
    """The demo's main logins, on the sign-in page of the demo only: where the demo's
    shared authenticator key is set (development settings), never in production."""
    if not getattr(settings, "DEMO_TOTP_KEY", ""):
        return {}
    from partners.demo import HEADLINE_LOGINS, email_for

    return {
        "demo_logins": [(email_for(login), what) for login, what in HEADLINE_LOGINS],
        "demo_password": getattr(settings, "DEMO_PASSWORD", ""),
    }


def _demo_hint() -> dict[str, Any]:
    """Development only: how demo accounts pass the second factor."""
    key = getattr(settings, "DEMO_TOTP_KEY", "")
    return {"demo_totp_key": key} if key else {}


@access_policy(Policy.SIGNED_IN)
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm the password and the second factor again (a sensitive action asked)."""
    next_url = safe_next(request)
    user = cast(User, request.user)
    if request.session.get(FIRST_FACTOR) == "sso" and not user.has_usable_password():
        return render(
            request,
            "identity/reauthenticate_sso.html",
            {"next": next_url, "single_sign_on_name": settings.OIDC_PROVIDER_NAME},
        )
    form = ReauthenticateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if not user.check_password(form.cleaned_data["password"]):
            events.sign_in_failed(
                email=user.email, person=user, stage="reauthenticate", reason="wrong password"
            )
            form.add_error("password", "Your password is not right")
        elif form.cleaned_data["credential"]:
            device = passkey_answer_check(request, user, form.cleaned_data["credential"])
            if device is None:
                events.sign_in_failed(
                    email=user.email,
                    person=user,
                    stage="reauthenticate",
                    reason="passkey not accepted",
                )
                form.add_error(
                    None, "Your passkey could not be used. Try again, or enter a security code"
                )
            else:
                note_first_factor(request.session, method="password")
                second_factor_passed(request, method="passkey", again=True, device=device.name)
                return redirect(next_url)
        else:
            method = factors.second_factor_check(user=user, code=form.cleaned_data["code"])
            if method is None:
                events.sign_in_failed(
                    email=user.email,
                    person=user,
                    stage="reauthenticate",
                    reason="wrong security code",
                )
                form.add_error("code", "Enter a correct security code")
            else:
                note_first_factor(request.session, method="password")
                second_factor_passed(request, method=method, again=True)
                return redirect(next_url)
    return render(
        request,
        "identity/reauthenticate.html",
        {
            "form": form,
            "next": next_url,
            "minutes": settings.REAUTHENTICATION_WINDOW // 60,
            "passkey_options": offer_passkey(request, user),
        },
    )


@access_policy(Policy.PUBLIC)
@require_POST
def signed_out_after_timeout(request: HttpRequest) -> HttpResponse:
    """Where the timeout dialog sends the page when nobody answered it."""
    logout(request)
    return render(
        request,
        "registration/signed_out.html",
        {"timed_out": True, "idle_words": timeouts.idle_words()},
    )


@access_policy(Policy.PUBLIC)
def single_sign_on_failed(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "identity/single_sign_on_failed.html",
        {
            "single_sign_on_name": settings.OIDC_PROVIDER_NAME,
            "support_email": settings.SUPPORT_EMAIL,
        },
    )
