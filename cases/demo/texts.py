"""The fixed texts and numbers of the demo: its seed, reasons, concerns and notes."""

from __future__ import annotations

import datetime as dt

SEED = 20260401
DAY = dt.timedelta(days=1)
MEETING_TIME = dt.time(10, 0)

DEFERRAL_REASONS = [
    "Waiting for the school's view before choosing the lead agency.",
    "The family asked to talk it over first; back to next week's meeting.",
    "No worker with capacity in the right team this week.",
]
FAMILY_PREFERENCES = [
    "",
    "",
    "Mum would like someone from the school she already knows.",
    "The family asked for a worker who speaks Urdu.",
    "Dad would prefer evening visits.",
]
REASSIGNMENT_REASONS = [
    "The family worker is leaving the team.",
    "The family asked for a different worker.",
    "Caseloads rebalanced across the team.",
]
EXIT_PLANS = [
    "Keep the morning and bedtime routines going; use the reward chart; keep the school "
    "attendance meetings going termly.",
    "Mum will keep going to the parenting group at the family hub and use the budgeting "
    "plan agreed with Citizens Advice.",
    "The family will keep in touch with the school's pastoral lead and the health visitor.",
]
EXIT_SUPPORT = [
    "The family hub's drop-in (Tuesdays and Thursdays), the school pastoral team, and the "
    "early help front door if things get harder.",
    "Health visitor, GP, the food bank and Citizens Advice; the front door number is on "
    "the fridge.",
]
FEEDBACK = [
    "It helped to have one person who joined it all up.",
    "We got help quickly and the plan made sense.",
    "It took a while to start, but it was worth it.",
    "",
]

CONCERNS = [
    (
        "school_attendance",
        "Attendance has dropped to {pct}% this term; {child} is often late "
        "and says they are too tired to come in.",
    ),
    (
        "emotional_wellbeing",
        "{child} has become withdrawn and anxious, and was upset in class "
        "twice this week. Parent worried about low mood at home.",
    ),
    (
        "parenting",
        "Parent says they are struggling with routines and bedtimes and would like "
        "support; the children's behaviour at home is hard to manage.",
    ),
    (
        "housing",
        "The family are in temporary accommodation with damp and overcrowding; a "
        "move is likely and the children may change school.",
    ),
    (
        "money",
        "Parent has lost their job and the family is using the food bank; rent "
        "arrears are building up.",
    ),
    (
        "domestic_abuse",
        "Police attended a domestic incident at the address; the children "
        "were present. Parent has agreed to talk to someone.",
    ),
    (
        "behaviour",
        "{child} has had two fixed-term exclusions for behaviour and is at risk "
        "of permanent exclusion.",
    ),
    (
        "early_years",
        "Health visitor concerned that {child}'s speech is delayed and the "
        "family is isolated since moving to the area.",
    ),
    (
        "substance_misuse",
        "Parent has disclosed drinking more to cope; school notices the children arrive hungry.",
    ),
    (
        "young_carer",
        "{child} is caring for a parent with a long-term illness and missing school to do it.",
    ),
]

NOTE_TEXTS = [
    "Home visit. Mum and the children at home. Talked through the morning routine and "
    "agreed to try the chart we made together.",
    "Phone call with the school: attendance is improving, 92% over the last fortnight.",
    "Met {child} at school. {child} said things at home are calmer and they like the new "
    "after-school club.",
    "Call from housing: a two-bedroom property is being offered next month.",
    "Text message from Dad to rearrange the visit; new date agreed.",
    "Joint visit with the health visitor. Development check booked.",
    "Family did not answer at the arranged visit. Left a card and sent a message.",
    "Supervision discussion: progress on the plan is good; review in four weeks.",
]

SENSITIVE_NOTES = [
    (
        "domestic_abuse",
        "Mum disclosed further controlling behaviour by her ex-partner. "
        "Safety plan reviewed; referral to the IDVA made with her agreement.",
    ),
    (
        "police_intelligence",
        "Police shared information about an incident near the "
        "address; no further action for the family at present.",
    ),
    (
        "sexual_health",
        "{child} asked for advice about sexual health services; signposted "
        "to the school nurse drop-in.",
    ),
]
