"""Each person's notifications: the list (read and unread, paged) and email choices."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import posted
from partners import notifications
from partners.forms import NotificationSettingsForm
from partners.notification_digest import notification_digest

PER_PAGE = 25


@access_policy(Policy.SIGNED_IN)
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    found = notifications.notification_list(user=request.user, unread_only=unread_only)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/notifications.html",
        {
            "page": page,
            "digest": notification_digest(user=request.user) if page.number == 1 else None,
            "unread_only": unread_only,
            "unread": notifications.unread_count(user=request.user),
            "labels": {k.key: k.label for k in notifications.kinds()},
        },
    )


@access_policy(Policy.SIGNED_IN)
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = notifications.notification_open(
        actor=request.user, notification_id=notification_id
    )
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications")


@access_policy(Policy.SIGNED_IN)
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (`id`), or all of them."""
    if request.method == "POST":
        wanted = request.POST.get("id")
        if wanted and wanted.isdigit():
            notifications.notifications_read(actor=request.user, ids=[int(wanted)])
        elif request.POST.get("all"):
            count = notifications.notifications_read(actor=request.user)
            messages.success(
                request, f"{count} notification{'s' if count != 1 else ''} marked as read"
            )
    back = request.POST.get("next") or ""
    if back.startswith("/notifications/") and url_has_allowed_host_and_scheme(back, None):
        return redirect(back)
    return redirect("notifications")


@access_policy(Policy.SIGNED_IN)
def notification_settings(request: HttpRequest) -> HttpResponse:
    preferences = notifications.notification_preferences(user=request.user)
    kinds = [(p.kind.key, p.kind.label) for p in preferences]
    form = NotificationSettingsForm(
        posted(request),
        kinds=kinds,
        initial={"email_kinds": [p.kind.key for p in preferences if p.email]},
    )
    if request.method == "POST" and form.is_valid():
        notifications.notification_preferences_set(
            actor=request.user, email_kinds=form.cleaned_data["email_kinds"]
        )
        messages.success(request, "Your email choices have been saved")
        return redirect("notifications")
    return render(
        request,
        "partners/notification_settings.html",
        {"form": form, "hints": {p.kind.key: p.kind.hint for p in preferences}},
    )
