"""Every page of the cases app against every role and relation to a case.

The matrix enumerates the URL patterns of cases/urls.py: a new page fails this test
until its expected access is declared below. Each person in a relation to the case
(tests/cases/relations.py) gets, for each page:

- 200 when they may see the case and do what the page does;
- 403 for a page of a case they may see but an action they may not do;
- 404 for every page of a case they may not see (existence is never revealed);
- for the lists and the enquiry pages, 200 (or the next enquiry page) for the roles
  that use them and 403 for the others; 404 for a zone's allocation meeting to a
  coordinator or manager who does not cover that zone;
- a redirect to sign in when signed out.

The relations include the lead agency's own manager and coordinator (no zone), the
service's zone coordinator and manager and their counterparts in another zone, partner
agencies' managers and coordinators (on the case, and scoped to the zone with no
relation), partner viewers with and without a share, holders of an explicit grant that
is current or expired, a manager whose zone grant has expired, and someone of the
service who opened the case with a reason (break-glass).
Refused pages are refused for POST as well as GET, and no page outside the case shows
its reference to someone who may not see it. The notes of each visibility are checked
on the notes page and in the chronology.
"""

from __future__ import annotations

import re
import uuid
from html import escape
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from cases import urls as case_urls
from cases.models import NoteVisibility
from tests.cases.relations import NOTE_TEXTS, Relations, build_relations

pytestmark = pytest.mark.django_db

SIGN_IN = "sign-in"

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
    "partner agency manager",  # the school is on the team
    "partner agency coordinator",  # the police are shared with
    "break-glass user",  # opened it with a reason, for 24 hours
}
NEVER_SEES_CASE = {
    "partner agency manager with no relation",  # scoped to the zone: not the service
    "holder of an expired zone grant",
    "coordinator of another zone",
    "manager of another zone",
    "partner viewer with no relation",
    "partner after consent withdrawn",
    "partner on a closed case",  # on the team of the closed case only
    "holder of an expired grant",  # expired yesterday, not yet removed by the daily task
    "practitioner who left the agency",
    "unrelated practitioner",
    "strategic lead",
    "system administrator",
    "information governance officer",
}
EVERYONE = SEES_CASE | NEVER_SEES_CASE | {"signed-out visitor"}

# Action.ADD_NOTE: the lead agency, the zone's roles and the team's workers; not a
# partner viewer, nor someone who may only read the case on a grant.
NOTE_WRITERS = SEES_CASE - {
    "partner viewer via consent share",
    "holder of a time-limited grant",
    "break-glass user",
}
# Action.MANAGE_TEAM and Action.WORK: whoever leads the work and those who oversee it.
TEAM_MANAGERS = {"lead practitioner", "lead-agency manager", "zone coordinator", "zone manager"}
LEAD_WORKERS = TEAM_MANAGERS
SCREENERS = {"zone coordinator", "zone manager"}  # the front door is the zone's
REASSIGNERS = {"zone coordinator", "zone manager", "lead-agency manager"}
ACCESS_MANAGERS = {"zone manager", "lead-agency manager"}
SIGNERS_OFF = {"zone manager", "lead-agency manager"}

# Case pages: who, among those who see the case, may use the page.
CASE_PAGES: dict[str, set[str]] = {
    "case-summary": SEES_CASE,
    "case-family": SEES_CASE,
    "case-chronology": SEES_CASE,
    "case-notes": SEES_CASE,
    "case-sharing": SEES_CASE,
    "case-note-add": NOTE_WRITERS,
    "case-team-add": TEAM_MANAGERS,
    "case-team-end": TEAM_MANAGERS,
    "case-consent-add": TEAM_MANAGERS,
    "case-share-add": TEAM_MANAGERS,
    "case-share-end": TEAM_MANAGERS,
    "case-disclosure-add": TEAM_MANAGERS,
    "case-screening": SCREENERS,
    "case-access": ACCESS_MANAGERS,
    "case-access-grant": ACCESS_MANAGERS,
    "case-lead-change": REASSIGNERS,
    "case-closure-propose": LEAD_WORKERS,
    "case-closure-decision": SIGNERS_OFF,
    "case-step-up": SIGNERS_OFF,
    "case-step-across": LEAD_WORKERS,
    # Action.CORRECT_RECORD: those who lead the work, also once the case is closed.
    "case-person-change": LEAD_WORKERS,
    "case-return-codes": LEAD_WORKERS,
    "case-household-add": LEAD_WORKERS,
}

# Everyone holding a role that works with families (casework or partner viewer).
ENQUIRERS = EVERYONE - {
    "practitioner who left the agency",
    "strategic lead",
    "system administrator",
    "information governance officer",
    "signed-out visitor",
}
PARTNER_VIEWERS = {"partner viewer via consent share", "partner viewer with no relation"}
CASEWORKERS = ENQUIRERS - PARTNER_VIEWERS
# Coordinators and managers, whatever they cover.
ZONE_ROLES = {
    "zone coordinator",
    "zone manager",
    "lead-agency coordinator",
    "lead-agency manager",
    "coordinator of another zone",
    "manager of another zone",
}
# Coordinators and managers of partner agencies: their own staff's caseloads, no zone.
PARTNER_OVERSEERS = {
    "partner agency manager",
    "partner agency coordinator",
    "partner agency manager with no relation",
    "holder of an expired zone grant",
}
MANAGERS = {
    "zone manager",
    "lead-agency manager",
    "manager of another zone",
    "partner agency manager",
    "partner agency manager with no relation",
    "holder of an expired zone grant",
}
# Casework roles of the agencies that run the service: they may open a case with a reason.
SERVICE_STAFF = {
    "lead practitioner",
    "lead-agency practitioner",
    "lead-agency manager",
    "lead-agency coordinator",
    "zone coordinator",
    "zone manager",
    "coordinator of another zone",
    "manager of another zone",
    "break-glass user",
}
# Openings reviewed by the lead agency's managers (the opening in the world is of a case
# the council leads); any other manager is told it does not exist.
BREAK_GLASS_REVIEWERS = {"lead-agency manager"}
# Pages that name a case but are not CASE pages: the person cannot see the case.
NOT_CASE_PAGES = {"case-break-glass"}
# The pages of one zone's allocation meeting: a coordinator or manager who does not
# cover the zone is told it does not exist; the other roles may not use meetings at all.
MEETING_PAGES = {
    "allocation-meeting",
    "allocation-meeting-attendance",
    "allocation-meeting-refresh",
    "allocation-meeting-record",
    "allocation-decision",
}
ENQUIRY_PAGES = [
    "enquiry-start",
    "enquiry-who",
    "enquiry-children",
    "enquiry-family",
    "enquiry-people",
    "enquiry-matches",
    "enquiry-concerns",
    "enquiry-check",
    "enquiry-sent",
]
# Pages outside a case: who may use them.
OTHER_PAGES: dict[str, set[str]] = {
    **dict.fromkeys(ENQUIRY_PAGES, ENQUIRERS),
    "front-door": ZONE_ROLES,
    "my-cases": CASEWORKERS,
    "family-search": ENQUIRERS,
    "my-work": CASEWORKERS,
    "your-enquiries": ENQUIRERS,
    "our-cases": ENQUIRERS,
    "drift": MANAGERS,
    "possible-duplicates": ZONE_ROLES,
    "allocation-meetings": ZONE_ROLES,
    "allocation-meeting-new": ZONE_ROLES,
    **dict.fromkeys(MEETING_PAGES, SCREENERS),
    "caseloads": ZONE_ROLES | PARTNER_OVERSEERS,
    "caseload-person": ZONE_ROLES,
    "caseload-reassign": ZONE_ROLES,
    "case-break-glass": SERVICE_STAFF,
    "break-glass-reviews": MANAGERS,
    "break-glass-review": BREAK_GLASS_REVIEWERS,
}
# Someone's caseload the partner's overseer does not oversee: told it does not exist.
CASELOAD_PAGES = {"caseload-person", "caseload-reassign"}
# Pages that only take a form: GET answers 405 and a POST says what the person may do.
POST_ONLY = {"allocation-meeting-refresh"}

NOTES_SEEN = {
    "lead practitioner": {
        NoteVisibility.EVERYONE,
        NoteVisibility.LEAD_AGENCY,
        NoteVisibility.RESTRICTED,
    },
    "lead-agency practitioner": {NoteVisibility.EVERYONE, NoteVisibility.LEAD_AGENCY},
    "lead-agency manager": {NoteVisibility.EVERYONE, NoteVisibility.LEAD_AGENCY},
    "lead-agency coordinator": {NoteVisibility.EVERYONE, NoteVisibility.LEAD_AGENCY},
    "zone coordinator": {NoteVisibility.EVERYONE},
    "zone manager": {NoteVisibility.EVERYONE},
    "TAF partner practitioner": {NoteVisibility.EVERYONE, NoteVisibility.RESTRICTED},
    "partner viewer via consent share": {NoteVisibility.EVERYONE},
    "holder of a time-limited grant": {NoteVisibility.EVERYONE},
    "partner agency manager": {NoteVisibility.EVERYONE},
    "partner agency coordinator": {NoteVisibility.EVERYONE},
    "break-glass user": {NoteVisibility.EVERYONE},
}


def client_for(world: Relations, who: str) -> Client:
    client = Client()
    user = world[who]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def case_url(world: Relations, pattern: URLPattern, case_id: int) -> str:
    values = {
        "case_id": case_id,
        "member_id": world.team_member.pk,
        "share_id": world.share.pk,
        "person_id": world.case.family.members.values_list("person_id", flat=True).first(),
    }
    return "/" + _fill(str(pattern.pattern), values)


def other_url(world: Relations, pattern: URLPattern) -> str:
    assert world.meeting is not None and world.agenda_item is not None
    assert world.break_glass is not None
    values = {
        "case_id": world.case.pk,
        "opening_id": world.break_glass.pk,
        "meeting_id": world.meeting.pk,
        "item_id": world.agenda_item.pk,
        "person_id": world["lead practitioner"].pk,
    }
    return "/" + _fill(str(pattern.pattern), values)


def _fill(route: str, values: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        return {"int": "1", "uuid": str(uuid.uuid4())}.get(converter, "x")

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


def outcome(response: Any) -> int | str:
    if response.status_code == 302 and response["Location"].startswith("/sign-in/"):
        return SIGN_IN
    if response.status_code == 302 and response["Location"].startswith("/enquiries/new/"):
        return 200  # the enquiry pages send you to the page you should be on
    return int(response.status_code)


def expected_for_case_page(who: str, name: str) -> int | str:
    if who == "signed-out visitor":
        return SIGN_IN
    if who not in SEES_CASE:
        return 404
    return 200 if who in CASE_PAGES[name] else 403


def expected_for_other_page(who: str, name: str) -> int | str:
    if who == "signed-out visitor":
        return SIGN_IN
    if who in OTHER_PAGES[name]:
        return 200
    if name in CASELOAD_PAGES and who in PARTNER_OVERSEERS:
        return 404
    if name == "break-glass-review" and who in MANAGERS:
        return 404
    return 404 if name in MEETING_PAGES and who in ZONE_ROLES else 403


@pytest.fixture
def world() -> Relations:
    return build_relations()


def test_every_page_of_the_cases_app_has_a_declared_expectation():
    names = {p.name for p in case_urls.urlpatterns if isinstance(p, URLPattern)}
    undeclared = names - set(CASE_PAGES) - set(OTHER_PAGES)
    assert undeclared == set(), f"declare who may use: {sorted(undeclared)}"
    assert set(CASE_PAGES) | set(OTHER_PAGES) <= names
    for pattern in case_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        is_case_page = "<int:case_id>" in str(pattern.pattern)
        if pattern.name not in NOT_CASE_PAGES:
            assert is_case_page == (pattern.name in CASE_PAGES), pattern.name


def test_every_relation_is_in_the_matrix():
    assert set(build_relations().people) == EVERYONE


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_each_person_gets_exactly_the_access_their_relation_allows(world, who):
    client = client_for(world, who)
    wrong = []
    for pattern in case_urls.urlpatterns:
        assert isinstance(pattern, URLPattern) and pattern.name
        if pattern.name in CASE_PAGES:
            url = case_url(world, pattern, world.case.pk)
            expected = expected_for_case_page(who, pattern.name)
        else:
            url = other_url(world, pattern)
            expected = expected_for_other_page(who, pattern.name)
        response = client.get(url)
        got = outcome(response)
        if pattern.name in POST_ONLY and got == 405:
            response = client.post(url)
            got = 200 if response.status_code == 302 else outcome(response)
        if got != expected:
            wrong.append(f"GET {url} ({pattern.name}): expected {expected}, got {got}")
        if who not in SEES_CASE and world.case.reference in response.content.decode():
            wrong.append(f"GET {url} ({pattern.name}) shows the case it should not")
        if expected != 200:
            posted = outcome(client.post(url, {}))
            if posted != expected:
                wrong.append(f"POST {url} ({pattern.name}): expected {expected}, got {posted}")
    assert wrong == [], f"{who}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("who", sorted(SEES_CASE))
def test_notes_of_each_visibility_appear_only_to_those_who_may_read_them(world, who):
    client = client_for(world, who)
    notes_page = client.get(f"/cases/{world.case.pk}/notes/").content.decode()
    chronology = client.get(f"/cases/{world.case.pk}/chronology/").content.decode()
    for visibility, text in NOTE_TEXTS.items():
        may_read = visibility in NOTES_SEEN[who]
        text = escape(text)
        assert (text in notes_page) is may_read, f"{who}: {visibility} note on the notes page"
        assert (text in chronology) is may_read, f"{who}: {visibility} note in the chronology"


def test_a_closed_case_is_hidden_from_the_partner_whose_team_stood_down_at_closure(world):
    partner = client_for(world, "partner on a closed case")
    lead_agency = client_for(world, "lead-agency practitioner")
    for pattern in case_urls.urlpatterns:
        if pattern.name not in CASE_PAGES:
            continue
        url = case_url(world, pattern, world.closed_case.pk)
        assert partner.get(url).status_code == 404, url
    for name in ("case-summary", "case-family", "case-chronology", "case-notes", "case-sharing"):
        pattern = next(p for p in case_urls.urlpatterns if p.name == name)
        assert lead_agency.get(case_url(world, pattern, world.closed_case.pk)).status_code == 200


def test_the_screening_page_of_a_case_already_screened_offers_no_decision(world):
    response = client_for(world, "zone coordinator").get(f"/cases/{world.case.pk}/screening/")
    assert response.status_code == 200
    assert b"This enquiry has been screened" in response.content
    assert b'name="outcome"' not in response.content


def _other_apps_case_patterns() -> list[tuple[str, URLPattern]]:
    found = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                module = getattr(pattern.callback, "__module__", "")
                if route.startswith("cases/") and not module.startswith("cases.views"):
                    found.append((route, pattern))

    walk(get_resolver().url_patterns, "")
    return found


def test_pages_other_apps_serve_under_a_case_never_answer_those_who_cannot_see_it(world):
    """Assessment, plan and meeting pages live under /cases/<id>/ too: the same wall."""
    wrong = []
    for route, _pattern in _other_apps_case_patterns():
        url = "/" + _fill(route, {"case_id": world.case.pk})
        for who in sorted(NEVER_SEES_CASE | {"signed-out visitor"}):
            client = client_for(world, who)
            got = outcome(client.get(url))
            if got == 405:  # a page that only takes a form: refused when posted to
                got = outcome(client.post(url, {}))
            allowed = {SIGN_IN} if who == "signed-out visitor" else {403, 404}
            if got not in allowed:
                wrong.append(f"{who}: {url} answered {got}")
    assert wrong == []
