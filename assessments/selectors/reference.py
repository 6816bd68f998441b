"""Reference data assessments read: the outcome framework, need levels, star types and
standardised measures.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from assessments.models import MeasureType, NeedLevel, OutcomeFramework, StarScale, StarType


def current_framework() -> OutcomeFramework | None:
    return OutcomeFramework.objects.filter(is_current=True).first()


def need_level_choices() -> list[tuple[str, str]]:
    return [(str(level.pk), level.name) for level in NeedLevel.objects.filter(is_active=True)]


def active_star_types() -> list[StarType]:
    return list(StarType.objects.filter(is_active=True).prefetch_related("scales", "bands"))


def star_type_list() -> QuerySet[StarType]:
    """Stars in use, with their scales, for systems that record readings (the API)."""
    return StarType.objects.filter(is_active=True).prefetch_related(
        Prefetch("scales", queryset=StarScale.objects.order_by("number"))
    )


def active_measures() -> QuerySet[MeasureType]:
    return MeasureType.objects.filter(is_active=True).order_by("name")
