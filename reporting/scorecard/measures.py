# mypy: disallow-untyped-defs
# ruff: noqa: S608 - every SQL string here is built from constants and table names; values are parameters
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
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from assessments.models import (
    Assessment,
    AssessmentProblem,
    MeasureReading,
    MeasureType,
    OutcomeFramework,
    StarReading,
    StarScale,
    StarScore,
)
from cases.models import (
    Case,
    CaseTransition,
    Enquiry,
    FamilyFeedback,
    HouseholdMember,
    LeadPractitionerAssignment,
    NeedLevel,
    Person,
    StepDown,
)
from family_plans.models import FamilyPlan, PlanVersion, TafMeeting
from reporting.models import CalendarDay, CaseAudit, FamilyClaim, LeadPractitionerTraining
from reporting.scorecard import offer_of_help

TARGET_WORKING_DAYS = 10
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


T = {
    "case": Case._meta.db_table,
    "transition": CaseTransition._meta.db_table,
    "enquiry": Enquiry._meta.db_table,
    "calendar": CalendarDay._meta.db_table,
    "taf": TafMeeting._meta.db_table,
    "assessment": Assessment._meta.db_table,
    "problem": AssessmentProblem._meta.db_table,
    "framework": OutcomeFramework._meta.db_table,
    "member": HouseholdMember._meta.db_table,
    "person": Person._meta.db_table,
    "plan": FamilyPlan._meta.db_table,
    "plan_version": PlanVersion._meta.db_table,
    "training": LeadPractitionerTraining._meta.db_table,
    "lead": LeadPractitionerAssignment._meta.db_table,
    "audit": CaseAudit._meta.db_table,
    "reading": StarReading._meta.db_table,
    "score": StarScore._meta.db_table,
    "scale": StarScale._meta.db_table,
    "measure_reading": MeasureReading._meta.db_table,
    "measure_type": MeasureType._meta.db_table,
    "level": NeedLevel._meta.db_table,
    "step_down": StepDown._meta.db_table,
    "feedback": FamilyFeedback._meta.db_table,
    "claim": FamilyClaim._meta.db_table,
}


def _sql(text: str) -> str:
    return text.format(**T)


def local_date(column: str) -> str:
    return f"(({column}) AT TIME ZONE %(tz)s)::date"


def working_days(start: str, end: str) -> str:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    return (
        "(SELECT GREATEST(0, cb.working_index - ca.working_index) "
        "FROM {calendar} ca JOIN {calendar} cb ON cb.region = ca.region "
        f"WHERE ca.region = %(region)s AND ca.day = {start} AND cb.day = {end})"
    )


# When each case first reached each step. One row per case.
MOMENTS = (
    """
moments AS (
  SELECT c.id AS case_id, c.family_id, c.zone_id, c.family_hub_id AS hub_id,
         c.lead_agency_id, c.state, c.closed_on, c.closure_reason, c.opened_on,
         e.raised_by_agency_id,
         COALESCE("""
    + local_date("e.received_at")
    + """, c.opened_on) AS received,
         """
    + local_date("t.allocated")
    + """ AS allocated,
         """
    + local_date("t.assess_start")
    + """ AS assess_start,
         """
    + local_date("t.assess_done")
    + """ AS assess_done,
         """
    + local_date("t.stepped_up")
    + """ AS stepped_up
  FROM {case} c
  LEFT JOIN {enquiry} e ON e.case_id = c.id
  LEFT JOIN (
    SELECT case_id,
           MIN(at) FILTER (WHERE name = 'allocate') AS allocated,
           MIN(at) FILTER (WHERE to_state = 'assessment') AS assess_start,
           MIN(at) FILTER (WHERE from_state = 'assessment'
                             AND to_state = 'plan_and_review') AS assess_done,
           MIN(at) FILTER (WHERE name = 'step_up') AS stepped_up
    FROM {transition} GROUP BY case_id
  ) t ON t.case_id = c.id
)"""
)

MONTHS = (
    "generate_series(%(first_month)s::date, %(last_month)s::date, interval '1 month') AS m(month)"
)
# The last day of the series month, or today for the month under way.
MONTH_END = "LEAST((m.month + interval '1 month - 1 day')::date, %(today)s::date)"


def _child_on(person: str, day: str) -> str:
    """A child on `day`: under 18, or under 25 with special educational needs or disability."""
    return (
        f"({person}.date_of_birth IS NOT NULL AND {person}.date_of_birth <= {day} AND "
        f"({person}.date_of_birth > ({day} - interval '18 years')::date OR "
        f"({person}.send AND {person}.date_of_birth > ({day} - interval '25 years')::date)))"
    )


SQL_RECEIVED_TO_ALLOCATED = _sql(
    "WITH "
    + MOMENTS
    + " SELECT allocated AS on_date, zone_id, hub_id, raised_by_agency_id AS agency_id, "
    + working_days("received", "allocated")
    + " AS num, 1 AS den FROM moments WHERE allocated IS NOT NULL"
)
SQL_ALLOCATED_TO_STARTED = _sql(
    "WITH "
    + MOMENTS
    + " SELECT assess_start AS on_date, zone_id, hub_id, lead_agency_id AS agency_id, "
    + working_days("allocated", "assess_start")
    + " AS num, 1 AS den FROM moments WHERE allocated IS NOT NULL AND assess_start IS NOT NULL"
)
SQL_STARTED_TO_COMPLETED = _sql(
    "WITH "
    + MOMENTS
    + " SELECT assess_done AS on_date, zone_id, hub_id, lead_agency_id AS agency_id, "
    + working_days("assess_start", "assess_done")
    + " AS num, 1 AS den FROM moments WHERE assess_start IS NOT NULL AND assess_done IS NOT NULL"
)
SQL_COMPLETED_TO_TAF = _sql(
    "WITH "
    + MOMENTS
    + ", taf AS (SELECT case_id, "
    + local_date("MIN(starts_at)")
    + " AS first_taf FROM {taf} WHERE status = 'held' GROUP BY case_id)"
    " SELECT taf.first_taf AS on_date, mo.zone_id, mo.hub_id, mo.lead_agency_id AS agency_id, "
    + working_days("mo.assess_done", "taf.first_taf")
    + " AS num, 1 AS den FROM moments mo JOIN taf ON taf.case_id = mo.case_id"
    " WHERE mo.assess_done IS NOT NULL"
)

ELIGIBLE = (
    """
latest AS (
  SELECT DISTINCT ON (a.case_id) a.id, a.case_id, a.framework_id,
         """
    + local_date("a.signed_off_at")
    + """ AS signed_on
  FROM {assessment} a WHERE a.state = 'signed_off'
  ORDER BY a.case_id, a.number DESC
),
eligible AS (
  SELECT l.case_id, l.signed_on FROM latest l
  JOIN {framework} f ON f.id = l.framework_id
  JOIN {case} c ON c.id = l.case_id
  WHERE (SELECT COUNT(*) FROM {problem} p WHERE p.assessment_id = l.id) >= f.min_needs
    AND (NOT f.requires_dependent_children OR EXISTS (
      SELECT 1 FROM {member} hm JOIN {person} p ON p.id = hm.person_id
      WHERE hm.family_id = c.family_id AND hm.left_on IS NULL
        AND ("""
    + _child_on("p", "l.signed_on")
    + """
             OR (p.date_of_birth IS NULL AND p.expected_date_of_birth IS NOT NULL))))
)"""
)
SQL_ELIGIBLE = _sql(
    "WITH " + ELIGIBLE + " SELECT e.signed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, 1 AS num, 0 AS den"
    " FROM eligible e JOIN {case} c ON c.id = e.case_id"
)
SQL_ENGAGED = _sql(
    "WITH " + ELIGIBLE + " SELECT e.signed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, 1 AS num, 0 AS den"
    " FROM eligible e JOIN {case} c ON c.id = e.case_id"
    " WHERE EXISTS (SELECT 1 FROM {plan} fp WHERE fp.case_id = c.id AND fp.agreed_version > 0)"
)
SQL_ENQUIRIES = _sql(
    "SELECT " + local_date("e.received_at") + " AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " e.raised_by_agency_id AS agency_id, 1 AS num, 0 AS den"
    " FROM {enquiry} e JOIN {case} c ON c.id = e.case_id"
)
SQL_TRAINING = _sql(
    "SELECT completed_on AS on_date, zone_id, NULL::bigint AS hub_id, agency_id,"
    " 1 AS num, 0 AS den FROM {training}"
)
SQL_LEAD_AGENCIES = _sql(
    "SELECT m.month AS on_date, c.zone_id, c.family_hub_id AS hub_id, a.agency_id,"
    " COUNT(*) AS num, 0 AS den FROM "
    + MONTHS
    + " JOIN {lead} a ON "
    + local_date("a.started_at")
    + " <= "
    + MONTH_END
    + " AND (a.ended_at IS NULL OR "
    + local_date("a.ended_at")
    + " >= m.month) JOIN {case} c ON c.id = a.case_id GROUP BY 1, 2, 3, 4"
)
SQL_ASSESSMENTS_COMPLETED = _sql(
    "SELECT "
    + local_date("a.signed_off_at")
    + " AS on_date, c.zone_id, c.family_hub_id AS hub_id, c.lead_agency_id AS agency_id,"
    " 1 AS num, 0 AS den FROM {assessment} a JOIN {case} c ON c.id = a.case_id"
    " WHERE a.state = 'signed_off' AND a.signed_off_at IS NOT NULL"
)
SQL_CHILD_VOICE = _sql(
    "SELECT first.agreed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, latest.child_voice_recorded::int AS num, 1 AS den"
    " FROM {plan} fp JOIN {case} c ON c.id = fp.case_id"
    " JOIN {plan_version} first ON first.plan_id = fp.id AND first.number = 1"
    " JOIN {plan_version} latest ON latest.plan_id = fp.id AND latest.number = fp.agreed_version"
    " WHERE fp.agreed_version > 0"
)
SQL_AUDITS = _sql(
    "SELECT completed_on AS on_date, zone_id, family_hub_id AS hub_id,"
    " lead_agency_id AS agency_id,"
    " (overall_grade IN ('good', 'outstanding'))::int AS num, 1 AS den"
    " FROM {audit} WHERE status = 'completed' AND completed_on IS NOT NULL"
)
STAR_CHANGES = """
confirmed AS (SELECT id, case_id, star_type_id, taken_on FROM {reading} WHERE counts_in_reports),
main AS (SELECT DISTINCT ON (case_id) case_id, star_type_id FROM confirmed
         ORDER BY case_id, taken_on, id),
ends AS (
  SELECT m.case_id,
    (SELECT x.id FROM confirmed x WHERE x.case_id = m.case_id AND x.star_type_id = m.star_type_id
     ORDER BY x.taken_on, x.id LIMIT 1) AS first_id,
    (SELECT x.id FROM confirmed x WHERE x.case_id = m.case_id AND x.star_type_id = m.star_type_id
     ORDER BY x.taken_on DESC, x.id DESC LIMIT 1) AS last_id
  FROM main m
),
changes AS (
  SELECT e.case_id, sc.number, l.value - f.value AS change
  FROM ends e
  JOIN {score} f ON f.reading_id = e.first_id
  JOIN {score} l ON l.reading_id = e.last_id AND l.scale_id = f.scale_id
  JOIN {scale} sc ON sc.id = f.scale_id
  WHERE e.first_id <> e.last_id
)"""
SQL_STAR_POSITIVE = _sql(
    "WITH " + STAR_CHANGES + " SELECT c.closed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, (SUM(ch.change) > 0)::int AS num, 1 AS den"
    " FROM changes ch JOIN {case} c ON c.id = ch.case_id"
    " WHERE c.state = 'closed' AND c.closed_on IS NOT NULL GROUP BY c.id"
)


def _star_scale_sql(number: int) -> str:
    return _sql(
        "WITH "
        + STAR_CHANGES
        + " SELECT c.closed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
        " c.lead_agency_id AS agency_id, ch.change AS num, 1 AS den"
        " FROM changes ch JOIN {case} c ON c.id = ch.case_id"
        f" WHERE c.state = 'closed' AND c.closed_on IS NOT NULL AND ch.number = {int(number)}"
    )


SQL_MEASURES_IMPROVED = _sql(
    """WITH pairs AS (
  SELECT case_id, measure_id, person_id,
         (array_agg(score ORDER BY taken_on, id))[1] AS first,
         (array_agg(score ORDER BY taken_on DESC, id DESC))[1] AS last
  FROM {measure_reading} GROUP BY case_id, measure_id, person_id HAVING COUNT(*) >= 2
)
SELECT c.closed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,
       c.lead_agency_id AS agency_id,
       (p.last <> p.first AND (p.last > p.first) = mt.higher_is_better)::int AS num, 1 AS den
FROM pairs p JOIN {measure_type} mt ON mt.id = p.measure_id JOIN {case} c ON c.id = p.case_id
WHERE c.state = 'closed' AND c.closed_on IS NOT NULL"""
)
LEVELS = (
    " FROM {case} c JOIN {level} al ON al.id = c.allocation_level_id"
    " JOIN {level} cl ON cl.id = c.closure_level_id"
    " WHERE c.state = 'closed' AND c.closed_on IS NOT NULL"
)
SQL_LEVEL_LOWER = _sql(
    "SELECT c.closed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, (cl.number < al.number)::int AS num, 1 AS den" + LEVELS
)
SQL_LEVEL_CHANGE = _sql(
    "SELECT c.closed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, (cl.number - al.number) AS num, 1 AS den" + LEVELS
)
OPEN_AT_MONTH_END = (
    " JOIN moments mo ON mo.allocated <= "
    + MONTH_END
    + " AND (mo.closed_on IS NULL OR mo.closed_on > "
    + MONTH_END
    + ")"
)
SQL_CHILDREN_OPEN = _sql(
    "WITH "
    + MOMENTS
    + " SELECT m.month AS on_date, mo.zone_id, mo.hub_id, mo.lead_agency_id AS agency_id,"
    " COUNT(p.id) AS num, 0 AS den FROM "
    + MONTHS
    + OPEN_AT_MONTH_END
    + " JOIN {member} hm ON hm.family_id = mo.family_id AND hm.joined_on <= "
    + MONTH_END
    + " AND (hm.left_on IS NULL OR hm.left_on > "
    + MONTH_END
    + ") JOIN {person} p ON p.id = hm.person_id AND "
    + _child_on("p", MONTH_END)
    + " GROUP BY 1, 2, 3, 4"
)
SQL_REREFERRED = _sql(
    "WITH "
    + MOMENTS
    + " SELECT mo.closed_on AS on_date, mo.zone_id, mo.hub_id, mo.lead_agency_id AS agency_id,"
    " EXISTS (SELECT 1 FROM {case} r WHERE r.rereferral_of_id = mo.case_id"
    " AND r.opened_on <= (mo.closed_on + interval '12 months')::date)::int AS num, 1 AS den"
    " FROM moments mo WHERE mo.state = 'closed' AND mo.closed_on IS NOT NULL"
    " AND mo.allocated IS NOT NULL AND mo.stepped_up IS NULL"
    " AND mo.closure_reason <> 'stepped_up'"
)
SQL_HAD_EARLY_HELP = _sql(
    "WITH "
    + MOMENTS
    + """, stepped AS (
  SELECT mo.*, COALESCE(mo.stepped_up,
         CASE WHEN mo.closure_reason = 'step_up' THEN mo.closed_on END) AS up_on
  FROM moments mo
)
SELECT s.up_on AS on_date, s.zone_id, s.hub_id, s.lead_agency_id AS agency_id,
  ((s.allocated IS NOT NULL AND s.allocated <= s.up_on) OR EXISTS (
     SELECT 1 FROM moments o WHERE o.family_id = s.family_id AND o.case_id <> s.case_id
       AND o.allocated IS NOT NULL AND o.allocated <= s.up_on
       AND (o.closed_on IS NULL OR o.closed_on >= (s.up_on - interval '12 months')::date)
  ))::int AS num, 1 AS den
FROM stepped s WHERE s.up_on IS NOT NULL"""
)
SQL_STEP_DOWNS = _sql(
    "SELECT "
    + local_date("sd.recorded_at")
    + " AS on_date, c.zone_id, c.family_hub_id AS hub_id, c.lead_agency_id AS agency_id,"
    " 1 AS num, 0 AS den FROM {step_down} sd JOIN {case} c ON c.id = sd.case_id"
)
SQL_STEPPED_UP = _sql(
    "WITH "
    + MOMENTS
    + " SELECT closed_on AS on_date, zone_id, hub_id, lead_agency_id AS agency_id,"
    " (stepped_up IS NOT NULL OR closure_reason = 'stepped_up')::int AS num, 1 AS den"
    " FROM moments WHERE state = 'closed' AND closed_on IS NOT NULL AND allocated IS NOT NULL"
)
SQL_CLAIMS = _sql(
    "SELECT cl.claimed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, 1 AS num, 0 AS den"
    " FROM {claim} cl JOIN {case} c ON c.id = cl.case_id WHERE cl.claimed_on IS NOT NULL"
)
SQL_OPEN_CASES = _sql(
    "WITH "
    + MOMENTS
    + " SELECT m.month AS on_date, mo.zone_id, mo.hub_id, mo.lead_agency_id AS agency_id,"
    " COUNT(*) AS num, 0 AS den FROM " + MONTHS + OPEN_AT_MONTH_END + " GROUP BY 1, 2, 3, 4"
)
SQL_NEWLY_ALLOCATED = _sql(
    "WITH "
    + MOMENTS
    + " SELECT allocated AS on_date, zone_id, hub_id, lead_agency_id AS agency_id,"
    " 1 AS num, 0 AS den FROM moments WHERE allocated IS NOT NULL"
)
SQL_FEEDBACK = _sql(
    "SELECT ff.given_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, ff.timely_and_helpful::int AS num, 1 AS den"
    " FROM {feedback} ff JOIN {case} c ON c.id = ff.case_id"
    " WHERE ff.kind = 'closure' AND ff.timely_and_helpful IS NOT NULL"
)

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
        offer_of_help.SQL_OFFER_BY_DEADLINE,
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
