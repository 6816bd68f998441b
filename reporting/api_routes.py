"""Reporting's API routes (the scorecard), handed to the composition's router
(composition/api_urls.py)."""

from __future__ import annotations

from django.urls import path

from earlyhelp.api.routes import ApiRoutes
from reporting import api


def register(routes: ApiRoutes) -> None:
    routes.add(
        path(
            "scorecard/",
            api.ScorecardViewSet.as_view({"get": "retrieve"}),
            name="api-scorecard",
        )
    )
    routes.register(
        "scorecard/snapshots", api.ScorecardSnapshotViewSet, basename="api-scorecard-snapshot"
    )
