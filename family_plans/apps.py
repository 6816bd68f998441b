import datetime as dt
from typing import Any

from django.apps import AppConfig


def _shows_meetings(user: Any, case: Any) -> bool:
    from cases.workflow_states import FRONT_DOOR_STATES

    return case.state not in FRONT_DOOR_STATES


def _first_taf_meetings(case_ids: list[int]) -> dict[int, dt.date]:
    """Case id -> the date of its first TAF meeting held (cancelled or future ones do not
    count: the measure is how long a family waited for the team to meet)."""
    from family_plans.selectors import first_taf_meeting_dates

    return first_taf_meeting_dates(case_ids=case_ids)


class FamilyPlansConfig(AppConfig):
    """Family plans and actions, TAF meetings, reviews and reminders."""

    name = "family_plans"
    verbose_name = "Family plans"

    def ready(self) -> None:
        from cases.tabs import CaseTab, register
        from cases.timeliness import register_first_taf
        from family_plans import drift, my_work, our_cases, usage
        from family_plans.models import ReminderKind
        from partners.notifications import NotificationKind, register_kind

        register(CaseTab("plan", "Plan", "plan-tab", order=60, shown=_shows_meetings))
        register(CaseTab("meetings", "Meetings", "meetings-tab", order=70, shown=_shows_meetings))

        # What cases/ lists across cases, from the plans, reviews and meetings kept here:
        # my work, drift, and the date of the first TAF meeting held (scorecard P1d).
        my_work.register()
        drift.register()
        # "Has an open action" on Our cases (cases/our_cases.py).
        our_cases.register()
        register_first_taf(_first_taf_meetings)
        # How often each directory service is used in plans (partners/directory/usage.py).
        usage.register()

        register_kind(
            NotificationKind(
                "meeting_invitation",
                "Team Around the Family meetings",
                "Invitations with a calendar file, changes of time or place, cancellations.",
            )
        )
        register_kind(
            NotificationKind(
                "action_assigned", "Actions given to you", "When you become an action's owner."
            )
        )
        register_kind(
            NotificationKind(
                "plan_agreed",
                "Plans agreed or changed",
                "When a plan of a family you work with is agreed or changed.",
            )
        )
        hints = {
            ReminderKind.ASSESSMENT_OVERDUE: "An assessment not signed off in time.",
            ReminderKind.REVIEW_DUE: "A plan review coming up with no meeting arranged.",
            ReminderKind.REVIEW_OVERDUE: "A plan review date that has passed.",
            ReminderKind.MEETING_SOON: "A Team Around the Family meeting you are invited to.",
            ReminderKind.ACTION_OVERDUE: "An action you or your agency own, past its due date.",
            ReminderKind.STAR_READING_DUE: "An Outcome Star reading due.",
            ReminderKind.CONSENT_REVIEW_DUE: "Consent due to be checked with the family.",
            ReminderKind.NO_RECENT_CONTACT: "A case with no contact recorded for a while.",
        }
        for kind in ReminderKind:
            register_kind(
                NotificationKind(kind.value, f"Reminder: {kind.label}", hints[kind], routine=True)
            )
