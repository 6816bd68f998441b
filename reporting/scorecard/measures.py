# mypy: disallow-untyped-defs
"""Every scorecard measure of SCORECARD.md: its definition, how it is calculated, its
target, and the SQL that lists its events.

Each measure's SQL returns one row per event (a case allocated, an enquiry received,
a case closed...) with the columns

    on_date, zone_id, hub_id, agency_id, num, den

`num` and `den` are the event's contribution to the numerator and denominator (for an
average: the working days and 1; for a share: 1 or 0 and 1; for a count: 1 and 0).
reporting/scorecard/engine.py groups them by month, zone, hub and agency in SQL, for
a live figure or for the stored snapshots; no case is ever looped over in Python.

Dates are local (Europe/London) dates of the stored transitions: the transitions are
the scorecard's clock. Working days come from the calendar table that
reporting/scorecard/calendar.py builds from cases.working_days.

The SQL itself is in reporting/scorecard/sql.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cases.timeliness import TARGET_WORKING_DAYS
from reporting.scorecard import offer_of_help
from reporting.scorecard.sql import (
    SQL_ALLOCATED_TO_STARTED,
    SQL_ASSESSMENTS_COMPLETED,
    SQL_AUDITS,
    SQL_CHILD_VOICE,
    SQL_CHILDREN_OPEN,
    SQL_CLAIMS,
    SQL_COMPLETED_TO_TAF,
    SQL_ELIGIBLE,
    SQL_ENGAGED,
    SQL_ENQUIRIES,
    SQL_FEEDBACK,
    SQL_HAD_EARLY_HELP,
    SQL_LEAD_AGENCIES,
    SQL_LEVEL_CHANGE,
    SQL_LEVEL_LOWER,
    SQL_MEASURES_IMPROVED,
    SQL_NEWLY_ALLOCATED,
    SQL_OPEN_CASES,
    SQL_RECEIVED_TO_ALLOCATED,
    SQL_REREFERRED,
    SQL_STAR_POSITIVE,
    SQL_STARTED_TO_COMPLETED,
    SQL_STEP_DOWNS,
    SQL_STEPPED_UP,
    SQL_TRAINING,
    SQL_WITHIN_TARGET,
    _star_scale_sql,
)

STAR_SCALES = 10  # mean change is reported for scales 1..10 of the case's star


class Kind(StrEnum):
    COUNT = "count"  # numerator only; sums across months and places
    AVERAGE = "average"  # numerator = total, denominator = how many
    SHARE = "share"  # numerator of denominator, shown as a percentage
    DISTINCT = "distinct"  # distinct agencies with a non-zero numerator
    STOCK = "stock"  # a month-end figure: a period takes its last month
    PENETRATION = "penetration"  # S9: families supported / estimated families in need
    ADMIN = "admin"  # figures the administrator enters (S5, S6)


class Group(StrEnum):
    PROCESS = "Process measures (timeliness)"
    QUALITY = "Quality measures"
    FAMILY = "Outcome measures: family"
    SERVICE = "Outcome measures: service"
    FEEDBACK = "Family feedback"


@dataclass(frozen=True)
class Target:
    value: float
    at_most: bool  # True: the figure should be at most the value
    text: str


@dataclass(frozen=True)
class Measure:
    key: str
    group: Group
    title: str
    kind: Kind
    how: str
    agency_basis: str
    sql: str | None = None
    unit: str = ""
    target: Target | None = None
    shown: bool = True  # internal parts of another measure are stored, not shown
    by_agency_kind: bool = False  # the dashboard breaks it down by agency type

    @property
    def stored(self) -> bool:
        return self.sql is not None


LEAD = "The lead agency of the case."
RAISING = (
    "The agency that raised the enquiry (front door); enquiries from families themselves have none."
)
NONE = "Not broken down by agency."

MEASURES: list[Measure] = [
    Measure(
        "P1a",
        Group.PROCESS,
        "Average working days from enquiry received to allocation",
        Kind.AVERAGE,
        "For every case allocated in the period: the working days after the day the enquiry "
        "was received up to and including the day it was first allocated (weekends and bank "
        "holidays excluded), averaged.",
        RAISING,
        SQL_RECEIVED_TO_ALLOCATED,
        unit="working days",
        target=Target(TARGET_WORKING_DAYS, True, "10 working days or fewer"),
    ),
    Measure(
        "P1b",
        Group.PROCESS,
        "Average working days from allocation to assessment started",
        Kind.AVERAGE,
        "For every case whose assessment started in the period: working days from its first "
        "allocation to the day it first moved to assessment, averaged.",
        LEAD,
        SQL_ALLOCATED_TO_STARTED,
        unit="working days",
    ),
    Measure(
        "P1c",
        Group.PROCESS,
        "Average working days from assessment started to assessment completed",
        Kind.AVERAGE,
        "For every case whose assessment was completed in the period (the case moved from "
        "assessment to plan and review, with its draft family plan): working days from the "
        "start of the assessment, averaged.",
        LEAD,
        SQL_STARTED_TO_COMPLETED,
        unit="working days",
    ),
    Measure(
        "P1d",
        Group.PROCESS,
        "Average working days from assessment completed to the first TAF meeting",
        Kind.AVERAGE,
        "For every case whose first Team Around the Family meeting was held in the period: "
        "working days from the completion of its assessment to that meeting (0 when the "
        "meeting came first), averaged.",
        LEAD,
        SQL_COMPLETED_TO_TAF,
        unit="working days",
    ),
    Measure(
        "P1e",
        Group.PROCESS,
        "Enquiries with an offer of help within 10 working days",
        Kind.SHARE,
        offer_of_help.HOW,
        RAISING,
        SQL_WITHIN_TARGET,
        unit="%",
        target=Target(100, False, "every enquiry within 10 working days"),
    ),
    Measure(
        "P2a",
        Group.PROCESS,
        "Families identified and eligible for Supporting Families",
        Kind.COUNT,
        "Cases whose latest signed-off assessment records at least the framework's number of "
        "headline needs (three of ten) for a family with dependent children (or expecting "
        "one), counted in the period that assessment was signed off.",
        LEAD,
        SQL_ELIGIBLE,
        unit="families",
    ),
    Measure(
        "P2b",
        Group.PROCESS,
        "Eligible Supporting Families families engaged with",
        Kind.COUNT,
        "The families of P2a who have agreed a family plan with their lead practitioner.",
        LEAD,
        SQL_ENGAGED,
        unit="families",
    ),
    Measure(
        "P3",
        Group.PROCESS,
        "Enquiries received",
        Kind.COUNT,
        "Enquiries received at the front door in the period, broken down by the type of "
        "agency that raised them (the breadth of partners using the front door).",
        RAISING,
        SQL_ENQUIRIES,
        unit="enquiries",
        by_agency_kind=True,
    ),
    Measure(
        "Q1",
        Group.QUALITY,
        "Practitioners who completed lead practitioner training",
        Kind.COUNT,
        "Completions of lead practitioner training recorded by the administrator, in the "
        "period they were completed.",
        "The agency the practitioner trained with.",
        SQL_TRAINING,
        unit="practitioners",
    ),
    Measure(
        "Q2",
        Group.QUALITY,
        "Agencies making enquiries",
        Kind.DISTINCT,
        "The number of different agencies that raised at least one enquiry in the period.",
        RAISING,
        SQL_ENQUIRIES,
        unit="agencies",
    ),
    Measure(
        "Q3",
        Group.QUALITY,
        "Agencies holding the lead practitioner role",
        Kind.DISTINCT,
        "The number of different agencies whose staff led at least one case at some time in "
        "the period (from the history of lead practitioners).",
        "The agency of the lead practitioner at the time.",
        SQL_LEAD_AGENCIES,
        unit="agencies",
    ),
    Measure(
        "Q3b",
        Group.QUALITY,
        "Assessments completed",
        Kind.COUNT,
        "Early Help Assessments signed off in the period (each version), broken down by the "
        "type of the lead agency.",
        LEAD,
        SQL_ASSESSMENTS_COMPLETED,
        unit="assessments",
        by_agency_kind=True,
    ),
    Measure(
        "Q4",
        Group.QUALITY,
        "Family plans with the child's wishes and feelings recorded",
        Kind.SHARE,
        "Of the family plans first agreed in the period, the share whose latest agreed "
        "version records the children's wishes and feelings in their own words.",
        LEAD,
        SQL_CHILD_VOICE,
        unit="%",
    ),
    Measure(
        "Q5",
        Group.QUALITY,
        "Case file audits judged good or outstanding",
        Kind.SHARE,
        "Of the case file audits completed in the period, the share whose overall grade is "
        "good or outstanding. Place and agency are the case's when the audit was completed.",
        LEAD,
        SQL_AUDITS,
        unit="%",
    ),
    Measure(
        "O1",
        Group.FAMILY,
        "Families with a positive Outcome Star change",
        Kind.SHARE,
        "Of the cases closed in the period with at least two worker-confirmed readings of "
        "their star, the share whose total score rose between the first and the last reading.",
        LEAD,
        SQL_STAR_POSITIVE,
        unit="%",
    ),
    *[
        Measure(
            f"O1.{n}",
            Group.FAMILY,
            f"Mean Outcome Star change, scale {n}",
            Kind.AVERAGE,
            f"For cases closed in the period with two or more confirmed readings: the last "
            f"minus the first score on scale {n} of their star, averaged.",
            LEAD,
            _star_scale_sql(n),
            unit="points",
            shown=False,
        )
        for n in range(1, STAR_SCALES + 1)
    ],
    Measure(
        "O2",
        Group.FAMILY,
        "Parenting and wellbeing measures that improved",
        Kind.SHARE,
        "For cases closed in the period: of each person's standardised measures (such as the "
        "SDQ) read at least twice, the share whose latest score is better than the first "
        "(lower or higher, as the measure says).",
        LEAD,
        SQL_MEASURES_IMPROVED,
        unit="%",
    ),
    Measure(
        "O3",
        Group.FAMILY,
        "Closed cases with a lower level of need at closure than at allocation",
        Kind.SHARE,
        "Of the cases closed in the period with a level of need recorded at allocation and at "
        "closure, the share whose level at closure is lower.",
        LEAD,
        SQL_LEVEL_LOWER,
        unit="%",
    ),
    Measure(
        "O3m",
        Group.FAMILY,
        "Mean change in level of need, allocation to closure",
        Kind.AVERAGE,
        "The level at closure minus the level at allocation, averaged over the same cases as "
        "O3 (a negative number means needs went down).",
        LEAD,
        SQL_LEVEL_CHANGE,
        unit="levels",
    ),
    Measure(
        "S1",
        Group.SERVICE,
        "Children receiving multi-agency early help, per 10,000 children",
        Kind.STOCK,
        "Children (under 18, or under 25 with special educational needs or disability) living "
        "in the households of allocated cases open at the end of the period, per 10,000 "
        "children of the area or zone (the population the administrator records).",
        LEAD,
        SQL_CHILDREN_OPEN,
        unit="per 10,000",
    ),
    Measure(
        "S2",
        Group.SERVICE,
        "Closed cases re-referred within 12 months",
        Kind.SHARE,
        "Of the allocated cases closed in the period (not stepped up), the share whose family "
        "came back with a new enquiry, recorded as a re-referral, within 12 months of closure. "
        "Recent periods are still maturing: their 12 months have not all passed.",
        LEAD,
        SQL_REREFERRED,
        unit="%",
    ),
    Measure(
        "S3",
        Group.SERVICE,
        "Social care referrals that had early help in the previous 12 months",
        Kind.SHARE,
        "Of the cases stepped up to children's social care in the period (from screening or "
        "from early help), the share whose family had an allocated early help case in the 12 "
        "months before.",
        LEAD,
        SQL_HAD_EARLY_HELP,
        unit="%",
    ),
    Measure(
        "S4",
        Group.SERVICE,
        "Step-downs from social care to early help",
        Kind.COUNT,
        "Families stepped down from children's social care to early help in the period. For a "
        "year (January to December), also their share of the cases children's social care "
        "closed that year, once the administrator has recorded that number from its returns.",
        LEAD,
        SQL_STEP_DOWNS,
        unit="families",
    ),
    Measure(
        "S5",
        Group.SERVICE,
        "Children in need per 10,000 children",
        Kind.ADMIN,
        "Entered by the administrator from children's social care returns for the year "
        "(context, not computed), per 10,000 children.",
        NONE,
        unit="per 10,000",
    ),
    Measure(
        "S6",
        Group.SERVICE,
        "Children in care per 10,000 children",
        Kind.ADMIN,
        "Entered by the administrator from children's social care returns for the year "
        "(context, not computed), per 10,000 children.",
        NONE,
        unit="per 10,000",
    ),
    Measure(
        "S7",
        Group.SERVICE,
        "Closed cases stepped up to social care",
        Kind.SHARE,
        "Of the allocated cases closed in the period, the share closed by stepping up to "
        "children's social care.",
        LEAD,
        SQL_STEPPED_UP,
        unit="%",
    ),
    Measure(
        "S8",
        Group.SERVICE,
        "Supporting Families claims made",
        Kind.COUNT,
        "Claims for a successful family outcome (significant and sustained progress) recorded "
        "in the period.",
        LEAD,
        SQL_CLAIMS,
        unit="claims",
    ),
    Measure(
        "S9",
        Group.SERVICE,
        "Penetration: families supported as a share of families estimated to need help",
        Kind.PENETRATION,
        "Families supported in the period (allocated cases open at the start of the period, "
        "plus cases allocated during it, each case counted once) as a share of the estimated "
        "families with additional needs: the families the administrator records times the "
        "planning assumption (about 7%).",
        LEAD,
        unit="%",
    ),
    Measure(
        "S9o",
        Group.SERVICE,
        "Allocated cases open at the end of the month",
        Kind.STOCK,
        "Allocated cases not closed at the end of the month (part of S9).",
        LEAD,
        SQL_OPEN_CASES,
        unit="cases",
        shown=False,
    ),
    Measure(
        "S9n",
        Group.SERVICE,
        "Cases allocated in the month",
        Kind.COUNT,
        "Cases allocated in the month (part of S9).",
        LEAD,
        SQL_NEWLY_ALLOCATED,
        unit="cases",
        shown=False,
    ),
    Measure(
        "F1",
        Group.FEEDBACK,
        "Families who said at closure that help was timely and helpful",
        Kind.SHARE,
        "Of the families asked at closure in the period who answered, the share who said the "
        "help was timely and helpful.",
        LEAD,
        SQL_FEEDBACK,
        unit="%",
    ),
]

BY_KEY: dict[str, Measure] = {m.key: m for m in MEASURES}
STORED: list[Measure] = [m for m in MEASURES if m.stored]
SHOWN: list[Measure] = [m for m in MEASURES if m.shown]


def measure(key: str) -> Measure:
    return BY_KEY[key]
