"""Forms of the officers' case actions; the rules they feed live in grants.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import Assessment, Decision, RepaymentClaim

DATE = forms.DateInput(attrs={"type": "date"})


class DecisionForm(forms.ModelForm):
    report_due_on = forms.DateField(
        label=_("follow-up report due"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use the programme's rule."),
    )

    class Meta:
        model = Decision
        fields = [
            "outcome",
            "amount",
            "override_reason",
            "reasons",
            "conditions",
            "decided_by_kind",
            "minutes_paragraph",
            "minutes_approved_on",
            "announced_on",
        ]
        widgets = {"minutes_approved_on": DATE, "announced_on": DATE}

    def __init__(self, *args, formula=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not formula:
            del self.fields["override_reason"]

    def _post_clean(self):
        """The decision is saved by the service, which validates it as a whole (amount vs
        outcome, minutes, budget): no model validation of a half-built instance here."""


class BatchDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("decision"), choices=Decision.Outcome.choices)
    reasons = forms.CharField(label=_("reasons"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_by_kind = forms.ChoiceField(
        label=_("decided by"),
        choices=Decision.DecidedBy.choices,
        initial=Decision.DecidedBy.COMMITTEE,
    )
    minutes_paragraph = forms.CharField(
        label=_("minutes paragraph (protokoll §)"), max_length=20, required=False
    )
    minutes_approved_on = forms.DateField(
        label=_("minutes approved (justeringsdatum)"), required=False, widget=DATE
    )
    announced_on = forms.DateField(label=_("announced (anslagsdatum)"), required=False, widget=DATE)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decided_by_kind") == Decision.DecidedBy.COMMITTEE:
            for name in ("minutes_paragraph", "minutes_approved_on", "announced_on"):
                if not cleaned.get(name):
                    self.add_error(name, _("A committee decision needs this from the minutes."))
        return cleaned


class AssessmentForm(forms.Form):
    """One field per criterion of the programme (0 to max, or not applicable)."""

    NOT_APPLICABLE = "na"

    recommendation = forms.ChoiceField(
        label=_("recommendation"), choices=Assessment.Recommendation.choices
    )
    recommended_amount = forms.DecimalField(
        label=_("recommended amount (SEK)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    notes = forms.CharField(
        label=_("private notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen by officers only, never by the applicant."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {}
        for criterion in self.criteria:
            choices = [(self.NOT_APPLICABLE, _("Not applicable"))] + [
                (str(n), str(n)) for n in range(criterion.max_score + 1)
            ]
            name = f"criterion_{criterion.pk}"
            scores[name] = forms.ChoiceField(
                label=criterion.name, choices=choices, help_text=criterion.description
            )
        self.fields = {**scores, **self.fields}

    def scores(self) -> dict:
        return {
            c.pk: None
            if self.cleaned_data[f"criterion_{c.pk}"] == self.NOT_APPLICABLE
            else int(self.cleaned_data[f"criterion_{c.pk}"])
            for c in self.criteria
        }


class PayoutPlanForm(forms.Form):
    payment_date = forms.DateField(label=_("payment date"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def clean_payment_date(self):
        value = self.cleaned_data["payment_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The payment date cannot be in the past."))
        return value


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("comment to the association"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ClaimSettleForm(forms.Form):
    status = forms.ChoiceField(
        label=_("outcome"),
        choices=[
            (RepaymentClaim.Status.REPAID, RepaymentClaim.Status.REPAID.label),
            (RepaymentClaim.Status.WAIVED, RepaymentClaim.Status.WAIVED.label),
        ],
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)
