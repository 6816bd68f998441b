"""Signing in to the family's section: ask for a link, open it, enter the code."""

from __future__ import annotations

import time

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from earlyhelp.url_policy import Policy, access_policy
from family_view.forms import CodeForm, StartForm
from family_view.middleware import (
    SESSION_ACCESS,
    SESSION_LANGUAGE,
    SESSION_PENDING_LINK,
    SESSION_SEEN,
    SESSION_SIGNED_IN,
    end_family_session,
)
from family_view.services import sign_in
from family_view.services.sign_in import CodeWrong, LinkUnusable


@access_policy(Policy.PUBLIC)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Ask for a new sign-in link by email (the same answer for any address)."""
    if getattr(request, "family_access", None) is not None:
        return redirect("family:home")
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sign_in.sign_in_request(email=form.cleaned_data["email"])
        return render(request, "family_view/start_sent.html", {"email": form.cleaned_data["email"]})
    return render(
        request,
        "family_view/start.html",
        {"form": form, "ended": getattr(request, "family_session_ended", False)},
    )


@access_policy(Policy.PUBLIC)
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. Opening it asks first, so a mail scanner spends nothing; the
    button sends the code and the link leaves the address bar."""
    try:
        found = sign_in.link_for_token(token)
    except LinkUnusable:
        return render(request, "family_view/link_unusable.html", status=404)
    if request.method == "POST":
        language = request.session.get(SESSION_LANGUAGE)
        if request.user.is_authenticated:
            logout(request)
        request.session.flush()
        if language:
            request.session[SESSION_LANGUAGE] = language
        sign_in.code_send(link=found)
        request.session[SESSION_PENDING_LINK] = found.pk
        return redirect("family:code")
    return render(
        request,
        "family_view/link.html",
        {"destination": sign_in.masked_destination(found.access), "access": found.access},
    )


@access_policy(Policy.PUBLIC)
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    link_id = request.session.get(SESSION_PENDING_LINK)
    if not isinstance(link_id, int):
        return redirect("family:start")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = sign_in.code_check(link_id=link_id, code=form.cleaned_data["code"])
        except LinkUnusable:
            request.session.pop(SESSION_PENDING_LINK, None)
            return render(request, "family_view/link_unusable.html", status=400)
        except CodeWrong as wrong:
            form.add_error(
                "code",
                _("That code is not right. Check it and try again.")
                if wrong.remaining > 0
                else _("That code is not right."),
            )
        else:
            language = request.session.get(SESSION_LANGUAGE)
            request.session.cycle_key()
            request.session.pop(SESSION_PENDING_LINK, None)
            now = int(time.time())
            request.session[SESSION_ACCESS] = access.pk
            request.session[SESSION_SIGNED_IN] = now
            request.session[SESSION_SEEN] = now
            if language:
                request.session[SESSION_LANGUAGE] = language
            return redirect("family:home")
    return render(request, "family_view/code.html", {"form": form})


@access_policy(Policy.PUBLIC)
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    end_family_session(request)
    return render(request, "family_view/signed_out.html")


@access_policy(Policy.PUBLIC)
@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the family section between English and Welsh (when the council offers it)."""
    chosen = request.POST.get("language")
    if chosen in {"cy", "en-gb"}:
        request.session[SESSION_LANGUAGE] = chosen
    target = request.POST.get("next", "")
    if not target.startswith("/family/") or "//" in target:
        target = "/family/"
    return redirect(target)
