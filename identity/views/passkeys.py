"""Your passkeys: the list, adding one and removing one; and the passkey half of the
second-factor and confirm-it-is-you pages (`offer_passkey`, `passkey_answer_check`).

Each page that can use a passkey renders the ceremony's options into the page as JSON
(`json_script`, data the CSP does not treat as script) and keeps the challenge in the
session; static/js/passkeys.mjs asks the browser and posts the answer back in an
ordinary form, so errors come back as GOV.UK pages like any other. The challenge is taken
out of the session before the answer is checked: it answers once.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_otp_webauthn.models import WebAuthnCredential

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import posted
from identity.forms import PasskeyAddForm
from identity.services import passkeys
from identity.services import second_factor as factors
from partners.models import User

SIGN_IN_STATE = "identity.passkey_sign_in"
ADD_STATE = "identity.passkey_add"


def offer_passkey(request: HttpRequest, user: Any) -> dict[str, Any] | None:
    """The options asking for one of the person's passkeys (None if they have none),
    its challenge kept in the session for the answer."""
    ceremony = passkeys.authentication_begin(user=user)
    if ceremony is None:
        request.session.pop(SIGN_IN_STATE, None)
        return None
    request.session[SIGN_IN_STATE] = ceremony.state
    return ceremony.options


def passkey_answer_check(request: HttpRequest, user: Any, answer: str) -> WebAuthnCredential | None:
    state = request.session.pop(SIGN_IN_STATE, None)
    request.session.save()  # the challenge is spent even if what follows fails
    return passkeys.authentication_complete(user=user, state=state, response_json=answer)


@access_policy(Policy.SIGNED_IN)
def passkey_list(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(
        request,
        "identity/passkeys.html",
        {
            "passkeys": passkeys.passkeys_of(user=user),
            "has_app": factors.has_second_factor(user=user),
        },
    )


@access_policy(Policy.SIGNED_IN)
@recent_authentication_required
def passkey_add(request: HttpRequest) -> HttpResponse:
    """Name a passkey and let the browser make it. Only with an authenticator app set up,
    and with both factors proven in the last few minutes, like moving to a new app."""
    user = cast(User, request.user)
    if not factors.has_second_factor(user=user):
        messages.error(request, "Set up an authenticator app before you add a passkey")
        return redirect("passkeys")
    form = PasskeyAddForm(posted(request))
    if request.method == "POST" and form.is_valid():
        state = request.session.pop(ADD_STATE, None)
        request.session.save()
        answer = form.cleaned_data["credential"]
        if not answer:
            form.add_error(None, "Use your passkey when your browser asks for it")
        else:
            try:
                device = passkeys.registration_complete(
                    user=user, state=state, response_json=answer, name=form.cleaned_data["name"]
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, f"Passkey added: {device.name}")
                return redirect("passkeys")
    ceremony = passkeys.registration_begin(user=user)
    request.session[ADD_STATE] = ceremony.state
    return render(
        request, "identity/passkey_add.html", {"form": form, "passkey_options": ceremony.options}
    )


@access_policy(Policy.SIGNED_IN)
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    user = cast(User, request.user)
    device = WebAuthnCredential.objects.filter(pk=passkey_id, user=user).first()
    if device is None:
        raise Http404("No such passkey")
    if request.method == "POST":
        try:
            name = passkeys.passkey_remove(user=user, passkey_id=device.pk)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Passkey removed: {name}")
        return redirect("passkeys")
    return render(request, "identity/passkey_remove.html", {"passkey": device})
