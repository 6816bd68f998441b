"""Linking a plan action to a service in the directory, from the action's page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases.access import Action
from cases.case_page import case_page
from cases.models import Case
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user, posted
from family_plans import selectors
from family_plans.services.directory_links import action_service_link
from family_plans.views.plan import TAB, _plan_or_404
from partners.directory.models import Service
from partners.directory.selectors import service_choices


class ActionServiceForm(forms.Form):
    service = forms.ModelChoiceField(
        label="Service in the directory",
        queryset=Service.objects.none(),
        required=False,
        empty_label="None",
        help_text="Choose none to remove the link.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        field.queryset = service_choices()  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.name} ({s.organisation_name})"  # type: ignore[attr-defined]


@case_page(Action.WORK)
def action_service(request: HttpRequest, case: Case, action_id: int) -> HttpResponse:
    plan = _plan_or_404(case)
    action = selectors.action_for(plan=plan, action_id=action_id)
    action.plan = plan
    form = ActionServiceForm(
        posted(request), initial={"service": action.service_id, "version": action.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            action_service_link(
                actor=acting_user(request),
                action=action,
                service=form.cleaned_data["service"],
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Action {action.number} changed")
            return redirect("plan-tab", case_id=case.pk)
    return render(
        request,
        "family_plans/action_service.html",
        {"case": case, "tab": TAB, "form": form, "action": action},
    )
