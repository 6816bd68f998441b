"""Forms of the plan and meetings pages: they parse what was typed.

Rules (what is required, what is allowed, who may do what) live in the services; the
forms turn the page's fields into values and show the services' messages beside the
fields, keeping everything typed. Repeating rows (actions, people invited, the family
network) are formsets with "Add another" and "Remove" buttons that post the page back
(MOJ add another), so they work without JavaScript and nothing typed is lost.

One module per part: fields (the date and time fields and the quiet form the others
share), plan, meetings, network. Import them from here: `from family_plans.forms import ...`.
"""

from family_plans.forms.fields import (
    DATE_HINT,
    TIME_RE,
    YES_NO,
    DatePickerField,
    QuietForm,
    TimeOfDayField,
    set_choices,
    yes_no,
)
from family_plans.forms.meetings import (
    BaseNewActions,
    BaseQuietRows,
    CancelForm,
    MeetingForm,
    MeetingRecordForm,
    NewActionForm,
    NewActions,
    OtherInviteeForm,
    OtherInvitees,
    PlanChangesForm,
)
from family_plans.forms.network import NetworkMeetingForm, NetworkMemberForm, NetworkMembers
from family_plans.forms.plan import (
    ActionForm,
    ActionProgressFields,
    ActionRowForm,
    ActionRows,
    AgreeForm,
    BaseActionRows,
    OutcomeForm,
    ReviewForm,
)

__all__ = [
    "DATE_HINT",
    "TIME_RE",
    "YES_NO",
    "ActionForm",
    "ActionProgressFields",
    "ActionRowForm",
    "ActionRows",
    "AgreeForm",
    "BaseActionRows",
    "BaseNewActions",
    "BaseQuietRows",
    "CancelForm",
    "DatePickerField",
    "MeetingForm",
    "MeetingRecordForm",
    "NetworkMeetingForm",
    "NetworkMemberForm",
    "NetworkMembers",
    "NewActionForm",
    "NewActions",
    "OtherInviteeForm",
    "OtherInvitees",
    "OutcomeForm",
    "PlanChangesForm",
    "QuietForm",
    "ReviewForm",
    "TimeOfDayField",
    "set_choices",
    "yes_no",
]
