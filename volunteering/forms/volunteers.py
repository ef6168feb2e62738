"""The volunteer's own form: what they can offer, where, for what, how to be reached, and
their consent. The choices are the municipality's own; lists the municipality has not
set up are left out."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import District, FocusArea, TargetGroup
from volunteering.languages import LANGUAGES
from volunteering.models import Skill, Volunteer
from volunteering.services.volunteers import FIELDS, MANY, profile_problems

CHECKBOXES = forms.CheckboxSelectMultiple


def _choices(model, municipality):
    return model.objects.filter(municipality=municipality).order_by("ordering", "name")


class VolunteerForm(forms.Form):
    """Sign-up and later changes. ``consent`` is asked when signing up, and again when the
    consent text has changed since the person gave theirs."""

    skills = forms.ModelMultipleChoiceField(
        label=_("Skills and resources I can offer"), queryset=Skill.objects.none(),
        required=False, widget=CHECKBOXES,
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"), choices=LANGUAGES, required=False, widget=CHECKBOXES
    )
    has_car = forms.BooleanField(label=_("I have a driving licence and a car"), required=False)
    offers_premises = forms.BooleanField(label=_("I can offer premises"), required=False)
    other_offer = forms.CharField(
        label=_("Anything else I can offer"), max_length=500, required=False,
        help_text=_("E.g. cooking for many, a boat, a trailer."),
    )  # fmt: skip
    hours_per_month = forms.IntegerField(
        label=_("Hours a month"), required=False, min_value=1, max_value=200,
        help_text=_("Roughly how many hours a month you can give. Leave empty if it varies."),
    )  # fmt: skip
    districts = forms.ModelMultipleChoiceField(
        label=_("Where I can help"), queryset=District.objects.none(), required=False,
        widget=CHECKBOXES, help_text=_("None chosen: anywhere in the municipality."),
    )  # fmt: skip
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("What I want to help with"), queryset=FocusArea.objects.none(),
        required=False, widget=CHECKBOXES,
    )  # fmt: skip
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Whom I want to help"), queryset=TargetGroup.objects.none(), required=False,
        widget=CHECKBOXES,
    )  # fmt: skip
    reach_by = forms.MultipleChoiceField(
        label=_("Reach me by"), choices=Volunteer.Channel.choices, widget=CHECKBOXES,
        error_messages={"required": _("Choose at least one way to reach you.")},
        help_text=_("Email goes to the address of your account."),
    )  # fmt: skip
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False,
        help_text=_("Only if you want text messages or calls."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("I agree that the municipality keeps this information, as described above."),
        required=True,
        error_messages={"required": _("Give your consent to sign up as a volunteer.")},
    )

    def __init__(self, *args, municipality, volunteer=None, **kwargs):
        if volunteer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(volunteer, name) for name in FIELDS},
                **{name: list(getattr(volunteer, name).all()) for name in MANY},
            }
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        listed = {"skills": Skill, "districts": District, "focus_areas": FocusArea,
                  "target_groups": TargetGroup}  # fmt: skip
        for name, model in listed.items():
            self.fields[name].queryset = _choices(model, municipality)
            if not self.fields[name].queryset.exists():
                del self.fields[name]
        self.asks_consent = volunteer is None or (
            volunteer.consent_version != Volunteer.CONSENT_VERSION
        )
        if not self.asks_consent:
            del self.fields["consent"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        present = set(self.fields)
        parts = [
            (_("What I can offer"), ["skills", "languages", "has_car", "offers_premises",
                                     "other_offer", "hours_per_month"]),
            (_("Where and for what"), ["districts", "focus_areas", "target_groups"]),
            (_("How to reach me"), ["reach_by", "phone"]),
            (_("Consent"), ["consent"]),
        ]  # fmt: skip
        self.helper.layout = Layout(
            *(
                Fieldset(legend, *[n for n in names if n in present])
                for legend, names in parts
                if any(n in present for n in names)
            )
        )

    def clean(self):
        cleaned = super().clean()
        for name, problem in profile_problems(
            municipality=self.municipality, data=self.profile()
        ).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, problem)
        return cleaned

    def profile(self) -> dict:
        """The cleaned answers as the services take them."""
        data = self.cleaned_data
        found = {name: data[name] for name in FIELDS if name in data}
        found.update({name: list(data.get(name) or []) for name in MANY if name in self.fields})
        return found


class ConfirmRemovalForm(forms.Form):
    """ "Remove me": a box the person ticks so that a slip of the finger removes nothing."""

    confirm = forms.BooleanField(
        label=_("Yes, remove my volunteer profile in this municipality"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
