# mypy: disallow-untyped-defs
"""The returns as background export jobs: private files that expire, every request,
production and download audited (reporting/exports/services.py does that for all
kinds). Each produces from the requester's visible cases only, so a coordinator's
return covers the zones and cases they may see, and each says in its summary how many
blank cells it wrote. Strategic leads are never allowed: these are identifiable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from cases.access import visible_cases
from cases.models import Case
from partners.roles import Role
from partners.selectors import user_has_any_role
from reporting.exports.registry import ExportKind, ProducedFile, Progress, register
from reporting.returns.annex_a import annex_a
from reporting.returns.cin import cin_table
from reporting.returns.families_first import identifiers_table, progress_table
from reporting.returns.ssd import ssd_tables
from reporting.returns.tables import summary_of, workbook_bytes, zip_of
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
    return user_has_any_role(user=user, roles=RETURN_ROLES)


def may_run_data_linking(user: Any) -> bool:
    return user_has_any_role(user=user, roles=data_linking_roles())


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


# ----------------------------------------------------------------- CIN census


def _cin_allowed(user: Any, params: dict[str, Any]) -> bool:
    return may_run_returns(user) and _year(params) is not None


def _cin_produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    if not _cin_allowed(user, params):
        raise PermissionError("The requester may no longer produce the census extract")
    year = _year(params)
    assert year is not None  # noqa: S101 - checked by _cin_allowed
    progress(10, "Reading section 17 episodes")
    table = cin_table(cases=visible_cases(user), year=year)
    return ProducedFile(
        table.csv_bytes(),
        f"children-in-need-{year}-{year + 1}.csv",
        "text/csv",
        0,
        summary_of([table]),
    )


# ----------------------------------------------------------------- Families First


def _families_first_allowed(user: Any, params: dict[str, Any]) -> bool:
    return may_run_returns(user) and _quarter(params) is not None


def _families_first_produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    if not _families_first_allowed(user, params):
        raise PermissionError("The requester may no longer produce this file")
    quarter = _quarter(params)
    assert quarter is not None  # noqa: S101 - checked above
    progress(10, "Reading families and their needs")
    table = progress_table(cases=visible_cases(user), quarter=quarter)
    return ProducedFile(
        table.csv_bytes(),
        f"families-first-progress-{quarter.code}.csv",
        "text/csv",
        0,
        summary_of([table]),
    )


def _data_linking_allowed(user: Any, params: dict[str, Any]) -> bool:
    return may_run_data_linking(user) and _quarter(params) is not None


def _data_linking_produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    if not _data_linking_allowed(user, params):
        raise PermissionError("The requester may no longer produce the identifiers file")
    quarter = _quarter(params)
    assert quarter is not None  # noqa: S101 - checked above
    progress(10, "Reading the families worked with")
    table = identifiers_table(cases=visible_cases(user), quarter=quarter)
    return ProducedFile(
        table.csv_bytes(),
        f"data-linking-identifiers-{quarter.code}.csv",
        "text/csv",
        0,
        summary_of([table]),
    )


def _quarter_title(prefix: str) -> Any:
    def title(case: Case | None, params: dict[str, Any]) -> str:
        quarter = _quarter(params)
        return f"{prefix}, {quarter.label if quarter else '?'}"

    return title


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
register(
    ExportKind(
        key=CIN,
        label="Children in Need census episodes",
        allowed=_no_case(_cin_allowed),
        title=lambda case, params: (
            f"Children in Need census episodes from April {params.get('year')}"
        ),
        produce=_cin_produce,
    )
)
register(
    ExportKind(
        key=FAMILIES_FIRST,
        label="Families First progress",
        allowed=_no_case(_families_first_allowed),
        title=_quarter_title("Families First progress"),
        produce=_families_first_produce,
    )
)
register(
    ExportKind(
        key=DATA_LINKING,
        label="Identifiers for data linking",
        allowed=_no_case(_data_linking_allowed),
        title=_quarter_title("Identifiers for data linking"),
        produce=_data_linking_produce,
    )
)
