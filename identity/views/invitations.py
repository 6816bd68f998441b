"""Accepting an invitation: the link, then choosing a password, then the second factor."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import posted
from identity.forms import InvitationPasswordForm
from identity.services.invitations import (
    InvitationUnusable,
    invitation_accept,
    invitation_for_token,
)
from identity.sign_in import first_factor_passed

TOKEN = "identity.invitation_token"  # noqa: S105 - a session key, not a secret


@access_policy(Policy.PUBLIC)
def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the email: keep its token in the session, then drop it from the
    address (so it never leaks in a Referer or the browser history)."""
    request.session[TOKEN] = token
    return redirect("invitation-accept")


def _unusable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "identity/invitation_unusable.html", {"reason": reason}, status=410)


@access_policy(Policy.PUBLIC)
def invitation_accept_page(request: HttpRequest) -> HttpResponse:
    token = request.session.get(TOKEN, "")
    try:
        invitation = invitation_for_token(token)
    except InvitationUnusable as unusable:
        return _unusable(request, unusable.reason)
    person = invitation.user
    form = InvitationPasswordForm(posted(request), user=person)
    if request.method == "POST" and form.is_valid():
        try:
            person = invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except InvitationUnusable as unusable:
            return _unusable(request, unusable.reason)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            request.session.pop(TOKEN, None)
            backend = "django.contrib.auth.backends.ModelBackend"
            person = get_user_model().objects.get(pk=person.pk)
            first_factor_passed(request, person, method="password", backend=backend)
            return redirect(
                f"{reverse('second-factor-set-up')}?{urlencode({'next': reverse('home')})}"
            )
    return render(
        request,
        "identity/invitation_accept.html",
        {"form": form, "invitation": invitation},
    )
