"""/api/v1/: every app's API viewsets on one router, plus the OpenAPI schema and docs.

Resources of one case are nested under cases/{case_id}/ (each fetches the case through
cases.access first); the two single objects (a case's plan, the scorecard) are plain
routes beside the router. tests/api/test_api_permission_matrix.py enumerates all of them.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from assessments import api as assessments_api
from cases import api as cases_api
from documents import api as documents_api
from earlyhelp.url_policy import Policy, access_policy
from family_plans import api as family_plans_api
from partners import api as partners_api
from partners.directory import api as directory_api
from reporting import api as reporting_api

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
router.register(f"{CASE}/team", cases_api.CaseTeamViewSet, basename="api-case-team")
router.register("enquiries", cases_api.EnquiryViewSet, basename="api-enquiry")
router.register("family-hubs", partners_api.FamilyHubViewSet, basename="api-family-hub")
router.register("services", directory_api.ServiceViewSet, basename="api-service")
router.register(f"{CASE}/assessments", assessments_api.AssessmentViewSet, basename="api-assessment")
router.register(
    rf"{CASE}/assessments/(?P<number>\d+)/sections",
    assessments_api.AssessmentSectionViewSet,
    basename="api-assessment-section",
)
router.register(
    f"{CASE}/star-readings", assessments_api.StarReadingViewSet, basename="api-star-reading"
)
router.register("star-types", assessments_api.StarTypeViewSet, basename="api-star-type")
router.register(
    f"{CASE}/plan/actions", family_plans_api.PlanActionViewSet, basename="api-plan-action"
)
router.register(f"{CASE}/meetings", family_plans_api.TafMeetingViewSet, basename="api-meeting")
# Case documents (documents/api.py).
router.register(f"{CASE}/documents", documents_api.DocumentViewSet, basename="api-case-document")
router.register(
    "scorecard/snapshots",
    reporting_api.ScorecardSnapshotViewSet,
    basename="api-scorecard-snapshot",
)

v1 = [
    path(
        "cases/<int:case_id>/plan/",
        family_plans_api.FamilyPlanViewSet.as_view({"get": "retrieve"}),
        name="api-plan",
    ),
    path(
        "scorecard/",
        reporting_api.ScorecardViewSet.as_view({"get": "retrieve"}),
        name="api-scorecard",
    ),
    *router.urls,
]

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
