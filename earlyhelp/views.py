"""Site-wide pages that belong to no single app: home and the error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from earlyhelp.url_policy import Policy, access_policy


@access_policy(Policy.SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    """Who you are, your agencies and roles, and where to go next."""
    return render(request, "home.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 404 page; for an address under /api/ that names no endpoint (an id that is not
    a number, a section key of the wrong shape), the API's own JSON answer instead, so a
    system is told "not found" in the form it reads everywhere else."""
    if request.path.startswith("/api/v1/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


# Served when even the error page cannot be drawn: it needs nothing but this text.
BARE_500 = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service</title></head><body>"
    "<h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later. Anything you saved before this page is safe.</p></body></html>"
)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; JSON for the API. When the database itself is what failed (it is
    restarting), the page's context (the session, the person signed in) cannot be read
    either: a bare page then, rather than an error inside the error handler."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Something went wrong on our side. Try again later."}, status=500
        )
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:
        return HttpResponse(BARE_500, status=500)
