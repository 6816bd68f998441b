"""The service directory as a file: every entry in the Open Referral UK layout.

Served here because every file the product writes goes through reporting's
formula-safe writer (reporting/exports/safe_cells.py), and reporting reads every app
while nothing imports it. The directory holds no personal data, so any member of staff
may take the file; it is still on the record.
"""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.audit import audit_record
from cases.models.audit import AuditAction
from earlyhelp.url_policy import Policy, access_policy
from partners.directory import oruk
from partners.directory.selectors import services_for_export
from reporting.exports.safe_cells import csv_writer


@access_policy(Policy.SIGNED_IN)
@require_http_methods(["GET"])
def directory_export(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    services = services_for_export()
    count = 0
    for row in oruk.rows_as_csv(oruk.export_row(s) for s in services.iterator(chunk_size=500)):
        writer.writerow(row)
        count += 1
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        reason="Service directory exported",
        detail={"services": count - 1},
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"service-directory-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
