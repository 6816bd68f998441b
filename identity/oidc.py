"""Single sign-on with OpenID Connect (mozilla-django-oidc), for councils and NHS trusts
with their own identity provider.

- Accounts are matched by the provider's *verified* email address (`email_verified`
  true) to people already set up here, active, and never created: onboarding stays with
  agency administrators.
- Where the provider asserts multi-factor authentication, in `amr` (one of
  OIDC_MFA_AMR_VALUES, by default "mfa", RFC 8176) or `acr` (one of
  OIDC_MFA_ACR_VALUES), the session counts as having passed the second factor;
  otherwise the person is asked for ours as after a password.
- The provider's id_token is checked (signature from its JWKS, nonce, audience) by the
  library; PKCE is on.

Settings (README, Configuration): OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET,
OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT,
OIDC_OP_JWKS_ENDPOINT, OIDC_RP_SIGN_ALGO, OIDC_PROVIDER_NAME, OIDC_MFA_AMR_VALUES,
OIDC_MFA_ACR_VALUES. Single sign-on is offered when the client id and the endpoints
are set.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from earlyhelp.sign_in_state import CLIENT, has_second_factor, note_first_factor
from earlyhelp.url_policy import Policy, access_policy
from identity import events
from partners.emails import normalise_email

MFA_ASSERTED = "identity_oidc_mfa"


def enabled() -> bool:
    return bool(
        getattr(settings, "OIDC_RP_CLIENT_ID", "")
        and getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
        and getattr(settings, "OIDC_OP_TOKEN_ENDPOINT", "")
    )


def asserts_multi_factor(claims: dict[str, Any]) -> bool:
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    wanted_amr = set(getattr(settings, "OIDC_MFA_AMR_VALUES", ["mfa"]))
    wanted_acr = set(getattr(settings, "OIDC_MFA_ACR_VALUES", []))
    return bool(wanted_amr & {str(v) for v in amr}) or str(claims.get("acr", "")) in wanted_acr


class PreProvisionedOIDCBackend(OIDCAuthenticationBackend):
    """Signs in people who already have an account here, by their verified email."""

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = normalise_email(claims.get("email"))
        if not email or claims.get("email_verified") is not True:
            events.sign_in_failed(
                email=email,
                stage="single_sign_on",
                reason="the provider did not give a verified email address",
            )
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        return self.UserModel.objects.filter(
            email=normalise_email(claims.get("email")), is_active=True
        )

    def create_user(self, claims: dict[str, Any]) -> Any:
        raise SuspiciousOperation("Accounts are never created by single sign-on")

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            events.sign_in_failed(
                email=normalise_email(payload.get("email")),
                stage="single_sign_on",
                reason="no account here has this email address",
            )
            return None
        setattr(self.request, MFA_ASSERTED, asserts_multi_factor(payload))
        return user

    def get_user(self, user_id: Any) -> Any:
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


@access_policy(Policy.PUBLIC)
class SignInWithProvider(OIDCAuthenticationRequestView):
    """Send the browser to the provider; `?reauthenticate=1` makes it ask again."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            return HttpResponseRedirect(reverse("sign-in"))
        return super().get(request)  # type: ignore[no-any-return]

    def get_extra_params(self, request: HttpRequest) -> dict[str, Any]:
        params = dict(super().get_extra_params(request))
        if request.GET.get("reauthenticate"):
            params.update({"prompt": "login", "max_age": "0"})
        return params


@access_policy(Policy.PUBLIC)
class ProviderCallback(OIDCAuthenticationCallbackView):
    """Back from the provider: one factor, or both where the provider says so."""

    @property
    def failure_url(self) -> str:
        return reverse("sign-in-sso-failed")

    def login_success(self) -> HttpResponse:
        from identity.lockout import client_ip
        from identity.sign_in import second_factor_passed

        request = self.request
        had_second_factor = has_second_factor(request.session)
        super().login_success()
        note_first_factor(request.session, method="sso")
        request.session[CLIENT] = {
            "ip": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        }
        destination = self.success_url
        if getattr(request, MFA_ASSERTED, False):
            second_factor_passed(request, method="sso")
            return HttpResponseRedirect(destination)
        from urllib.parse import urlencode

        # Confirming who they are for a sensitive action: ask for our code even though
        # this session passed it before, since the provider did not assert a second one.
        query = {"next": destination, **({"again": "1"} if had_second_factor else {})}
        return HttpResponseRedirect(f"{reverse('second-factor')}?{urlencode(query)}")
