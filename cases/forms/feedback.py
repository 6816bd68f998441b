"""The family's feedback on the help: one set of questions, asked at closure and at reviews.

Closure asks them of every family (the first answer is required, "did not answer"
being an answer); a plan review asks them only when the family was asked, so there
every question is optional. The answers are stored the same way (FamilyFeedback), and
scorecard measure F1 counts them, so the questions are written once, here.
"""

from __future__ import annotations

from django import forms

UNANSWERED = "unanswered"
FEEDBACK_ANSWERS = (("yes", "Yes"), ("no", "No"), (UNANSWERED, "The family did not answer"))


def family_feedback_fields(
    *, at_review: bool = False
) -> tuple[forms.ChoiceField, forms.CharField, forms.CharField]:
    """The three questions, in order: timely and helpful, what they said, and what they
    said about their lead practitioner. Declare them in a form's body by unpacking:

        timely_and_helpful, feedback_comments, about_lead_practitioner = family_feedback_fields()
    """
    if at_review:
        timely = forms.ChoiceField(
            label="Did the family say the help has been timely and helpful? (optional)",
            choices=FEEDBACK_ANSWERS,
            widget=forms.RadioSelect,
            required=False,
        )
    else:
        timely = forms.ChoiceField(
            label="Did the family say the help was timely and helpful?",
            choices=FEEDBACK_ANSWERS,
            widget=forms.RadioSelect,
            error_messages={"required": "Select what the family said, or that they did not answer"},
        )
    comments = forms.CharField(
        label="What did the family say about the help? (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="In the family's own words",
    )
    about_lead = forms.CharField(
        label="What did they say about working with their lead practitioner? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    return timely, comments, about_lead


def timely_and_helpful_answer(value: str | None) -> bool | None:
    """The stored answer: yes, no, or None when the family did not answer (or was not asked)."""
    if not value or value == UNANSWERED:
        return None
    return value == "yes"
