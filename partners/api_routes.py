"""Partners' API routes (family hubs and the service directory), handed to the
composition's router (composition/api_urls.py)."""

from __future__ import annotations

from earlyhelp.api.routes import ApiRoutes
from partners import api
from partners.directory import api as directory_api


def register(routes: ApiRoutes) -> None:
    routes.register("family-hubs", api.FamilyHubViewSet, basename="api-family-hub")
    routes.register("services", directory_api.ServiceViewSet, basename="api-service")
