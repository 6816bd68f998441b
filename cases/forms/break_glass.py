"""Opening a case without a relationship, and reviewing such an opening."""

from __future__ import annotations

from django import forms


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this case now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the child is with the out-of-hours team tonight. Your reason, "
        "and that you opened the case, are recorded and reviewed by the lead agency's manager",
        error_messages={"required": "Enter why you need to open this case"},
    )


class BreakGlassReviewForm(forms.Form):
    appropriate = forms.TypedChoiceField(
        label="Was opening this case appropriate?",
        choices=[("yes", "Yes, it was appropriate"), ("no", "No, it was not appropriate")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether opening the case was appropriate"},
    )
    comments = forms.CharField(
        label="Comments",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if it was not appropriate",
    )
