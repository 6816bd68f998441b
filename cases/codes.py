"""Coded values that returns and inspections ask for, stored at the source.

Codes match ../shared/domain/DATA-RETURNS.md exactly: DfE ethnicity codes, the
Annex A gender codes and the Children in Need census contact source codes.
"""

from __future__ import annotations

from django.db import models


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy / Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


# Annex A letter prefixes, in the order DATA-RETURNS.md lists them.
ETHNICITY_ANNEX_A = {
    code: f"{letter}) {code}"
    for letter, code in zip("abcdefghijklmnopqr", list(Ethnicity.values)[:18], strict=True)
} | {"REFU": "s) REFU", "NOBT": "s) NOBT"}


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    NOT_STATED = "not_stated", "Not stated or recorded"
    NEITHER = "neither", "Neither"


GENDER_ANNEX_A = {
    Gender.MALE: "a) Male",
    Gender.FEMALE: "b) Female",
    Gender.NOT_STATED: "c) Not stated/recorded",
    Gender.NEITHER: "d) Neither",
}


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class ContactSource(models.TextChoices):
    """Children in Need census referral source codes (Annex A List 1 'Contact Source')."""

    INDIVIDUAL_FAMILY = "1A", "Individual: family member, relative or carer"
    INDIVIDUAL_ACQUAINTANCE = "1B", "Individual: acquaintance (e.g. neighbour, childminder)"
    INDIVIDUAL_SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    HEALTH_GP = "3A", "Health services: GP"
    HEALTH_VISITOR = "3B", "Health services: health visitor"
    HEALTH_SCHOOL_NURSE = "3C", "Health services: school nurse"
    HEALTH_OTHER_PRIMARY = "3D", "Health services: other primary health services"
    HEALTH_AE = "3E", "Health services: A&E"
    HEALTH_OTHER = "3F", "Health services: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "LA services: social care"
    LA_OTHER_INTERNAL = "5B", "LA services: other internal"
    LA_EXTERNAL = "5C", "LA services: external"
    LA_EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


CONTACT_SOURCE_ANNEX_A = {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    "5D": "p1) 5D: LA services",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
}


class Relationship(models.TextChoices):
    """A person's relationship to the household (its children)."""

    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    CARER = "carer", "Carer"
    CHILD = "child", "Child"
    SIBLING = "sibling", "Sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER = "other", "Other"


ADULT_RELATIONSHIPS = {
    Relationship.PARENT,
    Relationship.STEP_PARENT,
    Relationship.CARER,
    Relationship.GRANDPARENT,
}


class PrimaryNeed(models.TextChoices):
    """Children in Need census primary need codes (the child's main need at assessment)."""

    N1 = "N1", "N1: Abuse or neglect"
    N2 = "N2", "N2: Child's disability"
    N3 = "N3", "N3: Parental disability or illness"
    N4 = "N4", "N4: Family in acute stress"
    N5 = "N5", "N5: Family dysfunction"
    N6 = "N6", "N6: Socially unacceptable behaviour"
    N7 = "N7", "N7: Low income"
    N8 = "N8", "N8: Absent parenting"
    N9 = "N9", "N9: Cases other than children in need"
    N0 = "N0", "N0: Not stated"


class CinClosureReason(models.TextChoices):
    """Children in Need census reasons for closure of an episode."""

    RC1 = "RC1", "RC1: Adopted"
    RC2 = "RC2", "RC2: Died"
    RC3 = "RC3", "RC3: Child arrangements order"
    RC4 = "RC4", "RC4: Special guardianship order"
    RC5 = "RC5", "RC5: Transferred to services of another local authority"
    RC6 = "RC6", "RC6: Transferred to adult social care services"
    RC7 = "RC7", "RC7: Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "RC8: Case closed after assessment, no further action"
    RC9 = "RC9", "RC9: Case closed after assessment, referred to early help"


# The census reason suggested for each way a case closes; the practitioner confirms it.
SUGGESTED_CIN_CLOSURE_REASON = {
    "needs_met": CinClosureReason.RC7,
    "family_declined": CinClosureReason.RC7,
    "moved_away": CinClosureReason.RC5,
    "stepped_up": CinClosureReason.RC7,
    "other": CinClosureReason.RC7,
    "no_further_action": CinClosureReason.RC8,
    "signpost": CinClosureReason.RC9,
    "single_agency": CinClosureReason.RC9,
}
