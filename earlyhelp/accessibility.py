"""The accessibility statement: a public page in the GOV.UK model (what was tested, how,
the results and the known issues), as public sector bodies must publish one under the
Public Sector Bodies (Websites and Mobile Applications) Accessibility Regulations 2018."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earlyhelp.url_policy import Policy, access_policy


@access_policy(Policy.PUBLIC)
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility_statement.html")
