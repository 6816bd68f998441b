"""Every write to assessments, Outcome Star readings, headline-problem progress and measures.

Each service takes the acting user, checks permission through cases.access, changes
data in one transaction, appends to the case chronology where the case shows it and
writes its audit entry last. Views, the demo builder and any future API call these;
nothing else saves these models.

Permissions: the lead practitioner's work (Action.WORK) starts, edits and submits an
assessment and records Star readings and problem progress; managers (Action.SIGN_OFF)
sign assessments off or return them; anyone on the case who may add notes
(Action.ADD_NOTE) may record a standardised measure, as partners delivering a
parenting programme do.

One module per kind of write: starting, saving (a section), sign_off (submitting,
signing off, returning, recording one completed elsewhere), progress (headline
problems), star (Outcome Star readings), measures; rules holds the states each allows.
Import them from here: `from assessments import services`.
"""

from assessments.services.measures import measure_reading_record
from assessments.services.progress import problem_progress_record
from assessments.services.rules import (
    FIRST_ASSESSMENT_STATES,
    READING_STATES,
    REASSESSMENT_STATES,
    RECORDED_ASSESSMENT_STATES,
)
from assessments.services.saving import assessment_section_save
from assessments.services.sign_off import (
    assessment_record_completed,
    assessment_return,
    assessment_sign_off,
    assessment_submit,
)
from assessments.services.star import (
    DISAGREE,
    JOINT,
    READING_WAYS,
    WORKER_ONLY,
    star_reading_record,
)
from assessments.services.starting import assessment_start

__all__ = [
    "DISAGREE",
    "FIRST_ASSESSMENT_STATES",
    "JOINT",
    "READING_STATES",
    "READING_WAYS",
    "REASSESSMENT_STATES",
    "RECORDED_ASSESSMENT_STATES",
    "WORKER_ONLY",
    "assessment_record_completed",
    "assessment_return",
    "assessment_section_save",
    "assessment_sign_off",
    "assessment_start",
    "assessment_submit",
    "measure_reading_record",
    "problem_progress_record",
    "star_reading_record",
]
