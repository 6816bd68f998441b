"""The Plan tab: the family plan, its outcomes and actions, agreeing it, versions, reviews."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.access import Action, can, require
from cases.case_page import case_page
from cases.forms.feedback import timely_and_helpful_answer
from cases.models import Case
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.idempotency import idempotent_form
from earlyhelp.web import acting_user, posted
from family_plans import selectors, services
from family_plans.forms import (
    ActionForm,
    ActionRows,
    AgreeForm,
    OutcomeForm,
    ReviewForm,
    yes_no,
)
from family_plans.models import FamilyPlan, PlanAction, PlanStatus
from family_plans.services import (
    ActionDetails,
    ActionUpdate,
    OutcomeDetails,
    ReviewDetails,
    ReviewFeedback,
)
from family_plans.views.base import error_forms, has_errors, rows_changed

TAB = "plan"


def _plan_or_404(case: Case) -> FamilyPlan:
    plan = selectors.plan_for_case(case)
    if plan is None:
        raise Http404("This family has no plan yet")
    plan.case = case  # the case already fetched (and audited) for this request
    return plan


@case_page()
def plan_tab(request: HttpRequest, case: Case) -> HttpResponse:
    page = selectors.plan_page(case=case)
    open_case = case.state in services.PLAN_STATES
    works = can(request.user, Action.WORK, case) and open_case
    # Whoever leads the work may change any action; others on the case, their own.
    actions: list[PlanAction] = page.plan.action_list if page.plan else []  # type: ignore[attr-defined]
    changeable = set()
    if works:
        changeable = {a.pk for a in actions}
    elif open_case and can(request.user, Action.ADD_NOTE, case):
        changeable = {a.pk for a in actions if selectors.owns_action(request.user, a)}
    return render(
        request,
        "family_plans/plan_tab.html",
        {
            "case": case,
            "tab": TAB,
            "page": page,
            "can_work": works,
            "can_start": works and page.plan is None,
            "changeable": changeable,
        },
    )


@case_page(Action.WORK)
def plan_start(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        return redirect("plan-tab", case_id=case.pk)
    try:
        services.plan_start(actor=acting_user(request), case=case)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("plan-tab", case_id=case.pk)
    messages.success(request, "Plan started. Add what the family wants to be different.")
    return redirect("plan-outcome-new", case_id=case.pk)


def _outcome_form(case: Case, data: Any = None, **kwargs: Any) -> OutcomeForm:
    needs = [(n.key, f"{n.title}: {n.needs[:120]}") for n in selectors.need_choices(case)]
    problems = [(str(p.id), f"{p.number}. {p.name}") for p in selectors.problem_choices(case)]
    return OutcomeForm(data, needs=needs, problems=problems, **kwargs)


def _outcome_details(form: OutcomeForm) -> OutcomeDetails:
    data = form.cleaned_data
    return OutcomeDetails(
        wanted=data["wanted"],
        whose_words=data["whose_words"],
        success_looks_like=data["success_looks_like"],
        need_keys=list(data.get("need_keys") or []),
        headline_problem_ids=[int(pk) for pk in data.get("headline_problems") or []],
    )


@case_page(Action.WORK)
def outcome_new(request: HttpRequest, case: Case) -> HttpResponse:
    plan = _plan_or_404(case)
    form = _outcome_form(case, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.outcome_add(
                actor=acting_user(request), plan=plan, details=_outcome_details(form)
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Outcome {outcome.number} added. Now add its actions.")
            return redirect("plan-actions-add", case_id=case.pk, outcome_id=outcome.pk)
    return render(
        request,
        "family_plans/outcome_form.html",
        {"case": case, "tab": TAB, "form": form, "outcome": None},
    )


@case_page(Action.WORK)
def outcome_edit(request: HttpRequest, case: Case, outcome_id: int) -> HttpResponse:
    plan = _plan_or_404(case)
    outcome = selectors.outcome_for(plan=plan, outcome_id=outcome_id)
    initial = {
        "wanted": outcome.wanted,
        "whose_words": outcome.whose_words,
        "success_looks_like": outcome.success_looks_like,
        "need_keys": outcome.need_keys,
        "headline_problems": [str(h.pk) for h in outcome.headline_problems.all()],
        "status": outcome.status,
        "version": outcome.version,
    }
    form = _outcome_form(case, posted(request), initial=initial, editing=True)
    conflict = False
    if request.method == "POST" and form.is_valid():
        outcome.plan = plan
        try:
            services.outcome_update(
                actor=acting_user(request),
                outcome=outcome,
                expected_version=form.cleaned_data["version"] or 0,
                details=_outcome_details(form),
                status=form.cleaned_data.get("status") or "",
            )
        except ConcurrentChangeError as exc:
            conflict = True
            form.add_error(None, exc.message)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Outcome {outcome.number} changed")
            return redirect("plan-tab", case_id=case.pk)
    return render(
        request,
        "family_plans/outcome_form.html",
        {"case": case, "tab": TAB, "form": form, "outcome": outcome, "conflict": conflict},
    )


def _action_details(data: dict[str, Any]) -> ActionDetails:
    return ActionDetails(
        what=data.get("what") or "",
        owner=data.get("owner") or "",
        start_on=data.get("start_on"),
        due_on=data.get("due_on"),
    )


@case_page(Action.WORK)
@idempotent_form
def actions_add(request: HttpRequest, case: Case, outcome_id: int) -> HttpResponse:
    """Add actions towards one outcome: as many rows as needed (MOJ add another)."""
    plan = _plan_or_404(case)
    outcome = selectors.outcome_for(plan=plan, outcome_id=outcome_id)
    owners = selectors.owner_choices(case)
    today = timezone.localdate()
    changed = rows_changed(request, "actions", new_row={"start_on": f"{today:%d/%m/%Y}"})
    if changed is not None:
        formset = ActionRows(changed, prefix="actions", owners=owners, quiet=True)
    elif request.method == "POST":
        formset = ActionRows(request.POST, prefix="actions", owners=owners)
        if formset.is_valid():
            try:
                services.actions_add(
                    actor=acting_user(request),
                    plan=plan,
                    outcome=outcome,
                    actions=[_action_details(f.cleaned_data) for f in formset.forms],
                )
            except ApplicationError as exc:
                add_application_error(formset.forms[0], exc, {"actions": formset})
            else:
                count = len(formset.forms)
                messages.success(
                    request, f"{count} action{'s' if count > 1 else ''} added to the plan"
                )
                return redirect("plan-tab", case_id=case.pk)
    else:
        formset = ActionRows(prefix="actions", owners=owners, initial=[{"start_on": today}])
    return render(
        request,
        "family_plans/actions_add.html",
        {
            "case": case,
            "tab": TAB,
            "outcome": outcome,
            "formset": formset,
            "error_forms": error_forms(formset),
            "has_errors": has_errors(formset),
        },
    )


@case_page()
def action_edit(request: HttpRequest, case: Case, action_id: int) -> HttpResponse:
    """Change an action; the owner of an action (not leading the work) updates its status."""
    plan = _plan_or_404(case)
    action = selectors.action_for(plan=plan, action_id=action_id)
    action.plan = plan
    leads = can(request.user, Action.WORK, case)
    if not leads:
        require(request.user, Action.ADD_NOTE, case)
        if not selectors.owns_action(request.user, action):
            require(request.user, Action.WORK, case)
    form = ActionForm(
        posted(request),
        initial=ActionForm.initial_for(action),
        owners=selectors.owner_choices(case) if leads else (),
        status_only=not leads,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                actor=acting_user(request),
                action=action,
                expected_version=data["version"],
                status=data.get("status") or "",
                dropped_reason=data.get("dropped_reason") or "",
                details=_action_details(data) if leads else None,
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Action {action.number} changed")
            return redirect("plan-tab", case_id=case.pk)
    return render(
        request,
        "family_plans/action_form.html",
        {"case": case, "tab": TAB, "form": form, "action": action},
    )


@case_page(Action.WORK)
def plan_agree(request: HttpRequest, case: Case) -> HttpResponse:
    """Agree the plan (or its changes) with the family, as it stands on this page."""
    page = selectors.plan_page(case=case)
    plan = page.plan
    if plan is None:
        raise Http404("This family has no plan yet")
    plan.case = case
    first = plan.agreed_version == 0
    form = AgreeForm(
        posted(request),
        first=first,
        initial={
            "agreed_on": timezone.localdate(),
            "version": plan.version,
            "children_views": plan.children_views,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.plan_agree(
                actor=acting_user(request),
                plan=plan,
                expected_version=data["version"],
                agreed_on=data["agreed_on"],
                agreed_with=data["agreed_with"],
                summary=data.get("summary") or "",
                next_review_on=data["next_review_on"],
                children_views=data["children_views"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Version {version.number} of the plan agreed")
            return redirect("plan-tab", case_id=case.pk)
    return render(
        request,
        "family_plans/plan_agree.html",
        {
            "case": case,
            "tab": TAB,
            "form": form,
            "page": page,
            "first": first,
            "unchanged": plan.status == PlanStatus.AGREED,
        },
    )


@case_page()
def plan_version(request: HttpRequest, case: Case, number: int) -> HttpResponse:
    plan = _plan_or_404(case)
    version = selectors.plan_version_for(plan=plan, number=number)
    return render(
        request,
        "family_plans/plan_version.html",
        {
            "case": case,
            "tab": TAB,
            "plan": plan,
            "version": version,
            "snapshot": version.snapshot,
            "is_latest": version.number == plan.agreed_version,
        },
    )


def _updates(form: Any, actions: list[PlanAction]) -> list[ActionUpdate]:
    data = form.cleaned_data
    return [
        ActionUpdate(
            action_id=a.pk,
            status=data.get(f"a{a.pk}_status") or a.status,
            note=data.get(f"a{a.pk}_note") or "",
            dropped_reason=data.get(f"a{a.pk}_dropped_reason") or "",
        )
        for a in actions
    ]


def _feedback(form: ReviewForm) -> ReviewFeedback | None:
    """The family's feedback from the review form, or None when none of its questions was
    answered: the family was not asked at this review, so nothing is recorded for it."""
    data = form.cleaned_data
    answer = data.get("timely_and_helpful") or ""
    comments = (data.get("feedback_comments") or "").strip()
    about = (data.get("about_lead_practitioner") or "").strip()
    if not (answer or comments or about):
        return None
    return ReviewFeedback(
        timely_and_helpful=timely_and_helpful_answer(answer),
        comments=comments,
        about_lead_practitioner=about,
    )


@case_page(Action.WORK)
def review_new(request: HttpRequest, case: Case) -> HttpResponse:
    """Record a review of the plan: progress per action, whether progress was made, and
    the family's feedback when they gave it."""
    plan = _plan_or_404(case)
    actions = selectors.open_actions(plan=plan)
    form = ReviewForm(
        posted(request), actions=actions, initial={"reviewed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = services.family_plan_review_record(
                actor=acting_user(request),
                plan=plan,
                details=ReviewDetails(
                    reviewed_on=data["reviewed_on"],
                    progress_made=yes_no(data["progress_made"]),
                    note=data["note"],
                    updates=_updates(form, actions),
                    next_review_on=data["next_review_on"],
                    feedback=_feedback(form),
                ),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Review recorded")
            return redirect("plan-review", case_id=case.pk, review_id=review.pk)
    return render(
        request,
        "family_plans/review_form.html",
        {"case": case, "tab": TAB, "form": form, "plan": plan},
    )


@case_page()
def review_detail(request: HttpRequest, case: Case, review_id: int) -> HttpResponse:
    plan = _plan_or_404(case)
    review = selectors.review_for(plan=plan, review_id=review_id)
    return render(
        request,
        "family_plans/review_detail.html",
        {
            "case": case,
            "tab": TAB,
            "review": review,
            "feedback": selectors.review_feedback(case=case, review=review),
        },
    )
