"""URLs of the cases pages. Every view declares its access policy (earlyhelp/url_policy.py).

No personal data goes in an address: cases and their parts are named by id, and
search terms are posted and kept in the session.
"""

from django.urls import path

from cases.views import (
    access_log,
    allocation,
    break_glass,
    case,
    caseloads,
    chronology,
    duplicates,
    enquiries,
    enquiry_check,
    family,
    front_door,
    household,
    journey,
    my_cases,
    notes,
    our_cases,
    records,
    search,
    sharing,
    work,
)

urlpatterns = [
    # Raising an enquiry (multi-page, draft in the session)
    path("enquiries/new/", enquiries.enquiry_start, name="enquiry-start"),
    path("enquiries/new/who/", enquiries.enquiry_who, name="enquiry-who"),
    path("enquiries/new/children/", enquiries.enquiry_children, name="enquiry-children"),
    path("enquiries/new/family/", enquiries.enquiry_family, name="enquiry-family"),
    path("enquiries/new/people/", enquiries.enquiry_people, name="enquiry-people"),
    path("enquiries/new/matches/", enquiries.enquiry_matches, name="enquiry-matches"),
    path("enquiries/new/concerns/", enquiries.enquiry_concerns, name="enquiry-concerns"),
    path("enquiries/new/check/", enquiry_check.enquiry_check, name="enquiry-check"),
    path("enquiries/new/sent/", enquiry_check.enquiry_sent, name="enquiry-sent"),
    # Lists
    path("front-door/", front_door.front_door_queue, name="front-door"),
    path("my-cases/", my_cases.my_cases, name="my-cases"),
    path("find-a-family/", search.family_search, name="family-search"),
    path("my-work/", work.my_work_list, name="my-work"),
    path("your-enquiries/", work.your_enquiries, name="your-enquiries"),
    path("drift/", work.drift_list, name="drift"),
    path("possible-duplicates/", duplicates.possible_duplicates, name="possible-duplicates"),
    # Allocation meetings
    path("allocation-meetings/", allocation.meeting_list, name="allocation-meetings"),
    path("allocation-meetings/new/", allocation.meeting_new, name="allocation-meeting-new"),
    path(
        "allocation-meetings/<int:meeting_id>/",
        allocation.meeting_agenda,
        name="allocation-meeting",
    ),
    path(
        "allocation-meetings/<int:meeting_id>/attendance/",
        allocation.meeting_attendance,
        name="allocation-meeting-attendance",
    ),
    path(
        "allocation-meetings/<int:meeting_id>/refresh/",
        allocation.meeting_refresh,
        name="allocation-meeting-refresh",
    ),
    path(
        "allocation-meetings/<int:meeting_id>/record/",
        allocation.meeting_record,
        name="allocation-meeting-record",
    ),
    path(
        "allocation-meetings/<int:meeting_id>/cases/<int:item_id>/",
        allocation.meeting_decision,
        name="allocation-decision",
    ),
    # Caseloads
    path("caseloads/", caseloads.caseload_list, name="caseloads"),
    path("caseloads/<int:person_id>/", caseloads.caseload_person, name="caseload-person"),
    path(
        "caseloads/<int:person_id>/reassign/",
        caseloads.caseload_reassign,
        name="caseload-reassign",
    ),
    # A case and its tabs
    path("cases/<int:case_id>/", case.case_summary, name="case-summary"),
    path("cases/<int:case_id>/screening/", front_door.case_screening, name="case-screening"),
    path("cases/<int:case_id>/family/", family.case_family, name="case-family"),
    path(
        "cases/<int:case_id>/family/people/<int:person_id>/change/",
        records.case_person_change,
        name="case-person-change",
    ),
    # Someone joins the household after the enquiry
    path(
        "cases/<int:case_id>/family/people/add/",
        household.case_household_add,
        name="case-household-add",
    ),
    path(
        "cases/<int:case_id>/return-codes/",
        records.case_return_codes,
        name="case-return-codes",
    ),
    path("cases/<int:case_id>/chronology/", chronology.case_chronology, name="case-chronology"),
    path("cases/<int:case_id>/notes/", notes.case_notes, name="case-notes"),
    path("cases/<int:case_id>/notes/add/", notes.case_note_add, name="case-note-add"),
    path("cases/<int:case_id>/sharing/", sharing.case_sharing, name="case-sharing"),
    path("cases/<int:case_id>/sharing/team/add/", sharing.case_team_add, name="case-team-add"),
    path(
        "cases/<int:case_id>/sharing/team/<int:member_id>/end/",
        sharing.case_team_end,
        name="case-team-end",
    ),
    path(
        "cases/<int:case_id>/sharing/consent/add/",
        sharing.case_consent_add,
        name="case-consent-add",
    ),
    path("cases/<int:case_id>/sharing/shares/add/", sharing.case_share_add, name="case-share-add"),
    path(
        "cases/<int:case_id>/sharing/shares/<int:share_id>/end/",
        sharing.case_share_end,
        name="case-share-end",
    ),
    path(
        "cases/<int:case_id>/sharing/disclosures/add/",
        sharing.case_disclosure_add,
        name="case-disclosure-add",
    ),
    path("cases/<int:case_id>/lead/", journey.case_lead_change, name="case-lead-change"),
    path(
        "cases/<int:case_id>/closure/",
        journey.case_closure_propose,
        name="case-closure-propose",
    ),
    path(
        "cases/<int:case_id>/closure/decision/",
        journey.case_closure_decision,
        name="case-closure-decision",
    ),
    path("cases/<int:case_id>/step-up/", journey.case_step_up, name="case-step-up"),
    path("cases/<int:case_id>/step-across/", journey.case_step_across, name="case-step-across"),
    path("cases/<int:case_id>/access/", access_log.case_access, name="case-access"),
    path(
        "cases/<int:case_id>/open-with-reason/",
        break_glass.break_glass_open,
        name="case-break-glass",
    ),
    path("openings-to-review/", break_glass.break_glass_reviews, name="break-glass-reviews"),
    path(
        "openings-to-review/<int:opening_id>/",
        break_glass.break_glass_review,
        name="break-glass-review",
    ),
    path(
        "cases/<int:case_id>/access/grant/",
        access_log.case_access_grant,
        name="case-access-grant",
    ),
    # Our cases: the cases the person's agency is involved in (cases/our_cases.py).
    path("our-cases/", our_cases.our_cases_list, name="our-cases"),
]
