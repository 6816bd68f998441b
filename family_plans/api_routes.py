"""Family plans' API routes, handed to the composition's router (composition/api_urls.py)."""

from __future__ import annotations

from django.urls import path

from earlyhelp.api.routes import CASE, ApiRoutes
from family_plans import api


def register(routes: ApiRoutes) -> None:
    routes.add(
        path(
            "cases/<int:case_id>/plan/",
            api.FamilyPlanViewSet.as_view({"get": "retrieve"}),
            name="api-plan",
        )
    )
    routes.register(f"{CASE}/plan/actions", api.PlanActionViewSet, basename="api-plan-action")
    routes.register(f"{CASE}/meetings", api.TafMeetingViewSet, basename="api-meeting")
