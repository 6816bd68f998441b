# mypy: disallow-untyped-defs
# ruff: noqa: S608 - SQL built from table names only; values are parameters
"""A zone's profile for a year, on one printable page: demand (enquiries by source and
by need), the needs mix (headline problems), penetration, timeliness, outcomes and the
cost early help avoided. Aggregates only; small numbers suppressed for the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from assessments.models import Assessment, AssessmentProblem
from cases.codes import ContactSource
from cases.models import Case, Enquiry
from cases.models.enquiries import ConcernCategory
from partners.models import Zone
from reporting.costs.figures import AvoidedShown, avoided_shown, cost_avoided
from reporting.scorecard.dashboard import Row, Scorecard, scorecard
from reporting.scorecard.periods import Period, PeriodKind, Scope
from reporting.scorecard.present import FEWER, HIDDEN, breakdown_texts, count_text, is_small

PROFILE_MEASURES = ["P3", "P1a", "P1e", "S9", "S1", "O1", "O3", "S2", "S7", "F1"]


@dataclass
class ZoneProfile:
    zone: Zone
    period: Period
    suppressed: bool
    by_source: list[tuple[str, str]]
    by_need: list[tuple[str, str]]
    needs_mix: list[tuple[str, str]]
    card: Scorecard
    measures: list[Row]
    avoided: AvoidedShown
    identified: str  # families first identified in data, of the families with an enquiry


def _grouped(sql: str, params: dict[str, Any]) -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(str(k or ""), int(n)) for k, n in cursor.fetchall()]


def _by_source(
    counted: list[tuple[str, int]], sources: dict[str, str], suppress: bool
) -> list[tuple[str, str]]:
    """Enquiries by source add up to the zone's P3 on the same page: a breakdown of it,
    protected by the secondary suppression rule (reporting.scorecard.present). Hidden
    sources come last in the order of their names, so their places say nothing."""
    texts = breakdown_texts([n for _, n in counted], suppress=suppress)
    if texts is None:
        return [("Not shown: the numbers are too small", "")] if counted else []
    rows = [
        (sources.get(k, k or "Not recorded"), t) for (k, _), t in zip(counted, texts, strict=True)
    ]
    shown = [r for r in rows if r[1] not in (FEWER, HIDDEN)]
    hidden = sorted(r for r in rows if r[1] in (FEWER, HIDDEN))
    return shown + hidden


def zone_profile(*, zone: Zone, year: int, suppress: bool) -> ZoneProfile:
    period = Period(PeriodKind.YEAR, Period.parse(str(year)).start)
    params = {"zone": zone.pk, "start": period.start, "end": period.end, "tz": settings.TIME_ZONE}
    enquiry, case = Enquiry._meta.db_table, Case._meta.db_table
    in_zone = (
        f"FROM {enquiry} e JOIN {case} c ON c.id = e.case_id WHERE c.zone_id = %(zone)s "
        "AND (e.received_at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s"
    )
    sources = dict(ContactSource.choices)
    by_source = _grouped(
        f"SELECT e.contact_source, COUNT(*) {in_zone} GROUP BY 1 ORDER BY 2 DESC",
        params,
    )
    concerns = dict(ConcernCategory.choices)
    by_need = _grouped(
        f"SELECT cat, COUNT(*) FROM (SELECT unnest(e.concern_categories) AS cat {in_zone}) x"
        " GROUP BY 1 ORDER BY 2 DESC",
        params,
    )
    assessment, problem = Assessment._meta.db_table, AssessmentProblem._meta.db_table
    from assessments.models import HeadlineProblem

    headline = HeadlineProblem._meta.db_table
    needs_mix = _grouped(
        f"""SELECT h.name, COUNT(*) FROM (
              SELECT DISTINCT ON (a.case_id) a.id
              FROM {assessment} a JOIN {case} c ON c.id = a.case_id
              WHERE a.state = 'signed_off' AND c.zone_id = %(zone)s
                AND (a.signed_off_at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s
              ORDER BY a.case_id, a.number DESC) latest
            JOIN {problem} p ON p.assessment_id = latest.id
            JOIN {headline} h ON h.id = p.headline_id
            GROUP BY h.name, h.number ORDER BY COUNT(*) DESC, h.number""",
        params,
    )
    card = scorecard(period=period, scope=Scope(zone_id=zone.pk), suppress=suppress)
    identified = _identified_share(in_zone, params, suppress)
    return ZoneProfile(
        zone=zone,
        period=period,
        suppressed=suppress,
        by_source=_by_source(by_source, sources, suppress),
        by_need=[(concerns.get(k, k), count_text(n, suppress)) for k, n in by_need],
        needs_mix=[(k, count_text(n, suppress)) for k, n in needs_mix],
        card=card,
        measures=[card.rows_by_key[key] for key in PROFILE_MEASURES if key in card.rows_by_key],
        avoided=avoided_shown(cost_avoided(year=year, zone=zone), suppress=suppress),
        identified=identified,
    )


def _identified_share(in_zone: str, params: dict[str, Any], suppress: bool) -> str:
    """Of the families with an enquiry in the zone and year, how many were first
    identified in data (their enquiry raised from the identified list): "4 of 120 (3%)"."""
    from cases.identified.models import IdentifiedFamily

    identified = IdentifiedFamily._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT COUNT(DISTINCT c.family_id),
                       COUNT(DISTINCT c.family_id) FILTER (
                         WHERE EXISTS (SELECT 1 FROM {identified} i WHERE i.case_id = c.id))
                {in_zone}""",
            params,
        )
        total, first = cursor.fetchone()
    if not total:
        return "No families had an enquiry"
    if suppress and (is_small(first) or is_small(total)):
        return FEWER
    return f"{first:,} of {total:,} ({round(100 * first / total)}%)"
