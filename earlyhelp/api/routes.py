"""How an app hands its API routes to the composition's router.

Each app lists its viewsets in its own `api_routes.py` as a `register(api)` function;
the composition (composition/api_urls.py) calls them in a fixed order. The kernel
imports no app: it only defines the shape of the hand-over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern
from rest_framework.routers import DefaultRouter

# The prefix of every resource of one case: each such viewset fetches the case through
# cases.access first.
CASE = r"cases/(?P<case_id>\d+)"


@dataclass
class ApiRoutes:
    """The router every app registers its viewsets on, and the plain routes (single
    objects, such as a case's plan) that sit beside it, ahead of the router's own."""

    router: DefaultRouter = field(default_factory=lambda: _router())
    paths: list[URLPattern] = field(default_factory=list)

    def register(self, prefix: str, viewset: Any, *, basename: str) -> None:
        self.router.register(prefix, viewset, basename=basename)

    def add(self, pattern: URLPattern) -> None:
        self.paths.append(pattern)

    @property
    def urls(self) -> list[Any]:
        return [*self.paths, *self.router.urls]


def _router() -> DefaultRouter:
    router = DefaultRouter(trailing_slash=True)
    router.include_root_view = False
    return router
