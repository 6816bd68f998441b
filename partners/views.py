"""Signing in and out."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from earlyhelp.url_policy import Policy, access_policy
from partners.forms import SignInForm


@access_policy(Policy.PUBLIC)
class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@access_policy(Policy.PUBLIC)
class SignOutView(auth_views.LogoutView):
    template_name = "registration/signed_out.html"
