"""The one vocabulary of needs: what enquiries are about, what plans answer and what the
service directory's services help with.

It lives in partners/ because the directory (here) and cases/ (which builds on partners/)
both use it; cases.models.enquiries.ConcernCategory is this same class under the name the
front door has always used, so a need chosen at the front door finds services by the
same key.
"""

from __future__ import annotations

from django.db import models


class NeedCategory(models.TextChoices):
    SCHOOL_ATTENDANCE = "school_attendance", "School attendance or exclusion"
    BEHAVIOUR = "behaviour", "Behaviour at home or school"
    EMOTIONAL_WELLBEING = "emotional_wellbeing", "Emotional wellbeing or mental health"
    PARENTING = "parenting", "Parenting support"
    EARLY_YEARS = "early_years", "Early years development"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    SEND = "send", "Special educational needs or disability"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SUBSTANCE_MISUSE = "substance_misuse", "Drug or alcohol use"
    FAMILY_RELATIONSHIPS = "family_relationships", "Family relationships"
    HOUSING = "housing", "Housing"
    MONEY = "money", "Money, debt or work"
    CRIME = "crime", "Crime or anti-social behaviour"
    EXPLOITATION = "exploitation", "Exploitation or going missing"
    YOUNG_CARER = "young_carer", "Young carer"
    OTHER = "other", "Other"
