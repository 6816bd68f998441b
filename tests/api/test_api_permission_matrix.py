"""Every API endpoint against every relation to a case, signed in and with agency tokens.

The matrix enumerates the URL patterns under /api/v1/ and the methods each answers: an
endpoint without a declared expectation below fails the test, as does a person in a
relation (tests/cases/relations.py) the matrix does not know. Each caller gets, exactly:

- 401 signed out, whatever the endpoint;
- 404 for everything about a case (or its family and people) they may not see, reads
  and writes alike, so existence is never revealed;
- 200/201 for what their relation lets them do, 403 for what it does not (on a case
  they may see, or an action their role does not allow, like reading the scorecard);
- with a read token, 403 for every write and otherwise what the agency's write token
  gets: the same cases, not fewer.

Writes are sent with a valid body and the current ETag, each in a savepoint rolled back
afterwards, so every caller meets the same case.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentSection
from cases.models import Case, Person
from family_plans.models import PlanAction
from partners.api_auth import TokenRateThrottle
from partners.directory.models import Service
from tests.api.conftest import token_for
from tests.api.worlds import Records, records_for
from tests.assessments.factories import default_star, star_scales
from tests.cases.relations import Relations, build_relations
from tests.documents.factories import uploaded
from tests.partners.factories import AgencyFactory

pytestmark = pytest.mark.django_db

SIGNED_OUT = "signed-out visitor"

# --------------------------------------------------------------------------- relations
# Who is who, by the names of tests/cases/relations.py (and of the agencies' tokens).

SEES_CASE = {
    "lead practitioner",
    "lead-agency practitioner",
    "lead-agency manager",
    "lead-agency coordinator",
    "zone coordinator",
    "zone manager",
    "TAF partner practitioner",
    "partner viewer via consent share",
    "holder of a time-limited grant",
    "partner agency manager",
    "partner agency coordinator",
    "break-glass user",
    "council token",
    "school token",
    "police token",
}
NEVER_SEES_CASE = {
    "partner agency manager with no relation",
    "holder of an expired zone grant",
    "coordinator of another zone",
    "manager of another zone",
    "partner viewer with no relation",
    "partner after consent withdrawn",
    "partner on a closed case",
    "holder of an expired grant",
    "practitioner who left the agency",
    "unrelated practitioner",
    "strategic lead",
    "system administrator",
    "information governance officer",
    "health token",
    "housing token",
    "unrelated token",
}
KNOWN = SEES_CASE | NEVER_SEES_CASE | {SIGNED_OUT}

# Action.ADD_NOTE: the lead agency, the zone's roles and the workers of the team and of
# the shares; not a partner viewer, nor someone reading the case on a grant.
NOTE_WRITERS = SEES_CASE - {
    "partner viewer via consent share",
    "holder of a time-limited grant",
    "break-glass user",
}
# Action.WORK, MANAGE_TEAM and CORRECT_RECORD: whoever leads the work, and its overseers.
LEAD_WORKERS = {"lead practitioner", "lead-agency manager", "zone coordinator", "zone manager"}
SIGNERS_OFF = {"lead-agency manager", "zone manager"}
# The plan's action is the school's: its workers may update its progress.
ACTION_OWNERS = LEAD_WORKERS | {
    "TAF partner practitioner",
    "partner agency manager",
    "school token",
}
# A casework or partner viewer role anywhere.
ENQUIRERS = KNOWN - {
    "practitioner who left the agency",
    "strategic lead",
    "system administrator",
    "information governance officer",
    SIGNED_OUT,
}
# The case's enquiry was raised by the school.
ENQUIRY_READERS = {"TAF partner practitioner", "partner agency manager", "school token"}
COORDINATORS_AND_MANAGERS = {
    "lead-agency manager",
    "lead-agency coordinator",
    "zone coordinator",
    "zone manager",
    "coordinator of another zone",
    "manager of another zone",
    "partner agency manager",
    "partner agency coordinator",
    "partner agency manager with no relation",
    "holder of an expired zone grant",
}
REPORT_READERS = COORDINATORS_AND_MANAGERS | {"strategic lead", "system administrator"}

WRITE_METHODS = {"post", "put", "patch", "delete"}
TOKEN_AGENCIES = ("council", "school", "police", "health", "housing", "unrelated")

# --------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Caller:
    name: str  # the relation; for a token, "<agency> token"
    client: Client
    read_only: bool = False


Rule = Callable[[str], int]


def everyone(ok: int = 200) -> Rule:
    return lambda who: ok


def seers(ok: int = 200) -> Rule:
    return lambda who: ok if who in SEES_CASE else 404


def on_case(allowed: set[str], ok: int = 200) -> Rule:
    return lambda who: 404 if who not in SEES_CASE else ok if who in allowed else 403


def holders(allowed: set[str], ok: int = 200) -> Rule:
    return lambda who: ok if who in allowed else 403


def only(allowed: set[str]) -> Rule:
    return lambda who: 200 if who in allowed else 404


EXPECTED: dict[tuple[str, str], Rule] = {
    ("api-family-list", "get"): everyone(),
    ("api-family-detail", "get"): seers(),
    ("api-household-list", "get"): seers(),
    ("api-person-list", "get"): everyone(),
    ("api-person-detail", "get"): seers(),
    ("api-case-list", "get"): everyone(),
    ("api-case-detail", "get"): seers(),
    ("api-case-transitions", "post"): on_case(SIGNERS_OFF),
    ("api-case-next-steps", "get"): seers(),
    ("api-case-person-detail", "get"): seers(),
    ("api-case-person-detail", "patch"): on_case(LEAD_WORKERS),
    ("api-case-note-list", "get"): seers(),
    ("api-case-note-list", "post"): on_case(NOTE_WRITERS, 201),
    ("api-case-consent-list", "get"): seers(),
    ("api-case-consent-list", "post"): on_case(LEAD_WORKERS, 201),
    ("api-case-team-list", "get"): seers(),
    ("api-case-team-list", "post"): on_case(LEAD_WORKERS, 201),
    # As Your enquiries: for the roles that raise enquiries, refused to anyone else.
    ("api-enquiry-list", "get"): holders(ENQUIRERS),
    ("api-enquiry-list", "post"): holders(ENQUIRERS, 201),
    ("api-enquiry-detail", "get"): lambda who: (
        200 if who in ENQUIRY_READERS else 404 if who in ENQUIRERS else 403
    ),
    ("api-assessment-list", "get"): seers(),
    ("api-assessment-detail", "get"): seers(),
    ("api-assessment-section-detail", "get"): seers(),
    ("api-assessment-section-detail", "put"): on_case(LEAD_WORKERS),
    ("api-star-reading-list", "get"): seers(),
    ("api-star-reading-list", "post"): on_case(LEAD_WORKERS, 201),
    ("api-star-reading-detail", "get"): seers(),
    ("api-star-type-list", "get"): everyone(),
    ("api-family-hub-list", "get"): everyone(),
    ("api-service-list", "get"): everyone(),
    ("api-service-detail", "get"): everyone(),
    ("api-plan", "get"): seers(),
    ("api-plan-action-list", "get"): seers(),
    ("api-plan-action-list", "post"): on_case(LEAD_WORKERS, 201),
    ("api-plan-action-detail", "get"): seers(),
    ("api-plan-action-detail", "patch"): on_case(ACTION_OWNERS),
    ("api-meeting-list", "get"): seers(),
    ("api-meeting-list", "post"): on_case(LEAD_WORKERS, 201),
    ("api-meeting-detail", "get"): seers(),
    # Case documents: as their pages (a document everyone on the case may see).
    ("api-case-document-list", "get"): seers(),
    ("api-case-document-list", "post"): on_case(NOTE_WRITERS, 201),
    ("api-case-document-detail", "get"): seers(),
    ("api-case-document-download", "get"): seers(),
    ("api-scorecard", "get"): holders(REPORT_READERS),
    ("api-scorecard-snapshot-list", "get"): holders(COORDINATORS_AND_MANAGERS),
}


def expected(caller: Caller, endpoint: tuple[str, str]) -> int:
    if caller.name == SIGNED_OUT:
        return 401
    if caller.read_only and endpoint[1] != "get":
        return 403  # the token's scope, before anything is looked up
    return EXPECTED[endpoint](caller.name)


# --------------------------------------------------------------------------- the routes


def api_routes() -> dict[str, tuple[str, list[str]]]:
    """URL name -> (route, methods) of every pattern under /api/v1/."""
    found: dict[str, tuple[str, list[str]]] = {}

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            route = prefix + str(pattern.pattern)
            if not route.startswith("api/v1/"):
                continue
            assert pattern.name, f"an API route without a name: {route}"
            actions = getattr(pattern.callback, "actions", None)
            assert actions, f"{pattern.name} is not a viewset route"
            # DRF answers HEAD as GET, adding it to `actions` at the first GET served.
            found[pattern.name] = (route, [m for m in actions if m in WRITE_METHODS | {"get"}])

    walk(get_resolver().url_patterns, "")
    return found


def api_endpoints() -> list[tuple[str, str]]:
    """(URL name, method) of every route under /api/v1/."""
    return sorted(
        (name, method) for name, (_, methods) in api_routes().items() for method in methods
    )


@dataclass
class World:
    relations: Relations
    records: Records
    callers: list[Caller]


def _a_service() -> Any:
    """A directory entry: the directory is for every caller, whatever their cases."""
    from tests.partners.directory.factories import ServiceFactory

    return Service.objects.first() or ServiceFactory()


def _values(world: World) -> dict[str, dict[str, Any]]:
    """The URL kwargs of each route: the objects of the relations' case."""
    r, case = world.records, world.relations.case
    nested = {"case_id": case.pk}
    return {
        "api-family-detail": {"pk": case.family_id},
        "api-household-list": {"family_id": case.family_id},
        "api-person-detail": {"pk": r.child.pk},
        "api-case-detail": {"pk": case.pk},
        "api-case-transitions": {"pk": case.pk},
        "api-case-next-steps": {"pk": case.pk},
        "api-case-person-detail": {**nested, "pk": r.child.pk},
        "api-enquiry-detail": {"pk": case.enquiry.pk},
        "api-assessment-detail": {**nested, "number": r.assessment.number},
        "api-assessment-section-detail": {
            **nested,
            "number": r.assessment.number,
            "key": r.section_key,
        },
        "api-star-reading-detail": {**nested, "pk": r.reading.pk},
        "api-plan-action-detail": {**nested, "pk": r.action.pk},
        "api-meeting-detail": {**nested, "pk": r.meeting.pk},
        "api-service-detail": {"pk": _a_service().pk},
        "api-case-document-detail": {**nested, "pk": _a_document(case)},
        "api-case-document-download": {**nested, "pk": _a_document(case)},
    }


def _a_document(case: Case) -> int:
    from documents.models import Document

    return Document.objects.filter(case=case).values_list("pk", flat=True).get()


def url_of(world: World, name: str) -> str:
    kwargs = _values(world).get(name)
    if kwargs is None and "case_id" in api_routes()[name][0]:
        kwargs = {"case_id": world.relations.case.pk}
    return reverse(name, kwargs=kwargs)


def _write(world: World, endpoint: tuple[str, str]) -> tuple[dict[str, Any], str | None]:
    """A valid body for each write, and the If-Match it needs (the current version)."""
    r, case = world.records, world.relations.case
    today = timezone.localdate()
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=14)
    name = endpoint[0]
    if name == "api-case-transitions":
        version = Case.objects.get(pk=case.pk).version
        return {"name": "step_up", "reason": "Risk to the children has escalated"}, f'"{version}"'
    if name == "api-case-person-detail":
        version = Person.objects.get(pk=r.child.pk).version
        return {"preferred_name": "Addy"}, f'"{version}"'
    if name == "api-case-note-list":
        return {"note_type": "call", "contact_date": today.isoformat(), "text": "Called mum."}, None
    if name == "api-case-consent-list":
        return {"decision": "refused", "person_id": r.parent.pk}, None
    if name == "api-case-team-list":
        return {
            "agency_id": world.relations.police.pk,
            "basis": "safeguarding",
            "lawful_reason": "Police safeguarding checks on a risk of harm",
        }, None
    if name == "api-enquiry-list":
        return {
            "family": {"name": "The Matrix family", "family_hub_id": world.relations.hub.pk},
            "members": [
                {
                    "family_name": "Matrix",
                    "given_names": "Neo",
                    "relationship": "child",
                    "date_of_birth": "2015-05-05",
                    "enquiry_is_about": True,
                }
            ],
            "concerns": "Attendance has fallen this term.",
            "family_consent": "given",
        }, None
    if name == "api-assessment-section-detail":
        row = AssessmentSection.objects.get(assessment=r.assessment, key=r.section_key)
        return {"answers": dict(row.data), "complete": False}, f'"{row.version}"'
    if name == "api-star-reading-list":
        return {
            "star_type": default_star().pk,
            "taken_on": today.isoformat(),
            "occasion": "review",
            "way": "worker_only",
            "scores": [{"scale": scale.pk, "value": 6} for scale in star_scales()],
        }, None
    if name == "api-plan-action-list":
        return {
            "outcome_id": r.action.outcome_id,
            "what": "Walk to school together",
            "owner": f"family:{r.parent.pk}",
            "start_on": today.isoformat(),
            "due_on": (today + dt.timedelta(days=28)).isoformat(),
        }, None
    if name == "api-plan-action-detail":
        version = PlanAction.objects.get(pk=r.action.pk).version
        return {"status": "done"}, f'"{version}"'
    if name == "api-meeting-list":
        return {
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=1)).isoformat(),
            "location": "Family hub",
            "invite": [f"family:{r.parent.pk}"],
        }, None
    if name == "api-case-document-list":
        from tests.documents.files import pdf_bytes

        return {
            "document_type": "letter",
            "document_date": today.isoformat(),
            "file_name": "letter.pdf",
            "content_base64": base64.b64encode(pdf_bytes()).decode(),
        }, None
    raise AssertionError(f"no body for {endpoint}")


class _Undo(Exception):
    pass


def call(world: World, caller: Caller, endpoint: tuple[str, str]) -> Any:
    """Call the endpoint as the caller; a write is undone afterwards."""
    name, method = endpoint
    url = url_of(world, name)
    if method == "get":
        return caller.client.get(url)
    body, etag = _write(world, endpoint)
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    response = None
    try:
        with transaction.atomic():
            response = getattr(caller.client, method)(
                url, body, content_type="application/json", **headers
            )
            raise _Undo
    except _Undo:
        pass
    return response


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch, settings: Any) -> World:
    # Hundreds of calls per token: the rate limit is tested on its own.
    monkeypatch.setattr(TokenRateThrottle, "allow_request", lambda self, request, view: True)
    # A document everyone on the case may see; no scanner here (tests/documents/ scan
    # with clamd), and unscanned files may be downloaded.
    settings.DOCUMENT_SCANNER = ""
    settings.DOCUMENT_ALLOW_UNSCANNED = True
    relations = build_relations()
    uploaded(actor=relations["lead practitioner"], case=relations.case, scanned=False)
    lead = relations["lead practitioner"]
    records = records_for(relations.case, lead=lead, action_owner=relations.school)
    # The case's draft assessment is where it is: nothing else on this case moves on.
    assert Assessment.objects.filter(case=relations.case).count() == 1
    agencies = {
        "council": relations.council,
        "school": relations.school,
        "police": relations.police,
        "health": relations.health,
        "housing": relations.housing,
        "unrelated": AgencyFactory(name="Unrelated Advice Centre"),
    }
    callers: list[Caller] = []
    for who, user in relations.people.items():
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        callers.append(Caller(who, client))
    for label in TOKEN_AGENCIES:
        for scope in ("write", "read"):
            token = token_for(agencies[label], scope)
            callers.append(Caller(f"{label} token", token.client(), read_only=scope == "read"))
    return World(relations, records, callers)


# --------------------------------------------------------------------------- tests


def test_every_api_endpoint_has_a_declared_expectation():
    endpoints = set(api_endpoints())
    undeclared = endpoints - set(EXPECTED)
    assert undeclared == set(), f"declare who may use: {sorted(undeclared)}"
    assert set(EXPECTED) <= endpoints, f"gone: {sorted(set(EXPECTED) - endpoints)}"


def test_every_relation_is_in_the_matrix():
    unknown = set(build_relations().people) - KNOWN
    assert unknown == set(), f"declare what these may do through the API: {sorted(unknown)}"


def test_each_caller_gets_exactly_the_access_their_relation_allows(world):
    wrong = []
    endpoints = api_endpoints()
    for caller in world.callers:
        assert caller.name in KNOWN, f"declare what {caller.name!r} may do"
        for endpoint in endpoints:
            want = expected(caller, endpoint)
            got = call(world, caller, endpoint).status_code
            if got != want:
                scope = " (read)" if caller.read_only else ""
                wrong.append(f"{caller.name}{scope}: {endpoint}: expected {want}, got {got}")
    assert wrong == [], "\n".join(wrong)


def test_lists_hold_the_case_for_exactly_those_who_may_see_it(world):
    case, child = world.relations.case, world.records.child
    for caller in world.callers:
        if caller.name == SIGNED_OUT:
            continue
        sees = caller.name in SEES_CASE
        for url, wanted in (
            ("/api/v1/cases/", case.pk),
            ("/api/v1/families/", case.family_id),
            ("/api/v1/people/", child.pk),
        ):
            found = {row["id"] for row in caller.client.get(url).json()["results"]}
            assert (wanted in found) is sees, f"{caller.name}: {url}"
        text = caller.client.get("/api/v1/enquiries/").content.decode()
        assert (case.reference in text) is (caller.name in ENQUIRY_READERS), caller.name
