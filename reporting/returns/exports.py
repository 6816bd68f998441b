# mypy: disallow-untyped-defs
"""The returns as background export jobs: private files that expire, every request,
production and download audited (reporting/exports/services.py does that for all
kinds). Each produces from the requester's visible cases only, so a coordinator's
return covers the zones and cases they may see, and each says in its summary how many
blank cells it wrote. Strategic leads are never allowed: these are identifiable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from cases.access import visible_cases
from cases.models import Case
from partners.roles import Role
from partners.selectors import user_has_oversight_role
from reporting.exports.registry import ExportKind, ProducedFile, Progress, register
from reporting.returns.annex_a import annex_a
from reporting.returns.cin import cin_table
from reporting.returns.families_first import identifiers_table, progress_table
from reporting.returns.ssd import ssd_tables
from reporting.returns.tables import Table, summary_of, workbook_bytes, zip_of
from reporting.scorecard.periods import Period, PeriodKind

ANNEX_A = "annex_a"
SSD = "ssd"
CIN = "cin_census"
FAMILIES_FIRST = "families_first_progress"
DATA_LINKING = "data_linking_identifiers"

RETURN_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def data_linking_roles() -> frozenset[str]:
    return frozenset(str(r) for r in settings.DATA_LINKING_ROLES)


def may_run_returns(user: Any) -> bool:
    """Returns cover the service's zones: zone-wide oversight only."""
    return user_has_oversight_role(user=user, roles=RETURN_ROLES)


def may_run_data_linking(user: Any) -> bool:
    """The roles named in DATA_LINKING_ROLES, held as zone-wide oversight."""
    return user_has_oversight_role(user=user, roles=data_linking_roles())


def _date(params: dict[str, Any]) -> dt.date | None:
    try:
        value = dt.date.fromisoformat(str(params.get("date", "")))
    except ValueError:
        return None
    return value if value <= timezone.localdate() else None


def _quarter(params: dict[str, Any]) -> Period | None:
    try:
        period = Period.parse(str(params.get("quarter", "")))
    except ValueError:
        return None
    return period if period.kind is PeriodKind.QUARTER else None


def _year(params: dict[str, Any]) -> int | None:
    try:
        year = int(params.get("year", ""))
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= timezone.localdate().year else None


def _no_case(check: Any) -> Any:
    def allowed(user: Any, case: Case | None, params: dict[str, Any]) -> bool:
        return case is None and bool(check(user, params))

    return allowed


# ----------------------------------------------------------------- Annex A


def _annex_a_allowed(user: Any, params: dict[str, Any]) -> bool:
    return (
        may_run_returns(user)
        and _date(params) is not None
        and params.get("format", "xlsx") in ("xlsx", "csv")
    )


def _annex_a_title(case: Case | None, params: dict[str, Any]) -> str:
    date = _date(params)
    label = date.strftime("%-d %B %Y") if date else "?"
    return f"Ofsted Annex A lists for an inspection on {label}"


def annex_a_file(*, cases: Any, inspection_date: dt.date, file_format: str) -> ProducedFile:
    lists = annex_a(cases=cases, inspection_date=inspection_date)
    stem = f"annex-a-{inspection_date.isoformat()}"
    if file_format == "csv":
        content = zip_of(
            {
                f"{stem}-list-1-contacts.csv": lists.contacts.csv_bytes(),
                f"{stem}-list-2-early-help.csv": lists.early_help.csv_bytes(),
            }
        )
        return ProducedFile(
            content, f"{stem}-csv.zip", "application/zip", 0, summary_of(lists.tables)
        )
    return ProducedFile(
        workbook_bytes(lists.tables), f"{stem}.xlsx", XLSX, 0, summary_of(lists.tables)
    )


def _annex_a_produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    if not _annex_a_allowed(user, params):
        raise PermissionError("The requester may no longer produce these lists")
    progress(10, "Reading contacts and early help")
    date = _date(params)
    assert date is not None  # noqa: S101 - checked by _annex_a_allowed
    return annex_a_file(
        cases=visible_cases(user), inspection_date=date, file_format=params.get("format", "xlsx")
    )


# ----------------------------------------------------------------- SSD


def ssd_file(*, cases: Any) -> tuple[ProducedFile, dict[str, bytes]]:
    tables = ssd_tables(cases=cases)
    files = {f"{t.name}.csv": t.csv_bytes() for t in tables}
    stamp = timezone.localdate().isoformat()
    produced = ProducedFile(
        zip_of(files),
        f"standard-safeguarding-dataset-{stamp}.zip",
        "application/zip",
        0,
        summary_of(tables),
    )
    return produced, files


def _ssd_produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    if not may_run_returns(user):
        raise PermissionError("The requester may no longer produce the dataset")
    progress(10, "Reading people, contacts and episodes")
    return ssd_file(cases=visible_cases(user))[0]


# ------------------------------------------- CIN census and Families First (one CSV each)


def _csv_return(
    *,
    key: str,
    label: str,
    may_run: Callable[[Any], bool],
    period: Callable[[dict[str, Any]], Any],
    title: Callable[[Any], str],
    reading: str,
    build: Callable[[QuerySet[Case], Any], Table],
    file_name: Callable[[Any], str],
) -> None:
    """Register a return that is one CSV table for a period (a census year, a quarter):
    allowed for `may_run` with a valid period, produced from the requester's cases."""

    def allowed(user: Any, case: Case | None, params: dict[str, Any]) -> bool:
        return case is None and may_run(user) and period(params) is not None

    def produce(
        user: Any, case: Case | None, params: dict[str, Any], progress: Progress
    ) -> ProducedFile:
        if not allowed(user, case, params):
            raise PermissionError(f"The requester may no longer produce the {label.lower()}")
        progress(10, reading)
        chosen = period(params)
        table = build(visible_cases(user), chosen)
        return ProducedFile(
            table.csv_bytes(), file_name(chosen), "text/csv", summary=summary_of([table])
        )

    register(
        ExportKind(
            key=key,
            label=label,
            allowed=allowed,
            title=lambda case, params: title(period(params)),
            produce=produce,
        )
    )


_csv_return(
    key=CIN,
    label="Children in Need census episodes",
    may_run=may_run_returns,
    period=_year,
    title=lambda year: f"Children in Need census episodes from April {year}",
    reading="Reading section 17 episodes",
    build=lambda cases, year: cin_table(cases=cases, year=year),
    file_name=lambda year: f"children-in-need-{year}-{year + 1}.csv",
)
_csv_return(
    key=FAMILIES_FIRST,
    label="Families First progress",
    may_run=may_run_returns,
    period=_quarter,
    title=lambda quarter: f"Families First progress, {quarter.label if quarter else '?'}",
    reading="Reading families and their needs",
    build=lambda cases, quarter: progress_table(cases=cases, quarter=quarter),
    file_name=lambda quarter: f"families-first-progress-{quarter.code}.csv",
)
_csv_return(
    key=DATA_LINKING,
    label="Identifiers for data linking",
    may_run=may_run_data_linking,
    period=_quarter,
    title=lambda quarter: f"Identifiers for data linking, {quarter.label if quarter else '?'}",
    reading="Reading the families worked with",
    build=lambda cases, quarter: identifiers_table(cases=cases, quarter=quarter),
    file_name=lambda quarter: f"data-linking-identifiers-{quarter.code}.csv",
)


register(
    ExportKind(
        key=ANNEX_A,
        label="Ofsted Annex A lists",
        allowed=_no_case(_annex_a_allowed),
        title=_annex_a_title,
        produce=_annex_a_produce,
    )
)
register(
    ExportKind(
        key=SSD,
        label="Standard Safeguarding Dataset",
        allowed=_no_case(lambda user, params: may_run_returns(user)),
        title=lambda case, params: "Standard Safeguarding Dataset tables",
        produce=_ssd_produce,
    )
)
