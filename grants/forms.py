"""Applicant-side forms of the grants app that are not built from questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.form_builder import ParticipantsField


class FollowUpReportForm(forms.Form):
    """The follow-up report (återrapportering) on a grant."""

    outcomes = forms.CharField(
        label=_("What was done and what did it achieve?"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    participants = ParticipantsField(
        label=_("Participants by age and gender"), help_text=_("How many took part.")
    )
    money_used = forms.DecimalField(
        label=_("Money used of the grant (SEK)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("What is not used must be paid back."),
    )
