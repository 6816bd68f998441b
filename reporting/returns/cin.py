# mypy: disallow-untyped-defs
"""Children in Need census fields of Family Help (section 17) episodes.

Where Family Help is section 17 work, the council's census extract must include it.
The episodes are cases of a case type marked for the census (CaseType.cin_census)
that were open at any time in the collection year (1 April to 31 March), one row per
child the enquiry was about. Fields carry the census names; dates are yyyy-mm-dd;
the referral date and source are the enquiry's, as recorded at the front door, and
the primary need and reason for closure are the codes the practitioner recorded.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cases.codes import Gender
from cases.models import Case, Person, PersonIdentifier
from family_plans.models import FamilyNetworkMeeting
from reporting.returns.tables import ISO_DATE, Table

COLUMNS = (
    "LAchildID",
    "UPN",
    "FormerUPN",
    "UPNunknown",
    "PersonBirthDate",
    "ExpectedPersonBirthDate",
    "GenderCurrent",
    "Sex",
    "Ethnicity",
    "CINreferralDate",
    "ReferralSource",
    "PrimaryNeedCode",
    "CINclosureDate",
    "ReasonForClosure",
    "ReferralNFA",
    "FGDMMeetingOffer",
    "FGDMMeetingFac",
)
CIN_GENDER = {Gender.NOT_STATED: "0", Gender.MALE: "1", Gender.FEMALE: "2", Gender.NEITHER: "9"}


def collection_year(year: int) -> tuple[dt.date, dt.date]:
    """The census year starting 1 April `year`."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def census_episodes(cases: QuerySet[Case], *, year: int) -> QuerySet[Case]:
    start, end = collection_year(year)
    return cases.filter(case_type__cin_census=True, opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )


def cin_table(*, cases: QuerySet[Case], year: int) -> Table:
    table = Table(f"Children in Need {year}-{str(year + 1)[2:]}", COLUMNS, date_format=ISO_DATE)
    today = timezone.localdate()
    episodes = (
        census_episodes(cases, year=year)
        .select_related("enquiry")
        .prefetch_related(
            Prefetch(
                "enquiry__children",
                queryset=Person.objects.order_by("pk").prefetch_related(
                    Prefetch(
                        "identifiers",
                        queryset=PersonIdentifier.objects.filter(
                            type=PersonIdentifier.Type.UPN
                        ).order_by("-valid_from", "-pk"),
                    )
                ),
            ),
            Prefetch(
                "network_meetings",
                queryset=FamilyNetworkMeeting.objects.order_by("offered_on", "pk"),
            ),
        )
        .order_by("opened_on", "pk")
    )
    for case in episodes:
        enquiry = getattr(case, "enquiry", None)
        meetings = list(case.network_meetings.all())  # type: ignore[attr-defined]
        first = meetings[0] if meetings else None
        children = enquiry.children.all() if enquiry else []
        for child in children:
            upns = list(child.identifiers.all())
            current = [u for u in upns if u.valid_until is None or u.valid_until > today]
            former = [u for u in upns if u not in current]
            table.add(
                [
                    str(child.pk),
                    current[0].value if current else None,
                    former[0].value if former else None,
                    None,
                    child.date_of_birth or (None if child.expected_date_of_birth else ""),
                    child.expected_date_of_birth if child.date_of_birth is None else None,
                    CIN_GENDER.get(Gender(child.gender), "0"),
                    child.sex,
                    child.ethnicity,
                    timezone.localdate(enquiry.received_at) if enquiry else case.opened_on,
                    enquiry.contact_source if enquiry else "",
                    case.cin_primary_need,
                    case.closed_on,
                    (case.cin_closure_reason or "") if case.closed_on else None,
                    "0",
                    first.offered_on if first else None,
                    first.facilitated_on if first else None,
                ]
            )
    return table
