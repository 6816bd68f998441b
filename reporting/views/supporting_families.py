"""Supporting Families: counts for everyone who reads reports; the families, with the
conditions of a claim met and missing, for managers and coordinators (their own cases)."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cases.audit import audit_record
from cases.case_page import case_page
from cases.models import Case
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from partners.models import Zone
from partners.roles import Role
from partners.selectors import user_has_any_role
from reporting import supporting_families as sf
from reporting.claim_rules import RuleBook
from reporting.exports.safe_cells import csv_writer
from reporting.scorecard.periods import Period, PeriodKind
from reporting.scorecard.present import count_text, suppresses_for
from reporting.views.scorecard import REPORT_READERS


class ZoneForm(forms.Form):
    zone = forms.ModelChoiceField(
        label="Zone",
        queryset=Zone.objects.order_by("name"),
        required=False,
        empty_label="Every zone",
    )


def _zone_id(request: HttpRequest) -> tuple[ZoneForm, int | None]:
    form = ZoneForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["zone"]:
        return form, form.cleaned_data["zone"].pk
    return form, None


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
def supporting_families_page(request: HttpRequest) -> HttpResponse:
    form, zone_id = _zone_id(request)
    suppress = suppresses_for(request.user)
    summary = sf.summary(zone_id=zone_id)
    identifiable = user_has_any_role(user=request.user, roles={Role.MANAGER, Role.COORDINATOR})
    page = None
    checks: list[sf.FamilyCheck] = []
    if identifiable:
        page = Paginator(sf.eligible_cases(user=request.user, zone_id=zone_id), 25).get_page(
            request.GET.get("page")
        )
        checks = sf.family_checks(list(page.object_list))
    quarter = Period.containing(PeriodKind.QUARTER, timezone.localdate()).shifted(-1)
    return render(
        request,
        "reporting/supporting_families.html",
        {
            "form": form,
            "summary": summary,
            "counts": {
                "eligible": count_text(summary.eligible, suppress),
                "engaged": count_text(summary.engaged, suppress),
                "claimable": count_text(summary.claimable, suppress),
                "awaiting": count_text(summary.awaiting_evidence_audit, suppress),
                "claimed": count_text(summary.claimed, suppress),
            },
            "needs": [
                (n.headline, count_text(n.families, suppress), count_text(n.positive, suppress))
                for n in summary.needs
            ],
            "suppressed": suppress,
            "identifiable": identifiable,
            "page": page,
            "checks": checks,
            "conditions": sf.CONDITIONS,
            "sustained_months": RuleBook.load().months_for(
                closed_on=timezone.localdate(), headline_ids=[]
            )[None],
            "last_quarter": quarter,
            "can_claim": user_has_any_role(user=request.user, roles={Role.MANAGER}),
        },
    )


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
@recent_authentication_required
def quarterly_return_csv(request: HttpRequest) -> HttpResponse:
    _, zone_id = _zone_id(request)
    try:
        quarter = Period.parse(request.GET.get("quarter", ""))
    except ValueError:
        quarter = Period.containing(PeriodKind.QUARTER, timezone.localdate()).shifted(-1)
    if quarter.kind is not PeriodKind.QUARTER:
        quarter = Period.containing(PeriodKind.QUARTER, quarter.start)
    suppress = suppresses_for(request.user)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["Quarter", "Figure", "Value"])
    for label, value in sf.quarterly_return(quarter=quarter, zone_id=zone_id):
        writer.writerow([quarter.code, label, count_text(value, suppress)])
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        reason="Supporting Families quarterly return",
        detail={"quarter": quarter.code, "zone": zone_id},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="supporting-families-{quarter.code}.csv"'
    )
    return response


@require_POST
@case_page()
def evidence_audit(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        sf.evidence_audit_record(actor=request.user, case=case, note=request.POST.get("note", ""))
    except ApplicationError as exc:
        messages.error(request, f"{case.reference}: {exc.message}")
    else:
        messages.success(request, f"Evidence audit recorded for {case.reference}")
    return redirect("supporting-families")


@require_POST
@case_page()
def claim(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        sf.claim_record(actor=request.user, case=case)
    except ApplicationError as exc:
        messages.error(request, f"{case.reference}: {exc.message}")
    else:
        messages.success(request, f"Claim recorded for {case.reference}")
    return redirect("supporting-families")
