"""Outcome Star readings of a case and the distance travelled between them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from assessments.models import StarReading, StarScale, StarScore, StarType
from assessments.star_chart import ChartReading
from cases.models import Case, Person
from cases.refusals import refused_outside_case


def star_readings(*, case: Case) -> QuerySet[StarReading]:
    """The case's readings, oldest first, with their scores and who was present."""
    return (
        StarReading.objects.filter(case=case)
        .select_related("star_type", "recorded_by", "paired_with")
        .prefetch_related(
            Prefetch("scores", queryset=StarScore.objects.select_related("scale")),
            Prefetch("present", queryset=Person.objects.order_by("given_names")),
        )
        .order_by("taken_on", "id")
    )


def star_reading_for(*, case: Case, reading_id: Any) -> StarReading:
    try:
        pk = int(reading_id)
    except (TypeError, ValueError):
        raise Http404("No such reading") from None
    reading = star_readings(case=case).filter(pk=pk).first()
    if reading is None:
        raise refused_outside_case(case=case, model=StarReading, pk=pk, what="reading")
    return reading


@dataclass(frozen=True)
class ScaleChange:
    scale: str
    first: int | None
    latest: int | None
    band: str

    @property
    def change(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


@dataclass
class DistanceTravelled:
    """Last confirmed reading minus first confirmed reading, per scale and in total."""

    star_type: StarType
    first: StarReading
    latest: StarReading
    readings: int
    scales: list[ScaleChange] = field(default_factory=list)

    @property
    def total_first(self) -> int:
        return sum(c.first or 0 for c in self.scales)

    @property
    def total_latest(self) -> int:
        return sum(c.latest or 0 for c in self.scales)

    @property
    def total_change(self) -> int:
        return sum(c.change or 0 for c in self.scales)


def _band_name(bands: Sequence[Any], value: int | None) -> str:
    if value is None:
        return ""
    return next((b.name for b in bands if b.low <= value <= b.high), "")


def _main_star_type(readings: Sequence[StarReading]) -> StarType | None:
    """The star of the first confirmed reading: distance is measured on one star."""
    confirmed = [r for r in readings if r.counts_in_reports]
    return confirmed[0].star_type if confirmed else None


def distance_from(readings: Sequence[StarReading]) -> DistanceTravelled | None:
    """Distance travelled from already-loaded readings (oldest first)."""
    star_type = _main_star_type(readings)
    if star_type is None:
        return None
    confirmed = [r for r in readings if r.counts_in_reports and r.star_type_id == star_type.pk]
    first, latest = confirmed[0], confirmed[-1]
    scales = list(StarScale.objects.filter(star_type=star_type).order_by("number"))
    bands = list(star_type.bands.all())
    first_values = {sc.scale_id: sc.value for sc in first.scores.all()}
    latest_values = {sc.scale_id: sc.value for sc in latest.scores.all()}
    return DistanceTravelled(
        star_type=star_type,
        first=first,
        latest=latest,
        readings=len(confirmed),
        scales=[
            ScaleChange(
                scale=scale.name,
                first=first_values.get(scale.pk),
                latest=latest_values.get(scale.pk),
                band=_band_name(bands, latest_values.get(scale.pk)),
            )
            for scale in scales
        ],
    )


def star_distance_travelled(case: Case) -> DistanceTravelled | None:
    """First against latest confirmed reading of the case's star (None without readings)."""
    return distance_from(list(star_readings(case=case)))


@dataclass
class StarPage:
    readings: list[StarReading]
    distance: DistanceTravelled | None
    scales: list[str]
    chart: list[ChartReading]
    star_name: str


def star_page(*, case: Case) -> StarPage:
    """Everything the Outcome Star tab shows, in a fixed number of queries."""
    readings = list(star_readings(case=case))
    distance = distance_from(readings)
    if distance is None:
        return StarPage(readings, None, [], [], "")
    star_type = distance.star_type
    scale_rows = list(StarScale.objects.filter(star_type=star_type).order_by("number"))
    confirmed = [r for r in readings if r.counts_in_reports and r.star_type_id == star_type.pk]

    def values(reading: StarReading) -> list[int | None]:
        by_scale = {sc.scale_id: sc.value for sc in reading.scores.all()}
        return [by_scale.get(scale.pk) for scale in scale_rows]

    def label(reading: StarReading) -> str:
        return f"{reading.get_occasion_display()}, {reading.taken_on.day} {reading.taken_on:%B %Y}"

    chart = [ChartReading(label(r), values(r)) for r in confirmed]
    return StarPage(readings, distance, [sc.name for sc in scale_rows], chart, str(star_type))
