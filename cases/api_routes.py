"""The case apps' API routes, handed to the composition's router (composition/api_urls.py)."""

from __future__ import annotations

from cases import api
from earlyhelp.api.routes import CASE, ApiRoutes


def register(routes: ApiRoutes) -> None:
    routes.register("families", api.FamilyViewSet, basename="api-family")
    routes.register(
        r"families/(?P<family_id>\d+)/household", api.HouseholdViewSet, basename="api-household"
    )
    routes.register("people", api.PersonViewSet, basename="api-person")
    routes.register("cases", api.CaseViewSet, basename="api-case")
    routes.register(f"{CASE}/people", api.CasePersonViewSet, basename="api-case-person")
    routes.register(f"{CASE}/notes", api.CaseNoteViewSet, basename="api-case-note")
    routes.register(f"{CASE}/consents", api.CaseConsentViewSet, basename="api-case-consent")
    routes.register(f"{CASE}/team", api.CaseTeamViewSet, basename="api-case-team")
    routes.register("enquiries", api.EnquiryViewSet, basename="api-enquiry")
