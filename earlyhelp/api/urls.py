"""/api/v1/: every app's API viewsets on one router, plus the OpenAPI schema and docs.

Resources of one case are nested under cases/{case_id}/ (each fetches the case through
cases.access first).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from cases import api as cases_api
from earlyhelp.url_policy import Policy, access_policy

CASE = r"cases/(?P<case_id>\d+)"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("families", cases_api.FamilyViewSet, basename="api-family")
router.register(
    r"families/(?P<family_id>\d+)/household", cases_api.HouseholdViewSet, basename="api-household"
)
router.register("people", cases_api.PersonViewSet, basename="api-person")
router.register("cases", cases_api.CaseViewSet, basename="api-case")
router.register(f"{CASE}/people", cases_api.CasePersonViewSet, basename="api-case-person")
router.register(f"{CASE}/notes", cases_api.CaseNoteViewSet, basename="api-case-note")
router.register(f"{CASE}/consents", cases_api.CaseConsentViewSet, basename="api-case-consent")
router.register("enquiries", cases_api.EnquiryViewSet, basename="api-enquiry")

v1 = router.urls

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
