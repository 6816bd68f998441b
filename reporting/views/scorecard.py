"""The scorecard dashboard, its CSV and XLSX exports, and asking for a rebuild."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cases.audit import audit_record
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from partners.roles import Role
from partners.selectors import user_has_any_role
from reporting.exports.safe_cells import append_row, csv_writer
from reporting.forms.scorecard import RebuildForm, ScorecardFilterForm
from reporting.scorecard.dashboard import Scorecard, export_rows, scorecard
from reporting.scorecard.present import suppresses_for
from reporting.scorecard.services import REBUILDERS, rollup_request

REPORT_READERS = {Role.STRATEGIC_LEAD, Role.MANAGER, Role.COORDINATOR, Role.SYSTEM_ADMIN}


def _card(request: HttpRequest) -> tuple[ScorecardFilterForm, Scorecard]:
    form = ScorecardFilterForm(request.GET or None)
    period, scope = form.period_and_scope()
    return form, scorecard(period=period, scope=scope, suppress=suppresses_for(request.user))


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
def scorecard_page(request: HttpRequest) -> HttpResponse:
    form, card = _card(request)
    can_rebuild = user_has_any_role(user=request.user, roles=REBUILDERS)
    return render(
        request,
        "reporting/scorecard.html",
        {
            "form": form,
            "card": card,
            "query": request.GET.urlencode(),
            "can_rebuild": can_rebuild,
            "rebuild_form": RebuildForm() if can_rebuild else None,
        },
    )


def _file_name(card: Scorecard, suffix: str) -> str:
    scope = "".join(c if c.isalnum() else "-" for c in card.scope_label.lower()).strip("-")
    return f"scorecard-{card.period.code}-{scope}.{suffix}"


def _audit_export(request: HttpRequest, card: Scorecard, file_format: str) -> None:
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        reason="scorecard exported",
        detail={"format": file_format, "period": card.period.code, "scope": card.scope_label},
    )


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
@recent_authentication_required
def scorecard_csv(request: HttpRequest) -> HttpResponse:
    _, card = _card(request)
    header, rows = export_rows(card)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    _audit_export(request, card, "csv")
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(card, "csv")}"'
    return response


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
@recent_authentication_required
def scorecard_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _, card = _card(request)
    header, rows = export_rows(card)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "Scorecard"
    append_row(sheet, [f"Scorecard: {card.scope_label}, {card.period.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    if card.suppressed:
        append_row(
            sheet,
            ["Numbers from 1 to 4 are shown as 'fewer than 5'; rates from them are not shown."],
        )
    sheet.append([])
    append_row(sheet, header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = sheet.cell(row=sheet.max_row - len(rows) + 1, column=3)
    output = io.BytesIO()
    book.save(output)
    _audit_export(request, card, "xlsx")
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(card, "xlsx")}"'
    return response


@access_policy(Policy.ROLES, roles=REBUILDERS)
@require_POST
def scorecard_rebuild(request: HttpRequest) -> HttpResponse:
    form = RebuildForm(request.POST)
    if form.is_valid():
        try:
            run = rollup_request(
                actor=request.user,
                first=form.cleaned_data["from_month"],
                last=form.cleaned_data["to_month"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                f"The scorecard for {run.from_month:%B %Y} to {run.to_month:%B %Y} is being "
                "rebuilt. The figures update when it finishes.",
            )
            return redirect(reverse("scorecard"))
    _, card = _card(request)
    return render(
        request,
        "reporting/scorecard.html",
        {
            "form": ScorecardFilterForm(),
            "card": card,
            "query": "",
            "can_rebuild": True,
            "rebuild_form": form,
        },
        status=400,
    )
