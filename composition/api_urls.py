"""/api/: every app's API routes on one router, plus the OpenAPI schema and docs.

Each app declares its own routes (`<app>/api_routes.py`); this module only puts them
together, in a fixed order. Resources of one case are nested under cases/{case_id}/
(each fetches the case through cases.access first); single objects (a case's plan, the
scorecard) are plain routes beside the router. tests/api/test_api_permission_matrix.py
enumerates all of them.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from assessments import api_routes as assessments_routes
from cases import api_routes as cases_routes
from documents import api_routes as documents_routes
from earlyhelp.api.routes import ApiRoutes
from earlyhelp.url_policy import Policy, access_policy
from family_plans import api_routes as family_plans_routes
from partners import api_routes as partners_routes
from reporting import api_routes as reporting_routes

routes = ApiRoutes()
for app in (
    cases_routes,
    partners_routes,
    assessments_routes,
    family_plans_routes,
    reporting_routes,
    documents_routes,
):
    app.register(routes)

v1 = routes.urls

# The schema and its documentation hold no personal data: partner developers read them
# without an account.
schema_view = access_policy(Policy.PUBLIC)(SpectacularAPIView.as_view())
swagger_view = access_policy(Policy.PUBLIC)(SpectacularSwaggerView.as_view(url_name="api-schema"))
redoc_view = access_policy(Policy.PUBLIC)(SpectacularRedocView.as_view(url_name="api-schema"))

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", schema_view, name="api-schema"),
    path("docs/", swagger_view, name="api-docs"),
    path("redoc/", redoc_view, name="api-redoc"),
]
