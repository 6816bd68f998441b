"""The board pack PDF: the scorecard with its trend charts, the zone profile and the
cost-benefit headline for a period and a zone (or the whole area), produced by the
export machinery (reporting/exports) as a background job, with the protective marking
on every page. Aggregates only, suppressed as the requester reads them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from partners.models import Zone
from partners.roles import Role
from partners.selectors import user_has_any_role
from reporting.costs.figures import avoided_shown, cost_avoided, cost_benefit
from reporting.exports.pdf import render_pdf
from reporting.exports.registry import ExportKind, ProducedFile, Progress, register
from reporting.scorecard.dashboard import scorecard
from reporting.scorecard.periods import Period, Scope
from reporting.scorecard.present import suppresses_for
from reporting.zone_profile import zone_profile

KIND = "board_pack"
REQUESTERS = frozenset({Role.STRATEGIC_LEAD, Role.MANAGER})


def _zone(params: dict[str, Any]) -> Zone | None:
    zone_id = params.get("zone")
    return Zone.objects.filter(pk=zone_id).first() if zone_id else None


def allowed(user: Any, case: Case | None, params: dict[str, Any]) -> bool:
    if case is not None or not user_has_any_role(user=user, roles=REQUESTERS):
        return False
    try:
        Period.parse(str(params.get("period", "")))
    except ValueError:
        return False
    return not params.get("zone") or _zone(params) is not None


def title(case: Case | None, params: dict[str, Any]) -> str:
    period = Period.parse(str(params["period"]))
    zone = _zone(params)
    return f"Board pack: {zone.name + ' zone' if zone else 'the whole area'}, {period.label}"


def board_pack_html(*, user: Any, period: Period, zone: Zone | None) -> str:
    suppress = suppresses_for(user)
    scope = Scope(zone_id=zone.pk if zone else None)
    year = period.last_month.year
    context = {
        "marking": settings.PROTECTIVE_MARKING,
        "service_name": settings.SERVICE_NAME,
        "organisation": getattr(settings, "ORGANISATION_NAME", ""),
        "produced_at": timezone.now(),
        "requester": user,
        "period": period,
        "zone": zone,
        "card": scorecard(period=period, scope=scope, suppress=suppress),
        "profile": zone_profile(zone=zone, year=year, suppress=suppress) if zone else None,
        "costs": cost_benefit(year=year, zone=zone),
        "avoided": avoided_shown(cost_avoided(year=year, zone=zone), suppress=suppress),
    }
    return render_to_string("pdf/board_pack.html", context)


def produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    if not allowed(user, case, params):
        raise PermissionError("The requester may no longer produce this board pack")
    period = Period.parse(str(params["period"]))
    zone = _zone(params)
    progress(10, "Reading the scorecard")
    html = board_pack_html(user=user, period=period, zone=zone)
    progress(40, "Laying out the pages")
    rendered = render_pdf(html)
    progress(95, "Saving the file")
    place = zone.code if zone else "area"
    return ProducedFile(
        content=rendered.content,
        file_name=f"board-pack-{place}-{period.code}.pdf",
        content_type="application/pdf",
        pages=rendered.pages,
    )


register(ExportKind(key=KIND, label="Board pack", allowed=allowed, title=title, produce=produce))
