"""Password reset through GOV.UK pages: the same answer whether or not the account
exists, and a link that works once and expires."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import posted
from identity.forms import NewPasswordForm, PasswordResetRequestForm
from identity.services.password_reset import password_reset_complete, password_reset_request


@access_policy(Policy.PUBLIC)
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        password_reset_request(email=form.cleaned_data["email"])
        return redirect("password-reset-sent")
    return render(request, "identity/password_reset.html", {"form": form})


@access_policy(Policy.PUBLIC)
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "identity/password_reset_sent.html",
        {"minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )


@access_policy(Policy.PUBLIC)
class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's view: it moves the token from the address into the session before the
    form is shown, so the page's address (and any Referer) carries no token."""

    template_name = "identity/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("password-reset-complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        password_reset_complete(person=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(str(self.success_url))


@access_policy(Policy.PUBLIC)
def password_reset_complete_page(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/password_reset_complete.html")
