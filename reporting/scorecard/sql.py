# mypy: disallow-untyped-defs
# ruff: noqa: S608 - every SQL string here is built from constants and table names; values are parameters
"""The SQL that lists each scorecard measure's events, built from constants and table
names; every value is a parameter.
"""

from __future__ import annotations

from assessments.models import (
    Assessment,
    AssessmentProblem,
    AssessmentState,
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
from cases.models.journey import FeedbackKind
from cases.workflow import TransitionName
from cases.workflow_states import ClosureReason, ScreeningOutcome, State
from family_plans.models import FamilyPlan, MeetingStatus, PlanVersion, TafMeeting
from reporting.models import CalendarDay, CaseAudit, FamilyClaim, LeadPractitionerTraining
from reporting.models.audits import AuditStatus, Grade
from reporting.scorecard import offer_of_help

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


# The names of states, steps and outcomes the SQL compares with, from the workflow's
# table and the models' own choices (cases/workflow, cases/workflow_states...), never
# typed here: a renamed state or step changes the scorecard with it.
NAMES = {
    "state_assessment": State.ASSESSMENT.value,
    "state_plan_and_review": State.PLAN_AND_REVIEW.value,
    "state_closed": State.CLOSED.value,
    "step_allocate": TransitionName.ALLOCATE.value,
    "step_step_up": TransitionName.STEP_UP.value,
    "reason_stepped_up": ClosureReason.STEPPED_UP.value,
    "outcome_step_up": ScreeningOutcome.STEP_UP.value,
    "taf_held": MeetingStatus.HELD.value,
    "assessment_signed_off": AssessmentState.SIGNED_OFF.value,
    "audit_completed": AuditStatus.COMPLETED.value,
    "grade_good": Grade.GOOD.value,
    "grade_outstanding": Grade.OUTSTANDING.value,
    "feedback_at_closure": FeedbackKind.CLOSURE.value,
}


def _sql(text: str) -> str:
    return text.format(**T, **NAMES)


def local_date(column: str) -> str:
    return f"(({column}) AT TIME ZONE %(tz)s)::date"


def working_days(start: str, end: str) -> str:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    return (
        "(SELECT GREATEST(0, cb.working_index - ca.working_index) "
        "FROM {calendar} ca JOIN {calendar} cb ON cb.region = ca.region "
        f"WHERE ca.region = %(region)s AND ca.day = {start} AND cb.day = {end})"
    )


# When each case first reached each step. One row per case. Ten measures read it; the
# rollup builds it once into a temporary table (MOMENTS_TABLE) instead of once a measure.
MOMENTS_SELECT = (
    """
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
           MIN(at) FILTER (WHERE name = '{step_allocate}') AS allocated,
           MIN(at) FILTER (WHERE to_state = '{state_assessment}') AS assess_start,
           MIN(at) FILTER (WHERE from_state = '{state_assessment}'
                             AND to_state = '{state_plan_and_review}') AS assess_done,
           MIN(at) FILTER (WHERE name = '{step_step_up}') AS stepped_up
    FROM {transition} GROUP BY case_id
  ) t ON t.case_id = c.id
"""
)
MOMENTS = "\nmoments AS (" + MOMENTS_SELECT + ")"
MOMENTS_TABLE = "scorecard_moments"
MOMENTS_QUERY = _sql(MOMENTS_SELECT)


def moments_from_table(measure_sql: str) -> str:
    """The measure's SQL reading the moments from MOMENTS_TABLE, built by the rollup."""
    return measure_sql.replace(_sql(MOMENTS), f"\nmoments AS (SELECT * FROM {MOMENTS_TABLE})")


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
# P1e counts every enquiry by its deadline (reporting/scorecard/offer_of_help.py).
SQL_WITHIN_TARGET = offer_of_help.SQL_OFFER_BY_DEADLINE
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
    + " AS first_taf FROM {taf} WHERE status = '{taf_held}' GROUP BY case_id)"
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
  FROM {assessment} a WHERE a.state = '{assessment_signed_off}'
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
    " WHERE a.state = '{assessment_signed_off}' AND a.signed_off_at IS NOT NULL"
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
    " (overall_grade IN ('{grade_good}', '{grade_outstanding}'))::int AS num, 1 AS den"
    " FROM {audit} WHERE status = '{audit_completed}' AND completed_on IS NOT NULL"
)
# The Star measures count cases by the day they closed, and every step below works case
# by case (partitioned by case_id), so reading only the readings of the cases closed in
# the period changes no figure: one month's rollup no longer ranks every reading of the
# partnership (tests/reporting/test_scorecard_period_bounds.py compares the two).
CLOSED_IN_PERIOD = (
    " AND case_id IN (SELECT id FROM {case} WHERE state = '{state_closed}'"
    " AND closed_on BETWEEN %(start)s AND %(end)s)"
)
STAR_CHANGES = (
    """
confirmed AS (SELECT id, case_id, star_type_id, taken_on FROM {reading} WHERE counts_in_reports"""
    + CLOSED_IN_PERIOD
    + """),
main AS (SELECT DISTINCT ON (case_id) case_id, star_type_id FROM confirmed
         ORDER BY case_id, taken_on, id),
ranked AS (
  SELECT id, case_id, star_type_id,
    row_number() OVER (PARTITION BY case_id, star_type_id ORDER BY taken_on, id) AS from_first,
    row_number() OVER (PARTITION BY case_id, star_type_id ORDER BY taken_on DESC, id DESC)
      AS from_last
  FROM confirmed
),
-- Each case's first and latest reading of its main Star, in one pass over the readings
-- (a subquery per case scanned them all once per case: time grew with their square).
ends AS (
  SELECT m.case_id,
    min(r.id) FILTER (WHERE r.from_first = 1) AS first_id,
    min(r.id) FILTER (WHERE r.from_last = 1) AS last_id
  FROM main m
  JOIN ranked r ON r.case_id = m.case_id AND r.star_type_id = m.star_type_id
  GROUP BY m.case_id
),
changes AS (
  SELECT e.case_id, sc.number, l.value - f.value AS change
  FROM ends e
  JOIN {score} f ON f.reading_id = e.first_id
  JOIN {score} l ON l.reading_id = e.last_id AND l.scale_id = f.scale_id
  JOIN {scale} sc ON sc.id = f.scale_id
  WHERE e.first_id <> e.last_id
)"""
)
SQL_STAR_POSITIVE = _sql(
    "WITH " + STAR_CHANGES + " SELECT c.closed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
    " c.lead_agency_id AS agency_id, (SUM(ch.change) > 0)::int AS num, 1 AS den"
    " FROM changes ch JOIN {case} c ON c.id = ch.case_id"
    " WHERE c.state = '{state_closed}' AND c.closed_on IS NOT NULL GROUP BY c.id"
)


def _star_scale_sql(number: int) -> str:
    return _sql(
        "WITH "
        + STAR_CHANGES
        + " SELECT c.closed_on AS on_date, c.zone_id, c.family_hub_id AS hub_id,"
        " c.lead_agency_id AS agency_id, ch.change AS num, 1 AS den"
        " FROM changes ch JOIN {case} c ON c.id = ch.case_id"
        " WHERE c.state = '{state_closed}' AND c.closed_on IS NOT NULL"
        f" AND ch.number = {int(number)}"
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
WHERE c.state = '{state_closed}' AND c.closed_on IS NOT NULL"""
)
LEVELS = (
    " FROM {case} c JOIN {level} al ON al.id = c.allocation_level_id"
    " JOIN {level} cl ON cl.id = c.closure_level_id"
    " WHERE c.state = '{state_closed}' AND c.closed_on IS NOT NULL"
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
    " FROM moments mo WHERE mo.state = '{state_closed}' AND mo.closed_on IS NOT NULL"
    " AND mo.allocated IS NOT NULL AND mo.stepped_up IS NULL"
    " AND mo.closure_reason <> '{reason_stepped_up}'"
)
SQL_HAD_EARLY_HELP = _sql(
    "WITH "
    + MOMENTS
    + """, stepped AS (
  SELECT mo.*, COALESCE(mo.stepped_up,
         CASE WHEN mo.closure_reason = '{outcome_step_up}' THEN mo.closed_on END) AS up_on
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
    " (stepped_up IS NOT NULL OR closure_reason = '{reason_stepped_up}')::int AS num, 1 AS den"
    " FROM moments WHERE state = '{state_closed}' AND closed_on IS NOT NULL"
    " AND allocated IS NOT NULL"
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
    " WHERE ff.kind = '{feedback_at_closure}' AND ff.timely_and_helpful IS NOT NULL"
)
