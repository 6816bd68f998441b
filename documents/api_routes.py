"""Case documents' API routes, handed to the composition's router (composition/api_urls.py)."""

from __future__ import annotations

from documents import api
from earlyhelp.api.routes import CASE, ApiRoutes


def register(routes: ApiRoutes) -> None:
    routes.register(f"{CASE}/documents", api.DocumentViewSet, basename="api-case-document")
