"""The kinds of data set partners send, what each row indicates and how long it is kept."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from partners.needs import NeedCategory


class DataSetKind(models.TextChoices):
    SCHOOL_ATTENDANCE = "school_attendance", "School attendance"
    SCHOOL_EXCLUSIONS = "school_exclusions", "School exclusions and suspensions"
    POLICE_DOMESTIC_ABUSE = "police_domestic_abuse", "Police domestic abuse notifications"
    POLICE_ASB = "police_asb", "Police anti-social behaviour"
    WORKLESSNESS = "worklessness", "Worklessness"
    HEALTH_VISITING = "health_visiting", "Health visiting concerns"


@dataclass(frozen=True)
class KindFacts:
    indicator: str  # what one row says about a family
    need: NeedCategory  # the need the enquiry is recorded under
    retention_months: int  # how long rows are kept after import
    detail_hint: str  # what the file's `detail` column holds


FACTS: dict[str, KindFacts] = {
    DataSetKind.SCHOOL_ATTENDANCE: KindFacts(
        "Persistent absence", NeedCategory.SCHOOL_ATTENDANCE, 12, "attendance, e.g. 82%"
    ),
    DataSetKind.SCHOOL_EXCLUSIONS: KindFacts(
        "Exclusion or suspension", NeedCategory.SCHOOL_ATTENDANCE, 12, "days, reason"
    ),
    DataSetKind.POLICE_DOMESTIC_ABUSE: KindFacts(
        "Domestic abuse notification", NeedCategory.DOMESTIC_ABUSE, 12, "incident summary"
    ),
    DataSetKind.POLICE_ASB: KindFacts(
        "Anti-social behaviour", NeedCategory.CRIME, 12, "incident summary"
    ),
    DataSetKind.WORKLESSNESS: KindFacts(
        "Out of work benefits", NeedCategory.MONEY, 6, "benefit, since when"
    ),
    DataSetKind.HEALTH_VISITING: KindFacts(
        "Health visiting concern", NeedCategory.EARLY_YEARS, 12, "concern"
    ),
}
