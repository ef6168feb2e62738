"""Forms of the register's admin pages. They ask the services the same questions the
services ask when saving (``*_problems``), so a refusal is a form error by the field."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations import permissions, services, workflow
from collaborations.models import (
    Agreement,
    CoApplication,
    Collaboration,
    CollaborationDocument,
    Contribution,
    FollowUp,
    Indicator,
    Party,
    Proposal,
)
from collaborations.services.collaborations import FIELDS, MANY
from organisations.uploads import validate_upload
from portal.admin.autocomplete import SharedRowChoicesFormSet
from portal.admin.mixins import LabelledInlineForm, LabelledInlineFormSet
from portal.models import Administration
from portal.money import format_number


class KronorField(forms.DecimalField):
    """An amount typed in kronor (``1 500,50``) and kept in integer öre."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return super().prepare_value(Decimal(value) / 100)
        return super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u00a0", "").replace(" ", "")
        return super().to_python(value)

    def clean(self, value):
        amount = super().clean(value)
        return None if amount is None else int((amount * 100).to_integral_value())

    def has_changed(self, initial, data):
        try:
            return self.clean(data) != (initial if initial is not None else None)
        except ValidationError:
            return True


# the öre fields' labels as the admin shows them: in kronor
KRONOR_LABELS = {
    "amount_ore": _("amount per year (kronor)"),
    "applied_ore": _("applied for (kronor)"),
    "granted_ore": _("granted (kronor)"),
    "co_financing_ore": _("municipal co-financing (kronor)"),
}


def kronor_field(db_field, **kwargs):
    """The admin's form field for an ``*_ore`` column."""
    return KronorField(
        label=KRONOR_LABELS.get(db_field.name, db_field.verbose_name),
        required=not (db_field.null or db_field.has_default()),
        help_text=kwargs.get("help_text", ""),
    )


def _add_problems(form, problems: dict) -> None:
    for field, message in problems.items():
        form.add_error(field if field in form.fields else None, message)


class StatusMovesForm(forms.ModelForm):
    """A status select offering the current status and the moves the workflow table allows
    (staff); a new row shows only the status it starts in. The service asks again."""

    status_table: dict = {}
    created_as = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is None:
            return
        start = self.instance.status if self.instance.pk else self.created_as
        offered = {start}
        if self.instance.pk:
            offered.update(workflow.moves(start, workflow.STAFF, self.status_table))
        field.widget.choices = [(v, label) for v, label in field.choices if v in offered]

    def clean_status(self):
        status = self.cleaned_data["status"]
        start = self.instance.status if self.instance.pk else self.created_as
        if not self.instance.pk and status != start:
            raise ValidationError(_("It starts as planned; change the status once it is saved."))
        return status


class CollaborationForm(StatusMovesForm):
    status_table = workflow.COLLABORATION_TRANSITIONS
    created_as = workflow.CREATED_AS["collaboration"]

    class Meta:
        model = Collaboration
        fields = [
            "municipality",
            "title",
            "description",
            "kind",
            "level",
            "administration",
            "responsible",
            "focus_areas",
            "districts",
            "target_groups",
            "partners",
            "starts_on",
            "ends_on",
            "status",
            "is_public",
        ]

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality") or getattr(self.instance, "municipality", None)
        if self.instance.pk:
            municipality = self.instance.municipality
        administration = cleaned.get("administration")
        if (
            municipality is not None
            and self.user is not None
            and (not self.instance.pk or "administration" in self.changed_data)
            and not permissions.may_record(self.user, municipality, administration)
        ):
            self.add_error(
                "administration",
                _("You record collaborations of the administrations that serve your "
                  "committee; the coordinators record for every administration."),
            )  # fmt: skip
        if municipality is not None:
            names = (*FIELDS, *MANY)
            data = {k: cleaned[k] for k in names if k in cleaned and k in self.changed_data}
            _add_problems(
                self, services.collaboration_problems(municipality=municipality, data=data)
            )
        status = cleaned.get("status")
        if self.instance.pk and status and status != self.instance.status and self.user:
            current = Collaboration.objects.get(pk=self.instance.pk)
            problem = services.collaboration_status_problem(current, status, self.user)
            if problem:
                self.add_error("status", problem)
        return cleaned

    user = None


class OutsidePartnerForm(LabelledInlineForm):
    pass


class DocumentForm(LabelledInlineForm):
    class Meta:
        model = CollaborationDocument
        fields = ["title", "file"]

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "content_type") and not self.instance.pk:
            validate_upload(uploaded)
        return uploaded


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "collaboration",
            "legal_form",
            "lawfulness_assessment",
            "assessed_on",
            "signed_on",
            "governance_forum",
            "follow_up_month",
        ]

    def clean(self):
        cleaned = super().clean()
        collaboration = cleaned.get("collaboration") or (
            self.instance.collaboration if self.instance.collaboration_id else None
        )
        if collaboration is not None:
            _add_problems(
                self, services.agreement_problems(collaboration=collaboration, data=cleaned)
            )
        assessment = (cleaned.get("lawfulness_assessment") or "").strip()
        assessed_on = cleaned.get("assessed_on")
        if bool(assessment) != bool(assessed_on):
            self.add_error(
                "assessed_on" if assessment else "lawfulness_assessment",
                _("Give both the assessment and its date."),
            )
        if assessed_on and assessed_on > timezone.localdate():
            self.add_error("assessed_on", _("The assessment date cannot be in the future."))
        return cleaned


class PartyForm(LabelledInlineForm):
    class Meta:
        model = Party
        fields = ["organisation", "administration", "name"]

    def clean(self):
        cleaned = super().clean()
        agreement = self.instance.agreement if self.instance.agreement_id else None
        if agreement is not None and not self.cleaned_data.get("DELETE"):
            _add_problems(
                self,
                services.party_problems(
                    agreement=agreement,
                    organisation=cleaned.get("organisation"),
                    administration=cleaned.get("administration"),
                    name=cleaned.get("name", ""),
                    party=self.instance if self.instance.pk else None,
                ),
            )
        return cleaned


class PartyFormSet(SharedRowChoicesFormSet, LabelledInlineFormSet):
    """The parties on an agreement's page: each party once (checked across the rows here;
    the database's unique constraints would otherwise refuse the second at save time); the
    rows' choices read once, not per row."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", None)
            if (
                not cleaned
                or cleaned.get("DELETE")
                or (not form.has_changed() and not form.instance.pk)
            ):
                continue
            key = (
                ("organisation", getattr(cleaned.get("organisation"), "pk", None))
                if cleaned.get("organisation")
                else ("administration", getattr(cleaned.get("administration"), "pk", None))
                if cleaned.get("administration")
                else ("name", (cleaned.get("name") or "").strip().casefold())
            )
            if key in seen:
                raise ValidationError(_("The same party is named twice."), code="duplicate_party")
            seen.add(key)


class ContributionForm(LabelledInlineForm):
    class Meta:
        model = Contribution
        fields = ["kind", "amount_ore", "quantity", "description"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind"):
            _add_problems(
                self,
                services.contribution_problems(
                    kind=cleaned["kind"],
                    amount_ore=cleaned.get("amount_ore"),
                    quantity=cleaned.get("quantity"),
                ),
            )
            needs_words = cleaned["kind"] != Contribution.Kind.MONEY
            if needs_words and not cleaned.get("quantity") and not cleaned.get("description"):
                self.add_error("description", _("Say what the party brings."))
        return cleaned


class IndicatorForm(LabelledInlineForm):
    class Meta:
        model = Indicator
        fields = ["goal", "name", "unit", "baseline", "target", "ordering"]

    def clean(self):
        cleaned = super().clean()
        _add_problems(
            self,
            services.indicator_problems(
                target=cleaned.get("target"), baseline=cleaned.get("baseline")
            ),
        )
        return cleaned


class OpenFollowUpForm(forms.Form):
    year = forms.IntegerField(label=_("Year followed up"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class FollowUpResultsForm(forms.ModelForm):
    """A follow-up's summary, its status (the moves the table allows) and a result and a
    comment per indicator (declared per follow-up by ``follow_up_form_class``), labelled
    with the goal and the target. Results change only in a draft."""

    indicator_ids: tuple = ()
    user = None

    class Meta:
        model = FollowUp
        fields = ["summary", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("status")
        if field is not None and self.instance.pk:
            start = self.instance.status
            table = workflow.FOLLOW_UP_TRANSITIONS
            offered = {start, *workflow.moves(start, workflow.STAFF, table)}
            field.widget.choices = [(v, label) for v, label in field.choices if v in offered]
        if self.instance.pk and self.instance.status != FollowUp.Status.DRAFT:
            for name in self.fields:
                if name.startswith(("result_", "comment_")):
                    self.fields[name].disabled = True

    def results(self) -> dict:
        """``{indicator id: (value, comment)}`` as typed (for follow_up_save_results)."""
        return {
            pk: (self.cleaned_data.get(f"result_{pk}"), self.cleaned_data.get(f"comment_{pk}"))
            for pk in self.indicator_ids
        }

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if not self.instance.pk or not status or status == self.instance.status:
            return cleaned
        kinds = services.follow_up_actor_kinds(self.user, self.instance)
        table, statuses = workflow.FOLLOW_UP_TRANSITIONS, FollowUp.Status
        problem = services.move_problem(table, statuses, self.instance.status, status, kinds)
        missing = [pk for pk, (value, _c) in self.results().items() if value is None]
        if not problem and status == statuses.SUBMITTED and missing:
            problem = _("Give a result for every indicator before submitting the follow-up.")
        if problem:
            self.add_error("status", problem)
        return cleaned


def follow_up_form_class(follow_up, user):
    """The form of ``follow_up``: one result and one comment field per indicator."""
    indicators = list(follow_up.agreement.indicators.all())
    results = {r.indicator_id: r for r in follow_up.results.all()}
    attrs = {"indicator_ids": tuple(i.pk for i in indicators), "user": user}
    for indicator in indicators:
        result = results.get(indicator.pk)
        unit = f" {indicator.unit}" if indicator.unit else ""
        attrs[f"result_{indicator.pk}"] = forms.DecimalField(
            label=indicator.name,
            required=False,
            max_digits=12,
            decimal_places=2,
            localize=True,
            initial=result.value if result else None,
            help_text=_("Goal: %(goal)s. Target per year: %(target)s%(unit)s.")
            % {"goal": indicator.goal, "target": format_number(indicator.target), "unit": unit},
        )
        attrs[f"comment_{indicator.pk}"] = forms.CharField(
            label=_("Comment on %(indicator)s") % {"indicator": indicator.name},
            required=False,
            max_length=500,
            initial=result.comment if result else "",
        )
    return type("FollowUpResultsForm", (FollowUpResultsForm,), attrs)


class CoApplicationForm(StatusMovesForm):
    status_table = workflow.CO_APPLICATION_TRANSITIONS
    created_as = workflow.CREATED_AS["co_application"]
    user = None

    class Meta:
        model = CoApplication
        fields = [
            "collaboration",
            "applicant",
            "funder",
            "funder_name",
            "municipal_role",
            "status",
            "applied_ore",
            "granted_ore",
            "co_financing_ore",
            "submitted_on",
            "decided_on",
        ]

    def clean(self):
        cleaned = super().clean()
        collaboration = cleaned.get("collaboration") or (
            self.instance.collaboration if self.instance.collaboration_id else None
        )
        if collaboration is not None:
            _add_problems(
                self,
                services.co_application_problems(collaboration=collaboration, data=cleaned),
            )
        status = cleaned.get("status")
        if self.instance.pk and status and status != self.instance.status and self.user:
            current = CoApplication.objects.select_related("collaboration").get(pk=self.instance.pk)
            problem = services.co_application_status_problem(
                current, status, self.user, cleaned.get("granted_ore")
            )
            if problem:
                self.add_error("granted_ore" if "granted" in problem else "status", problem)
        elif status != CoApplication.Status.GRANTED and cleaned.get("granted_ore"):
            self.add_error("granted_ore", _("Money brought in is recorded once it is granted."))
        return cleaned


class ProposalDecideForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"))
    response = forms.CharField(
        label=_("Answer to the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the organisation by email. Needed when the proposal is declined."),
    )
    collaboration = forms.ModelChoiceField(
        label=_("Taken up in the collaboration"),
        queryset=Collaboration.objects.none(),
        required=False,
        help_text=_("When it is taken up in an existing collaboration."),
    )

    def __init__(self, *args, proposal, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal, self.user = proposal, user
        moves = workflow.moves(proposal.status, workflow.COORDINATOR, workflow.PROPOSAL_TRANSITIONS)
        self.fields["status"].choices = [
            (value, label) for value, label in Proposal.Status.choices if value in moves
        ]
        self.fields["collaboration"].queryset = Collaboration.objects.filter(
            municipality=proposal.municipality_id
        ).order_by("title")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status"):
            problem = services.proposal_decide_problem(
                self.proposal,
                cleaned["status"],
                self.user,
                cleaned.get("response", ""),
                cleaned.get("collaboration"),
            )
            if problem:
                raise ValidationError(problem)
        return cleaned


class ProposalTakeUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Collaboration.Kind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Collaboration.Level.choices)
    administration = forms.ModelChoiceField(
        label=_("Owning administration"), queryset=None, required=False
    )
    response = forms.CharField(
        label=_("Answer to the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["administration"].queryset = Administration.objects.filter(
            municipality=proposal.municipality_id
        )
        self.fields["kind"].initial = Collaboration.Kind.OTHER
