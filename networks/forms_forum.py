"""Forms of open forums: the public sign-up (with a honeypot field people never see) and
the check-in button."""

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models.signups import INTERPRETER_LANGUAGES, MAX_PLACES
from organisations.models import Organisation
from portal.forms import BootstrapForm

HONEYPOT = "website"


class SignupForm(BootstrapForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The confirmation and your link to cancel are sent here."),
    )
    organisation = forms.ModelChoiceField(
        label=_("I come for"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself, or an organisation not listed"),
    )
    organisation_name = forms.CharField(
        label=_("Organisation, if any"), max_length=200, required=False
    )
    places = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=MAX_PLACES,
        initial=1,
        help_text=_("You and the people coming with you (at most %(max)s).") % {"max": MAX_PLACES},
    )
    access_needs = forms.CharField(
        label=_("Access needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. a wheelchair place, a hearing loop, food allergies."),
    )
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter"),
        required=False,
        choices=[("", _("No interpreter needed")), *INTERPRETER_LANGUAGES],
    )
    interpreter_other = forms.CharField(
        label=_("Other language"),
        max_length=100,
        required=False,
        help_text=_("If you chose another language."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )  # the honeypot: hidden from people, filled in by robots

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation_name"].widget.attrs["autocomplete"] = "organization"
        self.fields[HONEYPOT].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        if organisations is not None and organisations.exists():
            self.fields["organisation"].queryset = organisations
        else:
            del self.fields["organisation"]

    @property
    def visible(self):
        return [field for field in self if field.name != HONEYPOT]

    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("interpreter_language") == "other"
            and not cleaned.get("interpreter_other", "").strip()
        ):
            self.add_error("interpreter_other", _("Say which language."))
        return cleaned


class CheckInForm(forms.Form):
    kind = forms.ChoiceField(choices=[("member", "member"), ("signup", "signup")])
    row = forms.IntegerField(min_value=1)
