"""Forms of the registry. Errors are shown next to the field; nothing typed is lost."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import (
    AgeBand,
    BoardMember,
    DocumentKind,
    Gender,
    Membership,
    Organisation,
    PayoutAccount,
)
from organisations.services import board_problems, payout_account_details
from organisations.uploads import validate_upload
from organisations.validators import (
    check_legal_form_matches,
    normalise_organisation_number,
)

ORGANISATION_FIELDS = [
    "kind",
    "name",
    "legal_form",
    "organisation_number",
    "purpose",
    "district",
    "activity_areas",
    "focus_areas",
    "target_groups",
    "street_address",
    "postal_code",
    "city",
    "email",
    "phone",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "has_drug_policy",
    "listed_in_directory",
]


def year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year + 1, this_year - 4, -1)]


def organisation_form_helper(*, editing: bool) -> FormHelper:
    """Groups the registration fields into fieldsets, so the long form reads in parts."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    first = ["name", "legal_form", "organisation_number", "purpose", "district"]
    helper.layout = Layout(
        Fieldset(_("The organisation"), *(first if editing else ["kind", *first])),
        Fieldset(_("Activities"), "activity_areas", "focus_areas", "target_groups"),
        Fieldset(
            _("Address and contact"),
            "street_address",
            "postal_code",
            "city",
            "email",
            "phone",
            "website",
        ),
        Fieldset(_("Contact person"), "contact_name", "contact_email", "contact_phone"),
        Fieldset(
            _("Attestations and visibility"),
            "has_drug_policy",
            "attest_values",
            "listed_in_directory",
        ),
    )
    return helper


class OrganisationForm(forms.ModelForm):
    """Registration and later edits of an organisation's registry data."""

    attest_values = forms.BooleanField(
        label=_(
            "We attest that the organisation works by democratic principles, respects "
            "everyone's equal worth, does not discriminate, and follows the UN Convention "
            "on the Rights of the Child."
        ),
        required=True,
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        widgets = {
            "kind": forms.RadioSelect,
            "activity_areas": forms.CheckboxSelectMultiple,
            "focus_areas": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.helper = organisation_form_helper(editing=bool(self.instance.pk))
        self.fields["district"].queryset = municipality.districts.all()
        self.fields["focus_areas"].queryset = municipality.focusareas.all()
        self.fields["target_groups"].queryset = municipality.targetgroups.all()
        self.fields["kind"].choices = Organisation.Kind.choices  # no empty choice for radios
        self.fields["legal_form"].help_text = _("Only for associations.")
        self.fields["contact_name"].label = _(
            "Contact person (for an informal group: the responsible adult)"
        )
        # The model lets the municipality register an organisation without email (by
        # post); an organisation registering itself online gives one.
        self.fields["contact_email"].required = True
        self.fields["listed_in_directory"].help_text = _(
            "The public directory shows the name, district, areas, purpose and website; "
            "never personal data."
        )
        if self.instance.pk:
            del self.fields["kind"]  # an association does not turn into a group, or back
            self.fields["attest_values"].initial = self.instance.values_attested_at is not None

    @property
    def kind(self):
        if "kind" in self.fields:
            return self.cleaned_data.get("kind")
        return self.instance.kind

    def clean_organisation_number(self):
        value = self.cleaned_data.get("organisation_number", "").strip()
        if not value:
            return ""
        number = normalise_organisation_number(value)
        taken = Organisation.objects.filter(
            municipality=self.municipality, organisation_number=number
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "An organisation with this organisation number is already registered in "
                    "the municipality. Ask its contact person to invite you instead."
                )
            )
        return number

    def clean(self):
        cleaned = super().clean()
        if self.kind == Organisation.Kind.ASSOCIATION:
            if not cleaned.get("legal_form"):
                self.add_error("legal_form", _("Choose the association's legal form."))
            if not cleaned.get("organisation_number") and "organisation_number" not in self.errors:
                self.add_error(
                    "organisation_number",
                    _(
                        "An association needs its organisation number. Without one, register "
                        "as an informal group."
                    ),
                )
            number, form = cleaned.get("organisation_number"), cleaned.get("legal_form")
            if number and form:
                try:
                    check_legal_form_matches(number, form)
                except forms.ValidationError as error:
                    self.add_error("organisation_number", error)
        elif self.kind == Organisation.Kind.INFORMAL_GROUP:
            cleaned["legal_form"] = ""
            cleaned["organisation_number"] = ""
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "attest_values"}
        if self.cleaned_data.get("attest_values") and self.instance.values_attested_at is None:
            data["values_attested_at"] = timezone.now()
        return data


# The board form has room for this many people more than are saved; the page shows the filled
# rows and one empty one, and "Add a person" reveals the next (static/js/rows.js).
BOARD_EMPTY_ROWS = 10


class BoardMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    # No role chosen until someone picks one: an untouched row is then left out, not refused.
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role")), *BoardMember.Role.choices]
    )
    is_signatory = forms.BooleanField(label=_("Signatory (firmatecknare)"), required=False)


class BaseBoardFormSet(forms.BaseFormSet):
    def __init__(self, data=None, *args, minimum_size=3, **kwargs):
        self.minimum_size = minimum_size
        self.unexpected_rows = 0
        if data is not None:
            data = self._count_in_unexpected_rows(data, kwargs.get("prefix"))
        super().__init__(data, *args, **kwargs)

    def _count_in_unexpected_rows(self, data, prefix):
        """Django reads only the rows the management form counts and ignores the rest without
        a word. Rows typed past them (a page changed in the browser, an old page) are counted
        in, so they are shown again with what was typed, and :meth:`clean` refuses to save
        until the person has seen them."""
        prefix = prefix or self.get_default_prefix()
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
        except ValueError:
            return data  # the management form's own error says so
        fields = "|".join(BoardMemberForm.base_fields)
        row_field = re.compile(rf"{re.escape(prefix)}-(\d+)-(?:{fields})")
        beyond = {
            int(match[1])
            for key, value in data.items()
            if (match := row_field.fullmatch(key)) and str(value).strip() and int(match[1]) >= total
        }
        if not beyond:
            return data
        self.unexpected_rows = len(beyond)
        data = data.copy()
        data[f"{prefix}-TOTAL_FORMS"] = str(max(beyond) + 1)
        return data

    def members(self) -> list[dict]:
        """The filled-in rows, without the ones marked for removal."""
        return [
            {key: form.cleaned_data.get(key) for key in ("full_name", "role", "is_signatory")}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if self.unexpected_rows:
            raise forms.ValidationError(
                _(
                    "The form was sent with more rows than it counted. All of them are shown "
                    "below: check them and save again."
                ),
                code="unexpected_rows",
            )
        if any(self.errors):
            return
        problems = board_problems(self.members(), self.minimum_size)
        if problems:
            raise forms.ValidationError(problems)


BoardFormSet = forms.formset_factory(
    BoardMemberForm, formset=BaseBoardFormSet, extra=BOARD_EMPTY_ROWS, can_delete=True
)


class MemberStatisticsForm(forms.Form):
    """Member counts as a grid: one number per age band and gender."""

    residents_percent = forms.IntegerField(
        label=_("Share of members living in the municipality (%)"), min_value=0, max_value=100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for band in AgeBand:
            for gender in Gender:
                self.fields[self.cell(band, gender)] = forms.IntegerField(
                    label=f"{gender.label}, {band.label}",
                    min_value=0,
                    max_value=1_000_000,
                    initial=0,
                )

    @staticmethod
    def cell(band, gender) -> str:
        """The field name of one cell; takes the choices' values (or the choices)."""
        band, gender = str(band), str(gender)
        return f"count_{band.replace('-', '_').replace('+', 'plus')}_{gender}"

    @classmethod
    def initial_from(cls, statistics) -> dict:
        """Initial values from a stored MemberStatistics (or none)."""
        if statistics is None:
            return {}
        initial = {"residents_percent": statistics.residents_percent}
        for count in statistics.counts.all():
            initial[cls.cell(count.age_band, count.gender)] = count.count
        return initial

    def rows(self):
        """The grid for the template: (age band, [bound fields per gender])."""
        return [(band, [self[self.cell(band, gender)] for gender in Gender]) for band in AgeBand]

    def counts(self) -> dict:
        return {
            (band.value, gender.value): self.cleaned_data[self.cell(band, gender)]
            for band in AgeBand
            for gender in Gender
        }


class DocumentForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=year_choices)
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, Word, Excel, OpenDocument or an image. The type is checked from the "
            "file's content."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded)
        return uploaded


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    # a representative (ombud) only: organisations.representatives
    valid_until = forms.DateField(
        label=_("A representative: authorised until (last day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for an authorisation without an end."),
    )
    authorisation = forms.CharField(
        label=_("A representative: the authorisation (fullmakt)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who decided it for the organisation and when, e.g. the board on 3 March."),
    )

    def service_kwargs(self) -> dict:
        """The keywords of the service that sends this invitation (representatives carry
        their authorisation)."""
        data = self.cleaned_data
        if data["role"] == Membership.Role.REPRESENTATIVE:
            return {key: data[key] for key in ("email", "valid_until", "authorisation")}
        return {"email": data["email"], "role": data["role"]}


class PayoutAccountForm(forms.Form):
    """The payout details as a person gives them: a bankgiro or plusgiro, or a Swedish
    bank account as an IBAN or as clearing + account number; whose account it is. The
    checks are ``services.payout_account_details``'s, shown next to the field at fault."""

    method = forms.ChoiceField(
        label=_("How the grant is paid"),
        choices=PayoutAccount.Method.choices,
        widget=forms.RadioSelect,
    )
    number = forms.CharField(
        label=_("Bankgiro or plusgiro number"),
        max_length=12,
        required=False,
        help_text=_("For bankgiro or plusgiro, e.g. 5050-1055."),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=40,
        required=False,
        help_text=_(
            "For a bank account: SE followed by 22 digits, as your internet bank shows it. "
            "Or leave it empty and give the clearing and account numbers below."
        ),
    )
    clearing_number = forms.CharField(
        label=_("Clearing number"),
        max_length=8,
        required=False,
        help_text=_("Four digits, at some Swedbank offices five (e.g. 8327-9)."),
    )
    bank_account_number = forms.CharField(label=_("Account number"), max_length=20, required=False)
    holder_kind = forms.ChoiceField(
        label=_("Whose account is it?"),
        choices=PayoutAccount.Holder.choices,
        widget=forms.RadioSelect,
        initial=PayoutAccount.Holder.ORGANISATION,
        help_text=_(
            "An informal group that has no account of its own can be paid to a responsible "
            "adult's bank account. The money then reimburses the group's costs for the "
            "activity; it is not the adult's income."
        ),
    )
    account_holder = forms.CharField(
        label=_("Account holder"),
        max_length=200,
        help_text=_("The organisation's name, or the responsible adult's full name."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if organisation.is_informal:
            self.fields["holder_kind"].initial = PayoutAccount.Holder.RESPONSIBLE_ADULT
        else:
            # An association's account is always in its own name.
            del self.fields["holder_kind"]
            if not self.initial.get("account_holder"):
                self.initial["account_holder"] = organisation.name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "method",
            Fieldset(_("Bankgiro or plusgiro"), "number"),
            Fieldset(_("Bank account"), "iban", "clearing_number", "bank_account_number"),
            Fieldset(
                _("Account holder"),
                *(["holder_kind"] if "holder_kind" in self.fields else []),
                "account_holder",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        holder = " ".join((cleaned.get("account_holder") or "").split())
        if (
            holder
            and not self.organisation.is_informal
            and holder.casefold() != self.organisation.name.casefold()
        ):
            self.add_error(
                "account_holder",
                _("The account must be in the association's own name (%(name)s).")
                % {"name": self.organisation.name},
            )
        if "method" in self.errors:
            return cleaned
        try:
            payout_account_details(organisation=self.organisation, **self.service_kwargs())
        except forms.ValidationError as error:
            self.add_service_error(error)
        return cleaned

    def service_kwargs(self) -> dict:
        """The keywords of ``services.payout_account_save`` from the cleaned fields."""
        data = self.cleaned_data
        bank = data.get("method") == PayoutAccount.Method.BANK_ACCOUNT
        return {
            "method": data.get("method", ""),
            "number": data.get("iban" if bank else "number", ""),
            "clearing_number": data.get("clearing_number", "") if bank else "",
            "bank_account_number": data.get("bank_account_number", "") if bank else "",
            "holder_kind": data.get("holder_kind") or PayoutAccount.Holder.ORGANISATION,
            "account_holder": data.get("account_holder", ""),
        }

    def add_service_error(self, error) -> None:
        """A service's error next to its field: the bank account's number is the IBAN."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        bank = self.cleaned_data.get("method") == PayoutAccount.Method.BANK_ACCOUNT
        for field, errors in error.error_dict.items():
            name = "iban" if (field == "number" and bank) else field
            if name in self.errors:
                continue  # the field's own error says it already
            self.add_error(name if name in self.fields else None, errors)


class StatusMessageForm(forms.Form):
    """The officer's message when asking for changes."""

    message = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 5})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))
