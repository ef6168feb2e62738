"""The "What I follow" form: the municipality's focus areas, districts, public networks and
listed organisations as checkboxes, how often and which kinds of news. Lists the
municipality has not set up are left out."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import AlertSetting
from outreach.selectors import follows as selectors
from outreach.services.follows import follow_problems
from portal import announcements

CHECKBOXES = forms.CheckboxSelectMultiple


class FollowsForm(forms.Form):
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"), queryset=None, required=False, widget=CHECKBOXES
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"), queryset=None, required=False, widget=CHECKBOXES
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Networks"), queryset=None, required=False, widget=CHECKBOXES
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Associations and groups"), queryset=None, required=False, widget=CHECKBOXES,
        help_text=_("Those you follow, and those your search found in the municipality's "
                    "public directory."),
    )  # fmt: skip
    frequency = forms.ChoiceField(
        label=_("How often do you want to hear of news?"),
        choices=AlertSetting.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how often you want to hear of news.")},
    )
    kinds = forms.MultipleChoiceField(
        label=_("What news do you want?"),
        choices=list(announcements.KINDS.items()),
        widget=CHECKBOXES,
        error_messages={
            "required": _("Choose at least one kind of news, or choose to pause the alerts.")
        },
    )

    def __init__(self, *args, municipality, user, search="", **kwargs):
        followed = selectors.followed_ids(user, municipality)
        if "initial" not in kwargs:
            setting = selectors.setting_of(user, municipality)
            kwargs["initial"] = {
                **{name: sorted(ids) for name, ids in followed.items()},
                "frequency": setting.frequency,
                "kinds": list(setting.kinds),
            }
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        for name, choices in selectors.CHOICES.items():
            self.fields[name].queryset = choices(municipality)
            if not self.fields[name].queryset.exists():
                del self.fields[name]
        if "organisations" in self.fields:
            # a large municipality lists twenty thousand: the boxes are those followed,
            # those ticked and those the search found (selectors.organisations_offered)
            ticked = self.data.getlist("organisations") if self.is_bound else []
            self.fields["organisations"].queryset = selectors.organisations_offered(
                municipality, followed=followed["organisations"], ticked=ticked, search=search
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        present = set(self.fields)
        parts = [
            (_("What I follow"), list(selectors.FIELDS)),
            (_("How I hear of it"), ["frequency", "kinds"]),
        ]
        self.helper.layout = Layout(
            *(
                Fieldset(legend, *[n for n in names if n in present])
                for legend, names in parts
                if any(n in present for n in names)
            )
        )

    def clean(self):
        cleaned = super().clean()
        for name, problem in follow_problems(
            municipality=self.municipality, data=self.service_data()
        ).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, problem)
        return cleaned

    def service_data(self) -> dict:
        """The cleaned answers as ``services.follows.follows_save`` takes them: every list
        shown (none chosen: nothing followed of it), how often and what news."""
        data = self.cleaned_data
        found = {
            name: list(data.get(name) or []) for name in selectors.FIELDS if name in self.fields
        }
        for name in ("frequency", "kinds"):
            if name in data:
                found[name] = data[name]
        return found
