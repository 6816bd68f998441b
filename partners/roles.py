"""Roles a person holds in an agency, and the agency kinds of the partnership."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    COORDINATOR = "coordinator", "Early help coordinator"
    MANAGER = "manager", "Manager"
    PARTNER_VIEWER = "partner_viewer", "Partner viewer"
    STRATEGIC_LEAD = "strategic_lead", "Strategic lead"
    SYSTEM_ADMIN = "system_admin", "System administrator"
    # Onboards their own agency's staff (invite, deactivate, set roles) within the roles a
    # system administrator allows for that agency; sees no cases through this role.
    AGENCY_ADMIN = "agency_admin", "Agency administrator"
    # Answers subject access, restriction and erasure requests and approves what the
    # retention schedule makes due (governance/); sees no case through casework pages.
    INFORMATION_GOVERNANCE = "ig_officer", "Information governance officer"


# Roles that work with individual cases (see identifiable data of their cases).
CASEWORK_ROLES = frozenset({Role.PRACTITIONER, Role.COORDINATOR, Role.MANAGER})
# Roles whose scope is a zone or family hub rather than their own cases.
ZONE_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})


class AgencyKind(models.TextChoices):
    COUNCIL_EARLY_HELP = "council_early_help", "Council early help"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
    SCHOOL = "school", "School"
    EARLY_YEARS = "early_years", "Early years setting"
    HEALTH_VISITING = "health_visiting", "Health visiting"
    SCHOOL_NURSING = "school_nursing", "School nursing"
    GP = "gp", "GP practice"
    MENTAL_HEALTH = "mental_health", "Mental health service"
    POLICE = "police", "Police"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    HOUSING = "housing", "Housing"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse service"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse service"
    JOBCENTRE = "jobcentre", "Jobcentre / DWP"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    OTHER = "other", "Other"
