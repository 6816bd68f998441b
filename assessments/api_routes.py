"""Assessments' API routes, handed to the composition's router (composition/api_urls.py)."""

from __future__ import annotations

from assessments import api
from earlyhelp.api.routes import CASE, ApiRoutes


def register(routes: ApiRoutes) -> None:
    routes.register(f"{CASE}/assessments", api.AssessmentViewSet, basename="api-assessment")
    routes.register(
        rf"{CASE}/assessments/(?P<number>\d+)/sections",
        api.AssessmentSectionViewSet,
        basename="api-assessment-section",
    )
    routes.register(f"{CASE}/star-readings", api.StarReadingViewSet, basename="api-star-reading")
    routes.register("star-types", api.StarTypeViewSet, basename="api-star-type")
