"""Forms of the officers' case actions; the rules they feed live in grants.services."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from grants.models import Assessment, Decision, HostAgreement, RepaymentClaim
from grants.services.decisions import multi_year_terms
from organisations.models import PayoutAccount
from portal.money import format_amount

DATE = forms.DateInput(attrs={"type": "date"})


class _RowForm(forms.Form):
    """A row of a small table of inputs: each input named after its column for screen
    readers (the table's header is its visible label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", capfirst(str(field.label)))

    def is_filled(self) -> bool:
        return bool(getattr(self, "cleaned_data", None)) and self.cleaned_data.get(
            "amount"
        ) not in (None, "")


def _report_choices(count: int):
    return [("", _("At once (no report)"))] + [
        (str(n), _("When report %(number)s is accepted") % {"number": n})
        for n in range(1, count + 1)
    ]


class InstalmentRowForm(_RowForm):
    """One instalment: an amount, paid from a date and/or when a report is accepted."""

    amount = forms.DecimalField(
        label=_("amount (SEK)"), required=False, min_value=Decimal("0.01"),
        max_digits=12, decimal_places=2,
    )  # fmt: skip
    due_on = forms.DateField(label=_("paid from"), required=False, widget=DATE)
    after_report = forms.TypedChoiceField(
        label=_("released"), required=False, coerce=int, empty_value=None, choices=()
    )
    year = forms.IntegerField(label=_("grant year"), required=False, min_value=2000,
                              max_value=2100)  # fmt: skip

    def __init__(self, *args, report_count=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after_report"].choices = _report_choices(report_count)


class YearRowForm(_RowForm):
    """One year of a multi-year grant and its amount."""

    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("amount (SEK)"), required=False, min_value=Decimal("0.01"),
        max_digits=12, decimal_places=2,
    )  # fmt: skip


InstalmentFormSet = forms.formset_factory(InstalmentRowForm, extra=4, max_num=24)
YearFormSet = forms.formset_factory(YearRowForm, extra=0, max_num=10)


def plan_rows(formset) -> list[dict]:
    """The filled rows of an instalment table as ``decision_make``'s plan rows."""
    return [
        {
            "amount": row.cleaned_data["amount"],
            "due_on": row.cleaned_data.get("due_on"),
            "year": row.cleaned_data.get("year"),
            "after_report": row.cleaned_data.get("after_report"),
        }
        for row in formset
        if row.is_filled()
    ]


class DecisionForm(forms.ModelForm):
    """The decision with how it is paid: the way (account, host, invoices) and the plan
    (one payment, instalments, or amounts per year over several years). The plan's tables
    are formsets of the form (``instalments``, ``years``); ``decision_kwargs()`` gives
    ``decision_make`` what it needs."""

    SINGLE, INSTALMENTS, MULTI_YEAR = "single", "instalments", "multi_year"

    report_due_on = forms.DateField(
        label=_("follow-up report due"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty to use the programme's rule."),
    )
    payment_route = forms.ChoiceField(
        label=_("how the grant is paid"), required=False, widget=forms.RadioSelect
    )
    plan_kind = forms.ChoiceField(
        label=_("payment plan"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (SINGLE, _("One payment of the whole amount")),
            (INSTALMENTS, _("In instalments (the table below)")),
            (MULTI_YEAR, _("A grant over several years: an amount per year (the table below)")),
        ],
        initial=SINGLE,
        help_text=_(
            "Over several years, each year gets a yearly report (the last year's is the "
            "final report); each later year's money is paid from 1 January of its year, "
            "once the year before has its report accepted."
        ),
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

    def __init__(self, *args, formula=False, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not formula:
            del self.fields["override_reason"]
        self.agreement = None
        if application is not None:
            self.agreement = (
                HostAgreement.objects.filter(
                    application=application, status=HostAgreement.Status.ACCEPTED
                )
                .select_related("host")
                .first()
            )
        account_label = _("To the applicant's registered account")
        if application is not None:  # say what the registry holds
            account = PayoutAccount.objects.filter(organisation=application.organisation_id).first()
            account_label = (
                _("To the applicant's registered account: %(account)s") % {"account": account}
                if account is not None
                else _("To the applicant's account (none registered yet: the payout waits "
                       "until the applicant registers one)")
            )  # fmt: skip
        routes = [(Decision.Route.ACCOUNT, account_label)]
        if self.agreement is not None:
            routes.append((
                Decision.Route.HOST,
                _("Through the host organisation %(host)s, which has accepted to receive "
                  "and account for the grant") % {"host": self.agreement.host.name},
            ))  # fmt: skip
        routes.append((
            Decision.Route.INVOICES,
            _("The municipality pays suppliers' invoices for the activity: the applicant "
              "sends them in, the officer approves each, the supplier is paid"),
        ))  # fmt: skip
        self.fields["payment_route"].choices = routes
        self.fields["payment_route"].initial = Decision.Route.ACCOUNT
        data = args[0] if args else kwargs.get("data")
        this_year = timezone.localdate().year
        self.instalments = InstalmentFormSet(data, prefix="inst")
        self.years = YearFormSet(
            data, prefix="year", initial=[{"year": this_year + n} for n in range(3)]
        )
        self.plan = None
        self.reports = None

    def clean(self):
        cleaned = super().clean()
        cleaned["payment_route"] = cleaned.get("payment_route") or Decision.Route.ACCOUNT
        cleaned["plan_kind"] = cleaned.get("plan_kind") or self.SINGLE
        if cleaned.get("outcome") == Decision.Outcome.REJECTED:
            return cleaned
        kind = cleaned["plan_kind"]
        if kind != self.SINGLE and cleaned["payment_route"] == Decision.Route.INVOICES:
            self.add_error("plan_kind", _(
                "A grant paid by invoices has no instalments: the approved invoices are "
                "its payments."
            ))  # fmt: skip
            return cleaned
        if kind == self.INSTALMENTS:
            self._clean_instalments(cleaned)
        elif kind == self.MULTI_YEAR:
            self._clean_years(cleaned)
        return cleaned

    def _check_total(self, rows, amount) -> bool:
        total = sum((Decimal(r["amount"]) for r in rows), Decimal(0))
        if amount is not None and total != amount:
            self.add_error("plan_kind", _(
                "The instalments add up to %(total)s, not the %(amount)s granted."
            ) % {"total": format_amount(total), "amount": format_amount(amount)})  # fmt: skip
            return False
        return True

    def _clean_instalments(self, cleaned):
        if not self.instalments.is_valid():
            self.add_error("plan_kind", _("Correct the instalments in the table."))
            return
        rows = plan_rows(self.instalments)
        if not rows:
            self.add_error("plan_kind", _("Give at least one instalment."))
        elif self._check_total(rows, cleaned.get("amount")):
            self.plan = rows

    def _clean_years(self, cleaned):
        if not self.years.is_valid():
            self.add_error("plan_kind", _("Correct the years in the table."))
            return
        amounts = {}
        for row in self.years:
            if not row.is_filled():
                continue
            year = row.cleaned_data.get("year")
            if year is None:
                row.add_error("year", _("Give the year."))
                self.add_error("plan_kind", _("Correct the years in the table."))
                return
            if year in amounts:
                self.add_error("plan_kind", _("Each year once only."))
                return
            amounts[year] = row.cleaned_data["amount"]
        if len(amounts) < 2:
            self.add_error("plan_kind", _("A grant over several years needs at least two years."))
            return
        try:
            plan, reports = multi_year_terms(amounts_by_year=amounts)
        except ValidationError as error:
            self.add_error("plan_kind", error.messages)
            return
        if self._check_total(plan, cleaned.get("amount")):
            self.plan, self.reports = plan, reports

    def decision_kwargs(self) -> dict:
        """What ``grants.services.decision_make`` takes, from the cleaned form."""
        data = dict(self.cleaned_data)
        data.pop("plan_kind", None)
        data["host"] = None
        if data["payment_route"] == Decision.Route.HOST and self.agreement is not None:
            data["host"] = self.agreement.host
        data["plan"], data["reports"] = self.plan, self.reports
        if self.reports is not None:
            data["report_due_on"] = None  # each year's report has its own date
        return data

    def _post_clean(self):
        """The decision is saved by the service, which validates it as a whole (amount vs
        outcome, minutes, budget): no model validation of a half-built instance here."""


class PlanChangeForm(forms.Form):
    """The open part of a plan (planned, in no payout batch) as a table of new rows."""

    def __init__(self, data=None, *, report_count, initial_rows):
        super().__init__(data)
        self.rows = forms.formset_factory(InstalmentRowForm, extra=2, max_num=24)(
            data, prefix="inst", initial=initial_rows,
            form_kwargs={"report_count": report_count},
        )  # fmt: skip

    def is_valid(self):
        return super().is_valid() and self.rows.is_valid()

    def plan_rows(self) -> list[dict]:
        return plan_rows(self.rows)


class InstalmentCancelForm(forms.Form):
    instalment = forms.ChoiceField(label=_("instalment"))
    reason = forms.CharField(
        label=_("why the instalment is cancelled"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the applicant with the plan."),
    )

    def __init__(self, *args, instalments, **kwargs):
        super().__init__(*args, **kwargs)
        self.instalments = {str(i.number): i for i in instalments}
        self.fields["instalment"].choices = [
            (number, _("Instalment %(number)s: %(amount)s")
             % {"number": number, "amount": format_amount(i.amount)})
            for number, i in self.instalments.items()
        ]  # fmt: skip

    def clean_instalment(self):
        return self.instalments[self.cleaned_data["instalment"]]


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
