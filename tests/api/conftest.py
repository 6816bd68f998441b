"""Agency systems with tokens, and data that belongs to each of them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from cases.models import Case
from partners.models import Agency, ApiToken, FamilyHub
from partners.roles import AgencyKind
from partners.services import api_token_issue
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory
from tests.partners.factories import AgencyFactory, FamilyHubFactory


@dataclass
class AgencySystem:
    agency: Agency
    token: str
    row: ApiToken

    def client(self) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.token}")


def system(kind: str = AgencyKind.SCHOOL, scope: str = "write", name: str = "") -> AgencySystem:
    agency = AgencyFactory(kind=kind, **({"name": name} if name else {}))
    return token_for(agency, scope)


def token_for(agency: Agency, scope: str = "write") -> AgencySystem:
    """A token issued to an existing agency's system (as `manage.py issue_api_token`)."""
    row, token = api_token_issue(actor=None, agency=agency, scope=scope)
    return AgencySystem(agency, token, row)


@pytest.fixture
def school() -> AgencySystem:
    return system(AgencyKind.SCHOOL, name="Hillcrest Primary School")


@pytest.fixture
def police() -> AgencySystem:
    return system(AgencyKind.POLICE, name="Borough Police")


def led_case(agency: Agency, family_name: str) -> Case:
    family = FamilyFactory(name=f"The {family_name} family")
    HouseholdMemberFactory(family=family, person__family_name=family_name)
    return CaseFactory(family=family, lead_agency=agency)


@pytest.fixture
def northborough() -> FamilyHub:
    """The area of the README's example family (postcode NB3 2QT) is served by a hub."""
    from partners.services import postcode_area_set

    hub = FamilyHubFactory(name="Millbrook Family Hub")
    postcode_area_set(prefix="NB3", family_hub=hub)
    return hub
